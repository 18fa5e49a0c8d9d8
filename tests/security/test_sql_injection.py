"""SQL metacharacters in every query parameter, form field and id: never a 500, and never a
result set other than the clean value's (the ORM binds every value as a parameter; what is
not a known value falls back to the default)."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from comments import notifications
from comments.models import Comment, Passage, Report, Subscription, Vote
from tests.factories import ArticleFactory, CommentFactory
from tests.utils import comment_threads, tags

from .payloads import SQL

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def discussion():
    """25 threads with different ages and scores (more than a page of 20), some replies."""
    article = ArticleFactory(headline="Harbour wall gives way")
    now = timezone.now()
    threads = [
        CommentFactory(
            article=article,
            created_at=now - timedelta(minutes=n),
            score=(n * 7) % 11,
            upvotes=(n * 7) % 11,
        )
        for n in range(25)
    ]
    for thread in threads[:5]:
        CommentFactory(parent=thread)
    CommentFactory(article=article, pending=True, body="Held: never shown.")
    return article


def order(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return comment_threads(response)[1]


def test_sort_comments_and_fragment_parameters_show_the_default_threads(discussion):
    """?sort=votes' OR 1=1-- shows exactly what the default sort shows, in the same order."""
    reader, url = Client(), discussion.get_absolute_url()
    default = order(reader, url)
    second = order(reader, f"{url}?page=2")
    by_votes_second = order(reader, f"{url}?sort=votes&page=2")
    assert len(default) == 25  # the 20 newest threads, with the 5 replies among them
    assert len(second) == 5
    for payload in SQL:
        value = quote(payload)
        assert order(reader, f"{url}?sort={value}") == default, payload
        assert order(reader, f"{url}?comments={value}") == default, payload
        assert order(reader, f"{url}?sort={value}&page=2") == second, payload
        assert order(reader, f"{url}?sort=votes&page=2&fragment={value}") == by_votes_second
        # "Load more" (htmx) with a tampered sort: the default order of the next threads.
        fragment = f"{url}?sort={value}&page=2&fragment=threads"
        assert order(reader, fragment, **HX) == second, payload
        assert reader.get(f"{url}?page={value}").status_code == 404, payload


def test_page_numbers_that_are_not_numbers_are_not_found():
    for n in range(14):
        ArticleFactory(headline=f"Story {n}")
    reader = Client()
    first = [a["href"] for a in tags(reader.get("/"), "a") if "/articles/" in a.get("href", "")]
    for payload in SQL:
        for url in ["/", "/search/?q=story&"]:
            joiner = "&" if "?" in url else "?"
            response = reader.get(f"{url}{joiner}page={quote(payload)}")
            assert response.status_code == 404, (url, payload)
            assert b"Page not found" in response.content or b"not found" in response.content
    again = [a["href"] for a in tags(reader.get("/?page=1"), "a") if "/articles/" in a["href"]]
    assert again == first


def search_results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200, query
    return {a["href"] for a in tags(response, "a") if a.get("href", "").startswith("/articles/")}


def test_search_with_sql_finds_no_more_than_its_words():
    """The words of the payloads (OR, UNION, SELECT, 1...) are in none of the articles: a
    search for "harbour" and a payload finds harbour stories, never the others. (On
    PostgreSQL, OR and -word are search syntax; that is fine, it is not SQL.)"""
    names = ["alpha", "beta", "gamma"]
    harbour = {
        ArticleFactory(
            headline=f"Harbour story {name}", body="The harbour wall."
        ).get_absolute_url()
        for name in names
    }
    for name in names:
        ArticleFactory(headline=f"Market story {name}", body="The market square.")
    reader = Client()
    assert search_results(reader, "harbour") == harbour
    for payload in SQL:
        found = search_results(reader, f"harbour {payload}")
        assert found <= harbour, payload  # never the market stories
        assert search_results(reader, f"harbour{payload}") <= harbour, payload


def test_ids_in_urls_that_are_not_numbers_are_not_found(discussion):
    comment = Comment.objects.filter(article=discussion).first()
    passage = Passage.objects.create(article=discussion, text="The first paragraph.")
    reader = Client()
    counts = (Comment.objects.count(), Vote.objects.count(), Report.objects.count())
    for payload in SQL[:20]:
        value = quote(payload, safe="")
        for url in [
            f"/comments/{value}/",
            f"/comments/{value}/reply/",
            f"/comments/{comment.pk}{value}/reply/",
            f"/comments/{value}/report/",
            f"/comments/{value}/edit/",
            f"/comments/{value}/delete/",
            f"/comments/passage/{value}/feedback/",
            f"/comments/passage/{passage.pk}{value}/feedback/",
            f"/comments/article/{value}/count/",
            f"/comments/article/{discussion.pk}{value}/count/",
            f"/comments/article/{value}/subscribe/",
            f"/articles/{value}/",
            f"/category/{value}/",
            f"/tag/{value}/",
            f"/contributors/{value}/",
            f"/category/{value}/rss/",
        ]:
            assert reader.get(url).status_code == 404, url
        for url in [
            f"/comments/{value}/vote/",
            f"/comments/article/{value}/post/",
            f"/comments/{value}/report/",
        ]:
            assert reader.post(url, {"value": "up", "reason": "spam"}).status_code == 404, url
    assert (Comment.objects.count(), Vote.objects.count(), Report.objects.count()) == counts


def test_hidden_ids_and_choices_in_posted_forms_are_refused(discussion, browser):
    """The parent and passage ids, the vote's value, the report's reason and the kind of
    subscription: metacharacters are refused and nothing is saved."""
    comment = Comment.objects.filter(article=discussion, parent=None).first()
    guest = browser()
    before = (
        Comment.objects.count(),
        Vote.objects.count(),
        Report.objects.count(),
        Subscription.objects.count(),
    )
    for payload in SQL:
        base = {
            "name": "Ana",
            "email": "ana@example.org",
            "body": f"Reply {payload[:20]}",
            "seconds_on_page": "60",
        }
        for hidden in ["parent", "passage"]:
            response = guest.post(
                f"/comments/article/{discussion.pk}/post/", {**base, hidden: payload}
            )
            assert response.status_code == 400, (hidden, payload)
        response = guest.post(f"/comments/{comment.pk}/vote/", {"value": payload})
        assert response.status_code == 302  # back to the comment, with "Choose Vote up..."
        response = guest.post(f"/comments/{comment.pk}/report/", {"reason": payload})
        assert response.status_code == 400
        response = guest.post(
            f"/comments/article/{discussion.pk}/subscribe/",
            {"kind": payload, "email": "ana@example.org"},
        )
        assert response.status_code == 400
    after = (
        Comment.objects.count(),
        Vote.objects.count(),
        Report.objects.count(),
        Subscription.objects.count(),
    )
    assert after == before


@pytest.fixture
def subscriptions():
    article = ArticleFactory()
    return [
        Subscription.objects.create(article=article, kind="follow-ups", email=f"s{n}@example.org")
        for n in range(3)
    ]


def test_subscription_look_ups_with_sql_in_the_token_change_nothing(subscriptions):
    """The confirm and unsubscribe links: metacharacters in place of the token, in a token
    that was cut or altered, and even in the fields of a validly signed token."""
    reader = Client(enforce_csrf_checks=True)
    valid = notifications.confirm_token(subscriptions[0])
    tokens = [quote(p, safe="") for p in SQL if p.strip("/") and "\x00" not in p]
    tokens += [quote(valid + p, safe="") for p in SQL[:10]]
    for field in ["s", "e", "m"]:
        for payload in SQL[:12]:
            for salt in [notifications.CONFIRM_SALT, notifications.UNSUBSCRIBE_SALT]:
                tokens.append(signing.dumps({field: payload}, salt=salt))
                tokens.append(signing.dumps({"s": subscriptions[0].pk, field: payload}, salt=salt))
    tokens.append(signing.dumps(["s", 1], salt=notifications.UNSUBSCRIBE_SALT))
    tokens.append(signing.dumps({"s": [1, 2]}, salt=notifications.UNSUBSCRIBE_SALT))
    for token in tokens:
        for url in [
            f"/comments/subscriptions/confirm/{token}/",
            f"/comments/unsubscribe/{token}/",
        ]:
            response = reader.get(url)
            assert response.status_code in (200, 400, 404), (url, response.status_code)
        response = reader.post(f"/comments/unsubscribe/{token}/")
        assert response.status_code in (200, 400, 404), (token, response.status_code)
    assert Subscription.objects.count() == 3
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


def test_admin_searches_and_filters_with_sql_never_fail(moderator, fundraiser, editor):
    CommentFactory(body="A thought about the harbour.")
    pages = {
        moderator: ["/admin/comments/comment/", "/admin/comments/subscription/"],
        fundraiser: ["/admin/donations/donation/", "/admin/donations/campaign/"],
        editor: ["/admin/articles/article/"],
    }
    for user, urls in pages.items():
        desk = Client()
        desk.force_login(user)
        for url in urls:
            for index, payload in enumerate(SQL):
                params_tried = [{"q": payload}]
                if index < 8:  # sorting and filtering take the same path for every value
                    params_tried += [{"o": payload}, {"status__exact": payload}]
                for params in params_tried:
                    response = desk.get(url, params)
                    assert response.status_code in (200, 302), (url, params, response.status_code)
