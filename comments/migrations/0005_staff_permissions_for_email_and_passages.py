"""What the staff groups may do with the new tables.

Moderators choose their alerts about held comments, see (and may remove) subscriptions and
see the outgoing email; editors mark passages of their articles for inline feedback.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Moderators": [
        "add_moderatoralerts",
        "change_moderatoralerts",
        "delete_moderatoralerts",
        "view_moderatoralerts",
        "view_subscription",
        "delete_subscription",
        "view_outgoingemail",
        "view_passage",
    ],
    "Editors": ["add_passage", "change_passage", "delete_passage", "view_passage"],
}


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_email_subscriptions_and_passages")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
