"""The support box row, and what the Fundraisers group may do with donations.

Fundraisers run campaigns, record offline gifts (and correct or delete their own entries;
the admin refuses to delete what Stripe reported), see donors' email addresses, and edit
the support box. They do not see the Stripe event log.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FUNDRAISER_PERMISSIONS = [
    "add_campaign",
    "change_campaign",
    "delete_campaign",
    "view_campaign",
    "add_donation",
    "change_donation",
    "delete_donation",
    "view_donation",
    "view_donor_email",
    "change_supportbox",
    "view_supportbox",
]


def forwards(apps, schema_editor):
    apps.get_model("donations", "SupportBox").objects.get_or_create(pk=1)

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    fundraisers, _ = Group.objects.get_or_create(name="Fundraisers")
    fundraisers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="donations", codename__in=FUNDRAISER_PERMISSIONS
        )
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Fundraisers"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="donations")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("articles", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
