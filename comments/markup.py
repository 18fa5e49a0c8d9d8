"""Comment text in a small Markdown subset, rendered once when the comment is saved.

What a reader may write: **bold**, *italic*, [links](https://example.org), > quotes, lists,
`inline code` and ``` fenced code blocks, spoilers (lines that start with ">!", shown folded
in a <details> that opens without JavaScript) and @mentions of people earlier in the
discussion (comments.mentions finds them; here they become links). Nothing else: no
headings, images, tables, rules, reference links or raw HTML (typed HTML is shown as text).
Bare addresses become links as in plain comments (Django's urlize), email addresses do not.

Python-Markdown (already the articles' parser) with its unwanted parts switched off, and
nh3 over its output as for every comment: the sanitiser, not the parser, is the guarantee
that nothing a stranger typed runs in a reader's browser. Links get rel="nofollow ugc
noopener" and only http, https and mailto addresses; an address nh3 refuses leaves its text.
"""

import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape

import markdown
import nh3
from django.utils.html import urlize
from django.utils.translation import gettext as _
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from newsroom.text import normalise

from .text import HREFLESS_LINK, LINK_REL

TAGS = {
    "p", "br", "a", "strong", "em", "blockquote", "ul", "ol", "li", "code", "pre",
    "details", "summary",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}
# The only addresses without a scheme that a comment may link to: a mention's permalink.
MENTION_HREF = re.compile(r"/comments/[0-9]+/")
CLASSES = {"a": {"mention"}, "details": {"spoiler"}}

# A line break Markdown leaves after a tag that is not inside a code block.
BETWEEN_TAGS = re.compile(r"(<(?:/?(?:p|ul|ol|li|blockquote|details|summary|pre)|br)\b[^>]*>)\n")

# Parts of Python-Markdown a comment does without (registry names).
UNWANTED = {
    "preprocessors": ["html_block"],
    "blockprocessors": ["code", "hashheader", "setextheader", "hr", "reference"],
    "inlinePatterns": [
        "reference", "image_link", "image_reference", "short_reference", "short_image_ref",
        "automail", "html", "entity",
    ],
}  # fmt: skip

# A list may start right under a line of text, as people type it in a comment box.
LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|[0-9]+[.)]) \S")


class ListAfterTextPreprocessor(Preprocessor):
    """Put a blank line between a line of text and a list item that follows it: Markdown
    would otherwise read the item as part of the paragraph. (Fenced code is stashed away
    before this runs.)"""

    def run(self, lines):
        out = []
        for line in lines:
            if out and out[-1].strip() and LIST_ITEM.match(line) and not LIST_ITEM.match(out[-1]):
                if not out[-1].startswith((" ", ">")):
                    out.append("")
            out.append(line)
        return out


class SpoilerProcessor(BlockQuoteProcessor):
    """Lines that start with ">!" (an ending "!<" is allowed, as some sites write it): the
    text is folded in a <details> element, opened with a click, a tap or the keyboard."""

    RE = re.compile(r"(^|\n)[ ]{0,3}>![ ]?(.*)")

    def test(self, parent, block):
        return bool(self.RE.search(block))

    def clean(self, line):
        match = re.match(r"^[ ]{0,3}>![ ]?(.*)", line)
        if match is None:
            return line
        text = match.group(1)
        return text[:-2].rstrip() if text.rstrip().endswith("!<") else text

    def run(self, parent, blocks):
        block = blocks.pop(0)
        match = self.RE.search(block)
        before = block[: match.start()]
        self.parser.parseBlocks(parent, [before])
        lines = block[match.start() :].split("\n")
        folded = "\n".join(self.clean(line) for line in lines)
        details = etree.SubElement(parent, "details", {"class": "spoiler"})
        summary = etree.SubElement(details, "summary")
        summary.text = AtomicString(_("Spoiler"))
        self.parser.state.set("spoiler")
        self.parser.parseChunk(details, folded)
        self.parser.state.reset()


class MentionProcessor(InlineProcessor):
    """ "@Name" where Name is one of the names given (case and spacing as typed do not
    matter; the longest name that fits wins): a link to that person's comment."""

    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self):
        super().__init__(r"(?<![\w@])@")
        self.start(mentions=(), limit=0)

    def start(self, *, mentions, limit):
        """Get ready for one text: who it may mention, and how many at most."""
        # Longest first, so that "@Ana Lima" is Ana Lima, not Ana.
        self.mentions = sorted(mentions, key=lambda m: -len(m.name))
        self.limit = limit
        self.used = []  # who was linked, in the order of the text, each once

    def handleMatch(self, m, data):
        for mention in self.mentions:
            end = m.end() + len(mention.name)
            typed = data[m.end() : end]
            if typed.casefold() == mention.name.casefold() and (
                end == len(data) or not data[end].isalnum()
            ):
                if mention not in self.used:
                    if len(self.used) >= self.limit:
                        return None, None, None  # past the limit: the name stays text
                    self.used.append(mention)
                link = etree.Element("a", {"href": mention.href, "class": "mention"})
                link.text = AtomicString("@" + data[m.end() : end])
                return link, m.start(0), end
        return None, None, None


class LinkifyTreeprocessor(Treeprocessor):
    """Addresses in the text (outside links and code) become links, as urlize makes them
    in plain comments; email addresses stay text."""

    SKIP = {"a", "code", "pre"}
    LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)
    # What every address urlize links has: a scheme, or a dot between two letters or digits.
    MAYBE_ADDRESS = re.compile(r"://|\w\.\w")

    def run(self, root):
        self._walk(root)

    def _walk(self, element):
        if element.tag in self.SKIP:
            return
        children = list(element)
        if element.text:
            element.text = self._linked(element, element.text, 0)
        for child in children:
            self._walk(child)
            if child.tail:
                child.tail = self._linked(element, child.tail, list(element).index(child) + 1)

    def _linked(self, parent, text, index):
        """The text up to its first link; the links, each with the text after it, are
        inserted into `parent` at `index`."""
        if not self.MAYBE_ADDRESS.search(text):
            return text  # urlize is the slow part; most text has no address in it
        html = urlize(text, trim_url_limit=60, autoescape=True)
        pieces = self.LINK.split(html)
        if len(pieces) == 1:
            return text
        head, links = unescape(pieces[0]), []
        for href, label, after in zip(pieces[1::3], pieces[2::3], pieces[3::3], strict=True):
            href, label, after = unescape(href), unescape(label), unescape(after)
            if href.startswith("mailto:"):  # an email address stays text
                if links:
                    links[-1].tail += label + after
                else:
                    head += label + after
                continue
            link = etree.Element("a", {"href": href})
            link.text = AtomicString(label)
            link.tail = after
            links.append(link)
        for offset, link in enumerate(links):
            parent.insert(index + offset, link)
        return head


class CommentMarkdown(markdown.Extension):
    def __init__(self, **kwargs):
        self.mentions = MentionProcessor()
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        registries = {
            "preprocessors": md.preprocessors,
            "blockprocessors": md.parser.blockprocessors,
            "inlinePatterns": md.inlinePatterns,
        }
        for registry, names in UNWANTED.items():
            for name in names:
                registries[registry].deregister(name, strict=False)
        md.preprocessors.register(ListAfterTextPreprocessor(md), "list_after_text", 15)
        md.parser.blockprocessors.register(SpoilerProcessor(md.parser), "spoiler", 21)
        md.inlinePatterns.register(self.mentions, "mention", 127)
        md.treeprocessors.register(LinkifyTreeprocessor(md), "linkify", -10)


_parsers = threading.local()


def _parser():
    """This thread's Markdown parser (one is costly to set up; it serves one text at a time)."""
    if not hasattr(_parsers, "md"):
        extension = CommentMarkdown()
        _parsers.md = markdown.Markdown(
            extensions=[extension, "fenced_code", "nl2br", "sane_lists"],
            output_format="html",
            tab_length=4,
        )
        _parsers.extension = extension
    return _parsers.md, _parsers.extension


@dataclass(frozen=True)
class Rendered:
    html: str
    mentioned: tuple = ()  # the `mentions` that were linked, in the order of the text


def render_markdown_comment(text: str, *, mentions=(), limit=0) -> Rendered:
    """Turn what a reader typed into safe HTML. `mentions`: who may be mentioned, objects
    with a `name` and the `href` its "@Name" links to (comments.mentions.Named); at most
    `limit` different ones are linked."""
    text = normalise(text)
    if not text:
        return Rendered("")
    md, extension = _parser()
    extension.mentions.start(mentions=mentions, limit=limit)
    html = md.reset().convert(text)
    html = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_only_safe_addresses,
        allowed_classes=CLASSES,
    )
    html = HREFLESS_LINK.sub(r"\1", html)
    # The same HTML as plain comments for plain text: no line breaks between the tags
    # (code blocks keep theirs: their text holds no tags).
    return Rendered(BETWEEN_TAGS.sub(r"\1", html), tuple(extension.mentions.used))


RENDERED_LINK = re.compile(r"<a\s[^>]*\bhref=")


def count_links(text: str) -> int:
    """The links readers will see in the comment: written as Markdown links and bare
    addresses (example.com) alike; mentions are not counted."""
    html = render_markdown_comment(text).html
    return len(RENDERED_LINK.findall(html))


def _only_safe_addresses(tag, attribute, value):
    """An address with a scheme (nh3 keeps only ours) or a mention's permalink; an address
    relative to our site or to no scheme ("//elsewhere.example") is dropped."""
    if tag == "a" and attribute == "href":
        if MENTION_HREF.fullmatch(value):
            return value
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        return value if scheme in URL_SCHEMES and "/" not in scheme else None
    return value
