"""What "each story once, in the reader's language" costs a list page: the newest 12 articles
and their count, with and without the rule, for an archive of 20,000 English articles of
which every 20th has a German version.

Run from the checkout:

    .venv/bin/python bench/stories.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
        .venv/bin/python bench/stories.py

Everything happens in a throwaway test database (test_<name>, or SQLite in memory), made and
destroyed with Django's own test machinery: the development database is never touched.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
# Forced, not defaulted: a DJANGO_SETTINGS_MODULE left in the shell must not pick dev settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Category, Story  # noqa: E402

ARTICLES = 20_000
TRANSLATED_EVERY = 20
RUNS = 15


def build():
    category = Category.objects.create(name="Bench", slug="bench")
    now = timezone.now()
    Article.objects.bulk_create(
        (
            Article(
                headline=f"Report {i}",
                slug=f"report-{i}",
                body="x",
                body_html="<p>x</p>",
                category=category,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
            )
            for i in range(ARTICLES)
        ),
        batch_size=2000,
    )
    originals = list(Article.objects.order_by("pk")[::TRANSLATED_EVERY])
    stories = Story.objects.bulk_create(Story() for _ in originals)
    versions = []
    for story, original in zip(stories, originals, strict=True):
        original.story = story
        versions.append(
            Article(
                headline=f"Bericht {original.pk}",
                slug=f"bericht-{original.pk}",
                body="x",
                body_html="<p>x</p>",
                category=category,
                status=Article.Status.PUBLISHED,
                published_at=original.published_at + timedelta(seconds=30),
                language="de",
                story=story,
            )
        )
    Article.objects.bulk_update(originals, ["story"], batch_size=2000)
    Article.objects.bulk_create(versions, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")


def median_ms(work):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        build()
        newest = ("-published_at", "-pk")
        cases = {"no rule": Article.objects.published()}
        for language in ("en", "de", "ar"):
            cases[language] = Article.objects.published().one_version_per_story(language)
        print(f"{connection.vendor}, {Article.objects.count()} articles, median of {RUNS}:")
        for name, articles in cases.items():
            page = median_ms(lambda a=articles: list(a.order_by(*newest).values("pk")[:12]))
            count = median_ms(lambda a=articles: a.count())
            print(f"  {name:8} first page {page:6.1f} ms   count {count:6.1f} ms")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
