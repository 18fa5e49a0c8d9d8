"""The outgoing email moved from comments to the outbox (comments migrations 0007 and 0008):
a site upgraded with emails in the old table keeps every one of them, with what each was
about, and can go back."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from comments.models import Subscription
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
