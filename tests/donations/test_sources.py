"""Gifts traced to the stories that earned them, and the fundraisers' report."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from donations.models import Donation
from tests.factories import ArticleFactory, CampaignFactory, CategoryFactory, DonationFactory
from tests.utils import tags

pytestmark = pytest.mark.django_db

DONATE_URL = "/donations/"
REPORT = "/admin/donations/donation/report/"


@pytest.fixture
def story():
    return ArticleFactory(
        headline="The quay wall <is> failing", category=CategoryFactory(name="Harbour")
    )


def hidden(response, name):
    [field] = [i for i in tags(response, "input") if i.get("name") == name]
    return field.get("value", "")


def give(client, **fields):
    data = {"preset": "25", "custom_amount": "", "frequency": "once", "currency": "USD"}
    return client.post(DONATE_URL, {**data, **fields})


def test_a_gift_records_the_story_its_donor_came_from(client, stripe_api, story):
    CampaignFactory()
    page = client.get(
        f"{DONATE_URL}?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
        HTTP_REFERER=f"http://testserver{story.get_absolute_url()}?sort=newest",
    )
    assert hidden(page, "source") == story.get_absolute_url()

    response = give(
        client,
        source=hidden(page, "source"),
        utm_source=hidden(page, "utm_source"),
        utm_medium=hidden(page, "utm_medium"),
        utm_campaign=hidden(page, "utm_campaign"),
    )

    assert response.status_code == 303
    gift = Donation.objects.get()
    assert (gift.source_path, gift.source_title, gift.source_section) == (
        story.get_absolute_url(),
        "The quay wall <is> failing",
        "Harbour",
    )
    assert (gift.utm_source, gift.utm_medium, gift.utm_campaign) == (
        "newsletter",
        "email",
        "spring",
    )


@pytest.mark.parametrize(
    "referer",
    [
        "https://elsewhere.example.org/articles/x/",
        "http://testserver.evil.example/articles/x/",
        "javascript:alert(1)",
        "not a url",
    ],
)
def test_another_sites_page_is_not_recorded(client, stripe_keys, referer):
    page = client.get(DONATE_URL, HTTP_REFERER=referer)

    assert hidden(page, "source") == ""


@pytest.mark.parametrize(
    "source", ["//evil.example/x", "https://evil.example/", "/a b", "/" + "x" * 400, "\\\\x"]
)
def test_a_forged_source_is_dropped_and_the_gift_still_taken(client, stripe_api, source):
    response = give(client, source=source, utm_source="x" * 500)

    assert response.status_code == 303
    gift = Donation.objects.get()
    assert gift.source_path == ""
    assert len(gift.utm_source) == 100


def test_moving_between_frequencies_keeps_the_source(client, stripe_keys, story):
    page = client.get(DONATE_URL, HTTP_REFERER=f"http://testserver{story.get_absolute_url()}")
    [monthly] = [a["href"] for a in tags(page, "a") if "frequency=monthly" in a.get("href", "")]

    again = client.get(f"{DONATE_URL}{monthly}", HTTP_REFERER=f"http://testserver{DONATE_URL}")

    assert hidden(again, "source") == story.get_absolute_url()


def test_the_report_lists_gifts_by_story_and_section(fundraiser, client, story):
    client.force_login(fundraiser)
    path = story.get_absolute_url()
    for amount in ("10", "15"):
        DonationFactory(
            amount=Decimal(amount),
            source_path=path,
            source_title=story.headline,
            source_section="Harbour",
        )
    DonationFactory(amount=Decimal("99"), source_path=path, status=Donation.Status.PENDING)
    DonationFactory(amount=Decimal("7"))

    response = client.get(REPORT)

    assert response.status_code == 200
    rows = [
        [" ".join(cell.split()) for cell in row]
        for row in re.findall(
            r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>",
            response.content.decode(),
        )
    ]
    assert [
        f"The quay wall &lt;is&gt; failing <small>{path}</small>",  # escaped
        "Harbour",
        "2",
        "25 $",
    ] in rows
    assert ["(unknown: no page of ours)", "", "1", "7 $"] in rows  # spaces made plain
    assert "99\xa0$" not in response.content.decode()

    today = timezone.localdate().isoformat()
    exported = client.get(REPORT, {"start": today, "end": today, "format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == ["page", "title", "section", "currency", "gifts", "amount"]
    assert [path, story.headline, "Harbour", "USD", "2", "25.00"] in rows


def test_the_report_is_for_fundraisers_only(client, editor):
    client.force_login(editor)

    assert client.get(REPORT).status_code in {302, 403}
