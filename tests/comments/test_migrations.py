"""The outgoing email moved from comments to the outbox (comments migrations 0007 and 0008):
a site upgraded with emails in the old table keeps every one of them, with what each was
about, and can go back."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from comments.models import Comment, ModerationDecision, Subscription
from outbox.models import OutgoingEmail
from outbox.services import email_queue
from tests.factories import ArticleFactory, CommentFactory

BEFORE = [("comments", "0006_vote_and_report_limits")]
AFTER = [("comments", "0008_remove_outgoingemail")]


@pytest.fixture(autouse=True)
def latest_schema_afterwards():
    """The tests that follow find every migration applied, newer ones than AFTER included."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Leave the database at the latest migrations, whatever came after AFTER, for the
    tests that run next."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# Schema changes: a transaction of its own; the staff groups and rules are put back after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_old_emails_move_to_the_outbox_with_what_they_were_about(latest_schema_after):
    article = ArticleFactory()
    comment, held = CommentFactory(article=article), CommentFactory(article=article, pending=True)
    moderator = User.objects.create_user("mod", email="mod@example.org")
    subscription = Subscription.objects.create(
        article=article, kind="follow-ups", email="sub@example.org", confirmed_at=timezone.now()
    )
    OutgoingEmail.objects.all().delete()

    old_apps = migrate(BEFORE)
    Old = old_apps.get_model("comments", "OutgoingEmail")
    now = timezone.now()
    news = Old.objects.create(
        key="comment:1:sub@example.org",
        kind="comment",
        to_email="sub@example.org",
        status="sent",
        subject="New comment by Ana",
        attempts=1,
        comment_id=comment.pk,
        subscription_id=subscription.pk,
        sent_at=now,
    )
    digest = Old.objects.create(
        key="held-digest:mod@example.org:2030010112",
        kind="held-digest",
        to_email="mod@example.org",
        moderator_id=moderator.pk,
    )
    item = Old.objects.create(
        key="held:2:mod",
        kind="held",
        to_email="mod@example.org",
        status="digested",
        moderator_id=moderator.pk,
        comment_id=held.pk,
        digest=digest,
    )
    failed = Old.objects.create(
        key="confirm:9", kind="confirm", to_email="x@example.org", status="failed", attempts=5
    )
    failed.last_error = "SMTPServerDisconnected: gone"
    failed.save()

    migrate(AFTER)

    moved = {e.key: e for e in OutgoingEmail.objects.all()}
    assert set(moved) == {news.key, digest.key, item.key, failed.key}
    assert moved[news.key].pk == news.pk
    # Compared by id: the Comment model is newer than the schema at AFTER.
    about = {
        key: (e.about_type.model if e.about_type else None, e.about_id) for key, e in moved.items()
    }
    assert (about[news.key], moved[news.key].data) == (
        ("comment", comment.pk),
        {"subscription": subscription.pk},
    )
    assert (moved[news.key].status, moved[news.key].subject) == ("sent", "New comment by Ana")
    assert moved[item.key].digest_id == digest.pk and about[item.key] == ("comment", held.pk)
    assert moved[digest.key].to_user == moderator
    assert (moved[failed.key].attempts, moved[failed.key].last_error) == (
        5,
        "SMTPServerDisconnected: gone",
    )
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(
        content_type__app_label="outbox", codename="view_outgoingemail"
    ).exists()
    assert (
        not moderators.permissions.filter(codename="view_outgoingemail")
        .exclude(content_type__app_label="outbox")
        .exists()
    )
    # New emails take new ids after the copied ones.
    new, _ = email_queue(key="note:after", kind="note", to="a@example.org")
    assert new.pk > max(e.pk for e in moved.values())

    # And back again: the discussion's emails return to the old table.
    old_apps = migrate(BEFORE)
    back = old_apps.get_model("comments", "OutgoingEmail").objects.get(pk=news.pk)
    assert (back.comment_id, back.subscription_id) == (comment.pk, subscription.pk)
    assert list(OutgoingEmail.objects.values_list("key", flat=True)) == ["note:after"]
    migrate(AFTER)


# --- Reports weighed (comments migrations 0017 and 0018) ------------------------------------

BEFORE_WEIGHTS = [("comments", "0016_holds_staff_permissions")]
AFTER_WEIGHTS = [("comments", "0018_reports_reasons_and_outcomes")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_reports_get_the_new_reasons_and_those_already_reviewed_are_settled(
    latest_schema_after,
):
    reviewed_at = timezone.now()
    approved = CommentFactory(moderated_at=reviewed_at, report_count=3)
    rejected = CommentFactory(rejected=True, moderated_at=reviewed_at, report_count=1)
    fresh = CommentFactory(report_count=1)

    old_apps = migrate(BEFORE_WEIGHTS)
    Report = old_apps.get_model("comments", "Report")
    earlier = reviewed_at - timedelta(hours=1)
    later = reviewed_at + timedelta(hours=1)
    for comment_id, key, reason, created in [
        (approved.pk, "b1", "abuse", earlier),
        (approved.pk, "b2", "misinformation", earlier),
        (approved.pk, "b3", "privacy", later),
        (rejected.pk, "b1", "spam", earlier),
        (fresh.pk, "b1", "off-topic", earlier),
    ]:
        report = Report.objects.create(comment_id=comment_id, reporter_key=key, reason=reason)
        Report.objects.filter(pk=report.pk).update(created_at=created)

    new_apps = migrate(AFTER_WEIGHTS)
    Report = new_apps.get_model("comments", "Report")
    Comment = new_apps.get_model("comments", "Comment")

    found = {(r.comment_id, r.reporter_key): (r.reason, r.outcome) for r in Report.objects.all()}
    assert found == {
        (approved.pk, "b1"): ("abusive", "dismissed"),
        (approved.pk, "b2"): ("other", "dismissed"),
        (approved.pk, "b3"): ("other", ""),
        (rejected.pk, "b1"): ("spam", "upheld"),
        (fresh.pk, "b1"): ("off-topic", ""),
    }
    counts = dict(Comment.objects.values_list("pk", "report_count"))
    assert (counts[approved.pk], counts[rejected.pk], counts[fresh.pk]) == (1, 0, 1)


BEFORE_CODES = [("comments", "0023_reply_to_and_avatars")]
AFTER_CODES = [("comments", "0024_hold_reasons_as_codes")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_english_hold_reasons_become_codes_shown_in_the_moderator_s_language(
    latest_schema_after,
):
    old_rows = {
        "held": (
            "2 links",
            [
                "2 links",
                "moderation word “harbour”",
                "first comment from this author",
                "disposable email address (mailinator.com)",
            ],
        ),
        "alone": ("first comment from this author", []),  # from before hold_reasons
        "history": ("3 of 4 rejected", ["3 of 4 comments rejected in 30 days"]),
        "spam": ("edited: blocked word “casino”", ["edited: blocked word “casino”"]),
        "banned": ("banned ip address", ["banned ip address"]),
        "fast": ("posted 0.4 s after the page loaded", ["posted 0.4 s after the page loaded"]),
        "reported": ("reported by 3 or more readers", ["reported by 3 or more readers"]),
        "unknown": ("held by a rule of long ago", ["held by a rule of long ago"]),
    }
    ids = {name: CommentFactory(pending=True).pk for name in old_rows}
    old_apps = migrate(BEFORE_CODES)
    Old = old_apps.get_model("comments", "Comment")
    for name, (because, reasons) in old_rows.items():
        Old.objects.filter(pk=ids[name]).update(held_because=because, hold_reasons=reasons)

    migrate(AFTER_CODES)

    stored = {
        name: (c.held_because, c.hold_reasons)
        for name, c in ((n, Comment.objects.get(pk=pk)) for n, pk in ids.items())
    }
    assert stored["held"] == (
        "links",
        [
            {"code": "links", "count": 2},
            {"code": "moderation_word", "word": "harbour"},
            {"code": "first_comment"},
            {"code": "disposable", "domain": "mailinator.com"},
        ],
    )
    assert stored["alone"] == ("first_comment", [{"code": "first_comment"}])
    assert stored["history"][1] == [
        {"code": "rejected_history", "rejected": 3, "decided": 4, "days": 30}
    ]
    assert stored["spam"] == (
        "edited",
        [{"code": "edited"}, {"code": "blocked_word", "word": "casino"}],
    )
    assert stored["banned"][1] == [{"code": "banned", "kind": "ip"}]
    assert stored["fast"][1] == [{"code": "too_fast", "seconds": 0.4}]
    assert stored["reported"][1] == [{"code": "reported", "count": 3}]
    assert stored["unknown"] == ("held by a rule of long ago", ["held by a rule of long ago"])
    with translation.override("de"):
        assert Comment.objects.get(pk=ids["held"]).reasons_shown()[:2] == [
            "2 Links",
            "Moderationswort „harbour“",
        ]
        assert Comment.objects.get(pk=ids["unknown"]).reasons_shown() == [
            "held by a rule of long ago"
        ]

    # And back: the English sentences again.
    old_apps = migrate(BEFORE_CODES)
    Old = old_apps.get_model("comments", "Comment")
    back = Old.objects.get(pk=ids["held"])
    assert (back.held_because, back.hold_reasons) == old_rows["held"]
    assert Old.objects.get(pk=ids["spam"]).hold_reasons == ["edited", "blocked word “casino”"]


BEFORE_DECISION_CODES = [("comments", "0025_moderation_email_sanction_lifted")]
AFTER_DECISION_CODES = [("comments", "0026_decision_reasons")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_log_s_english_sentences_become_codes_and_a_moderator_s_words_stay(
    latest_schema_after, moderator
):
    comment = CommentFactory(pending=True)
    old_apps = migrate(BEFORE_DECISION_CODES)
    Old = old_apps.get_model("comments", "ModerationDecision")
    lines = {
        "held": Old.objects.create(
            comment_id=comment.pk,
            action="hold",
            explanation="2 links; first comment from this author",
        ).pk,
        "approved": Old.objects.create(
            comment_id=comment.pk,
            moderator_id=moderator.pk,
            action="approve",
            explanation="Fine after all; Reports dismissed: 2.",
        ).pk,
        "typed": Old.objects.create(
            comment_id=comment.pk,
            moderator_id=moderator.pk,
            action="reject",
            explanation="2 links",  # a moderator's words look like a rule's: kept
        ).pk,
        "unknown": Old.objects.create(
            comment_id=comment.pk, action="hold", explanation="held by a rule of long ago"
        ).pk,
    }

    migrate(AFTER_DECISION_CODES)

    def stored(name):
        decision = ModerationDecision.objects.get(pk=lines[name])
        return decision.reasons, decision.explanation

    assert stored("held") == ([{"code": "links", "count": 2}, {"code": "first_comment"}], "")
    assert stored("approved") == (
        [{"code": "reports_dismissed", "count": 2}],
        "Fine after all",
    )
    assert stored("typed") == ([], "2 links")
    assert stored("unknown") == ([], "held by a rule of long ago")
    with translation.override("de"):
        held = ModerationDecision.objects.get(pk=lines["held"])
        assert held.explanation_shown() == "2 Links; erster Kommentar dieser Person"

    old_apps = migrate(BEFORE_DECISION_CODES)
    Old = old_apps.get_model("comments", "ModerationDecision")
    assert Old.objects.get(pk=lines["held"]).explanation == (
        "2 links; first comment from this author"
    )
    assert Old.objects.get(pk=lines["approved"]).explanation == (
        "Fine after all; Reports dismissed: 2."
    )
