"""Search: what it matches, on SQLite and on PostgreSQL alike, whatever it is given; and how
long a cached page may be kept while an article is scheduled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.selectors import (
    MAX_SEARCH_LENGTH,
    clean_search_query,
    search_articles,
    seconds_to_next_publication,
)
from tests.factories import ArticleFactory

SQL_METACHARACTERS = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "%%",
    "%_%",
    "'; DROP TABLE articles_article; --",
    "harbour') OR ('a'='a",
    "*",
    "|",
    "!",
    "&",
    "(",
    ":*",
]


def headlines(queryset):
    return sorted(article.headline for article in queryset)


@pytest.fixture
def stories(db):
    return [
        ArticleFactory(headline="Harbour wall collapses", body="Storm damage along the coast."),
        ArticleFactory(headline="Council meets", body="The harbour budget was approved."),
        ArticleFactory(headline="Cup final tonight", body="Tickets sold out."),
        ArticleFactory(headline="Café reopens in São Paulo", body="Coffee again. 🎉"),
        ArticleFactory(headline="Harbour draft", body="Unpublished harbour.", draft=True),
        ArticleFactory(headline="Harbour embargo", body="Scheduled harbour.", scheduled=True),
    ]


# --- Cleaning what readers type ------------------------------------------------------------------


def test_the_query_is_trimmed_and_its_spaces_collapsed():
    assert clean_search_query("  harbour \t\n  wall  ") == "harbour wall"


def test_control_characters_and_nul_bytes_are_dropped():
    assert clean_search_query("har\x00bour\x07 wall\x1b") == "harbour wall"


def test_the_query_is_cut_to_the_maximum_length():
    assert clean_search_query("x" * 10_000) == "x" * MAX_SEARCH_LENGTH


@pytest.mark.parametrize("raw", [None, "", "   ", "\x00\x00"])
def test_a_query_with_nothing_in_it_is_empty(raw):
    assert clean_search_query(raw) == ""


# --- Matching ------------------------------------------------------------------------------------


def test_search_matches_headline_and_body_of_published_articles_only(stories):
    assert headlines(search_articles("harbour")) == ["Council meets", "Harbour wall collapses"]


def test_search_ignores_case(stories):
    assert headlines(search_articles("HARBOUR")) == headlines(search_articles("harbour"))


def test_every_word_must_match(stories):
    assert headlines(search_articles("harbour storm")) == ["Harbour wall collapses"]


def test_search_finds_accented_words(stories):
    assert headlines(search_articles("café")) == ["Café reopens in São Paulo"]
    assert headlines(search_articles("São Paulo")) == ["Café reopens in São Paulo"]


def test_an_empty_search_finds_nothing(stories):
    assert list(search_articles("   ")) == []


@pytest.mark.parametrize("text", [t for t in SQL_METACHARACTERS if "harbour" not in t])
def test_sql_metacharacters_alone_find_nothing(stories, text):
    # Were "%" or "_" passed to LIKE unescaped, they would match every article.
    assert list(search_articles(text)) == []


@pytest.mark.parametrize("text", SQL_METACHARACTERS)
def test_sql_metacharacters_never_add_rows(stories, text):
    clean = set(headlines(search_articles("harbour")))

    found = set(headlines(search_articles(f"harbour {text}")))

    assert found <= clean


@pytest.mark.parametrize("text", ["\x00", "🎉🎉", "<script>alert(1)</script>", "ñ" * 300])
def test_odd_text_never_adds_rows(stories, text):
    found = headlines(search_articles(f"harbour {text}"))

    assert set(found) <= {"Council meets", "Harbour wall collapses"}


def test_a_nul_byte_inside_a_word_is_ignored(stories):
    assert headlines(search_articles("har\x00bour")) == headlines(search_articles("harbour"))


# --- How long a cached page may be kept -------------------------------------------------------


@pytest.mark.django_db
def test_pages_are_kept_no_longer_than_the_next_scheduled_publication():
    ArticleFactory(published_at=timezone.now() + timedelta(seconds=90))

    seconds = seconds_to_next_publication("any-generation")

    assert 85 <= seconds <= 92
    assert seconds_to_next_publication("other-generation") <= 92


@pytest.mark.django_db
def test_without_a_scheduled_article_nothing_limits_a_page():
    ArticleFactory()

    assert seconds_to_next_publication("a-generation") is None
