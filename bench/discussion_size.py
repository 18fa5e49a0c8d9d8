"""What a reader's browser receives for each page of a 1,000-comment discussion: the HTML's
size and its number of elements (what Lighthouse calls the DOM size).

Run from the checkout:

    .venv/bin/python bench/discussion_size.py [--comments 1000] [--save DIR]

It seeds the discussion bench/comments.py seeds (threads of 1 to 12 comments up to five
levels, ~300-character bodies) in a throwaway test database, requests every page of its
threads as a returning guest, and prints each page's HTML in KB and its elements; the
largest page must stay under the issue's targets (150 KB, 1,500 elements). Exits with
status 1 when it does not.
"""

import argparse
import importlib.util
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
# bench/comments.py sets Django up and seeds the data; loaded by its path, under another name,
# because "comments" is the app's package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
_spec = importlib.util.spec_from_file_location("bench_comments", HERE / "comments.py")
seeding = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seeding)

from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

MAX_KB = 150
MAX_ELEMENTS = 1500


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1

    def handle_startendtag(self, tag, attrs):
        self.elements += 1


def elements_in(html):
    counter = ElementCounter()
    counter.feed(html)
    return counter.elements


def run(size, save=None):
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    worst = (0, 0)
    try:
        now = timezone.now()
        article = seeding.create_article(now)
        seeding.relax_rules()
        seeding.seed_comments(article, size, now)
        client = seeding.returning_reader()
        print(f"{size:,} comments; page  html KB  elements")
        page = 1
        while True:
            response = client.get(f"{article.get_absolute_url()}?page={page}")
            if response.status_code == 404:
                break
            html = response.content.decode()
            if save:
                Path(save, f"page-{page}.html").write_text(html)
            kb, elements = len(response.content) / 1024, elements_in(html)
            worst = (max(worst[0], kb), max(worst[1], elements))
            print(f"{'':>15}{page:>5} {kb:>8.1f} {elements:>9,}")
            page += 1
    finally:
        teardown_databases(old_config, verbosity=0)
    passed = worst[0] < MAX_KB and worst[1] < MAX_ELEMENTS
    print(
        f"{'PASS' if passed else 'FAIL'}  the largest page: {worst[0]:.1f} KB (under {MAX_KB}), "
        f"{worst[1]:,} elements (under {MAX_ELEMENTS:,})"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--save", metavar="DIR", help="write each page's HTML into DIR")
    args = parser.parse_args()
    sys.exit(run(args.comments, args.save))
