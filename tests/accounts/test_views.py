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


# --- Where `next` leads -----------------------------------------------------------------------

# Addresses a stranger can put in ?next=: loops back to the account pages, other sites in
# every spelling browsers accept, schemes that run code, header injection, addresses that
# are not pages, unicode and bidi tricks, and absurd lengths.
ODD_NEXTS = [
    "/accounts/sign-in/",
    "/accounts/sign-in/?next=/accounts/sign-in/",
    "/accounts/sign-up/?next=id",
    "/accounts/sign-out/",
    "id",
    "comments/",
    "../admin/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https://evil.example/",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\r\nSet-Cookie: stolen=1",
    "/\x00",
    "/caf\u00e9/",
    "/\u202egnp.exe",
    "/no/such/page/",
    "/" + "a" * 5000,
    "/?" + "q=" + "x" * 5000,
]


@pytest.fixture
def reader_account():
    return User.objects.create_user("reader1", email="r@example.org", password=PASSWORD)


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("odd", ODD_NEXTS)
def test_a_signed_in_reader_opening_the_account_pages_with_any_next_goes_home(
    client, reader_account, odd
):
    signed_in(client, reader_account)

    for page in ["/accounts/sign-in/", "/accounts/sign-up/"]:
        response = client.get(page, {"next": odd})

        assert (response.status_code, response["Location"]) == (302, "/"), page


@pytest.mark.parametrize("odd", ODD_NEXTS)
def test_signing_in_up_or_out_with_any_next_goes_home(client, reader_account, odd):
    signed_in_response = client.post(
        "/accounts/sign-in/", {"username": "reader1", "password": PASSWORD, "next": odd}
    )
    signed_out_response = client.post("/accounts/sign-out/", {"next": odd})
    signed_up_response = sign_up(client, next=odd)

    for response in (signed_in_response, signed_out_response, signed_up_response):
        assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.parametrize("odd", ODD_NEXTS)
def test_the_sign_in_and_sign_up_forms_never_carry_an_odd_next(client, odd):
    for page in ["/accounts/sign-in/", "/accounts/sign-up/"]:
        response = client.get(page, {"next": odd})

        assert response.status_code == 200
        carried = [i.get("value") for i in tags(response, "input") if i.get("name") == "next"]
        assert carried == [""], page


@pytest.mark.parametrize(
    "target",
    ["/", "/search/?q=harbour+wall", "/feeds/rss/", "/donations/"],
)
def test_a_page_of_the_site_is_where_signing_in_leads(client, reader_account, target):
    response = client.post(
        "/accounts/sign-in/", {"username": "reader1", "password": PASSWORD, "next": target}
    )

    assert response["Location"] == target


def test_signing_in_from_the_comment_form_comes_back_to_the_discussion(client, reader_account):
    article = ArticleFactory()
    target = f"{article.get_absolute_url()}?sort=votes#comments"

    page = client.get("/accounts/sign-in/", {"next": target})
    carried = [i.get("value") for i in tags(page, "input") if i.get("name") == "next"]
    response = client.post(
        "/accounts/sign-in/", {"username": "reader1", "password": PASSWORD, "next": carried[0]}
    )

    assert carried == [target]
    assert response["Location"] == target


def test_signing_up_from_an_article_comes_back_to_it(client):
    article = ArticleFactory()

    response = sign_up(client, next=article.get_absolute_url())

    assert response["Location"] == article.get_absolute_url()
