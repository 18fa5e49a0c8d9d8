"""WordPress post content turned into our article body.

WordPress stores a post as HTML in which blank lines mean paragraphs (its `wpautop` adds the
<p> tags when the page is drawn) and shortcodes in square brackets stand for what plugins
draw. Here the paragraphs are made explicit, the shortcodes that mean something to us are
used (`[caption]` → a figure caption, `[embed]` or a YouTube/Vimeo address on its own line →
the article's video, `[wpdiscuz-feedback]` → a passage open for inline feedback), every other
shortcode is removed (its inner text kept) and counted, and the result is sanitised by the
article body's own sanitiser. The body is then HTML blocks separated by blank lines, which
our Markdown keeps as they are.
"""

import html
import ipaddress
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from articles.markdown import sanitise_html
from articles.video import parse_video_url
from newsroom.text import normalise

SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:[^\]\"']|\"[^\"]*\"|'[^']*')*?)(/?)\]")
ATTRIBUTE = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|(\S+))")
BLOCK_START = re.compile(
    r"^\s*<(?:p|h[1-6]|ul|ol|li|blockquote|pre|figure|div|table|hr|section|article|aside|"
    r"header|footer|dl|address|details|form|iframe|video|audio|!--)\b",
    re.IGNORECASE,
)
BLANK_LINES = re.compile(r"\n\s*\n")
BARE_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$", re.MULTILINE)
FEEDBACK = re.compile(
    r"\[wpdiscuz-feedback\b((?:[^\]\"']|\"[^\"]*\"|'[^']*')*)\](.*?)\[/wpdiscuz-feedback\]",
    re.DOTALL,
)
CAPTION = re.compile(
    r"\[(caption|wp_caption)\b((?:[^\]\"']|\"[^\"]*\"|'[^']*')*)\](.*?)\[/\1\]", re.DOTALL
)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL)
HEADING_ONE = re.compile(r"<(/?)h1\b", re.IGNORECASE)


@dataclass
class FeedbackPassage:
    key: str  # wpDiscuz's id of the form, which comments name in their meta
    text: str
    question: str = ""
    is_open: bool = True


@dataclass
class Body:
    markdown: str
    video_url: str = ""
    passages: list = field(default_factory=list)
    shortcodes: Counter = field(default_factory=Counter)  # removed, by name


def attributes(text):
    return {
        m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
        for m in ATTRIBUTE.finditer(text or "")
    }


def plain_text(fragment):
    """The visible text of an HTML fragment, entities decoded."""
    return html.unescape(nh3.clean(fragment or "", tags=set())).strip()


def convert(content):
    """Our body (and what goes beside it) from a post's content."""
    body = Body(markdown="")
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")

    def video(url):
        url = html.unescape(plain_text(url))
        if parse_video_url(url) is None:
            return None
        if not body.video_url:
            body.video_url = url
        return ""

    def embed(match):
        found = video(match.group(1))
        if found is None:
            body.shortcodes["embed"] += 1
            return ""
        return found

    def bare_url(match):
        found = video(match.group(1))
        return match.group(0) if found is None else found

    def caption(match):
        inner = match.group(3)
        text = attributes(match.group(2)).get("caption") or plain_text(
            re.sub(r"<img\b[^>]*>", "", re.sub(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", "", inner))
        )
        return f"\n\n<figure><figcaption>{html.escape(text)}</figcaption></figure>\n\n"

    def feedback(match):
        attrs = attributes(match.group(1))
        text = match.group(2)
        visible = " ".join(plain_text(text).split())
        if visible:
            body.passages.append(
                FeedbackPassage(
                    key=attrs.get("id", ""),
                    text=visible[:500],
                    question=" ".join(attrs.get("question", "").split())[:200],
                    is_open=attrs.get("opened", "1") != "0",
                )
            )
        return text

    content = FEEDBACK.sub(feedback, content)
    content = CAPTION.sub(caption, content)
    content = EMBED.sub(embed, content)
    content = BARE_URL_LINE.sub(bare_url, content)

    def other(match):
        if match.group(1) != "/":
            body.shortcodes[match.group(2).lower()] += 1
        return ""

    content = SHORTCODE.sub(other, content)
    content = HEADING_ONE.sub(r"<\1h2", content)
    body.markdown = _paragraphs(content)
    return body


def _paragraphs(content):
    """Paragraphs made explicit as WordPress draws them (a <p> per blank line, a <br> per
    line inside one), the whole sanitised, then each top-level block on its own, set apart
    by a blank line, with loose text and inline tags gathered into paragraphs: the form in
    which our Markdown keeps HTML as it is."""
    chunks = []
    for chunk in BLANK_LINES.split(content):
        chunk = chunk.strip()
        if chunk and not BLOCK_START.match(chunk):
            chunk = "<p>" + "<br>\n".join(line.strip() for line in chunk.split("\n")) + "</p>"
        chunks.append(chunk)
    splitter = _Blocks()
    splitter.feed(sanitise_html("\n".join(chunks)))
    splitter.close()
    return "\n\n".join(splitter.finish())


class _Blocks(HTMLParser):
    """Splits sanitised HTML into its top-level blocks, each on lines of its own."""

    BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "pre", "figure", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks, self.current, self.loose, self.depth = [], [], [], 0

    def _flush_loose(self):
        text = "".join(self.loose).strip()
        if text and plain_text(text):
            self.blocks.append(f"<p>{text}</p>")
        self.loose = []

    def _emit(self, markup):
        (self.current if self.depth else self.loose).append(markup)

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text()
        if self.depth == 0 and tag in self.BLOCKS:
            self._flush_loose()
            if tag == "hr":
                self.blocks.append("<hr>")
                return
            self.depth = 1
            self.block_tag = tag
            self.current = [raw]
            return
        if self.depth and tag == self.block_tag:
            self.depth += 1
        self._emit(raw)

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0 and tag == "hr":
            self._flush_loose()
            self.blocks.append("<hr>")
            return
        self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        self._emit(f"</{tag}>")
        if self.depth and tag == self.block_tag:
            self.depth -= 1
            if self.depth == 0:
                block = "".join(self.current).strip()
                if plain_text(block):
                    self.blocks.append(BLANK_LINES.sub("\n", block))
                self.current = []

    def handle_data(self, data):
        self._emit(data)

    def handle_entityref(self, name):
        self._emit(f"&{name};")

    def handle_charref(self, name):
        self._emit(f"&#{name};")

    def finish(self):
        if self.current:
            self.loose.extend(self.current)
        self._flush_loose()
        return self.blocks


# --- Comments --------------------------------------------------------------------------

LINE_BREAKS = re.compile(r"<br\s*/?>\n?|</p>\s*<p[^>]*>", re.IGNORECASE)
# A link in a comment: its address is kept beside its text (our comments link bare URLs).
LINK = re.compile(r"<a\s[^>]*?href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


def comment_text(markup):
    """A comment's HTML (WordPress's, Disqus's) as the plain text our comments keep."""
    return normalise(plain_text(LINE_BREAKS.sub("\n", _links(markup or ""))))


def _links(text):
    def spelled(match):
        href, label = html.unescape(match.group(1)).strip(), match.group(2)
        if not href.startswith(("http://", "https://")) or href in label:
            return label
        return f"{label} ({html.escape(href)})"

    return LINK.sub(spelled, text)


def valid_email(email):
    """The address in lower case when it is one, else ""."""
    email = (email or "").strip().lower()
    if not email or len(email) > 254:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def valid_ip(ip):
    try:
        return str(ipaddress.ip_address(ip.strip()))
    except ValueError:
        return None
