from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory, ContributorFactory, image_upload

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_QUERY_LIMIT = 3


@pytest.fixture
def sections():
    now = timezone.now()
    climate = CategoryFactory(name="Climate", description="Our planet, reported.")
    sport = CategoryFactory(name="Sport", description="")
    ArticleFactory(
        headline="Rates & <taxes> rise",
        standfirst="Bills go up.",
        category=climate,
        published_at=now - timedelta(hours=2),
        authors=[ContributorFactory(name="Ana Lima"), ContributorFactory(name="Bo Chen")],
    )
    ArticleFactory(
        headline="Glacier retreats", category=climate, published_at=now - timedelta(hours=1)
    )
    ArticleFactory(
        headline="Cup final tonight", category=sport, published_at=now - timedelta(hours=3)
    )
    ArticleFactory(headline="Draft in climate", category=climate, draft=True)
    return climate, sport


def get_xml(get_page, url, content_type):
    response = get_page(url, max_queries=FEED_QUERY_LIMIT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ElementTree.fromstring(response.content)


def test_the_site_rss_feed_lists_the_latest_articles_newest_first(get_page, sections, site_url):
    rss = get_xml(get_page, "/feeds/rss/", "application/rss+xml")

    channel = rss.find("channel")
    assert channel.findtext("title") == "Newsroom: latest articles"
    assert [item.findtext("title") for item in channel.iter("item")] == [
        "Glacier retreats",
        "Rates & <taxes> rise",
        "Cup final tonight",
    ]
    taxes = channel.findall("item")[1]
    assert taxes.findtext("link") == f"{site_url}/articles/rates-taxes-rise/"
    assert taxes.findtext("description") == "Bills go up."
    assert taxes.findtext("category") == "Climate"
    assert taxes.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ana Lima, Bo Chen"


def test_the_site_atom_feed_lists_the_latest_articles(get_page, sections, site_url):
    atom = get_xml(get_page, "/feeds/atom/", "application/atom+xml")

    assert atom.tag == f"{ATOM}feed"
    assert atom.findtext(f"{ATOM}title") == "Newsroom: latest articles"
    entries = atom.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Glacier retreats",
        "Rates & <taxes> rise",
        "Cup final tonight",
    ]
    assert entries[1].find(f"{ATOM}link").get("href") == (f"{site_url}/articles/rates-taxes-rise/")
    # Co-authors are authors of their own, each with their page.
    authors = entries[1].findall(f"{ATOM}author")
    assert [a.findtext(f"{ATOM}name") for a in authors] == ["Ana Lima", "Bo Chen"]
    assert authors[0].findtext(f"{ATOM}uri") == f"{site_url}/contributors/ana-lima/"
    assert authors[1].findtext(f"{ATOM}uri") == f"{site_url}/contributors/bo-chen/"


def test_a_category_rss_feed_lists_only_that_section(get_page, sections, site_url):
    climate, _ = sections

    channel = get_xml(get_page, "/category/climate/rss/", "application/rss+xml").find("channel")

    assert channel.findtext("title") == "Newsroom: Climate"
    assert channel.findtext("description") == "Our planet, reported."
    assert channel.findtext("link") == f"{site_url}{climate.get_absolute_url()}"
    assert [item.findtext("title") for item in channel.iter("item")] == [
        "Glacier retreats",
        "Rates & <taxes> rise",
    ]


def test_a_category_atom_feed_lists_only_that_section(get_page, sections):
    atom = get_xml(get_page, "/category/sport/atom/", "application/atom+xml")

    assert atom.findtext(f"{ATOM}title") == "Newsroom: Sport"
    assert atom.findtext(f"{ATOM}subtitle") == "The latest from Sport."
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == [
        "Cup final tonight"
    ]


def test_feeds_hold_the_twenty_newest_articles(get_page):
    now = timezone.now()
    for n in range(22):
        ArticleFactory(headline=f"Story {n:02d}", published_at=now - timedelta(hours=n + 1))

    channel = get_xml(get_page, "/feeds/rss/", "application/rss+xml").find("channel")

    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles == [f"Story {n:02d}" for n in range(20)]


def test_an_empty_feed_is_still_valid(get_page):
    channel = get_xml(get_page, "/feeds/rss/", "application/rss+xml").find("channel")

    assert channel.findall("item") == []


def test_a_lead_image_travels_with_its_item(get_page, site_url):
    article = ArticleFactory(
        headline="Glacier retreats", lead_image=image_upload(size=(2000, 1000))
    )
    ArticleFactory(headline="No picture", published_at=article.published_at - timedelta(hours=1))
    rendition = next(r for r in article.renditions if r["width"] == 1200)
    url = f"{site_url}/media/{rendition['name']}"

    rss = get_xml(get_page, "/feeds/rss/", "application/rss+xml")
    atom = get_xml(get_page, "/feeds/atom/", "application/atom+xml")

    pictured, plain = rss.find("channel").findall("item")
    enclosure = pictured.find("enclosure")
    assert enclosure.attrib == {
        "url": url,
        "length": str(rendition["bytes"]),
        "type": "image/webp",
    }
    assert rendition["bytes"] > 0
    assert plain.find("enclosure") is None
    pictured, plain = atom.findall(f"{ATOM}entry")
    [link] = [link for link in pictured.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert (link.get("href"), link.get("type")) == (url, "image/webp")
    assert all(link.get("rel") != "enclosure" for link in plain.findall(f"{ATOM}link"))


# --- A feed per language -------------------------------------------------------------------


@pytest.fixture
def two_languages():
    now = timezone.now()
    climate = CategoryFactory(name="Climate", slug="climate")
    ArticleFactory(
        headline="Flood warning", category=climate, published_at=now - timedelta(hours=2)
    )
    ArticleFactory(
        headline="Hochwasserwarnung",
        language="de",
        category=climate,
        published_at=now - timedelta(hours=1),
    )
    ArticleFactory(headline="Stadtrat tagt", language="de", published_at=now)
    ArticleFactory(headline="تحذير من الفيضان", slug="flood-ar", language="ar", category=climate)
    return climate


@pytest.mark.usefixtures("two_languages")
def test_each_language_has_its_site_feed_with_its_own_articles(get_page, site_url):
    english = get_xml(get_page, "/feeds/rss/", "application/rss+xml").find("channel")
    german = get_xml(get_page, "/de/feeds/rss/", "application/rss+xml").find("channel")

    assert english.findtext("language") == "en"
    assert [item.findtext("title") for item in english.iter("item")] == ["Flood warning"]
    assert german.findtext("language") == "de"
    assert german.findtext("link") == f"{site_url}/de/"
    assert [item.findtext("title") for item in german.iter("item")] == [
        "Stadtrat tagt",
        "Hochwasserwarnung",
    ]
    assert german.find("item").findtext("link") == f"{site_url}/de/articles/stadtrat-tagt/"

    atom = get_xml(get_page, "/ar/feeds/atom/", "application/atom+xml")
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == [
        "تحذير من الفيضان"
    ]


@pytest.mark.usefixtures("two_languages")
def test_a_section_feed_lists_that_languages_articles_of_the_section(get_page):
    german = get_xml(get_page, "/de/category/climate/rss/", "application/rss+xml")

    channel = german.find("channel")
    assert channel.findtext("language") == "de"
    assert [item.findtext("title") for item in channel.iter("item")] == ["Hochwasserwarnung"]
