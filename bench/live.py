"""Live updates under load: 1,000 readers with an article open, each holding an event stream,
while comments are posted and approved. How long each approval takes to reach every stream.

Run from the checkout (about two minutes):

    .venv/bin/python bench/live.py                          # SQLite, no Redis: the table is polled
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom REDIS_URL=redis://127.0.0.1:6379/2 \\
        .venv/bin/python bench/live.py                      # PostgreSQL and Redis pub/sub
    .venv/bin/python bench/live.py --streams 200 --rounds 3 --json

What it does, and undoes:

1. Makes a database of its own (a SQLite file in a temporary folder, or `<name>_live` next to
   the PostgreSQL database DATABASE_URL names, dropped and made again), migrates it and adds
   one article with a comment. With REDIS_URL, that Redis database is emptied first.
2. Starts the production stack on 127.0.0.1, as `make serve` does: gunicorn (2 workers) for
   the pages and the posts, uvicorn (one process) for the streams, production settings, the
   client address from X-Real-IP so that the streams come from many readers.
3. Opens the streams (raw sockets, asyncio) and waits until each has its first line.
4. Each round: a guest posts a comment through gunicorn (held: a first comment), then a
   moderator approves it (comments.services.comment_moderate in this process, committed to
   the same database, as the admin would); every stream's delivery time is measured from
   the approval's commit to the moment its event arrives.
5. Prints the delivery times (median, 95th percentile, slowest, share within 2 s), the
   streams that got nothing, uvicorn's memory before and with the streams and its CPU time
   during the rounds; stops the servers and removes the temporary folder.

Exit status 1 when fewer than 95% of deliveries arrive within 2 s.
"""

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from stack import PYTHON, REPO_ROOT, Servers, free_port, own_database, production_env, run

TARGET_SECONDS, TARGET_SHARE = 2.0, 0.95


def say(*args):
    if not ARGS.json:
        print(*args, flush=True)


def prepare_database(workdir):
    url = own_database(workdir, "live")
    if os.environ.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"}
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    return url


def setup_django(database_url):
    """This process talks to the benchmark's database as the app does (the moderator)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from comments.models import ModerationRules
    from tests.factories import ArticleFactory, CommentFactory

    rules = ModerationRules.current()
    rules.min_seconds_to_write = 0
    rules.comments_per_minute = 0
    rules.save()
    article = ArticleFactory(headline="The harbour wall", slug="harbour-wall")
    CommentFactory(article=article, body="The first comment.")
    return article


class Stack(Servers):
    """gunicorn and uvicorn, as scripts/serve starts them."""

    def __init__(self, database_url, workdir):
        super().__init__(workdir / "servers.log")
        self.port, self.live_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = production_env(
            settings="newsroom.settings.prod",
            database_url=database_url,
            workdir=workdir,
            site_url=self.base,
            secret="bench-" + os.urandom(24).hex(),
            DJANGO_STATIC_ROOT=str(workdir / "static"),
            LIVE_URL=f"http://127.0.0.1:{self.live_port}",
        )
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], self.env)
        self.gunicorn = self.start_gunicorn(
            "newsroom.wsgi", port=self.port, workers=2, env=self.env
        )
        self.uvicorn = self.start_uvicorn(port=self.live_port, env=self.env)
        for url in (f"{self.base}/livez", f"http://127.0.0.1:{self.live_port}/livez"):
            self.wait_until_up(url)


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Reader:
    """One stream, over a raw socket: the time each announced comment arrived."""

    def __init__(self, number):
        self.ip = f"10.{number // 250 % 250}.{number % 250}.1"
        self.opened = asyncio.Event()
        self.arrivals = {}
        self.waiters = {}
        self.failed = ""

    async def run(self, port, path):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                f"X-Real-IP: {self.ip}\r\n\r\n".encode()
            )
            status = await reader.readline()
            if b" 200 " not in status:
                self.failed = status.decode().strip()
                self.opened.set()
                return
            while True:
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"retry:"):
                    self.opened.set()
                elif line.startswith(b"data: "):
                    comment = json.loads(line[6:])["comment"]
                    self.arrivals.setdefault(comment, time.monotonic())
        except OSError as error:
            self.failed = str(error)
            self.opened.set()


def post_comment(base, article, number):
    data = urllib.parse.urlencode(
        {
            "name": f"Reader {number}",
            "email": f"reader{number}@example.org",
            "body": f"Round {number}: the water came through again.",
            "seconds_on_page": "60",
            "homepage": "",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/comments/article/{article.pk}/post/",
        data=data,
        headers={"Origin": base, "X-Real-IP": f"192.0.2.{number}"},
    )
    urllib.request.urlopen(request, timeout=30).read()


def approve(pk):
    """A moderator approves the comment; the moment the approval is committed."""
    from django.db import connection, transaction

    from comments import services
    from comments.models import Comment

    committed = []
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: committed.append(time.monotonic()))
            services.comment_moderate(comments=Comment.objects.filter(pk=pk), status="approved")
        return committed[0]
    finally:
        connection.close()


async def bench(stack, article):
    from asgiref.sync import sync_to_async

    from comments.models import Comment

    path = f"/live/article/{article.pk}/"
    idle_rss = rss_mb(stack.uvicorn.pid)
    readers = [Reader(n) for n in range(ARGS.streams)]
    started = time.monotonic()
    tasks = []
    for n, reader in enumerate(readers):
        tasks.append(asyncio.create_task(reader.run(stack.live_port, path)))
        if n % 50 == 49:
            await asyncio.sleep(0.05)  # a crowd arriving, not one SYN flood
    await asyncio.wait_for(asyncio.gather(*(r.opened.wait() for r in readers)), 300)
    open_seconds = time.monotonic() - started
    failed = [r.failed for r in readers if r.failed]
    refused = f"; {len(failed)} refused ({failed[0]})" if failed else ""
    say(f"{len(readers) - len(failed)} streams open in {open_seconds:.1f} s{refused}")
    await asyncio.sleep(2)
    streams_rss = rss_mb(stack.uvicorn.pid)
    cpu_before = cpu_seconds(stack.uvicorn.pid)
    rounds_started = time.monotonic()

    delays, missing = [], 0
    live = [r for r in readers if not r.failed]
    for number in range(1, ARGS.rounds + 1):
        await asyncio.to_thread(post_comment, stack.base, article, number)
        held = await sync_to_async(Comment.objects.get)(author_name=f"Reader {number}")
        approved_at = await sync_to_async(approve, thread_sensitive=False)(held.pk)
        deadline = approved_at + 10
        while time.monotonic() < deadline and any(held.pk not in r.arrivals for r in live):
            await asyncio.sleep(0.02)
        round_delays = [r.arrivals[held.pk] - approved_at for r in live if held.pk in r.arrivals]
        missing += len(live) - len(round_delays)
        delays += round_delays
        within = sum(d <= TARGET_SECONDS for d in round_delays) / max(len(live), 1)
        say(
            f"round {number}: {len(round_delays)}/{len(live)} streams, "
            f"median {statistics.median(round_delays or [0]) * 1000:.0f} ms, "
            f"slowest {max(round_delays or [0]) * 1000:.0f} ms, {within:.1%} within 2 s"
        )
        await asyncio.sleep(1)
    cpu = cpu_seconds(stack.uvicorn.pid) - cpu_before
    wall = time.monotonic() - rounds_started
    for task in tasks:
        task.cancel()
    delays.sort()
    total = len(live) * ARGS.rounds
    return {
        "streams": ARGS.streams,
        "open": len(live),
        "refused": len(failed),
        "open_seconds": round(open_seconds, 1),
        "rounds": ARGS.rounds,
        "deliveries": len(delays),
        "missing": missing,
        "median_ms": round(statistics.median(delays or [0]) * 1000),
        "p95_ms": round(delays[int(0.95 * (len(delays) - 1))] * 1000) if delays else None,
        "max_ms": round(max(delays or [0]) * 1000),
        "within_2s": round(sum(d <= TARGET_SECONDS for d in delays) / max(total, 1), 4),
        "uvicorn_rss_idle_mb": round(idle_rss, 1),
        "uvicorn_rss_streams_mb": round(streams_rss, 1),
        "uvicorn_cpu_share": round(cpu / wall, 3),
        "uvicorn_cpu_seconds": round(cpu, 2),
    }


def main():
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))  # for us and servers
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-live-"))
    stack = None
    try:
        database_url = prepare_database(workdir)
        article = setup_django(database_url)
        stack = Stack(database_url, workdir)
        fanout = "redis" if os.environ.get("REDIS_URL") else "postgres"
        if database_url.startswith("sqlite"):
            fanout = "poll" if not os.environ.get("REDIS_URL") else "redis"
        say(
            f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}; "
            f"{database_url.split(':')[0]}, fan-out {fanout}; {ARGS.streams} streams, "
            f"{ARGS.rounds} rounds"
        )
        result = asyncio.run(bench(stack, article))
        result["database"] = database_url.split(":")[0]
        result["fanout"] = fanout
    finally:
        if stack is not None:
            stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if ARGS.json:
        print(json.dumps(result, indent=2))
    else:
        say(
            f"\nAll rounds: {result['deliveries']} deliveries, {result['missing']} missing; "
            f"median {result['median_ms']} ms, p95 {result['p95_ms']} ms, slowest "
            f"{result['max_ms']} ms; {result['within_2s']:.1%} within 2 s (target 95%)\n"
            f"uvicorn: {result['uvicorn_rss_idle_mb']} MB before the streams, "
            f"{result['uvicorn_rss_streams_mb']} MB with them; "
            f"{result['uvicorn_cpu_share']:.0%} of a core during the rounds"
        )
    return 0 if result["within_2s"] >= TARGET_SHARE else 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    sys.exit(main())
