"""Articles in several languages: versions of one story, which one a list shows, how an
editor links them."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import selectors
from articles.models import Article, Story
from articles.services import article_set_version_of
from tests.factories import ArticleFactory, CategoryFactory
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def story_of(*articles):
    story = Story.objects.create()
    for article in articles:
        article.story = story
        article.save()
    return story


def headlines(articles):
    return [a.headline for a in articles]


def head_alternates(response):
    """{hreflang: href} of the page's <link rel="alternate" hreflang> (the feeds have none)."""
    html = response.content.decode()
    head = html[: html.index("</head>")]
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))


def cards_of(response):
    """The article cards of a list page, each as its <article> tag's attributes and text."""
    html = response.content.decode()
    found = []
    for match in re.finditer(r'<article class="card[^"]*"([^>]*)>(.*?)</article>', html, re.S):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        attributes["text"] = match.group(2)
        found.append(attributes)
    return found


def card_headline(card):
    return re.search(r'class="card__headline"><a [^>]*>([^<]*)</a>', card["text"]).group(1)


@pytest.fixture
def flood_story():
    """An English report translated into German (no Arabic version)."""
    english = ArticleFactory(headline="Flood warning", language="en", published_at=hours_ago(5))
    german = ArticleFactory(headline="Hochwasserwarnung", language="de", published_at=hours_ago(4))
    story_of(english, german)
    return english, german


def test_an_article_is_written_in_the_default_language_unless_told():
    assert ArticleFactory().language == "en"
    assert Article._meta.get_field("language").choices == [
        ("en", "English"),
        ("de", "Deutsch"),
        ("ar", "العربية"),
    ]


@pytest.mark.usefixtures("flood_story")
def test_a_list_shows_each_story_once_in_the_readers_language_when_it_has_one():
    alone_in_english = ArticleFactory(headline="Bus cuts", published_at=hours_ago(3))
    alone_in_german = ArticleFactory(
        headline="Stadtrat tagt", language="de", published_at=hours_ago(2)
    )

    assert headlines(selectors.latest_articles(language="de")) == [
        "Stadtrat tagt",
        "Bus cuts",
        "Hochwasserwarnung",
    ]
    assert headlines(selectors.latest_articles(language="en")) == [
        "Stadtrat tagt",
        "Bus cuts",
        "Flood warning",
    ]
    # No Arabic version: the story as it was first published.
    assert headlines(selectors.latest_articles(language="ar")) == [
        "Stadtrat tagt",
        "Bus cuts",
        "Flood warning",
    ]
    assert alone_in_english.story is None and alone_in_german.story is None


def test_the_original_is_the_version_published_first_and_drafts_do_not_count():
    german = ArticleFactory(headline="Hafenfest", language="de", published_at=hours_ago(9))
    english = ArticleFactory(headline="Harbour festival", language="en", published_at=hours_ago(8))
    arabic_draft = ArticleFactory(headline="مهرجان الميناء", language="ar", draft=True)
    story_of(german, english, arabic_draft)

    assert headlines(selectors.latest_articles(language="ar")) == ["Hafenfest"]
    assert headlines(selectors.latest_articles(language="en")) == ["Harbour festival"]
    assert english.original_version() == german
    assert [v.language for v in english.versions()] == ["en", "de"]


def test_sections_tags_and_search_follow_the_same_rule(flood_story):
    english, german = flood_story
    category = CategoryFactory()
    Article.objects.filter(pk__in=[english.pk, german.pk]).update(category=category)

    assert headlines(selectors.category_articles(category, language="de")) == ["Hochwasserwarnung"]
    assert headlines(selectors.category_articles(category, language="en")) == ["Flood warning"]
    assert headlines(selectors.search_articles("Flood", language="de")) == []
    assert headlines(selectors.search_articles("Flood", language="en")) == ["Flood warning"]


def test_a_story_has_at_most_one_version_in_a_language(flood_story):
    english, _german = flood_story
    second_german = ArticleFactory(language="de")
    second_german.story = english.story
    with pytest.raises(IntegrityError), transaction.atomic():
        second_german.save()


def test_linking_starts_a_story_and_unlinking_the_last_translation_ends_it():
    english = ArticleFactory(language="en")
    arabic = ArticleFactory(language="ar")

    article_set_version_of(article=arabic, version_of=english)
    english.refresh_from_db()
    arabic.refresh_from_db()
    assert english.story == arabic.story is not None

    article_set_version_of(article=arabic, version_of=None)
    english.refresh_from_db()
    arabic.refresh_from_db()
    assert english.story is None and arabic.story is None
    assert not Story.objects.exists()


# --- The editors' desk ---------------------------------------------------------------------


def change_form(article, **overrides):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "category": article.category_id,
        "comments_open": "on",
        "language": article.language,
        "version_of": "",
        "lead_image_alt": "",
        "video_url": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "discussion_settings-TOTAL_FORMS": "0",
        "discussion_settings-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_an_editor_links_a_translation_and_sees_the_other_versions(editor_client):
    english = ArticleFactory(headline="Flood warning", language="en")
    german = ArticleFactory(headline="Hochwasserwarnung", language="de")
    url = f"/admin/articles/article/{german.pk}/change/"

    response = editor_client.post(url, change_form(german, version_of=english.pk))

    assert response.status_code == 302
    german.refresh_from_db()
    english.refresh_from_db()
    assert german.story == english.story is not None
    page = page_text(editor_client.get(f"/admin/articles/article/{english.pk}/change/"))
    assert "Other versions: Deutsch: Hochwasserwarnung (published)" in page


def test_a_second_version_in_one_language_is_refused_with_a_message(editor_client, flood_story):
    english, _german = flood_story
    another_german = ArticleFactory(headline="Noch eine Warnung", language="de")
    url = f"/admin/articles/article/{another_german.pk}/change/"

    response = editor_client.post(url, change_form(another_german, version_of=english.pk))

    assert response.status_code == 200
    assert "This story already has a version in Deutsch: “Hochwasserwarnung”." in page_text(
        response
    )
    another_german.refresh_from_db()
    assert another_german.story is None


def test_changing_a_versions_language_to_one_its_story_has_is_refused(editor_client, flood_story):
    english, german = flood_story
    url = f"/admin/articles/article/{german.pk}/change/"

    response = editor_client.post(url, change_form(german, language="en", version_of=english.pk))

    assert response.status_code == 200
    assert "This story already has a version in English" in page_text(response)
    german.refresh_from_db()
    assert german.language == "de"


# --- The pages -----------------------------------------------------------------------------


def test_an_article_lives_under_its_own_languages_prefix(client, flood_story):
    english, german = flood_story

    assert english.get_absolute_url() == f"/articles/{english.slug}/"
    assert german.get_absolute_url() == f"/de/articles/{german.slug}/"
    moved = client.get(f"/articles/{german.slug}/?sort=newest")
    assert moved.status_code == 301
    assert moved["Location"] == f"/de/articles/{german.slug}/?sort=newest"
    assert client.get(f"/ar/articles/{english.slug}/")["Location"] == english.get_absolute_url()
    page = client.get(german.get_absolute_url())
    assert page.status_code == 200
    assert '<html lang="de" dir="ltr">' in page.content.decode()


def test_a_browser_in_another_language_reads_an_article_where_it_is(client, flood_story):
    english, _german = flood_story

    response = client.get(english.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")

    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_an_article_names_its_other_languages_in_its_text_and_head(client, site_url):
    english = ArticleFactory(headline="Flood warning", published_at=hours_ago(5))
    german = ArticleFactory(headline="Hochwasserwarnung", language="de")
    arabic = ArticleFactory(headline="تحذير من الفيضان", slug="flood-ar", language="ar")
    story_of(english, german, arabic)

    response = client.get(german.get_absolute_url())

    also_in = [
        a for a in tags(response, "a") if a.get("hreflang") and "language=" not in a["href"]
    ]
    assert [(a["href"], a["hreflang"], a["lang"], a["dir"]) for a in also_in] == [
        ("/articles/flood-warning/", "en", "en", "ltr"),
        ("/ar/articles/flood-ar/", "ar", "ar", "rtl"),
    ]
    # Each language in its own name.
    assert "Also in: Deutsch, العربيّة" in page_text(client.get(english.get_absolute_url()))
    assert head_alternates(response) == {
        "en": f"{site_url}/articles/flood-warning/",
        "de": f"{site_url}/de/articles/hochwasserwarnung/",
        "ar": f"{site_url}/ar/articles/flood-ar/",
        "x-default": f"{site_url}/articles/flood-warning/",
    }


def test_the_language_switcher_leads_to_the_storys_versions(client, flood_story):
    english, _german = flood_story

    response = client.get(english.get_absolute_url())

    switcher = {a["hreflang"]: a["href"] for a in tags(response, "a") if "language=" in a["href"]}
    assert switcher == {
        "en": "/articles/flood-warning/?language=en",
        "de": "/de/articles/hochwasserwarnung/?language=de",
        "ar": "/ar/?language=ar",  # no Arabic version: the Arabic home page
    }


def test_an_article_alone_declares_no_alternates(client):
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    assert head_alternates(response) == {}
    assert "Also in" not in page_text(response)


def test_a_card_in_another_language_says_so(client, flood_story):
    ArticleFactory(headline="Bus cuts", published_at=hours_ago(1))
    ArticleFactory(headline="تحذير", slug="warning-ar", language="ar", published_at=hours_ago(2))

    cards = {
        card_headline(card): (card.get("lang"), card.get("dir"))
        for card in cards_of(client.get("/de/"))
    }

    assert cards == {
        "Bus cuts": ("en", "ltr"),
        "تحذير": ("ar", "rtl"),
        "Hochwasserwarnung": (None, None),
    }
