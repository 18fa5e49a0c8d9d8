"""The comment bubble: a link to the comments that works without JavaScript, its prompt,
and the small count the page asks for once a minute to offer "N new comments"."""

import json
import re

import pytest

from tests.factories import ArticleFactory, CommentFactory
from tests.utils import tags

pytestmark = pytest.mark.django_db


def bubble(response):
    html = response.content.decode()
    start = html.index('<aside class="comment-bubble"')
    return html[start : html.index("</aside>", start)]


def test_the_bubble_is_a_link_to_the_comments_with_their_number(client):
    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, pending=True)

    response = client.get(article.get_absolute_url())

    html = bubble(response)
    [link] = [a for a in tags(html, "a") if a.get("class") == "comment-bubble__link"]
    assert link["href"] == "#comments"
    assert 'id="comments"' in response.content.decode()
    link_html = html[html.index('<a class="comment-bubble__link"') :]
    link_html = link_html[: link_html.index("</a>")]
    assert " ".join(re.sub(r"<[^>]+>", " ", link_html).split()) == "3 comments"
    [aside] = tags(html, "aside")
    assert aside["data-count"] == "3"
    assert aside["data-count-url"] == f"/comments/article/{article.pk}/count/"


def test_the_prompt_waits_hidden_with_a_dismiss_button(client):
    article = ArticleFactory()

    html = bubble(client.get(article.get_absolute_url()))

    [prompt] = [d for d in tags(html, "div") if d.get("class") == "comment-bubble__prompt"]
    assert "hidden" in prompt
    assert "Would love your thoughts, please comment." in html
    [dismiss] = tags(html, "button")
    assert (dismiss["type"], dismiss["aria-label"]) == ("button", "Dismiss")


def test_a_closed_discussion_gets_no_prompt_and_an_empty_one_no_bubble(client):
    closed = ArticleFactory(comments_open=False)
    CommentFactory(article=closed)
    silent = ArticleFactory(comments_open=False)

    assert "Would love your thoughts" not in bubble(client.get(closed.get_absolute_url()))
    assert "comment-bubble" not in client.get(silent.get_absolute_url()).content.decode()


def test_the_article_page_has_no_inline_script_style_or_event_handler(client):
    article = ArticleFactory()
    CommentFactory(article=article)

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    scripts = tags(response, "script")
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


# --- The count ------------------------------------------------------------------------------


def test_the_count_answers_the_approved_comments_in_one_query(client, django_assert_num_queries):
    article = ArticleFactory()
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, pending=True)
    CommentFactory(article=article, spam=True)
    CommentFactory()  # another article's

    with django_assert_num_queries(1):
        response = client.get(f"/comments/article/{article.pk}/count/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"count": 2}


def test_the_count_can_be_kept_by_a_shared_cache_and_is_the_same_for_everyone(client, reader):
    article = ArticleFactory()
    CommentFactory(article=article, author_email="private@example.org")
    guest = client.get(f"/comments/article/{article.pk}/count/")
    client.force_login(reader)
    member = client.get(f"/comments/article/{article.pk}/count/")

    for response in (guest, member):
        assert "public" in response["Cache-Control"]
        assert "max-age=30" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies
        assert response.content == b'{"count": 1}'


@pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
def test_an_unpublished_articles_count_is_zero(client, state):
    article = ArticleFactory(**state)
    CommentFactory(article=article)

    assert json.loads(client.get(f"/comments/article/{article.pk}/count/").content) == {"count": 0}


def test_the_count_is_read_only(client):
    article = ArticleFactory()

    assert client.post(f"/comments/article/{article.pk}/count/").status_code == 405
