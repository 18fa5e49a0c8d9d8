"""Moderators answer privacy requests: they may add (carry out) and view them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="privacy",
            codename__in=["add_privacyrequest", "view_privacyrequest"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("comments", "0002_default_rules_and_moderators"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
