"""How fast import_wordpress reads a large WordPress export, and how much memory it takes.

Writes a WXR file of POSTS posts with COMMENTS_PER_POST threaded comments each (wpDiscuz vote
meta on every comment, replies listed before their parents in every other post), imports it,
then imports it again (nothing changed: the second run should skip almost everything).

    .venv/bin/python bench/import.py                  # 10,000 posts, 200,000 comments
    .venv/bin/python bench/import.py --posts 1000     # a smaller run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/import.py

The import runs in a throwaway test database made and destroyed with Django's own machinery
(on SQLite a file in a temporary folder, not memory, so the disk is written as in real use).
A small file is imported first, so that the peak memory of the large one can be compared with
it: flat means the same peak whatever the file's size.
"""

import argparse
import io
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"

import warnings  # noqa: E402

import django  # noqa: E402
from django.conf import settings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
TMP = Path(tempfile.mkdtemp(prefix="newsroom-bench-import-"))
if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(TMP / "bench.sqlite3")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from articles.models import Article  # noqa: E402
from comments.models import Comment  # noqa: E402
from imports.models import Origin  # noqa: E402

COMMENTS_PER_POST = 20
CONTENT = """The council voted on Tuesday night to close the old harbour road to through traffic \
from the spring, ending a dispute that has divided the town for a decade.

Residents of the streets around the quay have long complained about lorries using the road \
as a shortcut. "You cannot open a window in summer," said one.

[caption id="attachment_1" width="800"]<img src="https://old.example/a.jpg"> The quay[/caption]

<h2>What changes</h2>
From the first of April the road will be open only to buses, bicycles and residents, with \
<strong>cameras</strong> at both ends. Émile ❤️ مرحبا 🚢"""


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def el(name, value):
    return f"<{name}>{value}</{name}>"


def write_export(path, posts):
    """A WXR 1.2 file, written as a stream."""
    with open(path, "w", encoding="utf-8") as out:
        w = out.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ')
        w('xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/" ')
        w('xmlns:content="http://purl.org/rss/1.0/modules/content/" ')
        w('xmlns:dc="http://purl.org/dc/elements/1.1/" ')
        w('xmlns:wp="https://wordpress.org/export/1.2/">')
        w("\n<channel><title>Bench</title><link>https://old.example</link>\n")
        w(el("wp:wxr_version", "1.2") + el("wp:base_site_url", "https://old.example") + "\n")
        for n in range(20):
            w("<wp:author>" + el("wp:author_login", f"writer{n}"))
            w(el("wp:author_email", f"writer{n}@old.example"))
            w(el("wp:author_display_name", cdata(f"Writer {n}")) + "</wp:author>\n")
        comment_id = 1
        for post in range(1, posts + 1):
            day = f"2020-{post % 12 + 1:02d}-{post % 28 + 1:02d}"
            w("<item>" + el("title", cdata(f"Harbour story number {post}")))
            w(el("link", f"https://old.example/{day.replace('-', '/')}/story-{post}/"))
            w(el("dc:creator", f"writer{post % 20}"))
            w(el("content:encoded", cdata(CONTENT)))
            w(el("excerpt:encoded", cdata("A short summary.")))
            w(el("wp:post_id", post) + el("wp:post_date_gmt", f"{day} 10:00:00"))
            w(el("wp:comment_status", "open") + el("wp:post_name", f"story-{post}"))
            w(el("wp:status", "publish") + el("wp:post_type", "post"))
            section, topic = post % 6, post % 40
            w(f'<category domain="category" nicename="section-{section}">Section {section}')
            w(f'</category><category domain="post_tag" nicename="topic-{topic}">Topic {topic}')
            w("</category>\n")
            first = comment_id
            ids = list(range(first, first + COMMENTS_PER_POST))
            if post % 2:
                ids.reverse()  # replies before their parents
            for cid in ids:
                k = cid - first
                # Threads: every fourth comment starts one, the others answer the one before.
                parent = 0 if k % 4 == 0 else cid - 1
                text = f"Comment {cid}: the road <em>should</em> close. https://example.org/{cid}"
                votes = f'a:2:{{s:4:"like";i:{cid % 9};s:7:"dislike";i:{cid % 3};}}'
                w("<wp:comment>" + el("wp:comment_id", cid))
                w(el("wp:comment_author", cdata(f"Reader {cid % 997}")))
                w(el("wp:comment_author_email", f"reader{cid % 997}@example.org"))
                w(el("wp:comment_author_IP", f"192.0.2.{cid % 250 + 1}"))
                w(el("wp:comment_date_gmt", f"{day} 12:{k:02d}:00"))
                w(el("wp:comment_content", cdata(text)))
                w(el("wp:comment_approved", "1") + el("wp:comment_type", "comment"))
                w(el("wp:comment_parent", parent))
                w("<wp:commentmeta>" + el("wp:meta_key", "wpdiscuz_votes_seperate"))
                w(el("wp:meta_value", cdata(votes)) + "</wp:commentmeta>")
                w("</wp:comment>\n")
            comment_id += COMMENTS_PER_POST
            w("</item>\n")
        w("</channel></rss>\n")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clear():
    Comment.objects.all().delete()
    Article.objects.all().delete()
    Origin.objects.all().delete()


def cpu_seconds():
    """User and system time of this process (the writer) and of its finished children (the
    importer's worker process is one, once the import has ended)."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def timed_import(path):
    start, (writer, worker) = time.perf_counter(), cpu_seconds()
    call_command("import_wordpress", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    writer_after, worker_after = cpu_seconds()
    return time.perf_counter() - start, writer_after - writer, worker_after - worker


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        small = TMP / "small.xml"
        write_export(small, 500)
        timed_import(small)
        small_peak = peak_mb()
        clear()

        big = TMP / "big.xml"
        write_export(big, args.posts)
        comments = args.posts * COMMENTS_PER_POST
        size_mb = big.stat().st_size / 1024 / 1024
        loads = [os.getloadavg()[0]]
        first, first_cpu, first_worker = timed_import(big)
        loads.append(os.getloadavg()[0])
        assert Comment.objects.count() == comments, Comment.objects.count()
        second, second_cpu, second_worker = timed_import(big)
        loads.append(os.getloadavg()[0])
        assert Comment.objects.count() == comments
        big_peak = peak_mb()
    finally:
        teardown_databases(old_config, verbosity=0)
    print(f"{connection.vendor}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print(f"file: {args.posts:,} posts, {comments:,} comments, {size_mb:.0f} MB")
    print(
        f"first import:  {first:7.1f} s  ({comments / first:,.0f} comments/s), "
        f"CPU {first_cpu + first_worker:.1f} s (writer {first_cpu:.1f}, worker {first_worker:.1f})"
    )
    print(
        f"second import: {second:7.1f} s  (nothing changed; {second / first:.0%} of the first), "
        f"CPU {second_cpu + second_worker:.1f} s (writer {second_cpu:.1f}, "
        f"worker {second_worker:.1f})"
    )
    print(
        "load average (1 min) before, between and after: " + ", ".join(f"{x:.1f}" for x in loads)
    )
    print(f"peak RSS: {small_peak:.0f} MB after 500 posts, {big_peak:.0f} MB after {args.posts:,}")


if __name__ == "__main__":
    main()
