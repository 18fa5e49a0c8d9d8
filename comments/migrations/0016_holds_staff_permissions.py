"""What the staff groups may do with the tables of the holds.

Editors set an article's discussion (mode, automatic close, note) with the article;
moderators keep the email domain rules, and see the discussion settings and the earlier
texts of edited comments.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Moderators": [
        "add_emaildomainrule",
        "change_emaildomainrule",
        "delete_emaildomainrule",
        "view_emaildomainrule",
        "view_discussionsettings",
        "view_commentrevision",
    ],
    "Editors": [
        "add_discussionsettings",
        "change_discussionsettings",
        "view_discussionsettings",
    ],
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
    dependencies = [("comments", "0015_holds_rules_domains_settings")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
