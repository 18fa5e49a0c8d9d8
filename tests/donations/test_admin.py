"""The fundraisers' desk: campaigns, donations, donors' emails, the support box."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from donations import selectors
from donations.models import Donation, SupportBox
from tests.factories import ArticleFactory, CampaignFactory, DonationFactory
from tests.utils import ADMIN_QUERY_LIMIT, page_text, tags

from .conftest import bar_says

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/admin/donations/campaign/"
DONATIONS = "/admin/donations/donation/"
SUPPORT_BOX = "/admin/donations/supportbox/"


@pytest.fixture
def fundraiser_client(client, fundraiser):
    client.force_login(fundraiser)
    return client


@pytest.fixture
def accountant(db):
    """Staff outside the Fundraisers group who were given read access to donations."""
    user = User.objects.create_user("accountant", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_donation", "view_campaign"])
    )
    return user


@pytest.fixture
def gifts():
    campaign = CampaignFactory(title="Spring drive", goal=Decimal("5000"))
    DonationFactory(
        campaign=campaign,
        amount=Decimal("800"),
        donor_name="Maren Oduya",
        name_public=True,
        email="maren@example.org",
    )
    DonationFactory(campaign=campaign, amount=Decimal("22"), email="quiet@example.org")
    DonationFactory(
        campaign=campaign,
        amount=Decimal("100"),
        status=Donation.Status.REFUNDED,
        provider=Donation.Provider.STRIPE,
        provider_reference="cs_test_refunded",
        email="refund@example.org",
    )
    return campaign


def test_the_fundraisers_group_has_exactly_what_it_needs():
    group = Group.objects.get(name="Fundraisers")
    codenames = set(
        group.permissions.filter(content_type__app_label="donations").values_list(
            "codename", flat=True
        )
    )

    assert codenames == {
        "add_campaign",
        "change_campaign",
        "delete_campaign",
        "view_campaign",
        "add_donation",
        "change_donation",
        "delete_donation",
        "view_donation",
        "view_donor_email",
        "change_supportbox",
        "view_supportbox",
        "change_organisation",
        "view_organisation",
    }


def test_editors_and_moderators_see_no_donations(client, editor, moderator):
    for user in [editor, moderator]:
        client.force_login(user)
        assert client.get(DONATIONS).status_code == 403
        assert client.get(CAMPAIGNS).status_code == 403


# --- Campaigns ---------------------------------------------------------------------------------


def column(response, name):
    """The text of each row's cell in a changelist column, in order."""
    cells = re.findall(
        rf'<t[dh] class="field-{name}[^"]*"[^>]*>(.*?)</t[dh]>', response.content.decode(), re.S
    )
    return [" ".join(strip_tags(cell).split()) for cell in cells]


def test_campaigns_list_their_progress(get_page, fundraiser_client, gifts):
    CampaignFactory(title="Autumn drive", active=False, goal=Decimal("2000"))

    response = get_page(CAMPAIGNS, using_client=fundraiser_client, max_queries=ADMIN_QUERY_LIMIT)

    rows = dict(
        zip(
            column(response, "title"),
            zip(
                column(response, "goal_display"),
                column(response, "raised_display"),
                column(response, "percent_display"),
                column(response, "donors_display"),
                strict=True,
            ),
            strict=True,
        )
    )
    assert rows == {
        "Spring drive": ("5,000 $", "822 $", "16%", "2"),
        "Autumn drive": ("2,000 $", "0 $", "0%", "0"),
    }


def test_the_campaign_list_costs_the_same_however_many_campaigns(fundraiser_client, gifts):
    with CaptureQueriesContext(connection) as one:
        fundraiser_client.get(CAMPAIGNS)
    for _ in range(5):
        campaign = CampaignFactory(active=False)
        DonationFactory.create_batch(3, campaign=campaign)
    with CaptureQueriesContext(connection) as six:
        fundraiser_client.get(CAMPAIGNS)

    assert len(six) == len(one)


def test_editing_a_campaign_changes_the_bar_at_once(fundraiser_client, client, gifts):
    assert bar_says(client.get("/")) == "822 $ raised of 5,000 $ (16%)"
    form = {
        "title": "Spring drive",
        "goal": "1000",
        "currency": "USD",
        "start_date": gifts.start_date.isoformat(),
        "end_date": gifts.end_date.isoformat(),
        "active": "on",
    }

    response = fundraiser_client.post(f"{CAMPAIGNS}{gifts.pk}/change/", form)

    assert response.status_code == 302
    assert bar_says(client.get("/")) == "822 $ raised of 1,000 $ (82%)"


def test_stopping_a_campaign_removes_the_bar_at_once(fundraiser_client, client, gifts):
    client.get("/")

    fundraiser_client.post(
        f"{CAMPAIGNS}{gifts.pk}/change/",
        {
            "title": "Spring drive",
            "goal": "5000",
            "currency": "USD",
            "start_date": gifts.start_date.isoformat(),
            "end_date": gifts.end_date.isoformat(),
        },
    )

    assert bar_says(client.get("/")) == ""


# --- Donations: offline gifts by hand ------------------------------------------------------


def offline_gift(campaign, **changes):
    now = timezone.localtime()
    return {
        "campaign": campaign.pk,
        "amount": "150",
        "currency": "USD",
        "status": Donation.Status.CONFIRMED,
        "created_0": now.date().isoformat(),
        "created_1": now.strftime("%H:%M:%S"),
        "provider": Donation.Provider.BANK,
        "frequency": "once",
        "fee": "0",
        "provider_reference": "TRANSFER-2026-001",
        "donor_name": "Harbour Book Club",
        "name_public": "on",
        "email": "club@example.org",
        "message": "From our bake sale.",
        **changes,
    }


def test_a_fundraiser_records_a_bank_transfer_and_the_bar_moves_at_once(
    fundraiser_client, client, gifts
):
    assert bar_says(client.get("/")).startswith("822 $")

    response = fundraiser_client.post(f"{DONATIONS}add/", offline_gift(gifts))

    assert response.status_code == 302
    donation = Donation.objects.get(provider_reference="TRANSFER-2026-001")
    assert donation.amount == Decimal("150")
    assert donation.email == "club@example.org"
    assert bar_says(client.get("/")) == "972 $ raised of 5,000 $ (19%)"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"amount": "0"}, "Ensure this value is greater than or equal to 0.01."),
        ({"amount": "-10"}, "Ensure this value is greater than or equal to 0.01."),
        ({"amount": "ten"}, "Enter a number."),
        ({"currency": "EUR"}, "“Spring drive” counts gifts in USD."),
        ({"currency": "XYZ"}, "Select a valid choice."),
    ],
)
def test_a_wrong_offline_gift_is_refused_with_a_reason(fundraiser_client, gifts, changes, error):
    response = fundraiser_client.post(f"{DONATIONS}add/", offline_gift(gifts, **changes))

    assert response.status_code == 200
    assert error in page_text(response)
    assert not Donation.objects.filter(provider_reference="TRANSFER-2026-001").exists()


def test_a_reference_is_used_once_for_each_provider(fundraiser_client, gifts):
    fundraiser_client.post(f"{DONATIONS}add/", offline_gift(gifts))

    again = fundraiser_client.post(f"{DONATIONS}add/", offline_gift(gifts))

    assert again.status_code == 200
    assert Donation.objects.filter(provider_reference="TRANSFER-2026-001").count() == 1


def test_deleting_a_gift_lowers_the_bar_at_once(fundraiser_client, client, gifts):
    client.get("/")
    small = Donation.objects.get(amount=Decimal("22"))

    response = fundraiser_client.post(f"{DONATIONS}{small.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert bar_says(client.get("/")).startswith("800 $")


def test_what_stripe_reported_cannot_be_rewritten_or_deleted(fundraiser_client, gifts):
    stripe_gift = Donation.objects.get(provider=Donation.Provider.STRIPE)

    page = fundraiser_client.get(f"{DONATIONS}{stripe_gift.pk}/change/")
    inputs = {i.get("name") for i in tags(page, "input")}
    assert "amount" not in inputs
    assert "provider_reference" not in inputs
    assert "cs_test_refunded" in page_text(page)
    assert fundraiser_client.get(f"{DONATIONS}{stripe_gift.pk}/delete/").status_code == 403
    response = fundraiser_client.post(
        DONATIONS,
        {"action": "delete_selected", "_selected_action": [stripe_gift.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Donation.objects.filter(pk=stripe_gift.pk).exists()


# --- Filters, search, export ---------------------------------------------------------------


def test_donations_filter_by_status_provider_and_campaign(get_page, fundraiser_client, gifts):
    other = CampaignFactory(title="Autumn drive", active=False)
    DonationFactory(campaign=other, amount=Decimal("7"))

    def shown(query):
        response = get_page(
            f"{DONATIONS}?{query}", using_client=fundraiser_client, max_queries=ADMIN_QUERY_LIMIT
        )
        assert response.status_code == 200
        ids = re.findall(rf'href="{DONATIONS}(\d+)/change/', response.content.decode())
        return set(Donation.objects.filter(pk__in=ids).values_list("amount", flat=True))

    assert shown("status__exact=refunded") == {Decimal("100")}
    assert shown("provider__exact=stripe") == {Decimal("100")}
    assert shown(f"campaign__id__exact={other.pk}") == {Decimal("7")}
    assert shown(f"campaign__id__exact={gifts.pk}&status__exact=confirmed") == {
        Decimal("800"),
        Decimal("22"),
    }
    today = timezone.localdate()
    assert Decimal("7") in shown(f"created__year={today.year}&created__month={today.month}")


def test_fundraisers_and_superusers_see_and_search_donor_emails(
    client, fundraiser, admin_user, gifts
):
    for user in [fundraiser, admin_user]:
        client.force_login(user)

        listing = client.get(DONATIONS)
        search = client.get(DONATIONS, {"q": "maren@example.org"})
        change = client.get(f"{DONATIONS}{Donation.objects.get(amount=800).pk}/change/")

        assert "maren@example.org" in page_text(listing)
        assert "Maren Oduya" in page_text(search)
        assert "1 result" in page_text(search)
        assert "maren@example.org" in change.content.decode()


def test_other_staff_never_see_donor_emails(client, accountant, gifts):
    client.force_login(accountant)
    gift = Donation.objects.get(amount=800)

    listing = client.get(DONATIONS)
    search = client.get(DONATIONS, {"q": "maren@example.org"})
    change = client.get(f"{DONATIONS}{gift.pk}/change/")
    export = client.post(DONATIONS, {"action": "export_csv", "_selected_action": [gift.pk]})

    assert listing.status_code == change.status_code == export.status_code == 200
    assert "Maren Oduya" in page_text(listing)
    for response in [listing, change, export]:
        assert "@example.org" not in response.content.decode()
    # Searching by an address finds nothing: the address is not searched for them.
    assert "0 results" in page_text(search)


def test_the_csv_export_has_the_selected_donations_and_defuses_formulas(fundraiser_client, gifts):
    DonationFactory(
        campaign=gifts,
        amount=Decimal("5"),
        donor_name='=HYPERLINK("http://evil.example")',
        name_public=True,
        message="+1 for the harbour series",
    )
    selected = Donation.objects.exclude(status=Donation.Status.REFUNDED)

    response = fundraiser_client.post(
        DONATIONS, {"action": "export_csv", "_selected_action": [d.pk for d in selected]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["amount"] for row in rows) == ["22.00", "5.00", "800.00"]
    assert {row["campaign"] for row in rows} == {"Spring drive"}
    assert {row["email"] for row in rows} >= {"maren@example.org"}
    evil = next(row for row in rows if row["amount"] == "5.00")
    assert evil["donor name"] == '\'=HYPERLINK("http://evil.example")'
    assert evil["message"] == "'+1 for the harbour series"


# --- The support box -----------------------------------------------------------------------


def test_the_support_box_opens_from_the_list_and_cannot_be_added_or_deleted(fundraiser_client):
    response = fundraiser_client.get(SUPPORT_BOX)

    assert response.status_code == 302
    assert response["Location"] == f"{SUPPORT_BOX}1/change/"
    assert fundraiser_client.get(f"{SUPPORT_BOX}add/").status_code == 403
    assert fundraiser_client.get(f"{SUPPORT_BOX}1/delete/").status_code == 403


def test_a_fundraiser_edits_the_support_box_and_articles_show_it_at_once(
    fundraiser_client, client
):
    article = ArticleFactory()
    client.get(article.get_absolute_url())  # the box is cached now

    response = fundraiser_client.post(
        f"{SUPPORT_BOX}1/change/",
        {
            "heading_en": "",
            "appeal_en": "Every reader who gives keeps this free for all.",
            "paypal_address": "give@harbour.example.org",
            "patreon_url": "https://www.patreon.com/harbour",
            "other_ways_en": "",
            "suggested_amounts": "5 15 30",
            "monthly_amounts": "5 10",
            "yearly_amounts": "",
            "default_frequency": "monthly",
            "minimum_amount": "2",
            "fee_rate": "2.9",
            "fee_fixed": "0.30",
            "thank_donors_days": "14",
        },
    )

    assert response.status_code == 302
    assert SupportBox.objects.get().thank_donors_days == 14
    text = page_text(client.get(article.get_absolute_url()))
    assert text.count("Every reader who gives keeps this free for all.") == 2
    assert "PayPal: give@harbour.example.org" in text
    assert SupportBox.objects.get().amounts() == [Decimal(5), Decimal(15), Decimal(30)]
    assert selectors.support_box().paypal_address == "give@harbour.example.org"


def test_a_patreon_link_must_be_a_web_address(fundraiser_client):
    response = fundraiser_client.post(
        f"{SUPPORT_BOX}1/change/",
        {
            "heading_en": "",
            "appeal_en": "Please give.",
            "paypal_address": "",
            "patreon_url": "javascript:alert(1)",
            "other_ways_en": "",
            "suggested_amounts": "5",
        },
    )

    assert response.status_code == 200
    assert "Enter a valid URL." in page_text(response)
    assert SupportBox.objects.get().patreon_url == ""
