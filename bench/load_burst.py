"""load.py's vote burst on PostgreSQL: many readers voting on the same comments at once,
then every counter checked against the vote rows. Not a script: load.py imports it, and
runs itself again with --count-votes for the check."""

import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from stack import PYTHON, REPO_ROOT, run

BURST_VOTERS, BURST_COMMENTS = 50, 40
# The check runs in a child process: load.py --count-votes.
LOAD_SCRIPT = Path(__file__).with_name("load.py")


def vote_burst(server, comment_ids, database_url):
    """BURST_VOTERS readers in parallel, each voting up BURST_COMMENTS comments."""
    targets = comment_ids[:BURST_COMMENTS]
    errors = []
    barrier = threading.Barrier(BURST_VOTERS)

    def voter(n):
        ip = f"172.16.{n // 200}.{n % 200 + 1}"
        barrier.wait()
        for comment_id in targets:
            request = urllib.request.Request(
                f"{server.base}/comments/{comment_id}/vote/",
                data=b"value=up",
                headers={
                    "Origin": server.base,
                    "Sec-Fetch-Site": "same-origin",
                    "X-Real-IP": ip,
                    "HX-Request": "true",  # answered with the fragment, no redirect to follow
                },
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    # A refused vote is answered with the fragment and its message.
                    if response.status != 200 or b"vote__error" in response.read():
                        errors.append(response.status)
            except urllib.error.HTTPError as error:
                errors.append(error.code)
            except OSError as error:
                errors.append(str(error))

    started = time.monotonic()
    threads = [threading.Thread(target=voter, args=(n,)) for n in range(BURST_VOTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    counts = json.loads(
        run(
            [PYTHON, LOAD_SCRIPT, "--count-votes", ",".join(map(str, targets))],
            {**os.environ, "DATABASE_URL": database_url},
        )
    )
    return {
        "votes": BURST_VOTERS * len(targets),
        "seconds": round(seconds, 2),
        "votes_per_second": round(BURST_VOTERS * len(targets) / seconds, 1),
        "errors": len(errors),
        "exact": counts["exact"],
        "checked": counts["checked"],
    }


def count_votes(ids):
    """(In a child process.) Whether every counter equals its vote rows (and the seeded count
    plus the burst's voters)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.db.models import Count, Q

    from comments.models import Comment, Vote

    rows = Comment.objects.filter(pk__in=ids).annotate(
        up=Count("votes", filter=Q(votes__value=Vote.UP)),
        down=Count("votes", filter=Q(votes__value=Vote.DOWN)),
        burst=Count(
            "votes",
            filter=Q(votes__voter_key__startswith="b", votes__ip_address__startswith="172.16."),
        ),
    )
    exact = all(
        c.upvotes == c.up
        and c.downvotes == c.down
        and c.score == c.up - c.down
        and c.burst == BURST_VOTERS
        for c in rows
    )
    print(json.dumps({"exact": exact, "checked": len(rows)}))
