"""The moderation rules, as a commenter meets them: published, held for review, or spam."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from comments import moderation
from comments.hold_reasons import explain
from comments.models import Ban, Comment, ModerationRules, Subscription
from tests.factories import TRUSTED_KEY, ArticleFactory, CommentFactory, account, trusted_guest
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

Status = Comment.Status
HELD_MESSAGE = "Thank you: your comment is awaiting moderation"
TOO_FAST = "You are commenting very fast. Please wait a minute and post again."
DUPLICATE = "You have just posted this comment."


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def trusted():
    """A guest with an approved comment, written in their browser under an address they
    confirmed by a link: by default their comments (from that browser) are published."""
    trusted_guest("ana@example.org")
    return "ana@example.org"


@pytest.fixture
def outcome(browser, article, post_comment):
    """Post one comment from a new browser; the comment as stored and the page its author sees."""

    def post(body="A fair point about the harbour.", *, client=None, **fields):
        if client is None:
            # The trusted guest writes from their own browser.
            own = fields.get("email", "").lower() == "ana@example.org"
            client = browser(key=TRUSTED_KEY) if own else browser()
        response = post_comment(client, article, body, **fields)
        assert response.status_code == 302, page_text(response)
        comment = Comment.objects.filter(article=article).latest("pk")
        return SimpleNamespace(
            status=comment.status,
            # The first reason, as the moderators read it.
            reason=(comment.reasons_shown() or [""])[0],
            comment=comment,
            author_sees=client.get(response["Location"]),
            others_see=Client().get(article.get_absolute_url()),
        )

    return post


# --- Who is held ----------------------------------------------------------------------------


def test_by_default_a_first_comment_is_held(outcome):
    result = outcome(email="new.reader@example.org")

    assert result.status == Status.PENDING
    assert result.reason == "first comment from this author"
    assert HELD_MESSAGE in page_text(result.author_sees)
    assert "A fair point" in page_text(result.author_sees)
    assert "A fair point" not in page_text(result.others_see)


def test_an_author_with_an_approved_comment_is_published_at_once(outcome, trusted):
    result = outcome(email="Ana@Example.ORG")

    assert result.status == Status.APPROVED
    assert "Thank you: your comment is published." in page_text(result.author_sees)
    assert "A fair point" in page_text(result.others_see)


@pytest.mark.parametrize("earlier", ["pending", "rejected", "spam", "deleted"])
def test_an_earlier_comment_that_was_not_approved_does_not_count(outcome, earlier):
    CommentFactory(author_email="ana@example.org", status=earlier)

    assert outcome(email="ana@example.org").status == Status.PENDING


def test_an_account_with_an_approved_comment_is_published_at_once(outcome, browser):
    user = account("tidewatcher", email="tide@example.org")
    assert outcome(client=browser(user=user)).status == Status.PENDING
    CommentFactory(user=user)

    assert outcome("Second time.", client=browser(user=user)).status == Status.APPROVED


def test_a_guest_is_trusted_once_approved_and_their_address_confirmed_by_a_link(outcome, browser):
    ana = browser()
    held = outcome(client=ana)
    Comment.objects.filter(pk=held.comment.pk).update(status=Status.APPROVED)

    # Typing an address proves nothing: the approved comment alone does not make it trusted.
    assert outcome("My second comment.", client=ana).status == Status.PENDING
    Subscription.objects.create(
        article=held.comment.article,
        kind="follow-ups",
        email="ana@example.org",
        confirmed_at=timezone.now(),
    )
    assert outcome("My third comment.", client=ana).status == Status.APPROVED


def test_hold_every_comment(outcome, trusted, set_rules):
    set_rules(hold=ModerationRules.Hold.ALL)

    result = outcome(email=trusted)

    assert result.status == Status.PENDING
    assert result.reason == "every comment is held"


def test_publish_at_once_unless_another_rule_holds(outcome, set_rules):
    set_rules(hold=ModerationRules.Hold.NONE)

    assert outcome(email="stranger@example.org").status == Status.APPROVED


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("One link: https://example.org/report", Status.APPROVED),
        ("Two: https://example.org/a and http://example.net/b", Status.PENDING),
        ("Two: www.example.org and https://example.org/", Status.PENDING),
        ("Bare domains are links too: cheap-pills.com and pills.net/now", Status.PENDING),
        ("An email address is no link: ana@example.org, ben@example.org", Status.APPROVED),
    ],
)
def test_comments_with_two_links_or_more_are_held(outcome, trusted, body, status):
    result = outcome(body, email=trusted)

    assert result.status == status
    if status == Status.PENDING:
        assert result.reason == "2 links"


def test_the_number_of_links_is_a_rule(outcome, trusted, set_rules):
    set_rules(hold_link_count=1)
    assert outcome("See https://example.org/", email=trusted).status == Status.PENDING

    set_rules(hold_link_count=0)
    links = " ".join(f"https://example.org/{n}" for n in range(5))
    assert outcome(links, email=trusted).status == Status.APPROVED


@pytest.mark.parametrize(
    "body", ["Buy CHEAP pills now", "cheap pills!", "Where are the cheap   pills?"]
)
def test_moderation_words_hold_a_comment(outcome, trusted, set_rules, body):
    set_rules(moderation_words="  Cheap Pills \n\nlottery\n")

    result = outcome(body, email=trusted)

    expected = Status.PENDING if "cheap pills" in body.lower() else Status.APPROVED
    assert result.status == expected
    if expected == Status.PENDING:
        assert result.reason == "moderation word “cheap pills”"


def test_block_words_send_a_comment_to_spam_without_telling_the_author(
    outcome, trusted, set_rules
):
    set_rules(block_words="casino\nfree money")

    result = outcome("Win FREE MONEY today", email=trusted)

    assert result.status == Status.SPAM
    assert result.reason == "blocked word “free money”"
    assert "Thank you: your comment is awaiting moderation." in page_text(result.author_sees)
    assert "spam" not in page_text(result.author_sees).lower()
    assert "Win FREE MONEY" not in page_text(result.author_sees)
    assert "Win FREE MONEY" not in page_text(result.others_see)


@pytest.mark.parametrize(
    ("kind", "value", "email", "ip"),
    [
        (Ban.Kind.DOMAIN, "spam.example", "anyone@spam.example", None),
        (Ban.Kind.IP, "203.0.113.66", "ana@example.org", "203.0.113.66"),
        (Ban.Kind.IP, "2001:db8::1", "ana@example.org", "2001:0db8:0000::0001"),
    ],
)
def test_a_banned_domain_or_ip_address_goes_to_spam(
    outcome, browser, trusted, kind, value, email, ip
):
    CommentFactory(author_email=email.lower())  # even a trusted author
    Ban.objects.create(kind=kind, value=value)

    result = outcome(email=email, client=browser(ip=ip))

    assert result.status == Status.SPAM
    assert result.reason == {"domain": "banned email domain", "ip": "banned IP address"}[kind]


def test_a_banned_email_address_is_told_so(browser, article, post_comment):
    """A banned address is told so and nothing is saved (tests/comments/test_sanctions.py
    has the other sanctions)."""
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="troll@example.org")

    response = post_comment(browser(), article, email="Troll@Example.org")

    assert response.status_code == 400
    assert "This email address is banned from commenting here." in page_text(response)
    assert not Comment.objects.exists()


def test_a_ban_does_not_touch_others(outcome, trusted):
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="troll@example.org")
    Ban.objects.create(kind=Ban.Kind.DOMAIN, value="example.net")
    Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.66")

    assert outcome(email=trusted).status == Status.APPROVED


def test_a_filled_in_hidden_field_is_spam(outcome, trusted):
    result = outcome(email=trusted, homepage="https://cheap.example/")

    assert result.status == Status.SPAM
    assert result.reason == "filled in the hidden field"


def test_the_hidden_field_is_hidden_from_people(client, article):
    page = client.get(article.get_absolute_url())

    trap = next(i for i in tags(page, "input") if i.get("name") == "homepage")
    assert trap["tabindex"] == "-1"
    assert trap["autocomplete"] == "off"
    html = page.content.decode()
    wrapper = html[: html.index('name="homepage"')].rsplit("<div", 2)[-2]
    assert 'class="visually-hidden"' in wrapper
    assert 'aria-hidden="true"' in wrapper


def test_a_form_the_page_script_timed_at_under_the_minimum_is_spam(outcome, trusted):
    result = outcome("Instant comment.", email=trusted, seconds_on_page="0.4")

    assert result.status == Status.SPAM
    assert result.reason == "posted 0.4 s after the page loaded"


def test_without_javascript_there_is_no_timing_verdict(browser, article, trusted):
    """A browser without JavaScript sends the form as the page has it: no time measured.
    Posting it at once is no sign of a bot then, and the other rules decide."""
    ana = browser(key=TRUSTED_KEY)
    page = ana.get(article.get_absolute_url())
    # A browser sends the fields, and of the buttons only the one pressed ("Post Comment").
    data = {
        i["name"]: i.get("value", "")
        for i in tags(page, "input")
        if i.get("name") and i.get("type") != "submit"
    }
    assert data["seconds_on_page"] == ""

    response = ana.post(
        f"/comments/article/{article.pk}/post/",
        {**data, "name": "Ana", "email": trusted, "body": "Sent without JavaScript."},
    )

    assert response.status_code == 302
    comment = Comment.objects.get(body="Sent without JavaScript.")
    assert (comment.status, comment.held_because) == (Status.APPROVED, "")


@pytest.mark.parametrize(
    "value", ["", "soon", "-1", "nan", "inf", "-0x1p3", "1e400", "9" * 30, "2.5\x00", "1,5"]
)
def test_a_time_that_is_no_measurement_gives_no_verdict(outcome, trusted, value):
    result = outcome("Timed oddly.", email=trusted, seconds_on_page=value)

    assert (result.status, result.reason) == (Status.APPROVED, "")


def test_the_time_a_person_needs_is_a_rule(outcome, trusted, set_rules):
    assert outcome("Quick.", email=trusted, seconds_ago=2).status == Status.SPAM
    assert outcome("Slower.", email=trusted, seconds_ago=4).status == Status.APPROVED

    set_rules(min_seconds_to_write=0)
    assert outcome("Instant but allowed.", email=trusted, seconds_ago=0).status == (
        Status.APPROVED
    )


def test_a_page_left_open_for_days_still_posts(outcome, trusted):
    three_days = str(3 * 24 * 60 * 60)

    result = outcome("Written over a long weekend.", email=trusted, seconds_on_page=three_days)

    assert result.status == Status.APPROVED


def test_the_first_rule_that_matches_wins(outcome, trusted, set_rules):
    set_rules(block_words="casino", moderation_words="harbour")

    assert outcome("casino https://a.example https://b.example", email=trusted).status == (
        Status.SPAM
    )
    assert outcome("harbour casino", email=trusted, homepage="x").reason == (
        "filled in the hidden field"
    )
    assert outcome("harbour https://a.example https://b.example", email=trusted).reason == (
        "2 links"
    )


# --- Rate limit -----------------------------------------------------------------------------


def test_a_sixth_comment_from_one_address_within_a_minute_is_refused(
    browser, article, post_comment, rate_clock
):
    for n in range(5):
        response = post_comment(browser(ip="203.0.113.7"), article, f"Comment {n}.")
        assert response.status_code == 302

    refused = post_comment(browser(ip="203.0.113.7"), article, "Comment 5.")
    elsewhere = post_comment(browser(ip="203.0.113.8"), article, "From another address.")

    assert refused.status_code == 400
    assert TOO_FAST in page_text(refused)
    assert elsewhere.status_code == 302
    assert Comment.objects.count() == 6
    assert not Comment.objects.filter(body="Comment 5.").exists()

    rate_clock.advance(60)
    assert post_comment(browser(ip="203.0.113.7"), article, "A minute later.").status_code == 302


def test_a_sixth_comment_from_one_account_within_a_minute_is_refused(
    browser, article, post_comment, reader
):
    for n in range(5):
        assert post_comment(browser(user=reader), article, f"Comment {n}.").status_code == 302

    refused = post_comment(browser(user=reader), article, "Comment 5.")

    assert refused.status_code == 400
    assert TOO_FAST in page_text(refused)
    assert Comment.objects.count() == 5


def test_the_rate_limit_is_a_rule(browser, article, post_comment, set_rules):
    set_rules(comments_per_minute=2)
    results = [
        post_comment(browser(ip="203.0.113.7"), article, f"Comment {n}.").status_code
        for n in range(3)
    ]
    assert results == [302, 302, 400]

    set_rules(comments_per_minute=0)
    results = [
        post_comment(browser(ip="203.0.113.9"), article, f"Unlimited {n}.").status_code
        for n in range(8)
    ]
    assert results == [302] * 8


# --- Duplicates -----------------------------------------------------------------------------


def test_the_same_text_twice_from_one_browser_is_refused(browser, article, post_comment):
    ana = browser()
    post_comment(ana, article, "Same words.", email="ana@example.org")

    again = post_comment(ana, article, "Same words.", email="another@example.org")

    assert again.status_code == 400
    assert DUPLICATE in page_text(again)
    assert Comment.objects.count() == 1


def test_the_same_text_twice_from_one_email_is_refused_in_any_browser(
    browser, article, post_comment
):
    post_comment(browser(), article, "Same words.", email="ana@example.org")

    again = post_comment(browser(), article, "  Same words.\r\n", email="ANA@example.org")

    assert again.status_code == 400
    assert DUPLICATE in page_text(again)


def test_the_same_text_twice_from_one_account_is_refused(browser, article, post_comment, reader):
    post_comment(browser(user=reader), article, "Same words.")

    again = post_comment(browser(user=reader), article, "Same words.")

    assert DUPLICATE in page_text(again)
    assert Comment.objects.count() == 1


def test_different_text_or_another_author_is_no_duplicate(browser, article, post_comment):
    ana = browser()
    post_comment(ana, article, "Same words.", email="ana@example.org")

    assert post_comment(ana, article, "Other words.").status_code == 302
    assert post_comment(browser(), article, "Same words.", email="ben@example.org").status_code
    assert Comment.objects.count() == 3


def test_the_same_text_is_accepted_again_after_ten_minutes(
    browser, article, post_comment, move_clock_to
):
    ana = browser()
    posted_at = timezone.now()
    post_comment(ana, article, "Same words.")

    move_clock_to(posted_at + timedelta(minutes=9, seconds=50))
    assert post_comment(ana, article, "Same words.").status_code == 400
    move_clock_to(posted_at + timedelta(minutes=10, seconds=10))
    assert post_comment(ana, article, "Same words.").status_code == 302
    assert Comment.objects.count() == 2


# --- The verdicts, one rule at a time -------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "body", "fields", "verdict"),
    [
        ({}, "Hello.", {}, (Status.PENDING, "first comment from this author")),
        ({"hold": "none"}, "Hello.", {}, (Status.APPROVED, "")),
        (
            {"hold": "none"},
            "Hello.",
            {"honeypot": "x"},
            (Status.SPAM, "filled in the hidden field"),
        ),
        (
            {"hold": "none"},
            "Hello.",
            {"seconds_taken": 1.25},
            (Status.SPAM, "posted 1.2 s after the page loaded"),
        ),
        ({"hold": "none"}, "Hello.", {"seconds_taken": None}, (Status.APPROVED, "")),
        (
            {"hold": "none", "block_words": "hello"},
            "HELLO.",
            {},
            (Status.SPAM, "blocked word “hello”"),
        ),
        (
            {"hold": "none", "moderation_words": "hel"},
            "Hello.",
            {},
            (Status.PENDING, "moderation word “hel”"),
        ),
        ({"hold": "none", "moderation_words": "\n  \n"}, "Hello.", {}, (Status.APPROVED, "")),
        ({"hold": "all"}, "Hello.", {}, (Status.PENDING, "every comment is held")),
        (
            {"hold": "none", "hold_link_count": 3},
            "http://a.example www.b.example https://c.example",
            {},
            (Status.PENDING, "3 links"),
        ),
    ],
)
def test_judge(rules, body, fields, verdict):
    current = ModerationRules.current()
    for name, value in rules.items():
        setattr(current, name, value)
    judged = moderation.judge(
        rules=current,
        article=None,
        body=body,
        email=fields.get("email", "new@example.org"),
        user=None,
        ip="203.0.113.1",
        seconds_taken=fields.get("seconds_taken", 30.0),
        honeypot=fields.get("honeypot", ""),
    )

    assert (judged.status, explain(judged.reason) if judged.reason else "") == verdict
