"""Comment text as plain text with paragraphs and automatic links, sanitised with nh3: how
comments were written before the Markdown subset (comments.markup), and how imported
comments (the imports app) are shown. What is kept of what a reader typed is `normalise`d
first (newsroom/text.py)."""

import re
from html import escape

import nh3
from django.utils.html import urlize

from newsroom.text import normalise

LINK_REL = "nofollow ugc noopener"
# What nh3 leaves of a link whose address it refused (urlize makes mailto: links of email
# addresses; we do not publish those as links): the text stays, the empty <a> goes.
HREFLESS_LINK = re.compile(r"<a rel=\"[^\"]*\">(.*?)</a>")
# What urlize needs to see in a word before it can make it a link: a scheme, "www.", one of
# the seven top-level domains it knows, or an email's "@". Other words it only escapes, so
# they are escaped here without it, as urlize escapes (urlize costs 0.05 ms a word).
MAY_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)
WORDS = re.compile(r"""([\s<>"']+)""")  # urlize's own split into words


def _linked(line):
    if not MAY_LINK.search(line):
        return escape(line)
    return "".join(
        urlize(word, trim_url_limit=60, autoescape=True) if MAY_LINK.search(word) else escape(word)
        for word in WORDS.split(line)
    )


def render_comment(text: str) -> str:
    """Turn what a reader typed into safe HTML: <p> per paragraph, <br> per line, links."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", normalise(text)) if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linked(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )
    html = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
    return HREFLESS_LINK.sub(r"\1", html)
