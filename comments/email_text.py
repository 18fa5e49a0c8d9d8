"""A comment's text for a plain-text email, made from its rendered, sanitised HTML.

An email shows what the reader sees on the page, not the Markdown they typed: no "**" or
"*" marks, a link as "its text (its address)" (a bare address once), a quote with "> " as
mail clients quote, list items with "•" or their number, and a spoiler kept hidden behind
a note (a moderator's alert shows it, marked as one). Working from `body_html` rather than
the typed text means that old plain comments, imported ones and Markdown ones read alike,
and that nothing the sanitiser removed comes back in an email.
"""

import re
from html.parser import HTMLParser

from django.utils.translation import gettext as _

BLOCKS = {"p", "blockquote", "ul", "ol", "li", "pre", "details", "summary"}
SPACES = re.compile(r"[ \t\r\n\f]+")


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = []


class _TreeBuilder(HTMLParser):
    """The sanitised HTML as a small tree (nh3 leaves it well formed)."""

    VOID = {"br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def plain_text(html, *, spoilers=False):
    """The comment's HTML as plain text: paragraphs apart by a blank line. `spoilers`:
    show a spoiler's text (for moderators) rather than a note that it is hidden."""
    builder = _TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return "\n\n".join(_blocks(builder.root, spoilers=spoilers)).strip()


def _is_block(node):
    return isinstance(node, _Node) and node.tag in BLOCKS


def _blocks(node, *, spoilers):
    """The blocks (paragraphs, quotes, lists…) inside a node, each as text."""
    blocks, inline = [], []

    def flush():
        text = _tidy(_inline(inline))
        if text:
            blocks.append(text)
        inline.clear()

    for child in node.children:
        if not _is_block(child):
            inline.append(child)
            continue
        flush()
        text = _block(child, spoilers=spoilers)
        if text:
            blocks.append(text)
    flush()
    return blocks


def _block(node, *, spoilers):
    if node.tag == "p" or node.tag == "summary":
        return _tidy(_inline(node.children))
    if node.tag == "pre":
        return _text_of(node).strip("\n")
    if node.tag == "blockquote":
        inner = "\n\n".join(_blocks(node, spoilers=spoilers))
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if node.tag in ("ul", "ol"):
        items = [child for child in node.children if isinstance(child, _Node)]
        lines = []
        for number, item in enumerate(items, start=1):
            marker = f"{number}." if node.tag == "ol" else "•"
            text = "\n".join(_blocks(item, spoilers=spoilers))
            lines.append(f"{marker} " + text.replace("\n", "\n" + " " * (len(marker) + 1)))
        return "\n".join(lines)
    if node.tag == "details":
        if not spoilers:
            return _("[Spoiler hidden: read it on the site]")
        inside = [c for c in node.children if not (isinstance(c, _Node) and c.tag == "summary")]
        text = "\n\n".join(_blocks(_with(inside), spoilers=True))
        return _("Spoiler: %(text)s") % {"text": text}
    return "\n\n".join(_blocks(node, spoilers=spoilers))


def _with(children):
    node = _Node("div")
    node.children = children
    return node


def _inline(children):
    """Text of inline content; "\\n" stands for a line break."""
    out = []
    for child in children:
        if isinstance(child, str):
            out.append(SPACES.sub(" ", child))
        elif child.tag == "br":
            out.append("\n")
        elif child.tag == "a":
            out.append(_link(child))
        else:
            out.append(_inline(child.children))
    return "".join(out)


def _link(node):
    label = _tidy(_inline(node.children))
    href = node.attrs.get("href") or ""
    if not href or "mention" in (node.attrs.get("class") or "").split():
        return label  # "@Name": whom the reader answers, not an address
    if href.startswith("mailto:"):
        return label
    bare = href.split("://", 1)[-1]
    start = label[:-1] if label.endswith("…") else ""  # urlize shortens long addresses
    shortened = bool(start) and (href.startswith(start) or bare.startswith(start))
    if label in (href, bare) or shortened:
        return href  # a bare address (perhaps shortened on the page): the whole of it
    return f"{label} ({href})" if label else href


def _text_of(node):
    return "".join(c if isinstance(c, str) else _text_of(c) for c in node.children)


def _tidy(text):
    """No spaces around line breaks, none at either end."""
    return "\n".join(line.strip() for line in text.split("\n")).strip()
