"""What search engines and link previews read from an article page."""

import json
import re

import pytest

from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ContributorFactory,
    TagFactory,
    image_upload,
)
from tests.utils import LOGGED_IN_QUERY_LIMIT, meta_property, tags

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def canonical(response):
    [link] = [link for link in tags(response, "link") if link.get("rel") == "canonical"]
    return link["href"]


def test_an_article_page_describes_itself_as_a_news_article(get_page, site_url):
    article = ArticleFactory(
        headline="Glacier retreats",
        standfirst="Ice lost in a decade.",
        category=CategoryFactory(name="Climate"),
        tags=[TagFactory(name="Ice"), TagFactory(name="Alps")],
        authors=[ContributorFactory(name="Ana Lima")],
        lead_image=image_upload(size=(900, 600)),
    )

    data = json_ld(get_page(article.get_absolute_url()))

    url = f"{site_url}/articles/glacier-retreats/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Glacier retreats"
    assert data["description"] == "Ice lost in a decade."
    assert data["url"] == data["mainEntityOfPage"] == url
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["articleSection"] == "Climate"
    assert sorted(data["keywords"]) == ["Alps", "Ice"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Lima", "url": f"{site_url}/contributors/ana-lima/"}
    ]
    assert data["publisher"] == {"@type": "Organization", "name": "Newsroom", "url": site_url}
    assert data["image"] == [f"{site_url}/media/{article.renditions[-1]['name']}"]


def test_a_headline_cannot_break_out_of_the_json_ld_script(get_page):
    article = ArticleFactory(headline=f"Breaking {HOSTILE} news", standfirst=f"A {HOSTILE} b & c")

    response = get_page(article.get_absolute_url())

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    # Our own script elements only: htmx, the site's JavaScript and the JSON-LD block.
    assert html.count("<script") == 3
    data = json_ld(response)
    assert data["headline"] == f"Breaking {HOSTILE} news"
    assert data["description"] == f"A {HOSTILE} b & c"
    assert meta_property(response, "og:title") == f"Breaking {HOSTILE} news"


def test_a_draft_preview_has_no_publication_date(get_page, editor_client):
    article = ArticleFactory(draft=True)

    response = get_page(
        article.get_absolute_url(), using_client=editor_client, max_queries=LOGGED_IN_QUERY_LIMIT
    )

    assert "datePublished" not in json_ld(response)


def test_a_youtube_report_is_described_with_its_embed_address(get_page):
    article = ArticleFactory(video_url="https://youtu.be/dQw4w9WgXcQ", standfirst="")

    video = json_ld(get_page(article.get_absolute_url()))["video"]

    assert video["@type"] == "VideoObject"
    assert video["name"] == video["description"] == article.headline
    assert video["embedUrl"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert "contentUrl" not in video


def test_an_mp4_report_is_described_with_its_file_address(get_page):
    url = "https://media.example.org/flood.mp4"
    article = ArticleFactory(video_url=url, lead_image=image_upload(size=(640, 360)))

    video = json_ld(get_page(article.get_absolute_url()))["video"]

    assert video["contentUrl"] == url
    assert video["thumbnailUrl"].endswith(article.renditions[-1]["name"])


def test_the_article_page_has_a_canonical_link_and_open_graph_tags(get_page, site_url):
    article = ArticleFactory(
        headline="Glacier retreats",
        standfirst="Ice lost in a decade.",
        lead_image=image_upload(size=(2000, 1000)),
        lead_image_alt="A glacier",
    )

    response = get_page(article.get_absolute_url())

    url = f"{site_url}/articles/glacier-retreats/"
    assert canonical(response) == url
    assert meta_property(response, "og:type") == "article"
    assert meta_property(response, "og:title") == "Glacier retreats"
    assert meta_property(response, "og:description") == "Ice lost in a decade."
    assert meta_property(response, "og:url") == url
    # The largest rendition, never the original upload.
    assert meta_property(response, "og:image") == (
        f"{site_url}/media/{article.renditions[-1]['name']}"
    )
    assert meta_property(response, "og:image").endswith("-1600w.webp")
    assert meta_property(response, "og:image:alt") == "A glacier"
    assert {"name": "twitter:card", "content": "summary_large_image"} in tags(response, "meta")


def test_an_article_without_an_image_has_no_og_image(get_page):
    response = get_page(ArticleFactory().get_absolute_url())

    assert meta_property(response, "og:image") is None
    assert "image" not in json_ld(response)
    assert {"name": "twitter:card", "content": "summary"} in tags(response, "meta")


def test_listing_pages_have_a_canonical_link_too(get_page, site_url):
    category = CategoryFactory(name="Climate")

    assert canonical(get_page("/")) == f"{site_url}/"
    assert canonical(get_page(category.get_absolute_url())) == f"{site_url}/category/climate/"
