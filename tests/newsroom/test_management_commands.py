import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from accounts.middleware import DEMO_GROUP

pytestmark = pytest.mark.django_db


def ensure_local_accounts():
    out = io.StringIO()
    call_command("ensure_local_accounts", stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_local_accounts_are_an_admin_and_an_editor(debug):
    output = ensure_local_accounts()

    admin = authenticate(username="admin", password="admin")
    editor = authenticate(username="editor", password="editor")
    assert admin.is_active and admin.is_staff and admin.is_superuser
    assert editor.is_active and editor.is_staff and not editor.is_superuser
    assert set(editor.groups.values_list("name", flat=True)) == {"Editors", DEMO_GROUP}
    assert editor.has_perm("articles.add_article")
    assert not editor.has_perm("auth.change_user")
    assert "user admin / password admin" in output
    assert "user editor / password editor" in output


def test_there_is_a_moderator_who_can_work_the_comment_queue_and_nothing_else(debug, client):
    output = ensure_local_accounts()

    moderator = authenticate(username="moderator", password="moderator")
    assert moderator.is_staff and not moderator.is_superuser
    assert set(moderator.groups.values_list("name", flat=True)) == {"Moderators", DEMO_GROUP}
    assert "user moderator / password moderator" in output
    client.force_login(moderator)
    assert client.get("/admin/comments/comment/").status_code == 200
    assert client.get("/admin/articles/article/add/").status_code == 403


def test_running_it_again_puts_the_accounts_back(debug):
    ensure_local_accounts()
    editor = User.objects.get(username="editor")
    editor.set_password("forgotten")
    editor.is_active = False
    editor.is_superuser = True
    editor.save()
    editor.groups.clear()

    ensure_local_accounts()

    assert (
        User.objects.filter(
            username__in=["admin", "editor", "moderator", "fundraiser", "reader"]
        ).count()
        == 5
    )
    editor = authenticate(username="editor", password="editor")
    assert editor.is_active and not editor.is_superuser
    assert set(editor.groups.values_list("name", flat=True)) == {"Editors", DEMO_GROUP}


def test_the_editor_can_log_in_to_the_admin(debug, client):
    ensure_local_accounts()

    assert client.login(username="editor", password="editor")
    assert client.get("/admin/articles/article/add/").status_code == 200


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        ensure_local_accounts()

    assert not User.objects.filter(username__in=["admin", "editor"]).exists()


def test_it_says_so_when_the_editors_group_is_missing(debug):
    Group.objects.filter(name="Editors").delete()

    with pytest.raises(CommandError, match="Editors"):
        ensure_local_accounts()

    assert not User.objects.exists()


def test_there_is_a_fundraiser_who_sees_donations_and_not_comments(debug, client):
    output = ensure_local_accounts()

    fundraiser = authenticate(username="fundraiser", password="fundraiser")
    assert set(fundraiser.groups.values_list("name", flat=True)) == {"Fundraisers", DEMO_GROUP}
    assert "user fundraiser / password fundraiser" in output
    client.force_login(fundraiser)
    assert client.get("/admin/donations/donation/").status_code == 200
    assert client.get("/admin/comments/comment/").status_code == 403
