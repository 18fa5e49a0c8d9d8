"""Requests per second of the production stack, driven over loopback.

Run from the checkout (it takes about two minutes):

    .venv/bin/python bench/load.py                         # SQLite, cache in each worker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom REDIS_URL=redis://127.0.0.1:6379/2 \\
        .venv/bin/python bench/load.py                     # PostgreSQL and Redis
    .venv/bin/python bench/load.py --json                  # the figures as JSON only

What it does, and undoes:

1. Makes a database of its own: a SQLite file in a temporary folder, or `<name>_load` next to
   the PostgreSQL database DATABASE_URL names (dropped and made again; yours is not
   touched). Migrates it, loads the demo content, and gives the Route 7 article 1,000
   approved comments in threads up to five levels deep, with votes (bench/comments.py's
   seeding). With REDIS_URL, a Redis database of its own is emptied first.
2. Starts the production stack on 127.0.0.1: gunicorn with 2 sync workers and the project's
   gunicorn config (access log on, to /dev/null), production settings with DEBUG off and
   WhiteNoise serving the collected static files. The client address comes from X-Real-IP
   (DJANGO_CLIENT_IP_HEADER), so the load generator can be many readers.
3. Drives it with wrk (Debian's package; installed with apt-get if missing) for 10 seconds
   a case, 16 connections, asking for compressed answers as browsers do, and prints
   requests per second, median and 99th-percentile latency, errors (non-2xx/3xx answers and
   socket errors) and the ratios to the bare Django view and to the minimal view:
   - bare-django: a bare Django project beside ours (one view answering "ok", Django's
     default middleware of `startproject`, no database use), served by a second gunicorn
     with the same config and workers: the ceiling the page cache is measured against;
   - minimal: /livez, our view that answers "ok" through our whole middleware stack;
   - healthz: /healthz, which asks the database and the cache;
   - home: the home page, as anonymous readers get it (the shared page cache);
   - article-100-warm, article-1000-warm: an article with 100 and the one with 1,000
     comments, from the shared page cache (readers without cookies: answered before the
     middleware stack, newsroom/early_hits.py);
   - article-1000-cold: the article with 1,000 comments rendered for every request (an
     unknown query parameter, different each time, keeps it out of the page cache);
   - mixed: 95% reads (the article, the home page) and 5% writes (comments posted, votes),
     each write making the article's cached page stale.
4. On PostgreSQL, a vote burst: 50 voters in parallel, each voting up 40 comments (2,000
   votes through HTTP), then checks every counter against the vote rows.
5. Stops gunicorn and removes what it made (the PostgreSQL database stays for inspection
   until the next run).

The warm cases run before the cold one, and every case waits until the server has
finished what the one before left queued (a cold case leaves up to 16 renders behind it).

Exit status 1 when a target of the serving issue is missed: warm articles (100 and 1,000
comments) and the home page at least 70% of the bare Django view in the same run, the cold
article page at least 3% of the minimal view, no errors in the mixed load and the vote
burst, exact counts after the burst.

The parts, in modules of their own beside this script: the servers (load_servers.py, on
stack.py, which live.py shares), wrk and its scripts (load_wrk.py), the malformed requests
(load_malformed.py), the vote burst (load_burst.py) and --compare-caches (load_caches.py).
"""

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

from load_burst import count_votes, vote_burst
from load_caches import compare_caches
from load_malformed import Malformed
from load_servers import WORKERS, BareServer, Server, wait_until_idle
from load_wrk import CONNECTIONS, DURATION, case_script, ensure_wrk, wrk
from stack import PYTHON, REPO_ROOT, own_database, run

COMMENTS = 1000
ARTICLE_SLUG = "route-7-evening-buses-cut"
# A second article of the demo content, given 100 comments: a warm hit must not depend on
# the size of the discussion.
SMALL_ARTICLE_SLUG, SMALL_COMMENTS = "tree-cover-heat-map", 100
# Ratios to the bare Django view (warm pages) and to our minimal view (the cold page).
TARGETS_TO_BARE = {"article-100-warm": 0.70, "article-1000-warm": 0.70, "home": 0.70}
TARGETS = {"article-1000-cold": 0.03}


def say(*args):
    if not ARGS.json:
        print(*args, flush=True)


# --- The database and its content ------------------------------------------------------------


def prepare_database(workdir):
    """A DATABASE_URL of the benchmark's own, migrated and seeded."""
    url = own_database(workdir, "load")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
    }
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_demo"], env)
    run([PYTHON, __file__, "--seed"], env)
    return url


def seed():
    """(In a child process, with DATABASE_URL set.) 1,000 comments on the Route 7 article,
    and rules that let the benchmark's many readers post without waiting."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from articles.models import Article
    from comments.models import ModerationRules

    spec = importlib.util.spec_from_file_location(
        "bench_comments", Path(__file__).parent / "comments.py"
    )
    bench_comments = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_comments)
    article = Article.objects.get(slug=ARTICLE_SLUG)
    now = timezone.now()
    bench_comments.seed_comments(article, COMMENTS, now)
    small = Article.objects.get(slug=SMALL_ARTICLE_SLUG)
    bench_comments.seed_comments(small, SMALL_COMMENTS, now, clear=False)
    rules = ModerationRules.current()
    rules.min_seconds_to_write = 0
    # The benchmark's readers are scripts at full speed: no rate limits for them.
    rules.comments_per_minute = 0
    rules.votes_per_minute = 0
    rules.save()


def article_facts(database_url):
    """(In a child process.) The article's id and path, and the ids of its comments."""
    env = {**os.environ, "DATABASE_URL": database_url}
    return json.loads(run([PYTHON, __file__, "--facts"], env))


def facts():
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from articles.models import Article
    from comments.models import Comment

    article = Article.objects.get(slug=ARTICLE_SLUG)
    ids = list(Comment.objects.approved().filter(article=article).values_list("pk", flat=True))
    small = Article.objects.get(slug=SMALL_ARTICLE_SLUG).get_absolute_url()
    print(
        json.dumps(
            {"id": article.pk, "path": article.get_absolute_url(), "comments": ids, "small": small}
        )
    )


# --- Putting it together ---------------------------------------------------------------------


def main():
    ensure_wrk(say)
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        run(
            [PYTHON, "-c", f"import redis; redis.Redis.from_url({redis_url!r}).flushdb()"],
            os.environ,
        )
    database_label = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    cache_label = "Redis" if redis_url else "the database (newsroom_cache)"
    say(f"Database: {database_label}; cache: {cache_label}")
    say(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; gunicorn {WORKERS} sync "
        f"workers; wrk 1 thread, {CONNECTIONS} connections, {DURATION} s a case"
    )
    say("Seeding (demo content, 1,000 comments on one article)...")
    database_url = prepare_database(workdir)
    if ARGS.compare_caches:
        if redis_url or database_label != "SQLite":
            sys.exit("--compare-caches is for the embedded default: SQLite without REDIS_URL")
        try:
            return compare_caches(
                workdir, database_url, article_facts(database_url), say=say, as_json=ARGS.json
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    server = Server(database_url, workdir)
    bare = BareServer(workdir)
    article = article_facts(database_url)
    rows, burst, malformed = [], None, None
    try:
        cases = [
            ("bare-django", f"{bare.base}/", None),
            ("minimal", f"{server.base}/livez", None),
            ("healthz", f"{server.base}/healthz", None),
            ("home", f"{server.base}/", None),
            ("article-100-warm", f"{server.base}{article['small']}", None),
            ("article-1000-warm", f"{server.base}{article['path']}", None),
            ("article-1000-cold", f"{server.base}{article['path']}", "cold"),
            ("mixed", server.base, "mixed"),
        ]
        say()
        header = (
            f"{'case':<19}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
            f"{'÷bare':>8}{'÷minimal':>10}"
        )
        say(header)
        say("-" * len(header))
        if ARGS.cases:
            wanted = {"bare-django", "minimal", *ARGS.cases.split(",")}
            cases = [case for case in cases if case[0] in wanted]
        minimal_rps = bare_rps = None
        for name, url, kind in cases:
            wait_until_idle(server.base)
            script = case_script(workdir, article, server.base, kind)
            if script is None:
                urllib.request.urlopen(url, timeout=10).read()  # a warm cache for warm cases
            malformed_thread = Malformed(server, article) if kind == "mixed" else None
            if malformed_thread:
                malformed_thread.start()
            figures = wrk(url, script)
            if malformed_thread:
                malformed = malformed_thread.stop()
            if name == "bare-django":
                bare_rps = figures["rps"]
            if name == "minimal":
                minimal_rps = figures["rps"]
            row = {
                "case": name,
                "rps": round(figures["rps"], 1),
                "p50_ms": figures["p50_ms"],
                "p99_ms": figures["p99_ms"],
                "errors": figures["errors"],
                "ratio_to_bare": round(figures["rps"] / bare_rps, 4),
                "ratio_to_minimal": round(figures["rps"] / minimal_rps, 4)
                if minimal_rps
                else None,
            }
            rows.append(row)
            to_minimal = f"{row['ratio_to_minimal']:>9.1%}" if minimal_rps else f"{'':>9}"
            say(
                f"{name:<19}{row['rps']:>9.1f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
                f"{row['errors']:>8}{row['ratio_to_bare']:>7.1%}{to_minimal}"
            )
        ratios = {row["case"]: [row["ratio_to_bare"]] for row in rows}
        ceiling_cases = [case for case in cases if case[0] in ("bare-django", *TARGETS_TO_BARE)]
        for round_number in range(2, ARGS.rounds + 1):
            measured = {}
            for name, url, _kind in ceiling_cases:
                wait_until_idle(server.base)
                measured[name] = wrk(url)["rps"]
            for name, rps in measured.items():
                ratios[name].append(round(rps / measured["bare-django"], 4))
            say(
                f"round {round_number}: bare-django {measured['bare-django']:.1f} rps; "
                + ", ".join(
                    f"{name} {rps / measured['bare-django']:.1%}"
                    for name, rps in measured.items()
                    if name != "bare-django"
                )
            )
        for row in rows:
            row["ratio_to_bare_median"] = statistics.median(ratios[row["case"]])
        if malformed is not None:
            say(
                f"\nMalformed requests during the mixed load: {malformed['requests']}, "
                f"answered {', '.join(map(str, malformed['statuses']))}"
            )
        if database_label == "PostgreSQL" and (not ARGS.cases or "burst" in ARGS.cases):
            say("\nVote burst: 50 voters in parallel, 40 comments each...")
            burst = vote_burst(server, article["comments"], database_url)
            say(
                f"{burst['votes']:,} votes in {burst['seconds']} s ({burst['votes_per_second']} "
                f"a second), {burst['errors']} errors; counters exact on "
                f"{burst['checked']} comments: {'yes' if burst['exact'] else 'NO'}"
            )
        tracebacks = server.unhandled_errors(workdir)
        for line in tracebacks[:5]:
            say(f"  server error: {line.strip()}")
    finally:
        server.stop()
        bare.stop()
    shutil.rmtree(workdir, ignore_errors=True)

    checks = []
    by_case = {row["case"]: row for row in rows}
    rounds = f" (median of {ARGS.rounds} rounds)" if ARGS.rounds > 1 else ""
    for case, target in TARGETS_TO_BARE.items():
        if case not in by_case:
            continue
        ratio = by_case[case]["ratio_to_bare_median"]
        checks.append(
            (
                ratio >= target,
                f"{case}: {ratio:.1%} of the bare Django view{rounds} (at least {target:.0%})",
            )
        )
    for case, target in TARGETS.items():
        if case not in by_case:
            continue
        ratio = by_case[case]["ratio_to_minimal"]
        checks.append(
            (ratio >= target, f"{case}: {ratio:.1%} of the minimal view (at least {target:.0%})")
        )
    if "mixed" in by_case:
        checks.append(
            (by_case["mixed"]["errors"] == 0, f"mixed: {by_case['mixed']['errors']} errors (none)")
        )
        checks.append(
            (
                malformed["all_4xx"],
                f"malformed requests under load: answered {malformed['statuses']} (all 4xx)",
            )
        )
    checks.append(
        (not tracebacks, f"unhandled exceptions in the server's log: {len(tracebacks)} (none)")
    )
    if burst is not None:
        checks.append(
            (burst["errors"] == 0 and burst["exact"], "vote burst: no errors, exact counts")
        )
    say()
    for passed, text in checks:
        say(f"{'PASS' if passed else 'FAIL'}  {text}")
    if ARGS.json:
        print(json.dumps(rows, indent=2))
    return 0 if all(passed for passed, _ in checks) else 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print only the figures, as JSON")
    parser.add_argument(
        "--cases",
        help="run only these cases, comma-separated (the minimal view always runs: the "
        "ratios need it)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure the bare view and the warm pages this many times, one after the other, "
        "and judge their median ratio (a busy machine's noise)",
    )
    parser.add_argument(
        "--compare-caches",
        action="store_true",
        help="SQLite without Redis: the same cases with the database cache (the default), "
        "a files cache and each worker's own memory, one after the other",
    )
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--facts", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-votes", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.seed:
        seed()
    elif ARGS.facts:
        facts()
    elif ARGS.count_votes:
        count_votes([int(pk) for pk in ARGS.count_votes.split(",")])
    else:
        sys.exit(main())
