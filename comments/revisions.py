"""What changed when an author edited a comment: for moderators, each earlier text with the
words taken out and put in marked (everything a reader typed is escaped)."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Words and the spaces after them, so that the marked text reads as it was written.
TOKENS = re.compile(r"\S+\s*|\s+")


def word_diff(old, new):
    """HTML of `new` with the words `old` had and it lost in <del> and those it gained in
    <ins>; every piece of text escaped."""
    before, after = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    pieces = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("{}", "".join(after[b1:b2])))
            continue
        if a2 > a1:
            pieces.append(("<del>{}</del>", "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(("<ins>{}</ins>", "".join(after[b1:b2])))
    return format_html_join("", "{}", ((format_html(tag, text),) for tag, text in pieces))


@dataclass(frozen=True)
class Change:
    """One edit: when it was made, the text before it and what it changed."""

    edited_at: object  # when the text below was replaced
    before: str
    diff: SafeString


def edit_history(comment, revisions=None):
    """The comment's edits, oldest first: each earlier text against the one that replaced
    it (the last against the comment's text now). One query unless `revisions` is given."""
    if revisions is None:
        revisions = list(comment.revisions.all())
    texts = [r.body for r in revisions] + [comment.body]
    return [
        Change(edited_at=revision.created_at, before=revision.body, diff=word_diff(old, new))
        for revision, old, new in zip(revisions, texts, texts[1:], strict=False)
    ]
