"""Every page of a 1,000-comment discussion against the page budget of issue 14.

Run from the checkout:

    .venv/bin/python bench/discussion_budget.py
    .venv/bin/python bench/discussion_budget.py --json
    .venv/bin/python bench/discussion_budget.py --returning-reader

One article gets 1,000 approved comments in threads (bench/comments.py's seeding, as
bench/load.py gives the demo's Route 7 article), in a throwaway test database. A reader
without cookies then loads every page of the discussion: each sort ("Newest", "Oldest",
"Most Voted") page by page, the "Inline Feedbacks" tab, and the page of every thread shown
cut short ("Show M more replies" without JavaScript). For each it prints the HTML's size,
raw and gzipped, and its number of elements (what Lighthouse's "DOM size" counts), against
the budget: under 150 KB of HTML and under 1,500 elements a page. Exit status 1 if a page
is over. With --returning-reader the pages are asked for as a guest who has been here before
(a browser cookie): rendered for them, each vote form carries a CSRF token, the largest
pages a reader gets.
"""

import argparse
import gzip
import importlib.util
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

BENCH = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("bench_comments", BENCH / "comments.py")
bench_comments = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_comments)  # sets Django up with the test settings

from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from comments.models import Comment, ModerationRules  # noqa: E402

COMMENTS = 1000
SORTS = ("newest", "oldest", "votes")
MAX_HTML_BYTES = 150 * 1024
MAX_ELEMENTS = 1500
THREAD_LINK = re.compile(r'href="(/comments/\d+/thread/)[#"]')


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1

    def handle_startendtag(self, tag, attrs):
        self.elements += 1


def elements(html):
    counter = ElementCounter()
    counter.feed(html)
    return counter.elements


def measure(client, url):
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    body = response.content
    row = {
        "page": url,
        "html_bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, compresslevel=6)),
        "elements": elements(body.decode()),
    }
    return row, body.decode()


def pages_of(article):
    """Every address of the discussion a reader can reach without JavaScript."""
    base = article.get_absolute_url()
    threads = Comment.objects.filter(article=article, parent__isnull=True).count()
    pages = -(-threads // ModerationRules.current().threads_per_page)
    for sort in SORTS:
        for page in range(1, pages + 1):
            yield f"{base}?sort={sort}" + (f"&page={page}" if page > 1 else "")
    yield f"{base}?comments=feedback"


def run():
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    rows = []
    try:
        now = timezone.now()
        article = bench_comments.create_article(now)
        bench_comments.seed_comments(article, COMMENTS, now)
        # A reader without cookies, or one who has been here before.
        client = bench_comments.returning_reader() if ARGS.returning_reader else Client()
        threads_cut_short = set()
        for url in pages_of(article):
            row, html = measure(client, url)
            rows.append(row)
            threads_cut_short.update(THREAD_LINK.findall(html))
        for url in sorted(threads_cut_short):
            rows.append(measure(client, url)[0])
    finally:
        teardown_databases(old_config, verbosity=0)
    return rows


def report(rows):
    header = f"{'page':<58}{'HTML KB':>9}{'gzip KB':>9}{'elements':>10}"
    say(header)
    say("-" * len(header))
    for row in rows:
        over = row["html_bytes"] >= MAX_HTML_BYTES or row["elements"] >= MAX_ELEMENTS
        say(
            f"{label(row['page']):<58}{row['html_bytes'] / 1024:>9.1f}"
            f"{row['gzip_bytes'] / 1024:>9.1f}{row['elements']:>10}{'  OVER' if over else ''}"
        )
    largest = max(rows, key=lambda row: row["html_bytes"])
    busiest = max(rows, key=lambda row: row["elements"])
    checks = [
        (
            largest["html_bytes"] < MAX_HTML_BYTES,
            f"HTML under 150 KB on every page: the largest {largest['html_bytes'] / 1024:.1f} KB "
            f"({largest['page']})",
        ),
        (
            busiest["elements"] < MAX_ELEMENTS,
            f"under 1,500 elements on every page: the most {busiest['elements']:,} "
            f"({busiest['page']})",
        ),
    ]
    say(f"\n{len(rows)} pages")
    for passed, text in checks:
        say(f"{'PASS' if passed else 'FAIL'}  {text}")
    return all(passed for passed, _ in checks)


def label(url):
    """The article's pages by their query alone ("article ?sort=votes&page=4")."""
    return f"article {url[url.index('?') :]}" if "?" in url else url


def say(*args):
    if not ARGS.json:
        print(*args, flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print only the rows, as JSON")
    parser.add_argument(
        "--returning-reader",
        action="store_true",
        help="as a guest who has been here before (pages rendered for them)",
    )
    ARGS = parser.parse_args([a for a in sys.argv[1:] if a in ("--json", "--returning-reader")])
    bench_comments.ARGS = ARGS
    rows = run()
    passed = report(rows)
    if ARGS.json:
        print(json.dumps(rows, indent=2))
    sys.exit(0 if passed else 1)
