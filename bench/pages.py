"""How many SQL queries and how much time the public pages take, at 10 and at 2,000 articles.

Run from the checkout:

    .venv/bin/python bench/pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/pages.py

Everything happens in a throwaway test database (test_<name>, or SQLite in memory), made and
destroyed with Django's own test machinery: the development database is never touched.
The script exits with status 1 if any page runs more queries with more articles.
"""

import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
# Forced, not defaulted: a DJANGO_SETTINGS_MODULE left in the shell must not pick dev settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"

import warnings  # noqa: E402

import django  # noqa: E402

# WhiteNoise warns when collectstatic has not been run; static files play no part here.
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

from articles.markdown import render_markdown  # noqa: E402
from articles.models import Article, Category, Contributor, Credit, Tag  # noqa: E402

# 10 is under one page of cards (12), so a query per card shows up as growth at 2,000.
# `--large 100000` measures an imported archive instead (on PostgreSQL, where the count and
# OFFSET of every list once cost 50 to 220 ms).
SIZES = (10, 2000)
if "--large" in sys.argv:
    SIZES = (10, int(sys.argv[sys.argv.index("--large") + 1]))
WARMUPS = 3
RUNS = 30
CATEGORY_COUNT = 4
TAG_COUNT = 12
TAGS_PER_ARTICLE = 3
CONTRIBUTOR_COUNT = 24
SEARCH_WORD = "harbour"  # appears in every body below, so search matches every article

BODY_MARKDOWN = """\
The council voted on Tuesday night to close the old harbour road to through traffic from \
the spring, ending a dispute that has divided the town for the best part of a decade. \
Seven councillors voted for the plan, four against, and one abstained after a debate that \
ran well past midnight.

Residents of the streets around the quay have long complained about lorries using the \
road as a shortcut to the ring road. "You cannot open a window in summer," said one, who \
has lived above the chandlery for thirty years. "The whole house shakes when they brake at \
the corner."

## What changes, and when

From the first of April the road will be open only to buses, bicycles, delivery vans \
before ten in the morning and residents with a permit. Cameras at both ends will record \
number plates, and drivers without a permit will be fined **£70**, halved if paid within \
two weeks.

Traders on the quay are less happy. The owner of the fish market said that half of her \
customers arrive by car, and that the nearest car park is a ten-minute walk away up a \
steep hill. The council has promised a review after *six months*, and a free shuttle bus \
on Saturdays during the trial.

> "We are not against the scheme; we are against finding out about it from the \
newspaper," said the chair of the traders' association.

Opponents have until the end of the month to ask for a judicial review. The full report, \
with the traffic counts on which the decision rests, is published on \
[the council's website](https://example.org/harbour-road-report).
"""


# --- Data -----------------------------------------------------------------------------------


def clear_content():
    Credit.objects.all().delete()
    Article.tags.through.objects.all().delete()
    Article.objects.all().delete()
    Contributor.objects.all().delete()
    Tag.objects.all().delete()
    Category.objects.all().delete()


def create_content(size, body_html):
    """`size` published articles, newest first, each with tags, 1-2 authors, some voiceovers."""
    clear_content()
    categories = Category.objects.bulk_create(
        Category(name=name, slug=name.lower(), position=position)
        for position, name in enumerate(["News", "Politics", "Culture", "Sport"])
    )
    assert len(categories) == CATEGORY_COUNT
    Tag.objects.bulk_create(Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(TAG_COUNT))
    Contributor.objects.bulk_create(
        Contributor(name=f"Reporter {n}", slug=f"reporter-{n}", bio="Covers the town.")
        for n in range(CONTRIBUTOR_COUNT)
    )
    categories = list(Category.objects.order_by("pk"))
    tag_ids = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
    contributor_ids = list(Contributor.objects.order_by("pk").values_list("pk", flat=True))

    now = timezone.now()
    Article.objects.bulk_create(
        (
            Article(
                headline=f"Council closes the old road to traffic, part {n}",
                slug=f"council-closes-old-road-{n}",
                standfirst="Seven votes to four after a debate that ran past midnight.",
                body=BODY_MARKDOWN,
                body_html=body_html,
                category=categories[n % CATEGORY_COUNT],
                status=Article.Status.PUBLISHED,
                # n = 0 is the newest; all are in the past, so all are public.
                published_at=now - timedelta(hours=1, minutes=n),
            )
            for n in range(size)
        ),
        batch_size=500,
    )
    # Read the keys back rather than relying on the backend returning them from bulk_create.
    article_ids = {
        int(slug.rsplit("-", 1)[1]): pk for slug, pk in Article.objects.values_list("slug", "pk")
    }

    Article.tags.through.objects.bulk_create(
        (
            Article.tags.through(article_id=pk, tag_id=tag_ids[(n + k) % TAG_COUNT])
            for n, pk in article_ids.items()
            for k in range(TAGS_PER_ARTICLE)
        ),
        batch_size=1000,
    )

    credits = []
    for n, pk in article_ids.items():
        first = contributor_ids[n % CONTRIBUTOR_COUNT]
        credits.append(Credit(article_id=pk, contributor_id=first, position=0))
        if n % 3 == 0:  # every third article has two authors
            second = contributor_ids[(n + 1) % CONTRIBUTOR_COUNT]
            credits.append(Credit(article_id=pk, contributor_id=second, position=1))
        if n % 4 == 0:  # every fourth has a voiceover
            voice = contributor_ids[(n + 2) % CONTRIBUTOR_COUNT]
            credits.append(
                Credit(
                    article_id=pk,
                    contributor_id=voice,
                    role=Credit.Role.VOICEOVER,
                    position=2,
                )
            )
    Credit.objects.bulk_create(credits, batch_size=1000)
    if connection.vendor == "postgresql":
        # A real database has statistics (autovacuum keeps them); a table bulk-loaded a
        # moment ago has none, and the planner would guess its plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    assert Article.objects.published().count() == size
    newest = Article.objects.published().newest_first().first()
    oldest = Article.objects.published().newest_first().last()
    section = newest.category
    in_section = Article.objects.published().filter(category=section)
    oldest_in_section = in_section.newest_first().last()
    tag = newest.tags.order_by("pk").first()
    author = newest.credits.order_by("position").first().contributor
    tagged = Article.objects.published().filter(tags=tag)
    by_author = Article.objects.published().filter(credits__contributor=author).distinct()
    last = -(-size // 12)  # ARTICLES_PER_PAGE
    section_last = -(-in_section.count() // 12)
    # Each page, and the text it must show: the newest headline, or a word of the body.
    return {
        "home": ("/", newest.headline),
        "home-last": (f"/?page={last}", oldest.headline),
        "article": (newest.get_absolute_url(), SEARCH_WORD),
        "category": (section.get_absolute_url(), newest.headline),
        "cat-last": (
            f"{section.get_absolute_url()}?page={section_last}",
            oldest_in_section.headline,
        ),
        "tag": (tag.get_absolute_url(), newest.headline),
        "tag-last": (
            f"{tag.get_absolute_url()}?page={-(-tagged.count() // 12)}",
            tagged.newest_first().last().headline,
        ),
        "author": (author.get_absolute_url(), newest.headline),
        "auth-last": (
            f"{author.get_absolute_url()}?page={-(-by_author.count() // 12)}",
            by_author.newest_first().last().headline,
        ),
        "search": (f"/search/?q={SEARCH_WORD}", newest.headline),
    }


# --- Measuring ------------------------------------------------------------------------------


def count_queries(client, url, expected_text):
    # On a cold cache, the worst case: otherwise what the first page cached (the goal bar,
    # the support box, the moderation rules) would make later pages look cheaper.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert expected_text in response.text, f"{url} does not show {expected_text!r}"
    return response.status_code, [q["sql"] for q in captured.captured_queries]


class DatabaseTimer:
    """Adds up the wall time spent in the database's execute calls (an execute wrapper)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def time_requests(client, url):
    """Median and p90 wall time of a request, and the medians of its CPU time in this process
    (Django and the test client) and of its time in database calls. On a busy machine the
    wall time grows with the wait for a core; the CPU time says what the request itself costs.
    """
    for _ in range(WARMUPS):
        client.get(url)
    timings, cpu_timings, db_timings = [], [], []
    for _ in range(RUNS):
        timer = DatabaseTimer()
        with connection.execute_wrapper(timer):
            cpu_start = time.process_time()
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu_timings.append((time.process_time() - cpu_start) * 1000)
        db_timings.append(timer.seconds * 1000)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    timings.sort()
    p90 = timings[max(0, -(-len(timings) * 9 // 10) - 1)]  # nearest-rank 90th percentile
    return (
        statistics.median(timings),
        p90,
        statistics.median(cpu_timings),
        statistics.median(db_timings),
    )


def query_shape(sql):
    """The SQL with literal values blanked, so the same query for other rows looks the same."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\(\s*\?(?:\s*,\s*\?)*\s*\)", "(?...)", sql)


def database_label():
    version = ".".join(str(part) for part in connection.get_database_version())
    name = connection.settings_dict["NAME"]
    return f"{connection.display_name} {version} ({name})"


def main():
    body_html = render_markdown(BODY_MARKDOWN)
    results = {}  # (size, page) -> (status, queries, median, p90)
    sql_seen = {}  # (size, page) -> list of SQL

    started = time.perf_counter()
    # Not setup_test_environment(): it instruments every template render for the test
    # client's response.context, which production does not pay for.
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        print(f"Database:  {database_label()}")
        print(
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"{os.cpu_count()} CPUs; median and p90 of {RUNS} requests after {WARMUPS} warm-ups"
        )
        print(
            f"Data: {CATEGORY_COUNT} categories, {TAG_COUNT} tags ({TAGS_PER_ARTICLE} per "
            "article), 1-2 authors each, a voiceover on every 4th; no lead images."
        )
        print(
            "CPU ms: medians of this process's CPU time per request (Django, the test client and,"
            " on SQLite, the database); DB ms: of the time in database calls."
        )
        print()
        header = f"{'articles':>8}  {'page':<9} {'status':>6} {'queries':>7} {'median ms':>10} "
        header += f"{'p90 ms':>7} {'CPU ms':>7} {'DB ms':>6}"
        print(header)
        print("-" * len(header))
        for size in SIZES:
            urls = create_content(size, body_html)
            client = Client(HTTP_HOST="127.0.0.1")
            for page, (url, expected_text) in urls.items():
                status, queries = count_queries(client, url, expected_text)
                median, p90, cpu, db = time_requests(client, url)
                results[size, page] = (status, len(queries), median, p90)
                sql_seen[size, page] = queries
                print(
                    f"{size:>8,}  {page:<9} {status:>6} {len(queries):>7} {median:>10.1f} "
                    f"{p90:>7.1f} {cpu:>7.1f} {db:>6.1f}",
                    flush=True,
                )
        clear_content()
    finally:
        teardown_databases(old_config, verbosity=0)

    small, large = SIZES
    print()
    failed = []
    for page in (
        "home",
        "home-last",
        "article",
        "category",
        "cat-last",
        "tag",
        "tag-last",
        "author",
        "auth-last",
        "search",
    ):
        before, after = results[small, page][1], results[large, page][1]
        if after > before:
            verdict = "GROWS"
            failed.append(page)
        elif after == before:
            verdict = "constant"
        else:
            verdict = "fewer with more articles"
        print(f"{page:<9} {before} queries at {small:,}, {after} at {large:,}: {verdict}")

    for page in failed:
        shapes_before = Counter(query_shape(sql) for sql in sql_seen[small, page])
        shapes_after = Counter(query_shape(sql) for sql in sql_seen[large, page])
        print(f"\nQueries that {page} runs more often at {large:,} articles:")
        for shape, times in (shapes_after - shapes_before).most_common():
            print(f"  +{times} x {shape}")

    print(f"\nTotal time {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
