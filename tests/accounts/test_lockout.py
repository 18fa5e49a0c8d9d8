"""Guessing passwords (django-axes, accounts/lockout.py): five wrong passwords for one name
lock that name out from that address, twenty from one address across names lock that
address out, for the admin and for readers alike; nobody else is locked out with them."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from tests.factories import account
from tests.utils import page_text

pytestmark = pytest.mark.django_db

# Staff and readers sign in on the same page (allauth's). For staff, a right password leads on
# to the second factor (/accounts/2fa/authenticate/): still a 302, and not yet signed in.
ADMIN_LOGIN = READER_SIGN_IN = "/accounts/login/"


@pytest.fixture(autouse=True)
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20


@pytest.fixture
def editor():
    return account("editor", password="correct horse", is_staff=True)


def attempt(client, url, username, password):
    return client.post(url, {"login": username, "password": password})


def test_five_wrong_passwords_lock_the_admin_login_even_for_the_right_one(editor):
    guesser = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(4):
        assert attempt(guesser, ADMIN_LOGIN, "editor", f"guess {n}").status_code == 200
    assert attempt(guesser, ADMIN_LOGIN, "editor", "guess 5").status_code == 429  # the fifth

    response = attempt(guesser, ADMIN_LOGIN, "editor", "correct horse")

    assert response.status_code == 429
    assert "Too many sign-in attempts" in page_text(response)
    assert "try again in 30 minutes" in page_text(response)
    assert "_auth_user_id" not in guesser.session


def test_fewer_failures_do_not_lock_and_a_success_starts_the_count_again():
    # A reader: for staff, success is the second factor too (tests/accounts/test_mfa.py).
    account("kim", password="correct horse")
    reader = Client(REMOTE_ADDR="203.0.113.51")
    for n in range(4):
        attempt(reader, READER_SIGN_IN, "kim", f"typo {n}")

    assert attempt(reader, READER_SIGN_IN, "kim", "correct horse").status_code == 302
    assert "_auth_user_id" in reader.session
    reader.post("/accounts/logout/")
    for n in range(4):
        attempt(reader, READER_SIGN_IN, "kim", f"typo again {n}")
    assert attempt(reader, READER_SIGN_IN, "kim", "correct horse").status_code == 302


def test_the_lockout_holds_one_address_and_not_the_account_everywhere(editor):
    guesser = Client(REMOTE_ADDR="203.0.113.52")
    for n in range(5):
        attempt(guesser, ADMIN_LOGIN, "editor", f"guess {n}")

    # The real editor, elsewhere, still gets in: a stranger cannot lock them out.
    assert (
        attempt(
            Client(REMOTE_ADDR="198.51.100.9"), ADMIN_LOGIN, "editor", "correct horse"
        ).status_code
        == 302
    )


def test_five_wrong_passwords_for_one_name_lock_only_that_name_at_that_address(editor):
    account("kim", password="kim's own")
    office = Client(REMOTE_ADDR="203.0.113.60")
    for n in range(5):
        attempt(office, ADMIN_LOGIN, "editor", f"guess {n}")
    assert attempt(office, ADMIN_LOGIN, "editor", "correct horse").status_code == 429

    # Someone else behind the same address signs in as usual.
    colleague = Client(REMOTE_ADDR="203.0.113.60")
    assert attempt(colleague, READER_SIGN_IN, "kim", "kim's own").status_code == 302


def test_the_administrator_gets_in_after_strangers_tried_other_names_from_the_same_address():
    account("admin", password="the admin's own", is_staff=True, is_superuser=True)
    shared = "203.0.113.61"
    for name in ("root", "administrator", "test", "guest"):
        for n in range(4):
            attempt(Client(REMOTE_ADDR=shared), ADMIN_LOGIN, name, f"password{n}")

    admin = Client(REMOTE_ADDR=shared)
    response = attempt(admin, ADMIN_LOGIN, "admin", "the admin's own")
    assert response["Location"] == "/accounts/2fa/authenticate/"  # the password was right


def test_trying_many_names_from_one_address_locks_that_address_at_the_higher_limit(editor):
    guesser = Client(REMOTE_ADDR="203.0.113.53")
    for n in range(19):
        assert attempt(guesser, ADMIN_LOGIN, f"user{n}", "password").status_code == 200
    assert attempt(guesser, ADMIN_LOGIN, "user19", "password").status_code == 429  # the 20th

    assert attempt(guesser, ADMIN_LOGIN, "editor", "correct horse").status_code == 429
    assert attempt(guesser, READER_SIGN_IN, "someone-new", "password").status_code == 429
    # The editor, from another address, is not concerned.
    elsewhere = Client(REMOTE_ADDR="198.51.100.10")
    assert attempt(elsewhere, ADMIN_LOGIN, "editor", "correct horse").status_code == 302


def test_the_limit_for_one_address_is_a_setting(settings, editor):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    guesser = Client(REMOTE_ADDR="203.0.113.62")
    for n in range(8):
        attempt(guesser, ADMIN_LOGIN, f"user{n}", "password")

    assert attempt(guesser, ADMIN_LOGIN, "editor", "correct horse").status_code == 429


def test_failures_older_than_the_cool_off_are_forgotten(editor):
    guesser = Client(REMOTE_ADDR="203.0.113.63")
    for n in range(20):
        attempt(guesser, ADMIN_LOGIN, f"user{n}", "password")
    assert attempt(guesser, ADMIN_LOGIN, "editor", "correct horse").status_code == 429

    # Half an hour and a minute later (axes reads its own clock: the failures are aged).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=31))

    assert attempt(guesser, ADMIN_LOGIN, "editor", "correct horse").status_code == 302


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("axes_reset", []),
        ("axes_reset_ip", ["203.0.113.64"]),
        ("axes_reset_username", ["editor"]),
    ],
)
def test_an_administrator_lifts_a_lockout_from_the_command_line(editor, command, args):
    guesser = Client(REMOTE_ADDR="203.0.113.64")
    for n in range(5):
        attempt(guesser, ADMIN_LOGIN, "editor", f"guess {n}")
    assert attempt(guesser, ADMIN_LOGIN, "editor", "correct horse").status_code == 429

    call_command(command, *args)

    assert attempt(guesser, ADMIN_LOGIN, "editor", "correct horse").status_code == 302


def test_a_spoofed_forwarded_for_header_does_not_buy_fresh_attempts(editor):
    for n in range(5):
        attempt(
            Client(REMOTE_ADDR="203.0.113.54", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"),
            ADMIN_LOGIN,
            "editor",
            f"guess {n}",
        )

    spoofer = Client(REMOTE_ADDR="203.0.113.54", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert attempt(spoofer, ADMIN_LOGIN, "editor", "correct horse").status_code == 429


def test_readers_sign_in_is_protected_the_same_way():
    account("kim", password="correct horse")
    guesser = Client(REMOTE_ADDR="203.0.113.55")
    for n in range(4):
        assert attempt(guesser, READER_SIGN_IN, "kim", f"guess {n}").status_code == 200
    assert attempt(guesser, READER_SIGN_IN, "kim", "guess 5").status_code == 429

    assert attempt(guesser, READER_SIGN_IN, "kim", "correct horse").status_code == 429
