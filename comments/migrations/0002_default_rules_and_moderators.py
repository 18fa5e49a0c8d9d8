"""The moderation rules row, and what the Moderators group may do with comments."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    "view_comment",
    "change_comment",
    "delete_comment",
    "view_report",
    "delete_report",
    "view_vote",
    "add_ban",
    "change_ban",
    "delete_ban",
    "view_ban",
    "view_moderationrules",
    "change_moderationrules",
]


def forwards(apps, schema_editor):
    apps.get_model("comments", "ModerationRules").objects.get_or_create(pk=1)

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=MODERATOR_PERMISSIONS
        )
    )
    # Editors close or reopen comments on their articles (a field of the article) and see
    # the comments, but do not moderate them.
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="comments", codename="view_comment")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
