"""Every address the site answers, asked with ids and words that no row can have: the answer
is a 404, a form error or a redirect, never a server error.

The patterns are read from the URL configuration itself, the admin's included, so that a
pattern added later is walked too.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLResolver, get_resolver

from comments.models import Comment
from newsroom.ids import MAX_ID
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

# What a stranger can put where the site expects an id or a word: numbers past what a BIGINT
# column holds (SQLite refuses to even send them), a negative id, digits that are not
# ASCII, and strings far longer than any row's.
BAD_VALUES = [
    str(MAX_ID + 1),  # 2**63
    str(2**64),
    "-1",
    "9" * 400,
    "\u0663",  # ARABIC-INDIC DIGIT THREE: int() reads it as 3
    "x" * 3000,
    "caf\u00e9 \u202e",
]
# The admin reads every id through the same few views (change, delete, history, and our row
# actions): one value too large, one negative, one that is no number.
ADMIN_BAD_VALUES = [str(2**64), "-1", "x" * 3000]

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def routes_with_parameters():
    """Every pattern of the site that takes a value from the address (path converters)."""
    routes = [r for r in _routes(get_resolver().url_patterns) if PARAMETER.search(r)]
    # Regular-expression patterns (the uploads, served in development only) are left to
    # Django's own static view: they take a file path, not an id.
    return sorted(r for r in routes if not r.startswith("^"))


def fill(route, value):
    return "/" + PARAMETER.sub(quote(value, safe=""), route)


def test_the_walk_covers_the_ids_of_the_site_and_of_the_admin():
    routes = routes_with_parameters()

    assert "comments/article/<id:article_id>/count/" in routes
    assert "admin/comments/comment/<path:object_id>/change/" in routes
    assert "admin/privacy/privacyrequest/<id:pk>/download/" in routes
    assert len(routes) > 60


def test_every_id_in_our_own_patterns_is_a_database_id():
    """`<int:...>` would let 2**63 reach the database; `<id:...>` answers 404 for it."""
    ours = [r for r in routes_with_parameters() if "<int:" in r]

    assert ours == []


@pytest.fixture(scope="module")
def site_routes():
    return [r for r in routes_with_parameters() if not r.startswith("admin/")]


@pytest.fixture
def rows(db):
    """A little of everything, so that a bad id is never the only thing a page looks at."""
    article = ArticleFactory()
    CommentFactory(article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    return article


def _server_errors(client, urls, *, htmx=False):
    errors = []
    for url in urls:
        for method in (client.get, client.post):
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}) if htmx else ({},):
                response = method(url, **headers)
                if response.status_code >= 500:
                    errors.append((method.__name__.upper(), url[:120], response.status_code))
    return errors


@pytest.mark.parametrize("who", ["anonymous", "reader", "staff"])
def test_no_address_of_the_site_answers_a_bad_value_with_a_server_error(rows, site_routes, who):
    client = Client(raise_request_exception=False)
    if who == "reader":
        client.force_login(User.objects.create_user("reader", password="pw"))
    elif who == "staff":
        client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    urls = [fill(route, value) for route in site_routes for value in BAD_VALUES]

    # htmx takes other branches in the views; a reader's and staff's pages are the same.
    assert _server_errors(client, urls, htmx=who == "anonymous") == []


def test_no_address_of_the_admin_answers_a_bad_value_with_a_server_error(rows):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    admin_routes = [r for r in routes_with_parameters() if r.startswith("admin/")]
    urls = [fill(route, value) for route in admin_routes for value in ADMIN_BAD_VALUES]

    assert _server_errors(client, urls) == []


@pytest.mark.parametrize("value", [str(MAX_ID + 1), str(2**64), "9" * 40])
def test_an_id_past_the_database_range_is_not_found(client, rows, value):
    """The reported case: the comment bubble's count for an article id SQLite cannot hold."""
    response = client.get(f"/comments/article/{value}/count/")

    assert response.status_code == 404


def test_the_largest_id_the_database_holds_is_still_looked_up(client, rows):
    response = client.get(f"/comments/article/{MAX_ID}/count/")

    assert response.status_code == 200
    assert response.json() == {"count": 0}
