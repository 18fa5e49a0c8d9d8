"""Reader accounts: sign up, sign in, sign out, and what an account changes for comments."""

import pytest
from django.contrib.auth.models import User

from tests.factories import ArticleFactory
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour password 42"


def sign_up(client, **overrides):
    data = {
        "username": "tidewatcher",
        "email": "Tide@Example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "next": "/",
        **overrides,
    }
    return client.post("/accounts/sign-up/", data)


def test_a_reader_creates_an_account_and_is_signed_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    user = User.objects.get(username="tidewatcher")
    assert user.email == "tide@example.org"
    assert not user.is_staff
    home = client.get("/")
    assert "tidewatcher" in page_text(home)
    assert "Sign out" in page_text(home)


def test_an_email_already_in_use_is_refused_with_a_message(client):
    User.objects.create_user("first", email="tide@example.org", password=PASSWORD)

    response = sign_up(client)

    assert response.status_code == 400
    assert "An account with this email already exists." in page_text(response)
    assert not User.objects.filter(username="tidewatcher").exists()


def test_mismatched_passwords_show_the_form_again(client):
    response = sign_up(client, password2="something else entirely")

    assert response.status_code == 400
    assert not User.objects.filter(username="tidewatcher").exists()


def test_sign_up_never_redirects_to_another_site(client):
    response = sign_up(client, next="https://evil.example.com/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_sign_in_and_sign_out(client):
    User.objects.create_user("reader1", email="r@example.org", password=PASSWORD)

    response = client.post(
        "/accounts/sign-in/", {"username": "reader1", "password": PASSWORD, "next": "/"}
    )
    assert response.status_code == 302
    assert "reader1" in page_text(client.get("/"))

    assert client.get("/accounts/sign-out/").status_code == 405  # never on a GET
    client.post("/accounts/sign-out/")
    assert "Sign in" in page_text(client.get("/"))


def test_a_wrong_password_is_a_form_error(client):
    User.objects.create_user("reader1", password=PASSWORD)

    response = client.post("/accounts/sign-in/", {"username": "reader1", "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in page_text(response)


def test_signed_in_readers_only_write_their_comment(client):
    user = User.objects.create_user("reader1", email="r@example.org", password=PASSWORD)
    client.force_login(user)
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    names = {field.get("name") for field in tags(response, "input")}
    assert "name" not in names
    assert "email" not in names
    assert "Commenting as reader1" in page_text(response)
