"""How the comment section behaves with 100 to 50,000 approved comments on an article.

Run from the checkout:

    .venv/bin/python bench/comments.py
    .venv/bin/python bench/comments.py --json
    DATABASE_URL=postgres://postgres@127.0.0.1/newsroom_bench .venv/bin/python bench/comments.py

For each size, one article gets that many approved comments in threads up to five levels
deep, with votes. The article page is requested four ways: `first-page` (the default sort),
`most-voted` (`?sort=votes`), and a far page of each, `far-page` (`?page=N`) and
`far-voted` (`?sort=votes&page=N`), N being page 100 or the last page if there are fewer,
and the script prints the SQL query count, the median time of the requests and the size of
the HTML.
It also counts the queries that posting a comment, a reply and a vote run.

Everything happens in a throwaway test database (test_<name>, or SQLite in memory), made and
destroyed with Django's own test machinery: the development database is never touched.
The script exits with status 1 if a target below is missed. With --json it prints only the
table's rows, as a JSON list, on stdout.
"""

import argparse
import json
import logging
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass
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
# Posting a held comment runs the moderators' alert task at once (the tests' immediate task
# backend); its log lines are not part of the figures.
logging.getLogger("django.tasks").setLevel(logging.WARNING)

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    teardown_databases,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from comments.identity import COOKIE_NAME, COOKIE_SALT  # noqa: E402
from comments.models import Comment, ModerationRules, Vote  # noqa: E402
from comments.services import discussion_changed  # noqa: E402
from comments.text import render_comment  # noqa: E402
from privacy.tasks import PURGE_KICK_KEY  # noqa: E402

SIZES = (100, 1000, 5000, 50000)
FAR_PAGE = 100
VIEWS = {  # name -> query string of the article page ({far}: page 100, or the last one)
    "first-page": "",
    "most-voted": "?sort=votes",
    "far-page": "?page={far}",
    "far-voted": "?sort=votes&page={far}",
}
WARMUPS = 3
RUNS = 30
FEWER_RUNS = {}  # (view, size) -> (warm-ups, runs)

MAX_QUERIES = 12
FIRST_PAGE_GROWTH = 1.5  # the largest size within this factor of the smallest
FAR_PAGE_GROWTH = 1.5  # a far page within this factor of the first, at the largest size

# Comments per thread, cycled from the newest thread back: the newest threads (the first
# page) have the same shape whatever the number of comments. Average 3.4.
THREAD_SIZES = (1, 4, 1, 2, 7, 1, 3, 1, 12, 2)
THREAD_GAP = timedelta(minutes=7)
DEEPEST = 4  # depth 0..4: five levels, the default ModerationRules.max_depth
VIEWER_KEY = "bench-returning-reader"  # the browser that makes the page requests

NAMES = [
    "Priya N.",
    "Tom Ashworth",
    "harbourwatcher",
    "Gwen Evans",
    "M. Okonkwo",
    "Dave from Northfield",
    "Ruth Penrose",
    "kestrel_kid",
    "Sam Y.",
    "Old Quay Resident",
    "Lena Marsh",
    "J. Hartley",
]
# About 300 characters each, rendered once; the comments take turns.
BODIES = [
    "I walk past the old quay every morning and I can say the traffic has changed a lot "
    "since the spring. It is quieter, but the buses are still late, and nobody seems to "
    "know who is responsible for the timetable now. Could the paper ask the council for "
    "the actual figures rather than the press release?",
    "Good piece. One thing missing: the consultation closed before most people had heard "
    "of it. I only found out because a neighbour put a note through the door.\n\nIf the "
    "council wants people to take part, it has to tell them in time, not after the "
    "decision is already made.",
    "The numbers in the third paragraph don't add up for me. If the counts went down by a "
    "third, why does the report say the change was not significant? I'd like to see the "
    "method. The full report is at https://example.org/report-2026 for anyone curious.",
    "We moved here eleven years ago and this is the first time I've seen the town pull "
    "together like this. Hats off to the volunteers. My kids came along on Saturday and "
    "haven't stopped talking about it since. More of this, please, and less arguing on "
    "the internet.",
    "Respectfully, I think this is being oversold. It works on a sunny Saturday with four "
    "hundred volunteers. What happens in November when it's raining and six people turn "
    "up? A scheme like this needs a plan for the dull months too, and funding to match.",
    "As someone who works shifts at the hospital I can tell you the late bus is not a "
    "luxury. Without it I would be paying for a taxi twice a week, which is most of a "
    "day's pay. I hope the councillors read the comments here before they vote again.",
    "Does anyone know whether the survey will be repeated next year? I'd happily help "
    "count. I did the bird survey two summers ago and it was one of the nicest evenings "
    "of the year: a folding chair, a flask of tea and a notebook.\nSign me up.",
    "Same story every year: a lot of talk, a ribbon cut, a photo in the paper, and then "
    "the budget quietly disappears. I will believe it when I see it still running in two "
    "years' time. Sorry to be the grumpy one, but somebody has to ask where the money is.",
]


# --- Data -----------------------------------------------------------------------------------


@dataclass
class Planned:
    depth: int
    parent: int | None  # index in the plan
    root: int | None
    created_at: object


def plan_threads(size, now, rng):
    """`size` comments in threads, newest thread first; replies oldest first within a thread."""
    plan = []
    thread = 0
    while len(plan) < size:
        thread_size = min(THREAD_SIZES[thread % len(THREAD_SIZES)], size - len(plan))
        started = now - timedelta(hours=1) - thread * THREAD_GAP
        root = len(plan)
        plan.append(Planned(0, None, None, started))
        members = [root]
        for n in range(1, thread_size):
            latest = members[-1]
            if plan[latest].depth < DEEPEST and rng.random() < 0.6:
                parent = latest  # a conversation going deeper
            else:
                parent = rng.choice([m for m in members if plan[m].depth < DEEPEST])
            plan.append(
                Planned(plan[parent].depth + 1, parent, root, started + timedelta(minutes=n))
            )
            members.append(len(plan) - 1)
        thread += 1
    return plan


def seed_comments(article, size, now, *, clear=True):
    """`size` approved comments on `article` with their votes; the viewer owns and voted some.
    Every other comment is removed first unless `clear` is false (bench/load.py seeds two
    articles)."""
    if clear:
        Comment.objects.all().delete()
    rng = random.Random(2026)
    bodies = [(body, render_comment(body)) for body in BODIES]
    plan = plan_threads(size, now, rng)

    comments = []
    for i, planned in enumerate(plan):
        up = min(80, int(rng.expovariate(1 / 3)))
        down = min(20, int(rng.expovariate(1.2)))
        body, body_html = bodies[i % len(bodies)]
        name = NAMES[i % len(NAMES)]
        comments.append(
            Comment(
                article=article,
                depth=planned.depth,
                author_name=name,
                author_email=f"reader{i % 400}@example.org",
                browser_key=VIEWER_KEY if i % 37 == 5 else f"bench-{i % 400}",
                ip_address=f"10.0.{i % 200}.{i % 250 + 1}",
                body=body,
                body_html=body_html,
                status=Comment.Status.APPROVED,
                upvotes=up,
                downvotes=down,
                score=up - down,
                created_at=planned.created_at,
            )
        )
    # Parents before their replies, level by level, so every reply knows its parent's key.
    for depth in range(DEEPEST + 1):
        level = [(i, c) for i, c in enumerate(comments) if plan[i].depth == depth]
        for i, comment in level:
            if plan[i].parent is not None:
                comment.parent_id = comments[plan[i].parent].pk
                comment.root_id = comments[plan[i].root].pk
        Comment.objects.bulk_create([c for _, c in level], batch_size=500)
        assert all(c.pk is not None for _, c in level), "bulk_create must return the keys"

    viewer_voter_key = f"b{VIEWER_KEY}"
    votes = []
    for i, comment in enumerate(comments):
        values = [Vote.UP] * comment.upvotes + [Vote.DOWN] * comment.downvotes
        for n, value in enumerate(values):
            # The viewer voted on every 7th comment that is not theirs.
            mine = n == 0 and i % 7 == 3 and comment.browser_key != VIEWER_KEY
            key = viewer_voter_key if mine else f"bbench-voter-{n}"
            votes.append(Vote(comment_id=comment.pk, voter_key=key, value=value))
    Vote.objects.bulk_create(votes, batch_size=2000)
    # Written past the services, so say what they would have said: the discussion changed.
    discussion_changed(article)
    # Fresh statistics for the query planner, as autovacuum (PostgreSQL) or a periodic
    # ANALYZE (SQLite) keeps them on a live site: without them the planner guesses, and
    # at 5,000 comments it guessed a sort of every thread.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return comments


def create_article(now):
    category = Category.objects.create(name="News", slug="news", position=0)
    return Article.objects.create(
        headline="Council closes the old harbour road to through traffic",
        slug="council-closes-old-harbour-road",
        standfirst="Seven votes to four after a debate that ran past midnight.",
        body="The council voted on Tuesday night to close the old harbour road.",
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=2),
    )


def relax_rules():
    """No waiting before posting and no rate limit, so that every benchmark post goes in."""
    rules = ModerationRules.current()
    rules.min_seconds_to_write = 0
    rules.comments_per_minute = 0
    rules.save()
    return rules


# --- Measuring ------------------------------------------------------------------------------


def returning_reader():
    """A test client for a guest who has been here before (their votes and comments show)."""
    client = Client(HTTP_HOST="127.0.0.1")
    # Signed exactly as the site signs it (Django's own cookie signing, salt and all).
    signed = HttpResponse()
    signed.set_signed_cookie(COOKIE_NAME, VIEWER_KEY, salt=COOKIE_SALT)
    client.cookies[COOKIE_NAME] = signed.cookies[COOKIE_NAME].value
    return client


def measure_page(client, url, *, warmups, runs):
    """Queries of one request once the caches are warm (the moderation rules row is read
    from the shared cache), then the median time of `runs` requests."""
    for _ in range(max(warmups, 1)):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    # Read now: the next request empties the connection's query log.
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return response, queries, statistics.median(timings)


def check_page(view, response, size):
    html = response.content.decode()
    assert f">{size:,} comments<".replace(",", "") in html.replace(",", ""), (
        f"{view}: the heading does not say {size} comments"
    )
    shown = html.count('<li id="comment-')
    assert 0 < shown < size, f"{view} shows {shown} comments"
    assert 'aria-label="Pages of comments"' in html, f"{view} has no links to other pages"


def count_post_queries(client, url, data, *, expect, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data, **headers)
    assert response.status_code == expect, f"{url} answered {response.status_code}"
    return len(captured.captured_queries)


def measure_writes(article, comments, size):
    """Queries for posting a comment, a reply to the deepest level, and votes.

    The daily purge of old IP addresses, which the first stored address of a day sets off
    (a background task; the test settings run tasks at once), is marked as done first: it
    is not part of posting."""
    cache.add(PURGE_KICK_KEY, 1, timeout=60 * 60 * 24)
    client = returning_reader()
    post_url = reverse("comments:post", args=[article.pk])
    deepest = next(c for c in reversed(comments) if c.depth == DEEPEST)
    # Comments the viewer neither wrote nor voted on.
    targets = [c for i, c in enumerate(comments) if i % 7 != 3 and c.browser_key != VIEWER_KEY]

    def post_data(body, **extra):
        return {
            "name": "Bench Reader",
            "email": "bench.reader@example.org",
            "body": body,
            "seconds_on_page": "60",
            **extra,
        }

    return {
        "post": count_post_queries(
            client, post_url, post_data(f"A new comment at {size}."), expect=302
        ),
        "reply": count_post_queries(
            client,
            post_url,
            post_data(f"A reply at {size}.", parent=deepest.pk),
            expect=302,
        ),
        "vote": count_post_queries(
            client,
            reverse("comments:vote", args=[targets[0].pk]),
            {"value": "up"},
            expect=302,
            REMOTE_ADDR="192.0.2.10",
        ),
        "vote (htmx)": count_post_queries(
            client,
            reverse("comments:vote", args=[targets[1].pk]),
            {"value": "down"},
            expect=200,
            REMOTE_ADDR="192.0.2.11",
            HTTP_HX_REQUEST="true",
        ),
    }


def database_label():
    version = ".".join(str(part) for part in connection.get_database_version())
    name = connection.settings_dict["NAME"]
    return f"{connection.display_name} {version} ({name})"


def say(*args, **kwargs):
    """Progress and results for people; silent with --json."""
    if not ARGS.json:
        print(*args, **kwargs, flush=True)


def run():
    rows, writes = [], {}
    started = time.perf_counter()
    # Not setup_test_environment(): it instruments every template render for the test
    # client's response.context, which production does not pay for.
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        say(f"Database:  {database_label()}")
        say(
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"{os.cpu_count()} CPUs; median of {RUNS} requests after {WARMUPS} warm-ups "
            "unless the runs column says otherwise"
        )
        say(
            "Data: one article; threads of 1-12 comments up to depth 4 (five levels), "
            "~300-character bodies, 0-80 up and 0-20 down votes each (one Vote row per vote); "
            "requests from a returning guest who wrote and voted on some."
        )
        say()
        header = f"{'comments':>8}  {'view':<11}{'queries':>7} {'runs':>5} {'median ms':>10} "
        header += f"{'html KB':>8}"
        say(header)
        say("-" * len(header))
        now = timezone.now()
        article = create_article(now)
        relax_rules()
        for size in SIZES:
            seed_started = time.perf_counter()
            comments = seed_comments(article, size, now)
            seed_seconds = time.perf_counter() - seed_started
            client = returning_reader()
            threads = Comment.objects.filter(article=article, parent__isnull=True).count()
            per_page = ModerationRules.current().threads_per_page
            far = min(FAR_PAGE, -(-threads // per_page))
            for view, query in VIEWS.items():
                query = query.format(far=far)
                warmups, runs = FEWER_RUNS.get((view, size), (WARMUPS, RUNS))
                response, queries, median = measure_page(
                    client, article.get_absolute_url() + query, warmups=warmups, runs=runs
                )
                check_page(view, response, size)
                row = {
                    "comments": size,
                    "view": view,
                    "queries": queries,
                    "median_ms": round(median, 2),
                    "html_bytes": len(response.content),
                }
                rows.append(row)
                say(
                    f"{size:>8,}  {view:<11}{queries:>7} {runs:>5} {median:>10.1f} "
                    f"{len(response.content) / 1024:>8.1f}"
                )
            writes[size] = measure_writes(article, comments, size)
            say(f"{'':>8}  (seeded in {seed_seconds:.1f} s)")
        Comment.objects.all().delete()
    finally:
        teardown_databases(old_config, verbosity=0)

    say()
    say("Queries to post and vote (plain form posts, and a vote with htmx):")
    for action in writes[SIZES[0]]:
        counts = ", ".join(f"{writes[size][action]} at {size:,}" for size in SIZES)
        say(f"  {action:<12} {counts}")

    checks = list(target_checks(rows, writes))
    say()
    for passed, text in checks:
        say(f"{'PASS' if passed else 'FAIL'}  {text}")
    say(f"\nTotal time {time.perf_counter() - started:.1f} s")
    if ARGS.json:
        print(json.dumps(rows, indent=2))
        for passed, text in checks:
            if not passed:
                print(f"FAIL  {text}", file=sys.stderr)
    return 0 if all(passed for passed, _ in checks) else 1


def target_checks(rows, writes):
    """(passed, description) for each target of the comments issue."""
    figures = {(row["comments"], row["view"]): row for row in rows}
    small, large = SIZES[0], SIZES[-1]
    for view in VIEWS:
        before, after = figures[small, view]["queries"], figures[large, view]["queries"]
        yield (
            before == after <= MAX_QUERIES,
            f"{view}: {before} queries at {small:,} comments, {after} at {large:,} "
            f"(the same, at most {MAX_QUERIES})",
        )
    before, after = figures[small, "first-page"]["median_ms"], figures[large, "first-page"]
    ratio = after["median_ms"] / before
    yield (
        ratio <= FIRST_PAGE_GROWTH,
        f"first-page: {after['median_ms']:.1f} ms at {large:,} comments is {ratio:.2f}x "
        f"the {before:.1f} ms at {small:,} (at most {FIRST_PAGE_GROWTH}x)",
    )
    for first, far in [("first-page", "far-page"), ("most-voted", "far-voted")]:
        before, after = figures[large, first]["median_ms"], figures[large, far]["median_ms"]
        ratio = after / before
        yield (
            ratio <= FAR_PAGE_GROWTH,
            f"{far}: {after:.1f} ms at {large:,} comments is {ratio:.2f}x {first}'s "
            f"{before:.1f} ms (at most {FAR_PAGE_GROWTH}x)",
        )
    for action in writes[small]:
        before, after = writes[small][action], writes[large][action]
        yield (
            before == after,
            f"{action}: {before} queries at {small:,} comments, {after} at {large:,} (the same)",
        )


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--json", action="store_true", help="print only the table's rows, as a JSON list"
    )
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    sys.exit(run())
