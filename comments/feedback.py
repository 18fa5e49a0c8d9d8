"""Inline feedback: passages of an article that readers comment on, marked in its text.

A passage is found in the article as readers see it: the visible text of the stored,
already sanitised body_html, with whitespace collapsed and typographic quotes, dashes and
ellipses read as their plain forms (the body's Markdown turns "it's" into "it’s"). Marking it
only inserts our own fixed markup (<mark>, the feedback button, an empty slot for the inline
form) between the body's tags and characters: nothing an editor typed is ever inserted, and
the body's own HTML is never re-parsed into something else.
"""

import html
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from .models import Comment, Passage

TOKENS = re.compile(r"(<[^>]*>)|(&#?\w+;)|([^<&]+)|(&)")
TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
VOID = {"br", "hr", "img", "wbr"}
BLOCKS = {"p", "h2", "h3", "h4", "li", "ul", "ol", "blockquote", "pre", "figure", "figcaption"}
BLOCKS |= {"br", "hr"}
PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
}  # fmt: skip


def normalise(text):
    """A passage as it is compared: plain quotes and dashes, whitespace collapsed."""
    plain = "".join(PLAIN.get(ch, " " if ch.isspace() else ch) for ch in text or "")
    return " ".join(plain.split())


@dataclass
class _Char:
    start: int  # where it is in the HTML (an entity spans several characters)
    end: int
    node: int  # which text node it belongs to
    block: int  # which top-level block it belongs to


@dataclass
class BodyText:
    """The visible text of body_html, normalised, with where each character is in the HTML."""

    html: str
    text: str = ""
    chars: list = field(default_factory=list)  # one per character of text, None for a gap
    block_ends: dict = field(default_factory=dict)  # top-level block -> end in the HTML

    @classmethod
    def of(cls, body_html):
        body = cls(html=body_html)
        out, chars = [], []
        node = block = depth = 0
        block_start = None

        def gap():
            if out and out[-1] != " ":
                out.append(" ")
                chars.append(None)

        for match in TOKENS.finditer(body_html):
            tag, entity, text = match.group(1), match.group(2), match.group(3)
            if tag is not None:
                node += 1
                name = TAG_NAME.match(tag)
                if name is None:
                    continue
                closing, tag_name = name.group(1) == "/", name.group(2).lower()
                if tag_name in BLOCKS:
                    gap()
                if tag_name in VOID or tag.endswith("/>"):
                    continue
                if closing:
                    depth -= 1
                    if depth == 0 and block_start is not None:
                        body.block_ends[block] = match.end()
                else:
                    if depth == 0:
                        block += 1
                        block_start = match.start()
                    depth += 1
                continue
            piece = html.unescape(entity) if entity else (text if text is not None else "&")
            offsets = (
                [(match.start(), match.end())] * len(piece)
                if entity
                else [(match.start() + i, match.start() + i + 1) for i in range(len(piece))]
            )
            for ch, (start, end) in zip(piece, offsets, strict=True):
                for plain in PLAIN.get(ch, " " if ch.isspace() else ch):
                    if plain == " ":
                        if not out or out[-1] == " ":
                            continue
                    out.append(plain)
                    chars.append(_Char(start, end, node, block))
        body.text = "".join(out)
        body.chars = chars
        return body

    def find(self, passage_text):
        """The characters of the first occurrence of a passage, or None."""
        needle = normalise(passage_text)
        if not needle:
            return None
        at = self.text.find(needle)
        if at < 0:
            return None
        found = [c for c in self.chars[at : at + len(needle)] if c is not None]
        return found or None


def locate(body_html, passage_text):
    """Where a passage starts in the article's visible text, or None if it does not occur."""
    body = BodyText.of(body_html)
    needle = normalise(passage_text)
    at = body.text.find(needle) if needle else -1
    return at if at >= 0 else None


def passages_for(article):
    """The article's passages in reading order, each with its count of approved comments
    (one query)."""
    return list(
        Passage.objects.filter(article=article).annotate(
            approved_count=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED))
        )
    )


def highlight(body_html, passages):
    """body_html with each passage marked where it first occurs: open passages get their
    feedback button and a slot for the inline form after their paragraph."""
    if not passages:
        return mark_safe(body_html)  # stored sanitised by articles.markdown
    body = BodyText.of(body_html)
    inserts = []  # (position in the HTML, order, markup)
    taken = []  # HTML ranges already marked: overlapping passages are left out
    for passage in passages:
        found = body.find(passage.text)
        if found is None:
            continue
        span = (found[0].start, found[-1].end)
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        taken.append(span)
        runs = _runs(found)
        for index, (start, end) in enumerate(runs):
            inserts.append((start, 1, _mark_open(passage, first=index == 0)))
            inserts.append((end, 0, mark_safe("</mark>")))
        if passage.is_open:
            inserts.append((_outside_link(body_html, runs[-1][1]), 2, _button(passage)))
            block_end = body.block_ends.get(found[-1].block)
            if block_end is not None:
                inserts.append((block_end, 3, format_html(
                    '<div id="feedback-slot-{}" class="passage-slot"></div>', passage.pk
                )))  # fmt: skip
    inserts.sort(key=lambda item: (item[0], item[1]))
    pieces, last = [], 0
    for position, _, markup in inserts:
        pieces.append(body_html[last:position])
        pieces.append(str(markup))
        last = position
    pieces.append(body_html[last:])
    return mark_safe("".join(pieces))  # the sanitised body plus our own markup


def _outside_link(body_html, position):
    """A place for the button at or after `position` that is not inside a link (links do
    not nest): after the </a> that closes one the passage ends in."""
    next_open = body_html.find("<a ", position)
    next_close = body_html.find("</a>", position)
    if next_close >= 0 and (next_open < 0 or next_close < next_open):
        return next_close + len("</a>")
    return position


def _runs(found):
    """Contiguous stretches of a passage within one text node: one <mark> each, so that the
    marks never cross the body's own tags."""
    runs = []
    for char in found:
        if runs and runs[-1][2] == char.node:
            # Same text node: only text lies between (a collapsed space, an entity).
            runs[-1][1] = max(runs[-1][1], char.end)
        else:
            runs.append([char.start, char.end, char.node])
    return [(start, end) for start, end, _ in runs]


def _mark_open(passage, *, first):
    state = "open" if passage.is_open else "closed"
    if first:
        return format_html('<mark id="{}" class="passage passage--{}">', passage.anchor, state)
    return format_html('<mark class="passage passage--{}">', state)


def _button(passage):
    url = reverse("comments:feedback", kwargs={"pk": passage.pk})
    count = passage.approved_count
    # The name a screen reader or voice control uses starts with the number the reader sees
    # ("label in name"): "2 comments: feedback on this passage".
    words = ngettext("comment", "comments", count)
    return format_html(
        '<a class="passage__button" href="{}" data-hx-get="{}" data-hx-target="#feedback-slot-{}" '
        'title="{}"><span class="passage__count">{}</span>'
        '<span class="visually-hidden"> {}: {}</span></a>',
        url,
        url,
        passage.pk,
        gettext("Feedback on this passage"),
        count,
        words,
        gettext("feedback on this passage"),
    )
