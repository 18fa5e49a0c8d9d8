"""Who is commenting or voting: an account, or a guest's browser (signed cookie) and address."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from comments.identity import (
    COOKIE_NAME,
    Reader,
    existing_reader,
    reader_from_request,
    remember_reader,
)
from newsroom.client import client_ip
from tests.factories import ArticleFactory, CommentFactory, reader_cookie

pytestmark = pytest.mark.django_db


def request(*, cookie=None, user=None, **meta):
    made = RequestFactory().get("/", **meta)
    made.user = user or AnonymousUser()
    if cookie is not None:
        made.COOKIES[COOKIE_NAME] = cookie
    return made


# --- The address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "header", "ip"),
    [
        ({"REMOTE_ADDR": "203.0.113.4"}, "", "203.0.113.4"),
        ({"REMOTE_ADDR": "203.0.113.4", "HTTP_X_FORWARDED_FOR": "10.1.1.1"}, "", "203.0.113.4"),
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"},
            "HTTP_X_REAL_IP",
            "203.0.113.9",
        ),
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"},
            "HTTP_X_FORWARDED_FOR",
            "203.0.113.9",
        ),
        ({"REMOTE_ADDR": "10.0.0.1"}, "HTTP_X_REAL_IP", "10.0.0.1"),
        ({"REMOTE_ADDR": "2001:0DB8:0000::0001"}, "", "2001:db8::1"),
        ({"REMOTE_ADDR": "not an address"}, "", None),
        ({"REMOTE_ADDR": ""}, "", None),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "<script>"}, "HTTP_X_REAL_IP", None),
    ],
)
def test_the_client_address(settings, meta, header, ip):
    settings.CLIENT_IP_HEADER = header

    assert client_ip(request(**meta)) == ip


# --- The reader -----------------------------------------------------------------------------


def test_a_first_time_guest_gets_a_fresh_unguessable_browser_key():
    first = reader_from_request(request())
    second = reader_from_request(request())

    assert first.user is None
    assert first.is_new_browser
    assert len(first.browser_key) >= 32
    assert first.browser_key != second.browser_key
    assert first.voter_key == f"b{first.browser_key}"


def test_a_returning_guest_is_known_by_the_signed_cookie():
    reader = reader_from_request(request(cookie=reader_cookie("ana-browser")))

    assert (reader.browser_key, reader.is_new_browser) == ("ana-browser", False)
    assert existing_reader(request(cookie=reader_cookie("ana-browser"))).browser_key == (
        "ana-browser"
    )


@pytest.mark.parametrize("cookie", ["ana-browser", "ana-browser:1xWB7D:forged", ""])
def test_an_unsigned_or_forged_cookie_is_a_new_browser(cookie):
    reader = reader_from_request(request(cookie=cookie))

    assert reader.browser_key != "ana-browser"
    assert reader.is_new_browser
    assert existing_reader(request(cookie=cookie)) is None


def test_a_signed_in_reader_is_their_account(reader):
    found = reader_from_request(request(user=reader, cookie=reader_cookie("ana-browser")))

    assert found.user == reader
    assert found.voter_key == f"u{reader.pk}"
    assert existing_reader(request(user=reader)).user == reader


def test_a_stranger_without_the_cookie_is_nobody_in_particular():
    assert existing_reader(request()) is None


def test_a_guest_owns_the_comments_of_their_browser_only(reader):
    own = CommentFactory(browser_key="ana-browser")
    others = CommentFactory(browser_key="ben-browser")
    keyless = CommentFactory(browser_key="")
    by_account = CommentFactory(user=reader, browser_key="ana-browser")
    ana = Reader(user=None, browser_key="ana-browser", ip="203.0.113.1")
    blank = Reader(user=None, browser_key="", ip="203.0.113.1")

    assert [ana.owns(c) for c in [own, others, keyless, by_account]] == [True, False, False, False]
    assert not blank.owns(keyless)
    assert set(type(own).objects.filter(ana.owns_q())) == {own}


def test_an_account_owns_its_comments_in_any_browser(reader):
    own = CommentFactory(user=reader)
    guest = CommentFactory(browser_key="ana-browser")
    account = Reader(user=reader, browser_key="ana-browser", ip=None)

    assert account.owns(own)
    assert not account.owns(guest)
    assert set(type(own).objects.filter(account.owns_q())) == {own}


# --- The cookie -----------------------------------------------------------------------------


def test_the_cookie_is_set_for_a_new_guest_only(reader, settings):
    settings.SESSION_COOKIE_SECURE = True
    new = remember_reader(HttpResponse(), Reader(None, "fresh", "203.0.113.1", True))
    returning = remember_reader(HttpResponse(), Reader(None, "known", "203.0.113.1", False))
    account = remember_reader(HttpResponse(), Reader(reader, "fresh", "203.0.113.1", True))

    cookie = new.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert existing_reader(request(cookie=cookie.value)).browser_key == "fresh"
    assert COOKIE_NAME not in returning.cookies
    assert COOKIE_NAME not in account.cookies


def test_reading_an_article_sets_no_reader_cookie(client):
    response = client.get(ArticleFactory().get_absolute_url())

    assert COOKIE_NAME not in response.cookies


def test_a_signed_in_reader_who_comments_gets_no_guest_cookie(browser, post_comment, reader):
    response = post_comment(browser(user=reader), ArticleFactory())

    assert response.status_code == 302
    assert COOKIE_NAME not in response.cookies
