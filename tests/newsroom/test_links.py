"""Every absolute link the site hands out starts with SITE_URL, whichever allowed Host a
request named: an alias, the server's own address or a name behind the proxy must not end
up in feeds, the sitemap, search engines' data or a payment provider's way back."""

import re

import pytest

from newsroom.links import absolute_url
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ContributorFactory,
    TagFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

# Allowed in the test settings, and not the public address.
OTHER_HOST = "localhost"
ABSOLUTE = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def article(site_url):
    return ArticleFactory(
        headline="Glacier retreats",
        category=CategoryFactory(name="Climate", slug="climate"),
        tags=[TagFactory(name="Ice")],
        authors=[ContributorFactory(name="Ana Lima")],
        lead_image=image_upload(size=(900, 600)),
    )


def our_links(content, site_url):
    """The absolute addresses in a response that point at this site, or at its other Host."""
    links = ABSOLUTE.findall(content.decode())
    return [link for link in links if link.startswith(site_url) or OTHER_HOST in link]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/glacier-retreats/",
        "/category/climate/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/category/climate/rss/",
        "/category/climate/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/sitemap-tags.xml",
        "/robots.txt",
    ],
)
def test_absolute_links_come_from_site_url_not_the_requests_host(client, site_url, article, url):
    response = client.get(url, HTTP_HOST=OTHER_HOST)

    assert response.status_code == 200
    links = our_links(response.content, site_url)
    assert links, "the page should link to the site absolutely"
    assert [link for link in links if not (link + "/").startswith(f"{site_url}/")] == []


def test_feeds_name_their_own_address_on_the_public_site(client, site_url, article):
    rss = client.get("/category/climate/rss/", HTTP_HOST=OTHER_HOST).content.decode()
    atom = client.get("/feeds/atom/", HTTP_HOST=OTHER_HOST).content.decode()

    assert f'href="{site_url}/category/climate/rss/" rel="self"' in rss
    assert f'href="{site_url}/feeds/atom/" rel="self"' in atom
    assert f"<link>{site_url}/articles/glacier-retreats/</link>" in rss


def test_the_sitemap_lists_addresses_on_the_public_site(client, site_url, article):
    def sitemap(path):
        return client.get(path, HTTP_HOST=OTHER_HOST).content.decode()

    assert f"<loc>{site_url}/sitemap-articles.xml</loc>" in sitemap("/sitemap.xml")
    assert f"<loc>{site_url}/articles/glacier-retreats/</loc>" in sitemap("/sitemap-articles.xml")
    assert f"<loc>{site_url}/</loc>" in sitemap("/sitemap-home.xml")


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/articles/x/", "https://news.example.org/articles/x/"),
        ("media/a.jpg", "https://news.example.org/media/a.jpg"),
        ("https://cdn.example.net/a.jpg", "https://cdn.example.net/a.jpg"),
    ],
)
def test_absolute_url_puts_paths_on_site_url_and_leaves_addresses_alone(site_url, path, url):
    assert absolute_url(path) == url
