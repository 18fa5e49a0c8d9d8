"""Reader accounts on django-allauth: sign up with a verified address, sign in by password or
by a code, reset a password, and where each leads. The emails are read from the outbox, as the
task worker sends them."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail

from outbox.models import OutgoingEmail
from tests.factories import ArticleFactory, account
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour password 42"
LINK = re.compile(r"https?://[^/\s]+(/accounts/[^\s\"<>]+)")


def sign_up(client, **overrides):
    data = {
        "username": "tidewatcher",
        "email": "Tide@Example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def last_mail(to):
    sent = [m for m in mail.outbox if m.to == [to]]
    assert sent, f"no email to {to}"
    return sent[-1]


def link_in(message):
    return LINK.search(message.body).group(1)


def test_a_new_account_must_verify_its_address_before_it_is_signed_in(client, committed):
    with committed():
        response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(username="tidewatcher")
    assert user.email == "tide@example.org"
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session
    message = last_mail("tide@example.org")
    assert "confirm" in message.subject.lower()

    with committed():
        client.get(link_in(message))
        confirmed = client.post(link_in(message))

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "tidewatcher" in page_text(client.get("/"))


def test_the_verification_email_goes_through_the_outbox_and_keeps_no_link_once_sent(
    client, committed
):
    with committed():
        sign_up(client)

    row = OutgoingEmail.objects.get(to_email="tide@example.org")
    assert row.kind == "account"
    assert row.status == OutgoingEmail.Status.SENT
    assert row.data == {}  # the link is for the addressee only


def test_a_second_sign_up_with_the_same_address_looks_the_same_and_tells_the_owner(
    client, committed
):
    account("first", email="tide@example.org", password=PASSWORD)
    fresh = sign_up(client, email="brand-new@example.org", username="other")

    with committed():
        taken = sign_up(client.__class__(), email="TIDE@example.org")

    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert not User.objects.filter(username="tidewatcher").exists()
    warning = last_mail("tide@example.org")
    assert "already" in warning.body.lower()


def test_mismatched_passwords_show_the_form_again(client):
    response = sign_up(client, password2="something else entirely")

    assert response.status_code == 200
    assert "You must type the same password each time" in page_text(response)
    assert not User.objects.filter(username="tidewatcher").exists()


def test_a_tampered_verification_link_is_a_clear_page_and_changes_nothing(client, committed):
    with committed():
        sign_up(client)
    path = link_in(last_mail("tide@example.org"))

    response = client.get(path[:-6] + "AAAAAA/")
    client.post(path[:-6] + "AAAAAA/")

    assert response.status_code == 200
    assert "expired or is invalid" in page_text(response)
    assert not EmailAddress.objects.get(email="tide@example.org").verified


def test_sign_in_and_sign_out(client):
    account("reader1", password=PASSWORD)

    response = client.post("/accounts/login/", {"login": "reader1", "password": PASSWORD})
    assert response.status_code == 302
    assert "reader1" in page_text(client.get("/"))

    client.post("/accounts/logout/")
    assert "Sign in" in page_text(client.get("/"))


def test_sign_in_by_address_in_any_case(client):
    account("reader1", email="reader1@example.org", password=PASSWORD)

    client.post("/accounts/login/", {"login": "Reader1@EXAMPLE.org", "password": PASSWORD})

    assert "_auth_user_id" in client.session


def test_a_wrong_password_is_a_form_error(client):
    account("reader1", password=PASSWORD)

    response = client.post("/accounts/login/", {"login": "reader1", "password": "nope"})

    assert response.status_code == 200
    assert "not correct" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_sign_in_by_a_code_sent_by_email(client, committed):
    user = account("reader1", password=PASSWORD)

    with committed():
        response = client.post("/accounts/login/code/", {"email": "reader1@example.org"})
    assert response.status_code == 302
    code = re.search(r"window\.\n\n(\S+)\n", last_mail("reader1@example.org").body)[1]

    response = client.post(response["Location"], {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_code_for_an_unknown_address_looks_the_same(client, committed):
    account("reader1", password=PASSWORD)
    known = client.post("/accounts/login/code/", {"email": "reader1@example.org"})

    with committed():
        unknown = client.__class__().post("/accounts/login/code/", {"email": "nobody@example.org"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert "do not have any record of such an account" in last_mail("nobody@example.org").body


def test_password_reset_by_emailed_link(client, committed):
    user = account("reader1", password=PASSWORD)

    with committed():
        response = client.post("/accounts/password/reset/", {"email": "READER1@example.org"})
    assert response.status_code == 302
    path = link_in(last_mail("reader1@example.org"))
    form_page = client.get(path, follow=True)
    new = "another long harbour password 43"
    response = client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # Used once: the same link again changes nothing.
    again = client.get(path, follow=True)
    assert "invalid" in page_text(again).lower()


def test_a_reset_for_an_unknown_address_looks_the_same_and_says_so_by_email(client, committed):
    account("reader1", password=PASSWORD)
    known = client.post("/accounts/password/reset/", {"email": "reader1@example.org"})

    with committed():
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert "do not have any record of such an account" in last_mail("nobody@example.org").body


def test_the_old_addresses_lead_to_the_new_pages(client):
    assert client.get("/accounts/sign-in/?next=/donations/")["Location"] == (
        "/accounts/login/?next=/donations/"
    )
    assert client.get("/accounts/sign-up/")["Location"] == "/accounts/signup/"


def test_the_admin_login_is_the_site_s_sign_in(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert response.status_code == 200


def test_signed_in_readers_only_write_their_comment(client):
    client.force_login(account("reader1", password=PASSWORD))
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    names = {field.get("name") for field in tags(response, "input")}
    assert "name" not in names
    assert "email" not in names
    assert "Commenting as reader1" in page_text(response)


def test_the_account_pages_are_ours_and_never_indexed(client):
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        response = client.get(path)

        assert response.status_code == 200
        assert {"name": "robots", "content": "noindex"} in tags(response, "meta")
        assert any("css/site.css" in link.get("href", "") for link in tags(response, "link"))


# --- Where `next` leads -----------------------------------------------------------------------

# Addresses a stranger can put in ?next=: loops back to the account pages, other sites in
# every spelling browsers accept, schemes that run code, header injection, addresses that
# are not pages, unicode and bidi tricks, and absurd lengths.
ODD_NEXTS = [
    "/accounts/login/",
    "/accounts/sign-in/?next=/accounts/sign-in/",
    "/accounts/signup/?next=id",
    "/accounts/logout/",
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


@pytest.mark.parametrize("odd", ODD_NEXTS)
def test_signing_in_or_out_with_any_odd_next_goes_home(client, odd):
    account("reader1", password=PASSWORD)

    signed_in = client.post(
        "/accounts/login/", {"login": "reader1", "password": PASSWORD, "next": odd}
    )
    signed_out = client.post("/accounts/logout/", {"next": odd})

    for response in (signed_in, signed_out):
        assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.parametrize("target", ["/", "/search/?q=harbour+wall", "/feeds/rss/", "/donations/"])
def test_a_page_of_the_site_is_where_signing_in_leads(client, target):
    account("reader1", password=PASSWORD)

    response = client.post(
        "/accounts/login/", {"login": "reader1", "password": PASSWORD, "next": target}
    )

    assert response["Location"] == target


def test_signing_in_from_the_comment_form_comes_back_to_the_discussion(client):
    account("reader1", password=PASSWORD)
    article = ArticleFactory()
    target = f"{article.get_absolute_url()}?sort=votes#comments"

    page = client.get("/accounts/login/", {"next": target})
    carried = [i.get("value") for i in tags(page, "input") if i.get("name") == "next"]
    response = client.post(
        "/accounts/login/", {"login": "reader1", "password": PASSWORD, "next": carried[0]}
    )

    assert set(carried) == {target}
    assert response["Location"] == target


def test_the_links_in_account_emails_name_the_public_site_whatever_the_host(
    client, committed, site_url
):
    account("reader1", password=PASSWORD)

    with committed():
        client.post(
            "/accounts/password/reset/", {"email": "reader1@example.org"}, HTTP_HOST="localhost"
        )
        sign_up(client.__class__(HTTP_HOST="localhost"))

    bodies = " ".join(m.body for m in mail.outbox)
    assert "https://news.example.org/accounts/password/reset/key/" in bodies
    assert "https://news.example.org/accounts/confirm-email/" in bodies
    assert "localhost/accounts/" not in bodies
