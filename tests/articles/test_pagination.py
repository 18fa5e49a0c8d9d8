"""Long lists: every page holds the right articles in order, the last read from the end, and
the count is kept until the articles change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import selectors
from articles.models import Article
from articles.pagination import COUNT_SECONDS_AT_MOST, count_seconds
from articles.views import ARTICLES_PER_PAGE
from newsroom.pagecache import SITE, public_pages_changed
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """Five pages and a bit of articles, newest first."""
    now = timezone.now()
    section = CategoryFactory(slug="news")
    return [
        ArticleFactory(
            headline=f"Story {n:03d}",
            slug=f"story-{n:03d}",
            category=section,
            published_at=now - timedelta(hours=n + 1),
        )
        for n in range(ARTICLES_PER_PAGE * 5 + 3)
    ]


def headlines(response):
    return [a.headline for a in response.context["articles"]]


@pytest.mark.parametrize("url", ["/", "/category/news/"])
def test_every_page_from_the_first_to_the_last_lists_the_right_articles(client, archive, url):
    seen = []
    for number in range(1, 7):
        response = client.get(f"{url}?page={number}")
        assert response.status_code == 200
        seen += headlines(response)
    assert seen == [a.headline for a in archive]
    assert client.get(f"{url}?page=7").status_code == 404


def test_the_count_is_kept_until_the_articles_change(client, archive):
    client.get("/")
    with CaptureQueriesContext(connection) as again:
        client.get("/?page=6")
    assert not [q for q in again.captured_queries if "COUNT(" in q["sql"].upper()]

    ArticleFactory(headline="Breaking", category=archive[0].category)
    public_pages_changed(SITE)  # as every change made in the admin does
    response = client.get("/?page=6")
    # One more article: the last page gains the one that fell off the page before it.
    assert len(headlines(response)) == 4
    assert headlines(response)[-1] == archive[-1].headline
    assert "Page 6 of 6" in response.text


def test_a_count_holds_until_the_next_scheduled_article_goes_live(archive):
    now = timezone.now()
    assert count_seconds() == COUNT_SECONDS_AT_MOST  # nothing scheduled: an hour

    ArticleFactory(published_at=now + timedelta(days=2))
    assert count_seconds() == COUNT_SECONDS_AT_MOST

    ArticleFactory(status=Article.Status.DRAFT, published_at=now + timedelta(seconds=30))
    assert count_seconds() == COUNT_SECONDS_AT_MOST  # a draft does not go live by itself

    ArticleFactory(published_at=now + timedelta(seconds=90))
    assert 85 <= count_seconds() <= 90


def test_a_search_pages_from_both_ends_too(client, archive):
    Article.objects.update(body="The harbour again.")
    first = headlines(client.get("/search/?q=harbour"))
    last = headlines(client.get("/search/?q=harbour&page=6"))
    assert len(first) == ARTICLES_PER_PAGE and len(last) == 3
    assert not set(first) & set(last)


def test_a_common_word_is_ranked_among_its_newest_matches_on_postgres(client, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_DEPTH", 3)
    now = timezone.now()
    for n in range(5):
        ArticleFactory(headline=f"Harbour {n}", published_at=now - timedelta(hours=n + 1))
    response = client.get("/search/?q=harbour")
    found = sorted(headlines(response))
    if connection.vendor == "postgresql":
        assert found == ["Harbour 0", "Harbour 1", "Harbour 2"]
        assert "The best of the 3 newest articles about “harbour”" in response.text
    else:  # SQLite searches without ranking, every match
        assert len(found) == 5
        assert "5 results for “harbour”" in response.text
