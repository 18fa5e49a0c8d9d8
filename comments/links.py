"""The addresses of a comment's actions (permalink, reply, vote, edit, delete, report).

A long thread shows a thousand comments with six links each; calling reverse() for every one
of them took a third of the page's render time. The patterns are reversed once (per URL
configuration, script prefix and language: the comment pages have a language prefix) and
each comment's links are made by joining strings.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

ACTIONS = ("permalink", "reply", "vote", "edit", "delete", "report")
_PLACEHOLDER = 987654321  # an id no real URL pattern prefix contains


@dataclass(frozen=True, slots=True)
class CommentLinks:
    permalink: str
    reply: str
    vote: str
    edit: str
    delete: str
    report: str


@cache
def _patterns(urlconf, script_prefix, language):
    patterns = []
    for action in ACTIONS:
        url = reverse(f"comments:{action}", kwargs={"pk": _PLACEHOLDER}, urlconf=urlconf)
        before, placeholder, after = url.partition(str(_PLACEHOLDER))
        assert placeholder, f"comments:{action} has no <pk> in {url}"
        patterns.append((before, after))
    return tuple(patterns)


def comment_links(pk: int) -> CommentLinks:
    return links_maker()(pk)


def links_maker():
    """A function from a comment's id to its links, for the URL configuration in force now:
    look the patterns up once for a whole page of comments."""
    (p1, s1), (p2, s2), (p3, s3), (p4, s4), (p5, s5), (p6, s6) = _patterns(
        get_urlconf(), get_script_prefix(), get_language()
    )

    def make(pk):
        key = str(pk)
        return CommentLinks(
            p1 + key + s1,
            p2 + key + s2,
            p3 + key + s3,
            p4 + key + s4,
            p5 + key + s5,
            p6 + key + s6,
        )

    return make
