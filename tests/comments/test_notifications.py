"""Who hears of a new comment, and when: subscribers once it is approved (never its author,
once per comment, at most a few an hour), and moderators when one is held."""

import email.policy
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from comments import digests, notifications, tasks
from comments.models import Comment, ModeratorAlerts, Report, Subscription
from comments.services import comment_moderate
from moderation.links import comment_from_token
from outbox import tasks as outbox_tasks
from outbox.models import OutgoingEmail
from tests.factories import TRUSTED_KEY, ArticleFactory, CommentFactory, account, trusted_guest

pytestmark = pytest.mark.django_db

Kind = Subscription.Kind
Status = Comment.Status
QUEUE = "/admin/comments/comment/"


@pytest.fixture(autouse=True)
def _site(site_url):
    return site_url


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


def subscribe(article, email, kind=Kind.FOLLOW_UPS, *, confirmed=True, **fields):
    return Subscription.objects.create(
        article=article,
        kind=kind,
        email=email,
        confirmed_at=timezone.now() if confirmed else None,
        **fields,
    )


@pytest.fixture
def trusted(article):
    """Guests with an approved comment elsewhere: their comments are published at once."""
    for address in ("ana@example.org", "ben@example.org", "cat@example.org"):
        trusted_guest(address)


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


# --- When a comment is approved --------------------------------------------------------------


def test_a_published_comment_reaches_the_confirmed_subscribers_only(
    browser, article, post_comment, trusted, mailoutbox, committed
):
    subscribe(article, "sub@example.org")
    subscribe(article, "unconfirmed@example.org", confirmed=False)
    subscribe(ArticleFactory(), "elsewhere@example.org")

    with committed():
        post_comment(
            browser(key=TRUSTED_KEY),
            article,
            "The wall was cracked for years.",
            name="Ben",
            email="ben@example.org",
        )

    [message] = mailoutbox
    assert message.to == ["sub@example.org"]
    assert message.subject == "New comment by Ben on “Harbour wall gives way”"
    assert "The wall was cracked for years." in message.body
    comment = Comment.objects.get(body="The wall was cracked for years.")
    assert f"https://news.example.org/comments/{comment.pk}/" in message.body


def test_the_email_about_a_comment_is_written_in_its_discussion_s_language(
    browser, post_comment, trusted, mailoutbox, committed
):
    # A German article's discussion is held in German: its readers subscribed on German
    # pages, and the worker that writes their email runs in no reader's language.
    article = ArticleFactory(headline="Hafenmauer gibt nach", language="de")
    subscribe(article, "sub@example.org")

    with committed():
        post_comment(
            browser(key=TRUSTED_KEY),
            article,
            "Die Mauer war seit Jahren rissig.",
            name="Ben",
            email="ben@example.org",
        )

    [message] = mailoutbox
    assert message.subject == "Neuer Kommentar von Ben zu „Hafenmauer gibt nach“"


def test_a_moderators_alert_about_a_german_comment_is_in_the_desk_s_language(
    browser, post_comment, mailoutbox, committed, alerted
):
    article = ArticleFactory(headline="Hafenmauer gibt nach", language="de")

    with committed():
        post_comment(browser(), article, "Erster Kommentar.", name="Ben", email="ben@example.org")

    [alert] = [m for m in mailoutbox if m.to == [alerted.email]]
    assert alert.subject == "Held for review: a comment by Ben on “Hafenmauer gibt nach”"


def test_a_moderators_alert_says_why_the_comment_was_held_in_the_desk_s_language(
    browser, article, post_comment, mailoutbox, committed, alerted, settings
):
    # A German newsroom: its staff alerts are in German, whoever wrote the comment.
    settings.LANGUAGE_CODE = "de"

    with committed():
        post_comment(browser(), article, "Bitte prüfen.", name="Ben", email="ben@example.org")

    [alert] = [m for m in mailoutbox if m.to == [alerted.email]]
    assert "erster Kommentar dieser Person" in alert.body
    assert "first comment from this author" not in alert.body


def test_a_held_comment_sends_subscribers_nothing_until_a_moderator_approves_it(
    browser, article, post_comment, mailoutbox, committed, moderator_client
):
    subscribe(article, "sub@example.org")
    with committed():
        post_comment(browser(), article, "First time here.", name="Dee", email="dee@example.org")
    comment = Comment.objects.get(body="First time here.")
    assert comment.status == Status.PENDING
    assert not mailoutbox

    with committed():
        moderator_client.post(f"{QUEUE}{comment.pk}/approve/")

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert recipients(mailoutbox) == ["sub@example.org"]


@pytest.mark.parametrize("how", ["bulk action", "change form"])
def test_every_way_a_moderator_approves_sends_the_news_once(
    article, mailoutbox, committed, moderator_client, how
):
    subscribe(article, "sub@example.org")
    comment = CommentFactory(article=article, pending=True, body="Held, then approved.")

    with committed():
        if how == "bulk action":
            moderator_client.post(
                QUEUE, {"action": "approve_comments", "_selected_action": [comment.pk]}
            )
        else:
            moderator_client.post(
                f"{QUEUE}{comment.pk}/change/",
                {"status": "approved", "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"},
            )
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert recipients(mailoutbox) == ["sub@example.org"]

    with committed():  # approving again, or the task running twice, sends nothing more
        moderator_client.post(
            QUEUE, {"action": "approve_comments", "_selected_action": [comment.pk]}
        )
        tasks.notify_subscribers.enqueue(comment.pk)

    assert recipients(mailoutbox) == ["sub@example.org"]


def test_a_bulk_approval_tells_the_subscribers_of_every_comment_in_few_tasks(
    article, mailoutbox, committed, monkeypatch
):
    """150 comments approved at once: each reply's subscriber hears of it, through two tasks
    (a hundred comments each) rather than 150."""
    parents = [CommentFactory(article=article, body=f"Thread {n}") for n in range(150)]
    for n, parent in enumerate(parents):
        Subscription.objects.create(
            article=article,
            comment=parent,
            kind=Kind.COMMENT,
            email=f"author{n}@example.org",
            confirmed_at=timezone.now(),
        )
    replies = [CommentFactory(article=article, parent=p, pending=True) for p in parents]
    enqueued = []
    real = tasks.enqueue_after_commit
    monkeypatch.setattr(
        tasks,
        "enqueue_after_commit",
        lambda task, *args: (enqueued.append(task), real(task, *args)),
    )

    with committed():
        comment_moderate(
            comments=Comment.objects.filter(pk__in=[r.pk for r in replies]),
            status=Status.APPROVED,
        )

    assert enqueued == [tasks.notify_subscribers_of, tasks.notify_subscribers_of]
    assert sorted(recipients(mailoutbox)) == sorted(f"author{n}@example.org" for n in range(150))


def test_a_rejected_or_spam_comment_sends_nothing(
    article, mailoutbox, committed, moderator_client
):
    subscribe(article, "sub@example.org")
    comment = CommentFactory(article=article, pending=True)

    with committed():
        moderator_client.post(
            QUEUE,
            {"action": "reject_comments", "_selected_action": [comment.pk], "reason": "spam"},
        )
        moderator_client.post(QUEUE, {"action": "mark_spam", "_selected_action": [comment.pk]})

    # Subscribers hear nothing; nor does the author, whose rejection email finds the
    # comment marked as spam by the time it is due.
    assert not mailoutbox


def test_the_author_is_never_told_of_their_own_comment(
    browser, article, post_comment, trusted, mailoutbox, committed
):
    subscribe(article, "ana@example.org")
    subscribe(article, "ana@example.org", Kind.REPLIES)

    with committed():
        post_comment(browser(key=TRUSTED_KEY), article, "My own words.", email="ANA@example.org")

    assert not mailoutbox


def test_a_signed_in_author_is_not_told_of_their_comment_whatever_the_address(
    browser, article, post_comment, mailoutbox, committed
):
    user = account("tide", email="new@example.org")
    CommentFactory(user=user)  # trusted
    subscribe(article, "old@example.org", user=user)

    with committed():
        post_comment(browser(user=user), article, "Signed in.")

    assert Comment.objects.get(body="Signed in.").status == Status.APPROVED
    assert not mailoutbox


def test_several_matching_subscriptions_make_one_email(
    browser, article, post_comment, trusted, mailoutbox, committed
):
    mine = CommentFactory(article=article, author_email="cat@example.org", body="Mine.")
    subscribe(article, "cat@example.org")
    subscribe(article, "cat@example.org", Kind.REPLIES)
    subscribe(article, "cat@example.org", Kind.COMMENT, comment=mine)

    with committed():
        post_comment(
            browser(key=TRUSTED_KEY),
            article,
            "A reply to Cat.",
            parent=mine,
            name="Ben",
            email="ben@example.org",
        )

    [message] = mailoutbox
    assert message.to == ["cat@example.org"]
    assert message.subject == "Ben replied to your comment on “Harbour wall gives way”"
    assert "In reply to:" in message.body
    assert "Mine." in message.body


def test_new_replies_to_my_comments_means_replies_to_mine_only(
    browser, article, post_comment, trusted, mailoutbox, committed
):
    mine = CommentFactory(article=article, author_email="cat@example.org")
    theirs = CommentFactory(article=article, author_email="dee@example.org")
    subscribe(article, "cat@example.org", Kind.REPLIES)

    with committed():
        post_comment(
            browser(key=TRUSTED_KEY),
            article,
            "Not to Cat.",
            parent=theirs,
            email="ben@example.org",
        )
        post_comment(browser(key=TRUSTED_KEY), article, "A new thread.", email="ben@example.org")
    assert not mailoutbox

    with committed():
        post_comment(
            browser(key=TRUSTED_KEY), article, "To Cat.", parent=mine, email="ben@example.org"
        )
    assert recipients(mailoutbox) == ["cat@example.org"]


def test_replies_to_an_accounts_comments_reach_it_by_account(
    browser, article, post_comment, trusted, mailoutbox, committed
):
    user = account("tide", email="tide@example.org")
    mine = CommentFactory(article=article, user=user, author_email="")
    subscribe(article, "tide@example.org", Kind.REPLIES, user=user)

    with committed():
        post_comment(
            browser(key=TRUSTED_KEY), article, "Hello Tide.", parent=mine, email="ben@example.org"
        )

    assert recipients(mailoutbox) == ["tide@example.org"]


def test_every_email_can_be_unsubscribed_in_one_click(
    browser, article, post_comment, trusted, mailoutbox, committed
):
    subscription = subscribe(article, "sub@example.org")

    with committed():
        post_comment(browser(key=TRUSTED_KEY), article, "News.", email="ben@example.org")

    [message] = mailoutbox
    url = re.fullmatch(
        r"<(https://news\.example\.org/comments/unsubscribe/\S+/)>",
        message.extra_headers["List-Unsubscribe"],
    )
    assert url, message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url.group(1) in message.body
    assert "new follow-up comments on “Harbour wall gives way”" in message.body
    path = url.group(1).removeprefix("https://news.example.org")
    assert (
        Client(enforce_csrf_checks=True)
        .post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
        .status_code
        == 200
    )
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_the_unsubscribe_header_reaches_the_mail_server_as_a_plain_address(
    article, mailoutbox, committed, settings
):
    settings.SITE_URL = "https://discussion.news-from-a-rather-long-domain-name.example.org"
    subscribe(article, "sub@example.org")

    outbox_tasks.send_email.enqueue(_record(CommentFactory(article=article))[0])

    # As the SMTP backend serialises it (RFC 5322 lines, 7-bit headers).
    wire = mailoutbox[0].message(policy=email.policy.SMTP).as_bytes()
    header = re.search(rb"^List-Unsubscribe: (.*)$", wire, re.MULTILINE).group(1)
    assert header.startswith(
        b"<https://discussion.news-from-a-rather-long-domain-name.example.org/comments/unsubscribe/"
    )
    assert header.endswith(b"/>\r")
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in wire


def test_a_comment_withdrawn_before_its_email_goes_is_not_sent(article, mailoutbox, committed):
    subscribe(article, "sub@example.org")
    comment = CommentFactory(article=article)
    [email_id] = _record(comment)
    Comment.objects.filter(pk=comment.pk).update(status=Status.REJECTED)

    outbox_tasks.send_email.enqueue(email_id)

    assert not mailoutbox
    assert OutgoingEmail.objects.get(pk=email_id).status == OutgoingEmail.Status.CANCELLED


def _record(comment):
    return notifications.notifications_record(comment=comment)


# --- At most N an hour, the rest in a digest -------------------------------------------------


def test_past_the_hourly_cap_the_rest_arrive_in_one_digest_after_the_hour(
    article, mailoutbox, committed, moderator_client, set_rules, move_clock_to
):
    set_rules(emails_per_hour=2)
    subscribe(article, "sub@example.org")
    comments = [
        CommentFactory(article=article, pending=True, body=f"Comment number {n}.")
        for n in range(5)
    ]
    ten_past = timezone.now().replace(minute=10, second=0, microsecond=0)
    move_clock_to(ten_past)

    with committed():
        moderator_client.post(
            QUEUE, {"action": "approve_comments", "_selected_action": [c.pk for c in comments]}
        )

    assert len(mailoutbox) == 2
    waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FOLDED)
    assert waiting.count() == 3

    move_clock_to(ten_past + timedelta(minutes=50, seconds=1))  # the hour is over
    hour_end = (ten_past + timedelta(minutes=50)).isoformat()
    digests.send_digest.enqueue("digest", "sub@example.org", hour_end)
    digests.send_digest.enqueue("digest", "sub@example.org", hour_end)  # twice: one digest

    assert len(mailoutbox) == 3
    digest = mailoutbox[2]
    assert digest.to == ["sub@example.org"]
    assert digest.subject == "3 new comments on “Harbour wall gives way”"
    sent_in_digest = {c.body for c in comments} - {m.body.split("\n\n")[1] for m in mailoutbox[:2]}
    for body in sent_in_digest:
        assert body in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_digest_waits_for_the_end_of_the_hour(article, mailoutbox, set_rules, move_clock_to):
    set_rules(emails_per_hour=1)
    subscribe(article, "sub@example.org")
    ten_past = timezone.now().replace(minute=10, second=0, microsecond=0)
    move_clock_to(ten_past)
    for n in range(2):
        _record(CommentFactory(article=article, body=f"Number {n}."))
    hour_end = (ten_past + timedelta(minutes=50)).isoformat()

    digests.send_digest.enqueue("digest", "sub@example.org", hour_end)  # too early

    assert not mailoutbox
    assert datetime.fromisoformat(hour_end) > timezone.now()


def test_the_cap_is_per_subscriber(article, mailoutbox, committed, moderator_client, set_rules):
    set_rules(emails_per_hour=1)
    subscribe(article, "one@example.org")
    subscribe(article, "two@example.org")
    comment = CommentFactory(article=article, pending=True)

    with committed():
        moderator_client.post(
            QUEUE, {"action": "approve_comments", "_selected_action": [comment.pk]}
        )

    assert recipients(mailoutbox) == ["one@example.org", "two@example.org"]


# --- Moderators ---------------------------------------------------------------------------


@pytest.fixture
def alerted(moderator):
    """The demo moderator, who asked for an email about each held comment."""
    moderator.email = "mod@example.org"
    moderator.save()
    ModeratorAlerts.objects.create(user=moderator, frequency=ModeratorAlerts.Frequency.EACH)
    return moderator


def test_a_moderator_who_asked_hears_of_each_held_comment_with_links_to_the_desk(
    browser, article, post_comment, mailoutbox, committed, alerted
):
    with committed():
        post_comment(browser(), article, "Please review me.", name="Dee", email="dee@example.org")

    comment = Comment.objects.get()
    [message] = mailoutbox
    assert message.to == ["mod@example.org"]
    assert message.subject == "Held for review: a comment by Dee on “Harbour wall gives way”"
    assert "first comment from this author" in message.body
    # A signed link that opens the comment on the moderators' desk (tests/moderation).
    [token] = re.findall(r"https://news\.example\.org/moderate/open/([^/\s]+)/", message.body)
    assert comment_from_token(token) == comment.pk
    assert "https://news.example.org/moderate/queue/pending/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_moderators_who_chose_no_email_and_other_staff_hear_nothing(
    browser, article, post_comment, mailoutbox, committed, editor
):
    editor.email = "editor@example.org"
    editor.save()
    ModeratorAlerts.objects.create(user=editor, frequency=ModeratorAlerts.Frequency.EACH)
    quiet = account("quiet", email="quiet@example.org", is_staff=True)
    quiet.groups.add(Group.objects.get(name="Moderators"))
    ModeratorAlerts.objects.create(user=quiet, frequency=ModeratorAlerts.Frequency.NONE)

    with committed():
        post_comment(browser(), article, "Held.", email="dee@example.org")

    assert Comment.objects.get().status == Status.PENDING
    assert not mailoutbox


def test_spam_alerts_nobody(browser, article, post_comment, mailoutbox, committed, alerted):
    with committed():
        post_comment(browser(), article, "Fast bot.", seconds_ago=0)

    assert Comment.objects.get().status == Status.SPAM
    assert not mailoutbox


def test_a_comment_held_by_reports_alerts_the_moderator(
    browser, article, mailoutbox, committed, alerted, set_rules
):
    set_rules(reports_to_hold=2)
    comment = CommentFactory(article=article)

    with committed():
        for _ in range(2):
            browser().post(f"/comments/{comment.pk}/report/", {"reason": Report.Reason.ABUSIVE})

    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    [message] = mailoutbox
    assert "reported by 2 or more readers" in message.body


def test_an_hourly_moderator_gets_one_digest_of_the_comments_still_held(
    article, mailoutbox, committed, alerted, move_clock_to, browser, post_comment
):
    ModeratorAlerts.objects.filter(user=alerted).update(frequency=ModeratorAlerts.Frequency.HOURLY)
    ten_past = timezone.now().replace(minute=10, second=0, microsecond=0)
    move_clock_to(ten_past)
    with committed():
        for n in range(3):
            post_comment(browser(), article, f"Held number {n}.", email=f"new{n}@example.org")
    assert not mailoutbox
    Comment.objects.filter(body="Held number 1.").update(status=Status.APPROVED)

    move_clock_to(ten_past + timedelta(hours=1))
    digests.send_digest.enqueue(
        "held-digest", "mod@example.org", (ten_past + timedelta(minutes=50)).isoformat()
    )

    [digest] = mailoutbox
    assert digest.subject == "2 comments held for review"
    assert "Held number 0." in digest.body and "Held number 2." in digest.body
    assert "Held number 1." not in digest.body  # another moderator dealt with it


def test_a_moderator_stops_alerts_in_one_click(
    browser, article, post_comment, mailoutbox, committed, alerted
):
    with committed():
        post_comment(browser(), article, "Held.", email="dee@example.org")
    url = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    Client().post(url.removeprefix("https://news.example.org"))

    assert ModeratorAlerts.objects.get(user=alerted).frequency == ModeratorAlerts.Frequency.NONE


def test_a_moderator_chooses_their_alerts_in_the_admin(moderator_client, moderator):
    response = moderator_client.get("/admin/comments/moderatoralerts/")
    assert response.status_code == 302

    change = moderator_client.post(response["Location"], {"frequency": "hourly"})

    assert change.status_code == 302
    alerts = ModeratorAlerts.objects.get()
    assert (alerts.user, alerts.frequency) == (moderator, ModeratorAlerts.Frequency.HOURLY)


def test_opening_the_alerts_page_writes_nothing_and_a_second_row_cannot_be_added(
    moderator_client, moderator
):
    response = moderator_client.get("/admin/comments/moderatoralerts/")

    assert response["Location"] == "/admin/comments/moderatoralerts/add/"
    assert not ModeratorAlerts.objects.exists()
    moderator_client.post(response["Location"], {"frequency": "each"})
    assert moderator_client.get("/admin/comments/moderatoralerts/add/").status_code == 403
    assert ModeratorAlerts.objects.get().user == moderator
