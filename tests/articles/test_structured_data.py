"""What search engines and link previews read from an article page."""

import json
import re
from datetime import timedelta

import pytest

from articles.models import Publisher
from articles.structured_data import iso_duration
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ContributorFactory,
    TagFactory,
    image_upload,
)
from tests.utils import LOGGED_IN_QUERY_LIMIT, meta_property, tags

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"


def graph(response):
    """The page's one JSON-LD block, parsed: its nodes by type."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    nodes = {node["@type"]: node for node in data["@graph"]}
    assert len(nodes) == len(data["@graph"])
    return nodes


def json_ld(response):
    """The NewsArticle of an article page."""
    return graph(response)["NewsArticle"]


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
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Glacier retreats"
    assert data["description"] == "Ice lost in a decade."
    assert data["url"] == data["mainEntityOfPage"] == url
    assert data["datePublished"] == article.published_at.replace(microsecond=0).isoformat()
    assert data["dateModified"] == article.updated_at.replace(microsecond=0).isoformat()
    assert data["articleSection"] == "Climate"
    assert sorted(data["keywords"]) == ["Alps", "Ice"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Lima", "url": f"{site_url}/contributors/ana-lima/"}
    ]
    assert data["publisher"] == {
        "@type": "NewsMediaOrganization",
        "@id": f"{site_url}/#organization",
        "name": "Newsroom",
        "url": f"{site_url}/",
        "logo": {"@type": "ImageObject", "url": f"{site_url}/static/favicon.svg"},
    }
    # The lead image cropped as search engines ask: 16:9, 4:3 and 1:1.
    crops = article.lead_image_renditions["crops"]
    assert data["image"] == [f"{site_url}/media/{crop['name']}" for crop in crops]
    assert [(c["ratio"], c["width"], c["height"]) for c in crops] == [
        ("16:9", 900, 506),
        ("4:3", 800, 600),
        ("1:1", 600, 600),
    ]


def test_a_headline_cannot_break_out_of_the_json_ld_script(get_page):
    article = ArticleFactory(headline=f"Breaking {HOSTILE} news", standfirst=f"A {HOSTILE} b & c")

    response = get_page(article.get_absolute_url())

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    # Our own script elements only: htmx, the JavaScript catalogue, the site's JavaScript
    # and the JSON-LD block.
    assert html.count("<script") == 4
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


def test_a_youtube_report_is_described_with_its_player_thumbnail_date_and_length(
    get_page, site_url
):
    article = ArticleFactory(
        video_url="https://youtu.be/dQw4w9WgXcQ",
        video_duration=timedelta(minutes=4, seconds=35),
        standfirst="",
        lead_image=image_upload(size=(1280, 720)),
    )

    video = json_ld(get_page(article.get_absolute_url()))["video"]

    assert video["@type"] == "VideoObject"
    assert video["name"] == video["description"] == article.headline
    # The player a search engine may embed, not YouTube's page, and not playing at once.
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert "contentUrl" not in video
    assert video["thumbnailUrl"] == [
        f"{site_url}/media/{crop['name']}" for crop in article.lead_image_renditions["crops"]
    ]
    assert video["uploadDate"] == article.published_at.replace(microsecond=0).isoformat()
    assert video["duration"] == "PT4M35S"


@pytest.mark.parametrize(
    ("length", "written"),
    [
        (timedelta(seconds=0), "PT0S"),
        (timedelta(seconds=59), "PT59S"),
        (timedelta(minutes=3), "PT3M"),
        (timedelta(hours=1, seconds=2), "PT1H2S"),
        (timedelta(hours=2, minutes=5, seconds=7), "PT2H5M7S"),
    ],
)
def test_video_lengths_are_written_as_iso_durations(length, written):
    assert iso_duration(length) == written


def test_a_vimeo_report_names_vimeos_player(get_page):
    article = ArticleFactory(video_url="https://vimeo.com/76979871")

    video = json_ld(get_page(article.get_absolute_url()))["video"]

    assert video["embedUrl"] == "https://player.vimeo.com/video/76979871"
    assert "duration" not in video


def test_an_mp4_report_is_described_with_its_file_address(get_page):
    url = "https://media.example.org/flood.mp4"
    article = ArticleFactory(video_url=url, lead_image=image_upload(size=(640, 360)))

    video = json_ld(get_page(article.get_absolute_url()))["video"]

    assert video["contentUrl"] == url
    assert "embedUrl" not in video
    assert video["thumbnailUrl"][0].endswith(article.lead_image_renditions["crops"][0]["name"])


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


def test_the_publisher_comes_from_the_row_editors_keep(get_page, site_url):
    publisher = Publisher.current()
    publisher.name = "The Harbour Herald"
    publisher.logo = image_upload("logo.png", size=(600, 120))
    publisher.same_as = (
        "https://social.example/@herald\n\n https://en.wikipedia.org/wiki/Herald \n"
    )
    publisher.save()

    data = json_ld(get_page(ArticleFactory().get_absolute_url()))

    organization = data["publisher"]
    assert organization["name"] == "The Harbour Herald"
    assert organization["logo"]["url"] == f"{site_url}/media/{publisher.logo.name}"
    assert organization["sameAs"] == [
        "https://social.example/@herald",
        "https://en.wikipedia.org/wiki/Herald",
    ]


def test_an_article_page_has_breadcrumbs_home_section_article(get_page, site_url):
    article = ArticleFactory(headline="Glacier retreats", category=CategoryFactory(name="Climate"))

    trail = graph(get_page(article.get_absolute_url()))["BreadcrumbList"]

    assert [
        (step["@type"], step["position"], step["name"], step["item"])
        for step in trail["itemListElement"]
    ] == [
        ("ListItem", 1, "Newsroom", f"{site_url}/"),
        ("ListItem", 2, "Climate", f"{site_url}/category/climate/"),
        ("ListItem", 3, "Glacier retreats", f"{site_url}/articles/glacier-retreats/"),
    ]


def test_the_approved_comments_are_comment_items_with_their_count(get_page, site_url):
    article = ArticleFactory()
    first = CommentFactory(article=article, author_name="Mira", body="Good <b>point</b>.")
    CommentFactory(article=article, parent=first, author_name="Olu", body="Agreed.")
    CommentFactory(article=article, author_name="Held", body="Not yet.", pending=True)
    CommentFactory(article=article, author_name="Spammer", body="Buy.", spam=True)

    data = json_ld(get_page(article.get_absolute_url()))

    assert data["commentCount"] == 2
    [item] = data["comment"]
    assert item["@type"] == "Comment"
    assert item["author"] == {"@type": "Person", "name": "Mira"}
    assert item["text"] == "Good <b>point</b>."  # the reader's words, as text
    assert item["url"] == f"{site_url}/comments/{first.pk}/"
    assert item["datePublished"] == first.created_at.replace(microsecond=0).isoformat()
    [reply] = item["comment"]
    assert (reply["author"]["name"], reply["text"]) == ("Olu", "Agreed.")


def test_an_article_without_comments_says_so(get_page):
    data = json_ld(get_page(ArticleFactory().get_absolute_url()))

    assert data["commentCount"] == 0
    assert "comment" not in data


def test_the_home_page_describes_the_site_its_search_and_its_publisher(get_page, site_url):
    nodes = graph(get_page("/"))

    site = nodes["WebSite"]
    assert site["url"] == f"{site_url}/"
    assert site["name"] == "Newsroom"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{site_url}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert site["publisher"] == {"@id": f"{site_url}/#organization"}
    assert nodes["NewsMediaOrganization"]["@id"] == f"{site_url}/#organization"


@pytest.mark.parametrize("page", ["home", "section", "tag", "contributor"])
def test_list_pages_have_link_previews(get_page, site_url, page):
    category, tag = CategoryFactory(name="Climate"), TagFactory(name="Ice")
    person = ContributorFactory(name="Ana Lima", bio="Reports on ice.")
    article = ArticleFactory(
        category=category,
        tags=[tag],
        authors=[person],
        lead_image=image_upload(size=(2000, 1000)),
        lead_image_alt="A glacier",
    )
    url, title, description = {
        "home": ("/", "Newsroom", "Independent reporting, paid for by our readers."),
        "section": (category.get_absolute_url(), "Climate", category.description),
        "tag": (tag.get_absolute_url(), "Ice", "Articles tagged Ice."),
        "contributor": (person.get_absolute_url(), "Ana Lima", "Reports on ice."),
    }[page]

    response = get_page(url)

    assert meta_property(response, "og:title") == title
    assert meta_property(response, "og:description") == description
    assert meta_property(response, "og:url") == f"{site_url}{url}"
    assert meta_property(response, "og:site_name") == "Newsroom"
    assert meta_property(response, "og:image") == (
        f"{site_url}/media/{article.renditions[2]['name']}"
    )
    assert meta_property(response, "og:image:alt") == "A glacier"
    metas = tags(response, "meta")
    assert {"name": "twitter:card", "content": "summary_large_image"} in metas
    assert {"name": "twitter:title", "content": title} in metas


def test_a_comment_cannot_break_out_of_the_json_ld_script(get_page):
    article = ArticleFactory()
    CommentFactory(article=article, author_name=HOSTILE, body=f"Look {HOSTILE}")

    response = get_page(article.get_absolute_url())

    assert "<script>alert(1)" not in response.content.decode()
    [item] = json_ld(response)["comment"]
    assert item["author"]["name"] == HOSTILE
    assert item["text"] == f"Look {HOSTILE}"
