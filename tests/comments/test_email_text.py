"""A comment as an email shows it: what a reader typed in Markdown reads as plain text
(no marks, links as "text (address)", spoilers kept hidden), in the subscribers' and the
mentioned reader's emails alike; a moderator's alert shows the spoiler, marked as one."""

import pytest

from comments import services
from comments.email_text import plain_text
from comments.identity import Reader
from comments.markup import render_markdown_comment
from comments.models import Comment, Subscription
from comments.text import render_comment
from tests.factories import ArticleFactory, CommentFactory, account

pytestmark = pytest.mark.django_db


def text_of(markdown, **kwargs):
    return plain_text(render_markdown_comment(markdown).html, **kwargs)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("**Bold** and *italic* and `code`.", "Bold and italic and code."),
        (
            "See [the report](https://example.org/report).",
            "See the report (https://example.org/report).",
        ),
        ("See https://example.org/report today.", "See https://example.org/report today."),
        (
            "[s](https://example.org/s) and www.example.org",
            "s (https://example.org/s) and https://www.example.org",
        ),
        ("https://example.org/" + "a" * 70, "https://example.org/" + "a" * 70),
        (
            "One line\nand the next.\n\nA new paragraph.",
            "One line\nand the next.\n\nA new paragraph.",
        ),
        ("> What she said\n\nI disagree.", "> What she said\n\nI disagree."),
        ("Costs:\n- walls\n- pumps", "Costs:\n\n• walls\n• pumps"),
        ("1. first\n2. second", "1. first\n2. second"),
        (">! He dies at the end.", "[Spoiler hidden: read it on the site]"),
        ("Tom & Jerry <b>x</b> 3 < 4", "Tom & Jerry <b>x</b> 3 < 4"),
    ],
)
def test_markdown_reads_as_plain_text(typed, read):
    assert text_of(typed) == read


def test_a_moderator_sees_the_spoiler_marked_as_one():
    assert text_of("Fine.\n\n>! He dies at the end.", spoilers=True) == (
        "Fine.\n\nSpoiler: He dies at the end."
    )


def test_a_plain_comment_of_the_old_kind_reads_as_typed():
    typed = "First line\nsecond line at www.example.org.\n\nNext <paragraph> & more."
    assert plain_text(render_comment(typed)) == (
        "First line\nsecond line at https://www.example.org.\n\nNext <paragraph> & more."
    )


@pytest.fixture
def article(site_url, set_rules):
    set_rules(hold="none", mentions_per_comment=3)
    return ArticleFactory(headline="Harbour wall gives way")


def post(article, body):
    reader = Reader(user=None, browser_key="ben-browser", ip="203.0.113.9")
    return services.comment_post(
        article=article,
        reader=reader,
        body=body,
        author_name="Ben",
        author_email="ben@example.org",
    )


TYPED = "**Nobody** listened to @Ana Lima. See [the survey](https://example.org/s).\n\n>! It fell."


def test_a_subscriber_s_email_reads_naturally(article, mailoutbox, committed):
    Subscription.objects.create(
        article=article,
        kind="follow-ups",
        email="sub@example.org",
        confirmed_at=article.created_at,
    )

    with committed():
        comment = post(article, TYPED)

    assert comment.status == Comment.Status.APPROVED
    [message] = [m for m in mailoutbox if m.to == ["sub@example.org"]]
    assert "Nobody listened to @Ana Lima. See the survey (https://example.org/s)." in message.body
    assert "[Spoiler hidden: read it on the site]" in message.body
    assert "**" not in message.body
    assert "It fell" not in message.body


def test_a_mention_email_reads_naturally(article, mailoutbox, committed):
    ana = account("ana", first_name="Ana", last_name="Lima")
    CommentFactory(article=article, user=ana, author_name="Ana Lima", author_email=ana.email)

    with committed():
        post(article, TYPED)

    [message] = [m for m in mailoutbox if "mentioned you" in m.subject]
    assert "Nobody listened to @Ana Lima. See the survey (https://example.org/s)." in message.body
    assert "[Spoiler hidden: read it on the site]" in message.body
    assert "It fell" not in message.body
