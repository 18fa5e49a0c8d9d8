"""Guessing passwords: after five failures from one address a login is locked out for a while,
for the admin and for readers alike (django-axes)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.utils import page_text

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
READER_SIGN_IN = "/accounts/sign-in/"


@pytest.fixture(autouse=True)
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password="correct horse", is_staff=True)


def attempt(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


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


def test_fewer_failures_do_not_lock_and_a_success_starts_the_count_again(editor):
    reader = Client(REMOTE_ADDR="203.0.113.51")
    for n in range(4):
        attempt(reader, ADMIN_LOGIN, "editor", f"typo {n}")

    assert attempt(reader, ADMIN_LOGIN, "editor", "correct horse").status_code == 302
    reader.logout()
    for n in range(4):
        attempt(reader, ADMIN_LOGIN, "editor", f"typo again {n}")
    assert attempt(reader, ADMIN_LOGIN, "editor", "correct horse").status_code == 302


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


def test_trying_many_names_from_one_address_is_locked_too(editor):
    guesser = Client(REMOTE_ADDR="203.0.113.53")
    for n in range(5):
        attempt(guesser, ADMIN_LOGIN, f"user{n}", "password")

    assert attempt(guesser, ADMIN_LOGIN, "editor", "correct horse").status_code == 429


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
    User.objects.create_user("kim", password="correct horse")
    guesser = Client(REMOTE_ADDR="203.0.113.55")
    for n in range(4):
        assert attempt(guesser, READER_SIGN_IN, "kim", f"guess {n}").status_code == 200
    assert attempt(guesser, READER_SIGN_IN, "kim", "guess 5").status_code == 429

    assert attempt(guesser, READER_SIGN_IN, "kim", "correct horse").status_code == 429
