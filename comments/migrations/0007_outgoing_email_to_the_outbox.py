"""The outgoing email moves to the outbox app: every row of comments.OutgoingEmail is copied
to outbox.OutgoingEmail with its id, the comment it was about (as `about`), the subscription
it was sent for (in `data`), the moderator it went to (`to_user`) and its digest. Moderators
see the outbox as they saw the old table. 0008 then removes the old table."""

from collections import defaultdict

from django.contrib.auth.management import create_permissions
from django.core.management.color import no_style
from django.db import migrations

BATCH = 1000
COMMENT_KINDS = ["confirm", "comment", "digest", "held", "held-digest"]
SAME_FIELDS = [
    "key",
    "kind",
    "to_email",
    "status",
    "subject",
    "attempts",
    "last_error",
    "send_after",
    "created_at",
    "sent_at",
]


def _reset_sequence(schema_editor, model):
    """Rows were written with their ids: the next new row must not take one of them."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def _link_digests(model, digests):
    for digest_id, ids in digests.items():
        model.objects.filter(pk__in=ids).update(digest_id=digest_id)


def to_the_outbox(apps, schema_editor):
    Old = apps.get_model("comments", "OutgoingEmail")
    New = apps.get_model("outbox", "OutgoingEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    comment_type, _ = ContentType.objects.get_or_create(app_label="comments", model="comment")
    rows, digests = [], defaultdict(list)
    for old in Old.objects.order_by("pk").iterator(chunk_size=BATCH):
        rows.append(
            New(
                id=old.pk,
                **{name: getattr(old, name) for name in SAME_FIELDS},
                to_user_id=old.moderator_id,
                about_type=comment_type if old.comment_id is not None else None,
                about_id=old.comment_id,
                data={"subscription": old.subscription_id} if old.subscription_id else {},
            )
        )
        if old.digest_id is not None:
            digests[old.digest_id].append(old.pk)
        if len(rows) >= BATCH:
            New.objects.bulk_create(rows)
            rows = []
    New.objects.bulk_create(rows)
    # Digests are linked once every row is there (a digest is written after its items).
    _link_digests(New, digests)
    _reset_sequence(schema_editor, New)
    _moderators_see_the_outbox(apps)


def _moderators_see_the_outbox(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="outbox", codename="view_outgoingemail"
        )
    )


def back_to_comments(apps, schema_editor):
    """The discussion's rows go back to the old table (what it can hold: links to rows that
    are gone are left out)."""
    Old = apps.get_model("comments", "OutgoingEmail")
    New = apps.get_model("outbox", "OutgoingEmail")
    Subscription = apps.get_model("comments", "Subscription")
    Comment = apps.get_model("comments", "Comment")
    emails = New.objects.filter(kind__in=COMMENT_KINDS).order_by("pk")
    subscriptions = set(Subscription.objects.values_list("pk", flat=True))
    comments = set(Comment.objects.values_list("pk", flat=True))
    rows, digests = [], defaultdict(list)
    for new in emails.iterator(chunk_size=BATCH):
        subscription_id = new.data.get("subscription")
        rows.append(
            Old(
                id=new.pk,
                **{name: getattr(new, name) for name in SAME_FIELDS},
                moderator_id=new.to_user_id,
                comment_id=new.about_id if new.about_id in comments else None,
                subscription_id=subscription_id if subscription_id in subscriptions else None,
            )
        )
        if new.digest_id is not None:
            digests[new.digest_id].append(new.pk)
        if len(rows) >= BATCH:
            Old.objects.bulk_create(rows)
            rows = []
    Old.objects.bulk_create(rows)
    _link_digests(Old, digests)
    _reset_sequence(schema_editor, Old)
    emails.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_vote_and_report_limits"),
        ("outbox", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(to_the_outbox, back_to_comments)]
