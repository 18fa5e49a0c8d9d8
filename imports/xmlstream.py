"""Streaming a large XML export element by element, with a parser that cannot be turned
against us.

Built on expat directly: no DTD entity is ever declared or expanded (an export declaring one
is refused, so neither "billion laughs" nor an external entity (XXE) can reach the file
system or the network), and only the elements below a chosen depth are kept, one at a time,
so memory stays flat whatever the file's size. Namespaces are given short names by what they
are, whichever version or scheme (http or https) the exporter wrote.
"""

import re
from dataclasses import dataclass, field
from xml.parsers import expat

CHUNK_BYTES = 256 * 1024

NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/?$"), "wp"),
    (re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$"), "dc"),
    (re.compile(r"^https?://disqus\.com/?$"), "disqus"),
    (re.compile(r"^https?://disqus\.com/disqus-internals/?$"), "dsq"),
]


class ExportError(Exception):
    """The file cannot be read as an export: what was wrong, and where."""

    def __init__(self, message, line=None):
        self.message, self.line = message, line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict
    line: int
    children: list = field(default_factory=list)
    parts: list = field(default_factory=list)

    @property
    def text(self):
        return "".join(self.parts)

    def find(self, tag):
        for child in self.children:
            if child.tag == tag:
                return child
        return None

    def findall(self, tag):
        return [child for child in self.children if child.tag == tag]

    def get(self, tag, default=""):
        child = self.find(tag)
        return child.text if child is not None else default


def short_name(uri):
    for pattern, prefix in NAMESPACES:
        if pattern.match(uri):
            return prefix
    return uri


def _name(raw, cache):
    """ "uri local" (expat's spelling with our separator) as "prefix:local"."""
    name = cache.get(raw)
    if name is None:
        uri, _, local = raw.rpartition(" ")
        name = f"{short_name(uri)}:{local}" if uri else local
        cache[raw] = name
    return name


def stream(file, *, depth, on_root=None, on_progress=None):
    """Yield each element at `depth` (the root is depth 0) as a Node with its subtree, in
    file order. `on_root(tag, attrs)` may refuse the document early by raising ExportError;
    `on_progress(bytes_read)` is called after each chunk."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    names, ready, stack = {}, [], []
    level = 0

    def forbid_entity(*_):
        raise ExportError(
            "the file declares an XML entity; exports never do, and it is not read",
            parser.CurrentLineNumber,
        )

    def skipped_entity(name, _is_parameter):
        raise ExportError(
            f"an entity (&{name};) defined outside the file: entities are not read",
            parser.CurrentLineNumber,
        )

    def start(raw, attrs):
        nonlocal level
        tag = _name(raw, names)
        if level == 0 and on_root is not None:
            on_root(tag, attrs)
        if level >= depth:
            node = Node(
                tag, {_name(k, names): v for k, v in attrs.items()}, parser.CurrentLineNumber
            )
            if stack:
                stack[-1].children.append(node)
            stack.append(node)
        level += 1

    def end(_raw):
        nonlocal level
        level -= 1
        if level >= depth:
            node = stack.pop()
            if level == depth:
                ready.append(node)

    def text(data):
        if stack:
            stack[-1].parts.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = forbid_entity
    parser.UnparsedEntityDeclHandler = forbid_entity
    parser.ExternalEntityRefHandler = forbid_entity
    # An entity that an external DTD would define (never read): refused, not left empty.
    parser.SkippedEntityHandler = skipped_entity

    read = 0
    seen_any = False
    try:
        while True:
            chunk = file.read(CHUNK_BYTES)
            if chunk.strip():
                seen_any = True
            read += len(chunk)
            if not chunk and not seen_any:
                raise ExportError("the file is empty")
            parser.Parse(chunk, not chunk)
            yield from ready
            ready.clear()
            if on_progress is not None:
                on_progress(read)
            if not chunk:
                return
    except expat.ExpatError as error:
        yield from ready
        raise ExportError(_describe(error), error.lineno) from None


def _describe(error):
    message = expat.ErrorString(error.code)
    if message == "no element found":
        return "the file ends before the export does (is it cut short?)"
    if message == "undefined entity":
        return "an undefined entity (&name;): entities are not read"
    return message
