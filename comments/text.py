"""Comment text: plain text with paragraphs and automatic links, sanitised with nh3."""

import re

import nh3
from django.utils.html import urlize

LINK_REL = "nofollow ugc noopener"
URL_PATTERN = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


def render_comment(text: str) -> str:
    """Turn what a reader typed into safe HTML: <p> per paragraph, <br> per line, links."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", normalise(text)) if p.strip()]
    html = "".join(
        "<p>"
        + "<br>".join(urlize(line, trim_url_limit=60, autoescape=True) for line in p.split("\n"))
        + "</p>"
        for p in paragraphs
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )


def normalise(text: str) -> str:
    """Line endings unified, control characters (other than newlines and tabs) removed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()


def count_links(text: str) -> int:
    return len(URL_PATTERN.findall(text or ""))
