"""Staff and their second factor (allauth.mfa): no admin without one, a code from an
authenticator app at every sign-in, never the same code twice, and a way back in for a
staff member who lost theirs."""

import io
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from accounts.middleware import DEMO_GROUP
from tests.factories import account
from tests.utils import page_text

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour password 42"


def code_for(secret):
    counter = list(yield_hotp_counters_from_time())[
        len(list(yield_hotp_counters_from_time())) // 2
    ]
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, name="editor"):
    return client.post("/accounts/login/", {"login": name, "password": PASSWORD})


@pytest.fixture
def editor_without_factor(unenrolled_staff):
    return account("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def editor_with_totp(unenrolled_staff):
    editor = account("editor", password=PASSWORD, is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    return editor, secret


def test_staff_without_a_second_factor_are_sent_to_enrol_before_the_admin(
    editor_without_factor,
):
    client = Client()
    sign_in(client)

    response = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/")
    assert "second factor" in page_text(client.get("/accounts/2fa/"))


def test_enrolling_an_authenticator_app_opens_the_admin(editor_without_factor):
    client = Client()
    sign_in(client)
    # Setting up a factor asks for the password again (a session left open is not enough).
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]

    response = client.post("/accounts/2fa/totp/activate/", {"code": code_for(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor_without_factor, type="totp").exists()
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_does_not_sign_staff_in(editor_with_totp):
    editor, secret = editor_with_totp
    client = Client()

    response = sign_in(client)

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_used_twice(editor_with_totp):
    _, secret = editor_with_totp
    code = code_for(secret)
    first = Client()
    sign_in(first)
    first.post("/accounts/2fa/authenticate/", {"code": code})

    second = Client()
    sign_in(second)
    response = second.post("/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert "Incorrect code" in page_text(response)
    assert "_auth_user_id" not in second.session


def test_demo_accounts_skip_the_second_factor_only_while_debugging(
    editor_without_factor, settings
):
    editor_without_factor.groups.add(Group.objects.get_or_create(name=DEMO_GROUP)[0])
    client = Client()
    client.force_login(editor_without_factor)

    settings.DEBUG = True
    assert client.get("/admin/").status_code == 200
    settings.DEBUG = False
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"


def test_readers_are_not_asked_for_a_second_factor(client):
    account("kim", password=PASSWORD)

    response = sign_in(client, "kim")

    assert response["Location"] == "/"
    assert "_auth_user_id" in client.session


def test_a_locked_out_staff_member_s_factors_can_be_reset(editor_with_totp):
    editor, _ = editor_with_totp
    out = io.StringIO()

    call_command("reset_second_factors", "EDITOR@example.org", stdout=out)

    assert not Authenticator.objects.filter(user=editor).exists()
    assert re.search(r"Removed 1 second factor\(s\) of editor", out.getvalue())
    client = Client()
    sign_in(client)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
