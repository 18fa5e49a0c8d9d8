from xml.etree import ElementTree

import pytest

from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(get_page):
    response = get_page("/sitemap.xml", max_queries=4)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def test_the_sitemap_lists_home_sections_and_published_articles_only(get_page, site_url):
    climate = CategoryFactory(name="Climate")
    published = ArticleFactory(headline="Glacier retreats", category=climate)
    ArticleFactory(headline="Unfinished draft", category=climate, draft=True)
    ArticleFactory(headline="Embargoed story", category=climate, scheduled=True)

    locations = sitemap_locations(get_page)

    assert locations == [
        f"{site_url}/",
        f"{site_url}/category/climate/",
        f"{site_url}{published.get_absolute_url()}",
    ]


def test_articles_in_the_sitemap_carry_their_last_change(get_page):
    article = ArticleFactory()

    response = get_page("/sitemap.xml", max_queries=4)

    root = ElementTree.fromstring(response.content)
    entry = next(
        url
        for url in root.findall(f"{SITEMAP}url")
        if article.slug in url.findtext(f"{SITEMAP}loc")
    )
    assert entry.findtext(f"{SITEMAP}lastmod") == article.updated_at.date().isoformat()
