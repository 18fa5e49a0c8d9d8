"""Small helpers for reading responses the way a reader, a browser or a crawler would."""

from html.parser import HTMLParser

from django.utils.html import strip_tags

# The most queries any public page may run, whatever the number of articles or comments
# (the article page: the article, its credits and tags, the sections, the moderation rules,
# the comment count, the threads, their replies and the reader's votes; and, when the cache
# is cold, the goal bar's numbers and the support box: one query each, none when warm).
PAGE_QUERY_LIMIT = 11
# Pages for a logged-in user also read the session, the user and their permissions.
LOGGED_IN_QUERY_LIMIT = PAGE_QUERY_LIMIT + 4
# Admin pages do much more (filters, counts, inlines), but still a fixed amount.
ADMIN_QUERY_LIMIT = 30


def page_text(response):
    """The visible text of an HTML response, whitespace collapsed (what a reader sees)."""
    return " ".join(strip_tags(response.content.decode()).split())


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags(response_or_html, name):
    """The attributes of every <name> element in the document, in order, as dicts."""
    html = response_or_html
    if not isinstance(html, str):
        html = html.content.decode()
    collector = _TagCollector()
    collector.feed(html)
    return [attrs for tag, attrs in collector.tags if tag == name]


def meta_property(response, prop):
    """The content of <meta property="..."> (Open Graph), or None."""
    found = [m.get("content") for m in tags(response, "meta") if m.get("property") == prop]
    return found[0] if found else None
