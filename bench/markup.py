"""What the Markdown subset of comments costs when a comment is saved (comments/markup.py).

Run from the checkout:

    .venv/bin/python bench/markup.py

A comment's HTML is made once, when it is posted or edited, and stored; showing a thread
renders nothing. This measures that one-off cost: the median time to render each of the
benchmark's comment bodies (bench/comments.py) as plain text (the renderer imported
comments use) and as Markdown, with and without five people to mention.
"""

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"

import django  # noqa: E402

django.setup()

from comments.markup import render_markdown_comment  # noqa: E402
from comments.text import render_comment  # noqa: E402

BODIES = [
    "I walk past the old quay every morning and the traffic has changed a lot since the "
    "spring. It is quieter, but the buses are still late.\n\nCould the paper ask the "
    "council for the figures? See https://example.org/report-2026 for the report.",
    "**Good piece.** One thing missing:\n- the consultation closed early\n- nobody was told"
    "\n\n> If the council wants people to take part, it has to tell them in time.",
    "@Ana Lima is right about the numbers, and @Tomas Berg too. `p < 0.05` is not the "
    "point.\n\n>! the report was never published !<",
]


@dataclass(frozen=True)
class Someone:
    name: str
    href: str


PEOPLE = [
    Someone(n, f"/comments/{i}/")
    for i, n in enumerate(
        ["Ana Lima", "Tomas Berg", "Lena Fisk", "Piet Olsen", "Sara Nyberg"], start=1
    )
]


def median_microseconds(render, rounds=300):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for body in BODIES:
            render(body)
        times.append((time.perf_counter() - start) / len(BODIES))
    return statistics.median(times) * 1e6


def main():
    rows = [
        ("plain text (comments.text)", median_microseconds(render_comment)),
        ("Markdown subset", median_microseconds(render_markdown_comment)),
        (
            "Markdown subset, 5 people to mention",
            median_microseconds(lambda b: render_markdown_comment(b, mentions=PEOPLE, limit=5)),
        ),
    ]
    print(f"{'renderer':<40} {'µs per comment':>15}")
    for name, micro in rows:
        print(f"{name:<40} {micro:>15.0f}")


if __name__ == "__main__":
    main()
