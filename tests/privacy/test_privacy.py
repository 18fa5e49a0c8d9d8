"""What the site holds about a person: IP addresses are forgotten after the retention period,
and a moderator can export or erase everything held for one email address."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from comments import notifications, services
from comments.identity import Reader
from comments.models import Comment, IllegalContentNotice, Report, Subscription, Vote
from donations.models import Donation
from outbox.models import OutgoingEmail
from privacy.models import PrivacyRequest
from privacy.services import ip_addresses_purge, personal_data_export
from tests.factories import ArticleFactory, CommentFactory, DonationFactory, vote_for
from tests.utils import page_text

pytestmark = pytest.mark.django_db

ADMIN = "/admin/privacy/privacyrequest/"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


# --- IP addresses are kept 30 days ------------------------------------------------------------


def test_ip_addresses_older_than_the_retention_period_are_forgotten(settings):
    settings.IP_RETENTION_DAYS = 30
    old = CommentFactory(ip_address="192.0.2.1", created_at=days_ago(31))
    recent = CommentFactory(ip_address="192.0.2.2", created_at=days_ago(29))
    old_vote = vote_for(recent, Vote.UP, voter_key="bold", ip_address="192.0.2.3")
    Vote.objects.filter(comment=recent).update(created_at=days_ago(40))
    report = Report.objects.create(
        comment=recent, reporter_key="bx", ip_address="192.0.2.4", reason="spam"
    )
    Report.objects.filter(pk=report.pk).update(created_at=days_ago(45))
    subscription = Subscription.objects.create(
        article=recent.article, kind="article", email="sub@example.org", ip_address="192.0.2.5"
    )
    Subscription.objects.filter(pk=subscription.pk).update(created_at=days_ago(60))

    purged = ip_addresses_purge()

    assert purged == {"comments": 1, "votes": 1, "reports": 1, "subscriptions": 1}
    assert Comment.objects.get(pk=old.pk).ip_address is None
    assert Comment.objects.get(pk=recent.pk).ip_address == "192.0.2.2"  # still needed
    assert Vote.objects.get(comment=recent, voter_key="bold").ip_address is None
    assert Report.objects.get(pk=report.pk).ip_address is None
    assert Subscription.objects.get(pk=subscription.pk).ip_address is None
    assert old_vote.upvotes == 1  # the vote itself stays


def test_storing_an_address_makes_sure_old_ones_are_forgotten_once_a_day(
    settings, django_capture_on_commit_callbacks
):
    settings.IP_RETENTION_DAYS = 30
    old = CommentFactory(ip_address="192.0.2.9", created_at=days_ago(90))
    article = ArticleFactory()
    guest = Reader(user=None, browser_key="privacy-guest", ip="198.51.100.40")

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(
            article=article,
            reader=guest,
            body="Fresh thoughts.",
            author_name="Ana",
            author_email="ana@example.org",
            seconds_taken=60,
        )

    assert Comment.objects.get(pk=old.pk).ip_address is None  # the purge ran (worker: at once)
    # Within the day, storing more addresses does not run it again.
    older = CommentFactory(ip_address="192.0.2.10", created_at=days_ago(90))
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_cast(comment=CommentFactory(article=article), reader=guest, value=Vote.UP)
    assert Comment.objects.get(pk=older.pk).ip_address == "192.0.2.10"
    cache.clear()  # a day later
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_cast(comment=CommentFactory(article=article), reader=guest, value=Vote.UP)
    assert Comment.objects.get(pk=older.pk).ip_address is None


def test_a_subscription_or_a_report_that_stores_an_address_sets_off_the_purge_too(
    settings, django_capture_on_commit_callbacks
):
    settings.IP_RETENTION_DAYS = 30
    article = ArticleFactory()
    old = CommentFactory(ip_address="192.0.2.11", created_at=days_ago(90))

    with django_capture_on_commit_callbacks(execute=True):
        notifications.subscription_create(
            article=article, kind="follow-ups", email="sub@example.org", ip="198.51.100.41"
        )
    assert Comment.objects.get(pk=old.pk).ip_address is None

    cache.clear()  # a day later
    older = CommentFactory(ip_address="192.0.2.12", created_at=days_ago(90))
    reporter = Reader(user=None, browser_key="privacy-reporter", ip="198.51.100.42")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_report(
            comment=CommentFactory(article=article), reader=reporter, reason="spam"
        )
    assert Comment.objects.get(pk=older.pk).ip_address is None


# --- Export and erase for one address ----------------------------------------------------------


@pytest.fixture
def ana(db):
    """Everything the site holds for ana@example.org, and someone else's data beside it."""
    article = ArticleFactory(headline="Harbour wall gives way")
    user = User.objects.create_user("ana_l", email="Ana@Example.org", password="pw")
    as_guest = CommentFactory(
        article=article, author_name="Ana L.", author_email="ana@example.org", body="As a guest."
    )
    reply = CommentFactory(parent=as_guest, body="A reply by someone else.")
    signed_in = CommentFactory(article=article, user=user, author_name="ana_l", body="Signed in.")
    Subscription.objects.create(
        article=article, kind="article", email="ana@example.org", confirmed_at=timezone.now()
    )
    OutgoingEmail.objects.create(
        key="confirm:test", kind="confirm", to_email="ana@example.org", subject="Confirm"
    )
    # Sent to her account when it had another address.
    OutgoingEmail.objects.create(
        key="note:test", kind="confirm", to_email="ana.old@example.org", to_user=user
    )
    gift = DonationFactory(
        amount=Decimal("40"), email="ana@example.org", donor_name="Ana L.", name_public=True
    )
    other = CommentFactory(article=article, author_email="ben@example.org", body="Ben's view.")
    return {
        "article": article,
        "user": user,
        "comments": [as_guest, signed_in],
        "reply": reply,
        "gift": gift,
        "other": other,
    }


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_a_moderator_exports_everything_held_for_an_address(moderator_client, ana):
    response = moderator_client.post(
        f"{ADMIN}add/", {"email": " ANA@example.org ", "action": "export"}, follow=True
    )

    request = PrivacyRequest.objects.get()
    assert (request.email, request.action) == ("ana@example.org", "export")
    assert "2 comments, 1 subscriptions, 2 emails, 1 donations, 1 accounts." in request.summary
    assert "Download the data (JSON)" in page_text(response)
    download = moderator_client.get(f"{ADMIN}{request.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment;")
    data = json.loads(download.content)
    assert sorted(c["text"] for c in data["comments"]) == ["As a guest.", "Signed in."]
    assert [d["amount"] for d in data["donations"]] == ["40.00"]
    assert data["accounts"][0]["username"] == "ana_l"
    assert "Ben's view." not in download.content.decode()  # nobody else's data


def test_erasing_needs_a_confirmation(moderator_client, ana):
    response = moderator_client.post(
        f"{ADMIN}add/", {"email": "ana@example.org", "action": "erase"}
    )

    assert "Tick this box to erase" in page_text(response)
    assert not PrivacyRequest.objects.exists()
    assert Comment.objects.filter(author_email="ana@example.org").exists()


def test_a_moderator_erases_everything_held_for_an_address(moderator_client, ana, client):
    moderator_client.post(
        f"{ADMIN}add/", {"email": "ana@example.org", "action": "erase", "confirm": "on"}
    )

    for comment in ana["comments"]:
        comment.refresh_from_db()
        assert (comment.author_name, comment.author_email, comment.body) == (
            "Deleted reader",
            "",
            "",
        )
        assert comment.ip_address is None and comment.user_id is None
    assert not Subscription.objects.filter(email="ana@example.org").exists()
    assert not OutgoingEmail.objects.filter(to_email="ana@example.org").exists()
    assert not OutgoingEmail.objects.filter(to_user=ana["user"]).exists()
    gift = Donation.objects.get(pk=ana["gift"].pk)
    assert (gift.email, gift.donor_name, gift.name_public) == ("", "", False)
    assert gift.amount == Decimal("40")  # the money received is still accounted for
    user = User.objects.get(pk=ana["user"].pk)
    assert (user.is_active, user.email, user.has_usable_password()) == (False, "", False)
    assert user.username.startswith("deleted-")
    # On the page: the reply keeps its place under a placeholder; the rest is untouched.
    page = page_text(Client().get(ana["article"].get_absolute_url()))
    assert "As a guest." not in page and "Signed in." not in page
    assert "This comment was deleted." in page and "A reply by someone else." in page
    assert "Ben's view." in page
    record = PrivacyRequest.objects.get()
    assert "2 comments erased" in record.summary
    assert record.requested_by.username == "moderator"


def test_only_moderators_and_superusers_handle_privacy_requests(client, editor, fundraiser, ana):
    for person in (editor, fundraiser):
        client.force_login(person)
        assert client.get(f"{ADMIN}add/").status_code == 403
        assert (
            client.post(
                f"{ADMIN}add/", {"email": "ana@example.org", "action": "export"}
            ).status_code
            == 403
        )
    assert not PrivacyRequest.objects.exists()


def test_a_privacy_request_is_a_record_that_cannot_be_changed_or_deleted(moderator_client, ana):
    moderator_client.post(f"{ADMIN}add/", {"email": "ana@example.org", "action": "export"})
    request = PrivacyRequest.objects.get()

    moderator_client.post(f"{ADMIN}{request.pk}/change/", {"email": "x@example.org"})
    moderator_client.post(f"{ADMIN}{request.pk}/delete/", {"post": "yes"})

    assert PrivacyRequest.objects.get().email == "ana@example.org"


def test_downloads_exist_only_for_exports(moderator_client, ana):
    moderator_client.post(
        f"{ADMIN}add/", {"email": "ana@example.org", "action": "erase", "confirm": "on"}
    )
    erasure = PrivacyRequest.objects.get()

    assert moderator_client.get(f"{ADMIN}{erasure.pk}/download/").status_code == 404


def test_a_notifier_s_notice_is_exported_and_erased_but_kept_for_the_transparency_report(
    moderator_client,
):
    comment = CommentFactory()
    notice = IllegalContentNotice.objects.create(
        comment=comment,
        content_url="https://news.example.org/comments/1/",
        content_text=comment.body,
        law="Section 130 StGB",
        explanation="It incites hatred.",
        notifier_name="Dana Kovac",
        notifier_email="dana@example.org",
        good_faith=True,
    )

    exported = personal_data_export(email="Dana@example.org")
    assert [n["law"] for n in exported["illegal_content_notices"]] == ["Section 130 StGB"]

    moderator_client.post(
        f"{ADMIN}add/", {"email": "dana@example.org", "action": "erase", "confirm": "on"}
    )

    notice.refresh_from_db()
    assert (notice.notifier_name, notice.notifier_email) == ("Deleted reader", "")
    assert notice.law == "Section 130 StGB"
