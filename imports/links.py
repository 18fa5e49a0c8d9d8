"""Old addresses kept working: the rows that send each of the old site's links to its new
place, and the path a link names."""

import functools
from urllib.parse import urlsplit

from django.urls import reverse

from . import bulk
from .models import OldLink

# Where the old site's own feeds went.
FEED_PATHS = ("/feed/", "/feed/rss2/", "/feed/atom/", "/?feed=rss2", "/?feed=atom")
# Query parameters of the old home page that name a post, a page or a feed.
QUERY_KEYS = ("p", "page_id", "feed", "attachment_id")


def path_of(link):
    """The path (with its query, if any) of an absolute or relative link; "" when none."""
    parts = urlsplit((link or "").strip())
    path = parts.path or "/"
    if not path.startswith("/"):
        return ""
    return f"{path}?{parts.query}" if parts.query else path


def post_paths(*, post_id, link, slug, date):
    """Every address a WordPress post may have had: its ID link, the permalink the export
    names, and the date and name permalink shapes."""
    paths = {f"/?p={post_id}", path_of(link)}
    if slug:
        paths.add(f"/{slug}/")
        if date is not None:
            paths.add(f"/{date:%Y/%m/%d}/{slug}/")
            paths.add(f"/{date:%Y/%m}/{slug}/")
    return paths


def site_paths():
    """The old site's feeds and their new places."""
    rss = reverse("articles:rss")
    return {
        **dict.fromkeys(FEED_PATHS, rss),
        "/comments/feed/": rss,
        "/?feed=comments-rss2": rss,
    }


def keep(links, *, dry_run=False):
    """Write {old path: new path}, replacing where an old path was already sent elsewhere.
    An old path that is one of ours already (new == old) is left out."""
    rows = [
        (old[:500], new[:500])
        for old, new in links.items()
        if old and new and old != new and old != "/"
    ]
    if rows and not dry_run:
        _inserter().insert(rows)
    return len(rows)


@functools.cache
def _inserter():
    # An importer writes a few old links for every post: a prepared statement, not the
    # ORM's bulk_create compiled anew each time (imports.bulk).
    return bulk.Inserter(
        OldLink, ["old_path", "new_path"], conflict=["old_path"], replace=["new_path"]
    )


def find(old_path):
    """Where an old address now lives, or None."""
    return OldLink.objects.filter(old_path=old_path).values_list("new_path", flat=True).first()
