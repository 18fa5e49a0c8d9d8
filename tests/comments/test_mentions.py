"""@mentions: a link to the person's comment, and an email to a mentioned account that allows
it, once the comment is published, once per comment, never to guests or to oneself."""

import pytest
from django.test import Client
from django.urls import reverse

from comments import services
from comments.identity import Reader
from comments.mentions import mention_alerts_set
from comments.models import Comment, Mention, MentionAlerts
from tests.factories import ArticleFactory, CommentFactory, account
from tests.utils import tags

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(site_url, set_rules):
    set_rules(hold="none", mentions_per_comment=3)


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


@pytest.fixture
def ana(article):
    user = account("ana", first_name="Ana", last_name="Lima")
    CommentFactory(article=article, user=user, author_name="Ana Lima", author_email=user.email)
    return user


def post(article, body, *, user=None, name="Ben", email="ben@example.org", **kwargs):
    reader = Reader(user=user, browser_key="" if user else "ben-browser", ip="203.0.113.9")
    return services.comment_post(
        article=article, reader=reader, body=body, author_name=name, author_email=email, **kwargs
    )


def mention_emails(mailoutbox):
    return [m for m in mailoutbox if "mentioned you" in m.subject]


def test_a_mention_links_to_the_persons_comment_and_emails_their_account(
    article, ana, mailoutbox, committed
):
    earlier = Comment.objects.get(user=ana)

    with committed():
        comment = post(article, "I agree with @ana lima on the costs.")

    (link,) = tags(comment.body_html, "a")
    assert link["href"] == reverse("comments:permalink", kwargs={"pk": earlier.pk})
    assert link["class"] == "mention"
    (message,) = mention_emails(mailoutbox)
    assert message.to == ["ana@example.org"]
    assert message.subject == "Ben mentioned you in a comment on “Harbour wall gives way”"
    assert f"https://news.example.org/comments/{comment.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_held_comment_tells_nobody_until_it_is_approved(
    article, ana, mailoutbox, committed, set_rules
):
    set_rules(hold="all")
    with committed():
        comment = post(article, "@Ana Lima is wrong.")
    assert comment.status == Comment.Status.PENDING
    assert not mention_emails(mailoutbox)

    with committed():
        services.comment_moderate(
            comments=Comment.objects.filter(pk=comment.pk), status=Comment.Status.APPROVED
        )
    assert len(mention_emails(mailoutbox)) == 1

    with committed():  # approved again, or edited: still one email
        services.comment_moderate(
            comments=Comment.objects.filter(pk=comment.pk), status=Comment.Status.APPROVED
        )
    assert len(mention_emails(mailoutbox)) == 1


def test_no_email_to_guests_to_oneself_or_to_who_said_no(article, ana, mailoutbox, committed):
    CommentFactory(article=article, author_name="Guest Gil", author_email="gil@example.org")
    cat = account("cat", first_name="Cat", last_name="Ng")
    CommentFactory(article=article, user=cat, author_name="Cat Ng", author_email=cat.email)
    mention_alerts_set(user=cat, email=False)

    with committed():
        comment = post(
            article, "@Guest Gil, @Cat Ng and myself, @Ana Lima.", user=ana, name="", email=""
        )

    assert len(tags(comment.body_html, "a")) == 3  # everyone is linked
    assert not mention_emails(mailoutbox)
    assert list(Mention.objects.values_list("user__username", flat=True)) == ["cat"]


def test_only_earlier_published_names_can_be_mentioned(article, ana, committed):
    CommentFactory(article=article, author_name="Held Hal", status=Comment.Status.PENDING)
    CommentFactory(article=ArticleFactory(), author_name="Elsewhere Eve")

    comment = post(article, "@Held Hal and @Elsewhere Eve")

    assert tags(comment.body_html, "a") == []


def test_mentions_are_capped_per_comment(article, mailoutbox, committed):
    for n in range(1, 6):
        user = account(f"r{n}")
        CommentFactory(article=article, user=user, author_name=f"Reader {n}")

    with committed():
        comment = post(article, " ".join(f"@Reader {n}" for n in range(1, 6)))

    assert len(tags(comment.body_html, "a")) == 3
    assert len(mention_emails(mailoutbox)) == 3


def test_the_unsubscribe_link_turns_mention_emails_off(article, ana, mailoutbox, committed):
    with committed():
        post(article, "Thanks @Ana Lima")
    (message,) = mention_emails(mailoutbox)
    link = message.extra_headers["List-Unsubscribe"].strip("<>")

    response = Client().post(link.removeprefix("https://news.example.org"))

    assert response.status_code == 200
    assert MentionAlerts.objects.get(user=ana).email is False
    with committed():
        post(article, "Again, @Ana Lima", name="Dee", email="dee@example.org")
    assert len(mention_emails(mailoutbox)) == 1


def test_the_account_page_keeps_the_choice(client, ana):
    client.force_login(ana)
    page = client.get(reverse("privacy:your-account"))
    (box,) = [t for t in tags(page, "input") if t.get("name") == "mention_emails"]
    assert "checked" in box

    client.post(reverse("privacy:mention-emails"), {})

    page = client.get(reverse("privacy:your-account"))
    (box,) = [t for t in tags(page, "input") if t.get("name") == "mention_emails"]
    assert "checked" not in box


def test_a_flood_of_mentions_is_cut_at_the_hourly_email_limit(
    article, ana, mailoutbox, committed, set_rules
):
    set_rules(emails_per_hour=2)
    for n in range(4):
        with committed():
            post(article, f"@Ana Lima number {n}", name=f"Poster {n}", email=f"p{n}@example.org")

    assert len(mention_emails(mailoutbox)) == 2
