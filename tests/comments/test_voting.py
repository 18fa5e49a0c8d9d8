"""Voting: one vote per reader, taken back or switched, never on one's own comment."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from comments import services
from comments.identity import Reader
from comments.models import Comment, Vote
from tests.factories import ArticleFactory, CommentFactory, account
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

YOUR_OWN = "You cannot vote on your own comment."
SAME_ADDRESS = "Someone at your internet address has already voted on this."
AR_VOTE_UP, AR_VOTE_DOWN = "تصويت مؤيد", "تصويت معارض"


@pytest.fixture
def comment():
    return CommentFactory(article=ArticleFactory(), body="Vote on me.")


def vote(client, comment, value, **extra):
    return client.post(f"/comments/{comment.pk}/vote/", {"value": value}, **extra)


def score_seen(client, comment):
    """The score and the pressed buttons a reader sees next to the comment."""
    html = client.get(comment.article.get_absolute_url()).content.decode()
    start = html.index(f'id="vote-{comment.pk}"')
    votes = html[start : html.index("</div>", start)]
    score = votes.split('class="vote__score"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    pressed = [b["aria-label"] for b in tags(votes, "button") if b["aria-pressed"] == "true"]
    return int(score), pressed


def counts(comment):
    comment.refresh_from_db()
    return comment.upvotes, comment.downvotes, comment.score


# --- With plain form posts ------------------------------------------------------------------


def test_a_guest_votes_up_and_sees_the_score(browser, comment):
    ben = browser()

    response = vote(ben, comment, "up")

    assert response.status_code == 302
    assert response["Location"] == (f"{comment.article.get_absolute_url()}#comment-{comment.pk}")
    assert score_seen(ben, comment) == (1, ["Vote up"])
    assert score_seen(Client(), comment) == (1, [])
    assert counts(comment) == (1, 0, 1)


def test_the_same_vote_again_takes_it_back(browser, comment):
    ben = browser()
    vote(ben, comment, "up")

    vote(ben, comment, "up")

    assert score_seen(ben, comment) == (0, [])
    assert counts(comment) == (0, 0, 0)
    assert not Vote.objects.exists()


def test_voting_the_other_way_switches_the_vote(browser, comment):
    ben = browser()
    vote(ben, comment, "up")

    vote(ben, comment, "down")

    assert score_seen(ben, comment) == (-1, ["Vote down"])
    assert counts(comment) == (0, 1, -1)
    assert Vote.objects.get().value == Vote.DOWN


def test_votes_from_different_readers_add_up(browser, comment):
    for value in ["up", "up", "up", "down"]:
        vote(browser(), comment, value)
    for user in [account(f"reader{n}") for n in range(2)]:
        vote(browser(user=user), comment, "down")

    assert counts(comment) == (3, 3, 0)
    assert score_seen(Client(), comment) == (0, [])


def test_nobody_votes_on_their_own_comment(browser, reader):
    guest_comment = CommentFactory(browser_key="ana-browser")
    account_comment = CommentFactory(user=reader, article=guest_comment.article)
    ana = browser(key="ana-browser")
    signed_in = browser(user=reader)

    for client, own in [(ana, guest_comment), (signed_in, account_comment)]:
        response = vote(client, own, "up")

        assert response.status_code == 302
        assert YOUR_OWN in page_text(client.get(response["Location"]))
        assert counts(own) == (0, 0, 0)
    assert not Vote.objects.exists()


def test_an_account_votes_once_from_any_browser(browser, comment, reader):
    vote(browser(user=reader), comment, "up")

    vote(browser(user=reader), comment, "up")

    assert counts(comment) == (0, 0, 0)


def test_a_guest_who_clears_cookies_is_still_one_voter_at_the_same_address(browser, comment):
    vote(browser(ip="203.0.113.5"), comment, "up")

    vote(browser(ip="203.0.113.5"), comment, "up")

    assert counts(comment) == (1, 0, 1)
    assert Vote.objects.count() == 1


def test_the_refusal_for_the_same_address_is_told_to_the_reader(browser, comment):
    vote(browser(ip="203.0.113.5"), comment, "up")
    again = browser(ip="203.0.113.5")

    response = vote(again, comment, "down")

    assert SAME_ADDRESS in page_text(again.get(response["Location"]))
    assert counts(comment) == (1, 0, 1)


def test_accounts_at_the_same_address_vote_separately(browser, comment):
    for n in range(3):
        user = account(f"reader{n}")
        vote(browser(ip="203.0.113.5", user=user), comment, "up")

    assert counts(comment) == (3, 0, 3)


def test_a_forwarded_for_header_does_not_make_another_voter(browser, comment):
    for n in range(3):
        ben = browser(ip="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        vote(ben, comment, "up")

    assert counts(comment) == (1, 0, 1)
    assert Vote.objects.get().ip_address == "203.0.113.5"


def test_the_trusted_proxy_header_gives_the_address_when_configured(browser, comment, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(3):
        vote(browser(ip="10.0.0.1", HTTP_X_REAL_IP=f"203.0.113.{n + 1}"), comment, "up")
    vote(browser(ip="10.0.0.1", HTTP_X_REAL_IP="203.0.113.1"), comment, "up")

    assert counts(comment) == (3, 0, 3)
    assert set(Vote.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.1",
        "203.0.113.2",
        "203.0.113.3",
    }


@pytest.mark.parametrize("value", ["", "sideways", "1", "UP"])
def test_a_vote_is_up_or_down(browser, comment, value):
    ben = browser()

    response = vote(ben, comment, value)

    assert response.status_code == 302
    assert "Choose Vote up or Vote down." in page_text(ben.get(response["Location"]))
    assert not Vote.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "deleted"])
def test_a_comment_that_is_not_published_cannot_be_voted_on(browser, status):
    hidden = CommentFactory(status=status)

    response = vote(browser(), hidden, "up")

    assert response.status_code == 404
    assert counts(hidden) == (0, 0, 0)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("url", ["/comments/999999/vote/", "/comments/abc/vote/"])
def test_a_vote_on_a_comment_that_does_not_exist_is_not_found(browser, comment, url):
    assert browser().post(url, {"value": "up"}).status_code == 404
    assert not Vote.objects.exists()


def test_a_get_cannot_vote(browser, comment):
    response = browser().get(f"/comments/{comment.pk}/vote/", {"value": "up"})

    assert response.status_code == 405
    assert not Vote.objects.exists()


def test_a_vote_without_the_csrf_token_is_forbidden(browser, comment):
    response = vote(browser(enforce_csrf_checks=True), comment, "up")

    assert response.status_code == 403
    assert not Vote.objects.exists()


# --- With htmx ------------------------------------------------------------------------------


def test_with_htmx_a_vote_returns_the_buttons_and_the_new_score(browser, comment):
    ben = browser()
    CommentFactory(article=comment.article, body="Another comment.")

    response = vote(ben, comment, "up", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div id="vote-{comment.pk}" class="vote">')
    assert "Another comment." not in html
    buttons = {b["aria-label"]: b["aria-pressed"] for b in tags(html, "button")}
    assert buttons == {"Vote up": "true", "Vote down": "false"}
    assert 'title="1 up, 0 down">1</span>' in html
    assert "newsroom_reader" in response.cookies

    taken_back = vote(ben, comment, "up", HTTP_HX_REQUEST="true").content.decode()
    assert 'title="0 up, 0 down">0</span>' in taken_back
    assert "newsroom_reader" not in vote(ben, comment, "up", HTTP_HX_REQUEST="true").cookies


def test_with_htmx_a_refused_vote_says_why_in_place(browser):
    own = CommentFactory(browser_key="ana-browser", upvotes=2, score=2)

    response = vote(browser(key="ana-browser"), own, "down", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    alert = html.split('role="alert">', 1)[1].split("<", 1)[0]
    assert alert == YOUR_OWN
    assert 'title="2 up, 0 down">2</span>' in html


def test_with_htmx_each_vote_is_answered_in_its_readers_language(browser, comment):
    """The buttons' words are translated once a page (templates/jinja2/comments/threads.html):
    the answer to one reader's vote must not keep the language of the vote before it."""
    labels = {}
    for language, key in [("en", "one"), ("de", "two"), ("en", "three"), ("ar", "four")]:
        prefix = "" if language == "en" else f"/{language}"
        response = browser(key=key).post(
            f"{prefix}/comments/{comment.pk}/vote/", {"value": "up"}, HTTP_HX_REQUEST="true"
        )
        labels.setdefault(language, set()).add(
            tuple(b["aria-label"] for b in tags(response, "button"))
        )

    assert labels == {
        "en": {("Vote up", "Vote down")},
        "de": {("Dafür stimmen", "Dagegen stimmen")},
        "ar": {(AR_VOTE_UP, AR_VOTE_DOWN)},
    }


# --- The workflow ---------------------------------------------------------------------------


def guest(key, ip):
    return Reader(user=None, browser_key=key, ip=ip)


def test_vote_cast_reports_the_counts_and_the_readers_vote(comment):
    ben = guest("ben", "203.0.113.1")

    first = services.vote_cast(comment=comment, reader=ben, value=Vote.UP)
    switched = services.vote_cast(comment=comment, reader=ben, value=Vote.DOWN)
    withdrawn = services.vote_cast(comment=comment, reader=ben, value=Vote.DOWN)

    assert (first.upvotes, first.downvotes, first.score, first.my_vote) == (1, 0, 1, 1)
    assert (switched.upvotes, switched.downvotes, switched.score, switched.my_vote) == (
        0,
        1,
        -1,
        -1,
    )
    assert (withdrawn.upvotes, withdrawn.downvotes, withdrawn.score, withdrawn.my_vote) == (
        0,
        0,
        0,
        0,
    )


@pytest.mark.parametrize("value", [0, 2, -2, "up"])
def test_vote_cast_refuses_anything_but_up_or_down(comment, value):
    with pytest.raises(services.VoteRefused):
        services.vote_cast(comment=comment, reader=guest("ben", "203.0.113.1"), value=value)
    assert counts(comment) == (0, 0, 0)


def test_the_database_keeps_one_vote_per_voter_and_one_guest_vote_per_address(comment):
    Vote.objects.create(comment=comment, voter_key="bben", ip_address="203.0.113.1", value=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(comment=comment, voter_key="bben", ip_address="203.0.113.2", value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(comment=comment, voter_key="bana", ip_address="203.0.113.1", value=1)
    user = account("ana")
    Vote.objects.create(
        comment=comment, voter_key="uana", user=user, ip_address="203.0.113.1", value=1
    )


def test_the_database_refuses_a_score_that_is_not_up_minus_down(comment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(upvotes=2, score=1)


# --- Rate limit -----------------------------------------------------------------------------


def test_votes_from_one_address_are_limited_per_minute(browser, set_rules, rate_clock):
    set_rules(votes_per_minute=3)
    comments = CommentFactory.create_batch(5, article=ArticleFactory())
    # Fresh browsers (no cookie, so a new voter each time) from one address.
    for comment in comments[:3]:
        assert vote(browser(ip="198.51.100.200"), comment, "up").status_code == 302

    refused = vote(browser(ip="198.51.100.200"), comments[3], "up", HTTP_HX_REQUEST="true")

    assert "You are voting very fast" in page_text(refused)
    assert counts(comments[3]) == (0, 0, 0)
    # Another address is not held back, and a minute later this one may vote again.
    assert vote(browser(ip="198.51.100.201"), comments[3], "up").status_code == 302
    rate_clock.advance(60)
    vote(browser(ip="198.51.100.200"), comments[4], "up")
    assert counts(comments[4]) == (1, 0, 1)


def test_votes_from_one_account_are_limited_whatever_the_address(browser, set_rules):
    set_rules(votes_per_minute=2)
    kim = account("kim", password="pw")
    comments = CommentFactory.create_batch(3, article=ArticleFactory())
    for n, comment in enumerate(comments[:2]):
        vote(browser(user=kim, ip=f"203.0.113.{n + 1}"), comment, "down")

    vote(browser(user=kim, ip="203.0.113.99"), comments[2], "down")

    assert counts(comments[2]) == (0, 0, 0)
