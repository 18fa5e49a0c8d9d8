"""An article's comments as feeds (RSS and Atom): approved comments only, newest first,
announced on the article page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from tests.factories import ArticleFactory, CommentFactory
from tests.utils import tags

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}
FEED_QUERY_LIMIT = 2  # the article, the comments


@pytest.fixture
def discussion():
    now = timezone.now()
    article = ArticleFactory(headline="Harbour & <wall>")
    older = CommentFactory(
        article=article, author_name="Mira", body="First <b>thought</b>.", created_at=now
    )
    newer = CommentFactory(article=article, parent=older, author_name="Olu", body="A reply.")
    for trait in ("pending", "spam", "rejected"):
        CommentFactory(article=article, author_name=f"Hidden {trait}", **{trait: True})
    CommentFactory(author_name="Elsewhere")  # another article's
    newer.created_at = now + timedelta(minutes=5)
    newer.save(update_fields=["created_at"])
    return article, older, newer


def feed(get_page, url, content_type):
    response = get_page(url, max_queries=FEED_QUERY_LIMIT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return etree.fromstring(response.content)


def test_the_rss_feed_holds_the_approved_comments_newest_first(get_page, discussion, site_url):
    article, older, _newer = discussion

    rss = feed(get_page, f"/comments/article/{article.pk}/rss/", "application/rss+xml")

    channel = rss.find("channel")
    assert channel.findtext("title") == "Comments on “Harbour & <wall>” · Newsroom"
    assert channel.findtext("link") == f"{site_url}{article.get_absolute_url()}#comments"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Comment by Olu", "Comment by Mira"]
    assert items[1].findtext("link") == f"{site_url}/comments/{older.pk}/"
    # The stored, sanitised HTML: the reader's "<b>" is text, not markup.
    assert items[1].findtext("description") == "<p>First &lt;b&gt;thought&lt;/b&gt;.</p>"
    assert items[1].findtext("{http://purl.org/dc/elements/1.1/}creator") == "Mira"


def test_the_atom_feed_holds_the_same_comments(get_page, discussion, site_url):
    article, _older, newer = discussion

    atom = feed(get_page, f"/comments/article/{article.pk}/atom/", "application/atom+xml")

    entries = atom.findall("a:entry", ATOM)
    assert [e.findtext("a:author/a:name", namespaces=ATOM) for e in entries] == ["Olu", "Mira"]
    assert entries[0].find("a:link", ATOM).get("href") == f"{site_url}/comments/{newer.pk}/"


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_an_unpublished_articles_comments_have_no_feed(client, trait):
    article = ArticleFactory(**{trait: True})
    CommentFactory(article=article)

    assert client.get(f"/comments/article/{article.pk}/rss/").status_code == 404
    assert client.get(f"/comments/article/{article.pk}/atom/").status_code == 404


def test_an_unknown_article_has_no_feed(client):
    assert client.get("/comments/article/987654/rss/").status_code == 404


def test_the_article_page_announces_its_comment_feeds(client, discussion):
    article, _, _ = discussion

    links = [
        link
        for link in tags(client.get(article.get_absolute_url()), "link")
        if link.get("rel") == "alternate" and "/comments/" in link["href"]
    ]

    assert [(link["type"], link["href"]) for link in links] == [
        ("application/rss+xml", f"/comments/article/{article.pk}/rss/"),
        ("application/atom+xml", f"/comments/article/{article.pk}/atom/"),
    ]
    assert links[0]["title"] == "Comments on “Harbour & <wall>” (RSS)"
