"""The sitemaps, read as a crawler reads them: parsed with lxml and checked against the
sitemaps protocol's schema and Google's image and news extensions (tests/articles/schemas)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from articles.services import article_set_version_of
from articles.sitemaps import ArticleSitemap
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ContributorFactory,
    TagFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(Path(__file__).with_name("schemas") / "sitemap.xsd"))
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
SECTIONS = ["home", "sections", "tags", "contributors", "articles", "news"]
WITH_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


def valid_xml(get_page, url, max_queries=3):
    response = get_page(url, max_queries=max_queries)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    return document


def index(get_page):
    # A count for each sitemap, and the latest change of the articles and of the news.
    document = valid_xml(get_page, "/sitemap.xml", max_queries=2 * len(SECTIONS))
    assert document.tag == etree.QName(NS["s"], "sitemapindex").text
    return {
        entry.findtext("s:loc", namespaces=NS): entry.findtext("s:lastmod", namespaces=NS)
        for entry in document.findall("s:sitemap", NS)
    }


def entries(get_page, url, max_queries=3):
    document = valid_xml(get_page, url, max_queries=max_queries)
    assert document.tag == etree.QName(NS["s"], "urlset").text
    return {
        entry.findtext("s:loc", namespaces=NS): entry for entry in document.findall("s:url", NS)
    }


@pytest.fixture
def newsroom():
    climate = CategoryFactory(name="Climate")
    ice = TagFactory(name="Ice")
    lonely = TagFactory(name="Lonely")
    ana = ContributorFactory(name="Ana Lima")
    ghost = ContributorFactory(name="Ghost Writer")
    published = ArticleFactory(
        headline="Glacier retreats",
        category=climate,
        tags=[ice],
        authors=[ana],
        lead_image=image_upload(size=(900, 600)),
    )
    old = ArticleFactory(
        headline="Last winter's snow",
        category=climate,
        published_at=timezone.now() - timedelta(days=5),
    )
    draft = ArticleFactory(
        headline="Unfinished draft", category=climate, draft=True, tags=[lonely], authors=[ghost]
    )
    scheduled = ArticleFactory(headline="Embargoed story", category=climate, scheduled=True)
    return {
        "published": published,
        "old": old,
        "draft": draft,
        "scheduled": scheduled,
        "climate": climate,
        "ice": ice,
        "lonely": lonely,
        "ana": ana,
        "ghost": ghost,
    }


def test_the_index_names_every_sitemap_with_its_last_change_to_the_second(
    get_page, newsroom, site_url
):
    sitemaps = index(get_page)

    assert list(sitemaps) == [f"{site_url}/sitemap-{section}.xml" for section in SECTIONS]
    articles = sitemaps[f"{site_url}/sitemap-articles.xml"]
    assert WITH_TIME.match(articles), articles
    latest = max(newsroom[a].updated_at for a in ("published", "old")).replace(microsecond=0)
    assert articles == latest.isoformat()


def in_every_language(site, *paths):
    """The addresses of these (English) pages in English, German and Arabic."""
    return {f"{site}{prefix}{path}" for path in paths for prefix in ("", "/de", "/ar")}


def test_every_sitemap_is_valid_and_lists_public_pages_only(get_page, newsroom, site_url):
    listed = {section: set(entries(get_page, f"/sitemap-{section}.xml")) for section in SECTIONS}

    site = site_url
    assert listed["home"] == in_every_language(site, "/")
    assert listed["sections"] == in_every_language(site, "/category/climate/")
    # Tags and contributors with a published article; a draft's alone are not worth a visit.
    assert listed["tags"] == in_every_language(site, "/tag/ice/")
    assert listed["contributors"] == in_every_language(site, "/contributors/ana-lima/")
    # An article once, at its own language's address (its translations are alternates).
    assert listed["articles"] == {
        f"{site}{newsroom['published'].get_absolute_url()}",
        f"{site}{newsroom['old'].get_absolute_url()}",
    }
    # Google News lists an article once, in the language it is written in.
    assert listed["news"] == {f"{site}{newsroom['published'].get_absolute_url()}"}


def test_each_page_names_its_versions_in_every_language(get_page, newsroom, site_url):
    listed = entries(get_page, "/sitemap-sections.xml")

    for location in in_every_language(site_url, "/category/climate/"):
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in listed[location].findall("xhtml:link", NS)
        }
        assert alternates == {
            "en": f"{site_url}/category/climate/",
            "de": f"{site_url}/de/category/climate/",
            "ar": f"{site_url}/ar/category/climate/",
            "x-default": f"{site_url}/category/climate/",
        }


def test_articles_carry_their_last_change_with_its_time_and_their_lead_image(
    get_page, newsroom, site_url
):
    listed = entries(get_page, "/sitemap-articles.xml")

    article = newsroom["published"]
    entry = listed[f"{site_url}{article.get_absolute_url()}"]
    lastmod = entry.findtext("s:lastmod", namespaces=NS)
    assert lastmod == article.updated_at.replace(microsecond=0).isoformat()
    assert WITH_TIME.match(lastmod)
    images = [
        image.findtext("image:loc", namespaces=NS) for image in entry.findall("image:image", NS)
    ]
    assert images == [f"{site_url}/media/{article.renditions[-1]['name']}"]
    # An article without a lead image has no image entry.
    old = listed[f"{site_url}{newsroom['old'].get_absolute_url()}"]
    assert old.findall("image:image", NS) == []


def test_the_news_sitemap_names_the_publication_language_date_and_title(
    get_page, newsroom, settings
):
    settings.SITE_NAME = "Harbour Herald"
    [entry] = entries(get_page, "/sitemap-news.xml").values()

    news = entry.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Harbour Herald"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    published = newsroom["published"].published_at.replace(microsecond=0)
    assert news.findtext("news:publication_date", namespaces=NS) == published.isoformat()
    assert news.findtext("news:title", namespaces=NS) == "Glacier retreats"


def test_an_archive_past_one_sitemap_page_is_listed_page_by_page(get_page, monkeypatch, site_url):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = ArticleFactory.create_batch(5)

    sitemaps = index(get_page)

    pages = [loc for loc in sitemaps if "sitemap-articles.xml" in loc]
    assert pages == [
        f"{site_url}/sitemap-articles.xml",
        f"{site_url}/sitemap-articles.xml?p=2",
        f"{site_url}/sitemap-articles.xml?p=3",
    ]
    listed = set()
    for page in pages:
        listed |= set(entries(get_page, page.removeprefix(site_url)))
    assert listed == {f"{site_url}{a.get_absolute_url()}" for a in articles}


def test_a_page_past_the_last_answers_404(client):
    ArticleFactory()
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_names_every_sitemap(client, site_url):
    lines = client.get("/robots.txt").content.decode().splitlines()

    named = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap: ")]
    assert named == [f"{site_url}/sitemap.xml"] + [
        f"{site_url}/sitemap-{section}.xml" for section in SECTIONS
    ]


# --- Articles in several languages ---------------------------------------------------------


def alternates(entry):
    return {
        link.get("hreflang"): link.get("href")
        for link in entry.findall("xhtml:link", {"xhtml": "http://www.w3.org/1999/xhtml"})
        if link.get("rel") == "alternate"
    }


def test_each_version_of_a_story_is_listed_with_all_of_them_as_alternates(get_page, site_url):
    english = ArticleFactory(
        headline="Flood warning", published_at=timezone.now() - timedelta(hours=3)
    )
    german = ArticleFactory(headline="Hochwasserwarnung", language="de")
    arabic = ArticleFactory(headline="تحذير من الفيضان", slug="flood-warning-ar", language="ar")
    draft = ArticleFactory(headline="Avertissement", language="en", draft=True)
    alone = ArticleFactory(headline="Bus cuts")
    article_set_version_of(article=german, version_of=english)
    article_set_version_of(article=arabic, version_of=english)

    listed = entries(get_page, "/sitemap-articles.xml", max_queries=4)

    expected = {
        "en": f"{site_url}/articles/flood-warning/",
        "de": f"{site_url}/de/articles/hochwasserwarnung/",
        "ar": f"{site_url}/ar/articles/flood-warning-ar/",
        "x-default": f"{site_url}/articles/flood-warning/",
    }
    assert set(listed) == {
        expected["en"],
        expected["de"],
        expected["ar"],
        f"{site_url}/articles/bus-cuts/",
    }
    for language in ("en", "de", "ar"):
        assert alternates(listed[expected[language]]) == expected
    assert alternates(listed[f"{site_url}/articles/bus-cuts/"]) == {}
    assert draft.story is None and alone.story is None


def test_the_news_sitemap_gives_each_article_its_own_language(get_page, site_url):
    ArticleFactory(headline="Hochwasserwarnung", language="de")
    ArticleFactory(headline="تحذير من الفيضان", slug="flood-ar", language="ar")

    listed = entries(get_page, "/sitemap-news.xml")

    languages = {
        loc.removeprefix(site_url): entry.findtext(
            "news:news/news:publication/news:language", namespaces=NS
        )
        for loc, entry in listed.items()
    }
    assert languages == {"/de/articles/hochwasserwarnung/": "de", "/ar/articles/flood-ar/": "ar"}
