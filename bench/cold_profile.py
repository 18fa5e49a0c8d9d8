"""Where the time of a cold article page goes: the page with 1,000 comments, rendered afresh.

Run from the checkout:

    .venv/bin/python bench/cold_profile.py
    DATABASE_URL=postgres://postgres@127.0.0.1/newsroom_bench \\
        .venv/bin/python bench/cold_profile.py

It seeds one article with 1,000 comments as bench/comments.py does (in a throwaway test
database), asks for the article page as an anonymous reader 200 times with a query parameter
that keeps it out of the page cache, and prints the median time of the whole request and how
it divides: the discussion's data (comments.selectors.discussion_for), the comment threads
(the Jinja2 template), each Django template's own time (not counting the templates it
includes), the rest of the view (the article and its credits and tags) and what is left
(middleware, URL resolution, the response). Times are measured with perf_counter around
those calls, so the parts add up to the whole; no profiler slows the code down.
"""

import importlib.util
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "bench_comments", Path(__file__).parent / "comments.py"
)
bench_comments = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_comments)  # sets up Django with the test settings

import jinja2  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

import articles.views  # noqa: E402
import comments.views  # noqa: E402

REQUESTS = 200
COMMENTS = 1000


class Timer:
    """Accumulates time per label for the current request; Django templates by name."""

    def __init__(self):
        self.current = Counter()
        self.requests = defaultdict(list)
        self.stack = [0.0]

    def wrap(self, label, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            self.stack.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = self.stack.pop()
                self.current[label] += elapsed - inner
                self.stack[-1] += elapsed

        return timed

    def end_request(self, total):
        self.current["whole request"] = total
        for label, seconds in self.current.items():
            self.requests[label].append(seconds * 1000)
        self.current = Counter()
        self.stack = [0.0]


def instrument(timer):
    """Time the parts of a request: each Django template's own work, the Jinja2 threads,
    the discussion's queries and the rest of the view's context."""
    original_render = template_base.Template._render

    def template_render(self, context):
        name = self.origin.template_name if self.origin else "(string template)"
        return timer.wrap(f"template {name}", original_render)(self, context)

    template_base.Template._render = template_render
    jinja2.Template.render = timer.wrap("comment threads (Jinja2)", jinja2.Template.render)
    comments.views.selectors.discussion_for = timer.wrap(
        "discussion data (discussion_for)", comments.views.selectors.discussion_for
    )
    view = articles.views.ArticleDetailView
    view.get_context_data = timer.wrap(
        "view: article, credits, tags, forms", view.get_context_data
    )
    view.get_object = timer.wrap("view: article, credits, tags, forms", view.get_object)


def main():
    config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        now = timezone.now()
        article = bench_comments.create_article(now)
        bench_comments.relax_rules()
        bench_comments.seed_comments(article, COMMENTS, now)
        client = Client(HTTP_HOST="127.0.0.1")
        url = article.get_absolute_url()
        for n in range(5):
            client.get(f"{url}?warm={n}")
        timer = Timer()
        instrument(timer)
        for n in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(f"{url}?r={n}")
            timer.end_request(time.perf_counter() - started)
            assert response.status_code == 200
    finally:
        teardown_databases(config, verbosity=0)

    medians = {label: statistics.median(values) for label, values in timer.requests.items()}
    whole = medians.pop("whole request")
    print(
        f"Article page with {COMMENTS:,} comments, rendered afresh: median of {REQUESTS} requests"
    )
    print(f"  {'whole request':<48}{whole:8.2f} ms  100%")
    shown = 0.0
    for label, ms in sorted(medians.items(), key=lambda item: -item[1]):
        if ms < 0.05:
            continue
        shown += ms
        print(f"  {label:<48}{ms:8.2f} ms  {ms / whole:4.0%}")
    rest = whole - shown
    print(f"  {'the rest (middleware, URLs, response)':<48}{rest:8.2f} ms  {rest / whole:4.0%}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
