"""Editors see and edit the old site's links and pages in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    f"{action}_{model}"
    for model in ("oldlink", "page")
    for action in ("add", "change", "delete", "view")
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="imports", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial"), ("articles", "0002_staff_groups")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
