"""The support box's texts in each language, written by a fundraiser in the admin; a
language left empty shows the English text."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

SUPPORT_BOX = "/admin/donations/supportbox/1/change/"


@pytest.fixture
def fundraiser_client(fundraiser):
    client = Client()
    client.force_login(fundraiser)
    return client


def form(**texts):
    data = {
        "heading_en": "",
        "appeal_en": "Keep local reporting free for everyone.",
        "paypal_address": "",
        "patreon_url": "",
        "other_ways_en": "",
        "suggested_amounts": "10 25",
        "monthly_amounts": "5",
        "yearly_amounts": "",
        "default_frequency": "once",
        "minimum_amount": "1",
        "fee_rate": "2.9",
        "fee_fixed": "0.30",
        "thank_donors_days": "30",
    }
    for language in ("de", "ar"):
        for field in ("heading", "appeal", "other_ways"):
            data[f"{field}_{language}"] = ""
    data.update(texts)
    return data


def test_each_language_has_its_own_box_in_the_admin(fundraiser_client):
    page = fundraiser_client.get(SUPPORT_BOX)

    boxes = {
        t["name"]: t for t in tags(page, "textarea") if t.get("name", "").startswith("appeal")
    }
    assert set(boxes) == {"appeal_en", "appeal_de", "appeal_ar"}
    assert (boxes["appeal_ar"]["lang"], boxes["appeal_ar"]["dir"]) == ("ar", "rtl")
    assert (boxes["appeal_de"]["lang"], boxes["appeal_de"]["dir"]) == ("de", "ltr")


def test_readers_see_the_box_in_the_articles_language_else_in_english(fundraiser_client, client):
    english = ArticleFactory(slug="flood")
    german = ArticleFactory(slug="hochwasser", language="de")
    arabic = ArticleFactory(slug="flood-ar", language="ar")
    client.get(german.get_absolute_url())  # the box is cached now

    response = fundraiser_client.post(
        SUPPORT_BOX,
        form(
            heading_de="Unterstützen Sie uns",
            appeal_de="Halten Sie unabhängigen Lokaljournalismus frei für alle.",
        ),
    )

    assert response.status_code == 302
    german_page = page_text(client.get(german.get_absolute_url()))
    assert german_page.count("Halten Sie unabhängigen Lokaljournalismus frei für alle.") == 2
    assert "Unterstützen Sie uns" in german_page
    for article in (english, arabic):
        text = page_text(client.get(article.get_absolute_url()))
        assert text.count("Keep local reporting free for everyone.") == 2
        assert "Halten Sie" not in text


def test_the_english_appeal_stays_required(fundraiser_client):
    response = fundraiser_client.post(SUPPORT_BOX, form(appeal_en="", appeal_de="Bitte."))

    assert response.status_code == 200
    assert "This field is required." in page_text(response)
