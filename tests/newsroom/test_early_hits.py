"""Shared pages answered before the middleware stack (newsroom/early_hits.py).

What a reader would notice: nothing. The page answered early is the page the full stack
answers, header for header (security headers included), and a request the full stack might
answer differently (cookies, htmx, another language, a query the page's key does not cover,
a host we do not serve) goes through the full stack.
"""

import gzip

import pytest
from django.test import Client

from comments.models import Comment
from newsroom import pagecache
from newsroom.early_hits import may_be_sent_to_another_language
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

EARLY = "newsroom.early_hits.EarlyCacheHitMiddleware"


@pytest.fixture(autouse=True)
def shared_pages(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_CDN_SECONDS = 5


@pytest.fixture
def article():
    article = ArticleFactory(headline="Ferry timetable returns to winter hours")
    CommentFactory.create_batch(3, article=article)
    return article


def answered_early(response):
    """The full stack's AuthenticationMiddleware gives every request a user; the early
    answer is given before it."""
    return not hasattr(response.wsgi_request, "user")


def full_stack_client(settings):
    """A client whose site has no early answer: every request walks the whole stack."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != EARLY]
    return Client()


def headers_but_length(response):
    """The headers, Content-Length aside: GZipMiddleware pads what it compresses by a random
    length (against BREACH), so a small page compressed on the way out differs in length
    from one request to the next; each length must be its body's."""
    assert response["Content-Length"] == str(len(response.content))
    return {name: value for name, value in response.headers.items() if name != "Content-Length"}


def body(response):
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def warm(url, **headers):
    first = Client().get(url, **headers)
    assert first.status_code == 200
    return first


# --- The same answer, header for header ------------------------------------------------------


@pytest.mark.parametrize("path", ["home", "article", "feed"])
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"},
        {"secure": True},  # HTTPS: HSTS
        {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"},
    ],
    ids=["plain", "gzip", "https", "english-browser"],
)
def test_an_early_answer_carries_every_header_of_the_full_stack(article, settings, path, headers):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    url = {"home": "/", "article": article.get_absolute_url(), "feed": "/feeds/rss/"}[path]
    warm(url, **headers)

    early = Client().get(url, **headers)
    full = full_stack_client(settings).get(url, **headers)

    assert answered_early(early) and not answered_early(full)
    assert early.status_code == full.status_code == 200
    assert headers_but_length(early) == headers_but_length(full)
    assert body(early) == body(full)
    if path != "feed":
        assert "Content-Security-Policy" in early.headers
        assert early["X-Frame-Options"] == "DENY"
        assert early["X-Content-Type-Options"] == "nosniff"
        assert early["Cross-Origin-Opener-Policy"] == "same-origin"
    assert early["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Permissions-Policy" in early.headers
    assert "Cookie" in early["Vary"] and "Accept-Encoding" in early["Vary"]
    if headers.get("secure"):
        assert early["Strict-Transport-Security"].startswith("max-age=31536000")
    if "HTTP_ACCEPT_ENCODING" in headers:
        assert early["Content-Encoding"] == "gzip"


def test_a_browser_that_has_the_page_gets_the_same_not_modified_early(article, settings):
    url = article.get_absolute_url()
    etag = warm(url)["ETag"]

    early = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    full = full_stack_client(settings).get(url, HTTP_IF_NONE_MATCH=etag)

    assert answered_early(early)
    assert early.status_code == full.status_code == 304
    assert dict(early.headers) == dict(full.headers)


def test_a_head_request_is_answered_early_like_the_full_stack(article, settings):
    url = article.get_absolute_url()
    warm(url)

    early = Client().head(url)
    full = full_stack_client(settings).head(url)

    assert answered_early(early)
    assert dict(early.headers) == dict(full.headers)


# --- What goes through the full stack --------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": "csrftoken=abcdefghijklmnopqrstuvwxyz012345"},
        {"HTTP_COOKIE": "django_language=de"},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"},
        {"HTTP_ACCEPT_LANGUAGE": "ar"},
    ],
    ids=["a-cookie", "a-language-cookie", "htmx", "german-browser", "arabic-browser"],
)
def test_requests_the_full_stack_might_answer_otherwise_go_through_it(article, headers):
    url = article.get_absolute_url()
    warm(url)

    response = Client().get(url, **headers)

    assert response.status_code == 200
    assert not answered_early(response)


def test_a_query_the_key_does_not_cover_goes_through_the_full_stack(article):
    url = article.get_absolute_url()
    warm(url)

    response = Client().get(url, {"utm_source": "newsletter"})

    assert not answered_early(response)
    assert "private" in response["Cache-Control"]  # rendered for this request, not kept


def test_a_query_the_key_covers_is_answered_early(article):
    url = article.get_absolute_url()
    warm(f"{url}?sort=votes")

    response = Client().get(url, {"sort": "votes"})

    assert answered_early(response)
    assert response.status_code == 200


def test_a_page_that_does_not_exist_is_not_answered_early_and_files_nothing(article):
    response = Client().get(f"{article.get_absolute_url()}?page=0")

    assert response.status_code == 404


def test_an_unknown_host_is_refused_early_as_by_the_full_stack(article):
    url = article.get_absolute_url()
    warm(url)

    response = Client().get(url, HTTP_HOST="evil.example")

    assert response.status_code == 400


def test_a_post_is_never_answered_early(article):
    url = article.get_absolute_url()
    warm(url)

    response = Client().post(url)

    assert response.status_code == 405
    assert not answered_early(response)


def test_a_miss_is_rendered_by_the_full_stack_and_then_answered_early(article):
    url = article.get_absolute_url()

    first = Client().get(url)
    second = Client().get(url)

    assert not answered_early(first)
    assert answered_early(second)


def test_an_early_answer_is_fresh_after_a_change(article):
    url = article.get_absolute_url()
    warm(url)
    comment = Comment.objects.filter(article=article).first()
    Comment.objects.filter(pk=comment.pk).update(upvotes=7, score=7)

    pagecache.public_pages_changed(pagecache.article_scope(article.slug))
    response = Client().get(url)

    assert 'title="7 up, 0 down"' in response.content.decode()


def test_an_address_no_article_has_leaves_no_generation_behind(article):
    from django.core.cache import cache

    Client().get("/articles/no-such-article/")

    key = pagecache._generation_key(pagecache.article_scope("no-such-article"))
    assert cache.get(key) is None


# --- Languages -------------------------------------------------------------------------------


@pytest.mark.usefixtures("article")
def test_a_reader_who_chose_another_language_gets_nothing_filed_for_english_readers():
    """Whatever chooses the language (issue 17), the shared page of an address is in the
    language the address names: a reader whose cookie chose German is sent to the German
    page, and nothing is filed at the English address for them."""
    german = Client()
    german.cookies["django_language"] = "de"

    response = german.get("/", HTTP_ACCEPT="text/html")

    assert response.status_code == 302
    assert response["Location"] == "/de/"
    assert not answered_early(Client().get("/"))  # nothing was filed for English readers


@pytest.mark.parametrize(
    ("path", "accept_language", "expected"),
    [
        ("/", "", False),
        ("/", "en-US,en;q=0.9", False),
        ("/", "de-DE,de;q=0.9", True),
        ("/articles/some-story/", "ar", True),
        ("/", "xx-YY,en;q=0.5", False),  # the first language we offer is English
        ("/", "*", False),
        ("/de/", "de", False),  # the address says its language
        ("/de/articles/some-story/", "en", False),
    ],
)
def test_which_requests_may_be_sent_to_another_language(path, accept_language, expected, rf):
    request = rf.get(path, HTTP_ACCEPT_LANGUAGE=accept_language)

    assert may_be_sent_to_another_language(request) is expected
