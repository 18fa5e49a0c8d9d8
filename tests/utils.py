"""Small helpers for reading responses the way a reader, a browser or a crawler would."""

import hashlib
from html.parser import HTMLParser

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.apps import apps
from django.utils.html import strip_tags

# The most queries any public page may run, whatever the number of articles or comments
# (the article page: the article, its credits and tags, the sections, the moderation rules,
# the comment count, the threads, their replies and the reader's votes, and the article's
# passages open for inline feedback with their counts; and, when the cache is cold, the goal
# bar's numbers, the support box, the publisher row of the page's JSON-LD, the article's
# own discussion settings and the discussion texts (the bubble's prompt): one query each,
# none when warm; and for an article with versions in other languages, those versions).
PAGE_QUERY_LIMIT = 15
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


class _ThreadCollector(HTMLParser):
    """Follows <ol> and <li> nesting; records which comment each comment's <li> sits in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, comment id or None) of the <ol> and <li> elements now open
        self.parents = {}  # comment id -> the comment id whose <li> contains it (None: top)
        self.order = []

    def handle_starttag(self, tag, attrs):
        if tag not in {"ol", "li"}:
            return
        element_id = dict(attrs).get("id") or ""
        comment_id = int(element_id[8:]) if element_id.startswith("comment-") else None
        if tag == "li" and comment_id is not None:
            assert self.open and self.open[-1][0] == "ol", f"{element_id} is not in a list"
            enclosing = [pk for t, pk in self.open if t == "li" and pk is not None]
            self.parents[comment_id] = enclosing[-1] if enclosing else None
            self.order.append(comment_id)
        self.open.append((tag, comment_id))

    def handle_endtag(self, tag):
        if tag not in {"ol", "li"}:
            return
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def comment_threads(response_or_html):
    """How the page nests its comments: ({comment id: id of the comment it is inside, or None
    at the top}, the comment ids in page order). Fails on lists that are not well formed."""
    html = response_or_html
    if not isinstance(html, str):
        html = html.content.decode()
    collector = _ThreadCollector()
    collector.feed(html)
    assert not [t for t in collector.open if t[1] is not None], "a comment's <li> is not closed"
    return collector.parents, collector.order


def snapshot():
    """Every row of every model, hashed by model: what a refused request must leave as it was."""
    state = {}
    for model in apps.get_models():
        rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


def changed(before, after):
    """The models whose rows differ between two snapshots."""
    return sorted(label for label in before if before[label] != after[label])


# The authenticator app of every staff member a test makes (tests/conftest.py enrols them).
STAFF_TOTP_SECRET = generate_totp_secret()


def totp_code(secret=STAFF_TOTP_SECRET, *, step=0):
    """The code an authenticator app shows now for `secret` (`step` periods later)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2] + step))


def staff_sign_in(page, user, password="pw"):
    """Sign a staff member in in a real browser, from the admin's address: the site's
    sign-in page, then the code of their authenticator app."""
    page.goto("/admin/")
    page.get_by_label("Email or name").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign In", exact=True).click()
