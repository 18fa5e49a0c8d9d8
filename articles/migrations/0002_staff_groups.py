"""Create the staff groups and give Editors what they need to run the articles desk.

Moderators and Fundraisers get their comment and donation permissions from those apps'
own migrations; here they get only what they need of articles (to see what a comment or a
campaign refers to).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = ["article", "credit", "contributor", "category", "tag"]
ACTIONS = ["add", "change", "delete", "view"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=[f"{a}_{m}" for a in ACTIONS for m in EDITOR_MODELS],
        )
    )
    article_view = Permission.objects.filter(
        content_type__app_label="articles", codename="view_article"
    )
    for name in ["Moderators", "Fundraisers"]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*article_view)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Moderators", "Fundraisers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
