"""The generations of what public pages show, kept in the shared cache (Redis, or the
database) with a copy of a second in each process (newsroom/pagememory.py).

Each scope (the site: articles, sections, people; the fundraising numbers on every page; one
article's discussion) has a generation, a token that a change to it renews once its
transaction has committed (`public_pages_changed`). The page cache (newsroom/pagecache.py)
files each page with the generations it was rendered under and renders it afresh when one
has changed; `content_version` gives the same token for caching anything else derived from
those scopes.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.db import transaction

from .pagememory import ProcessMemory

GENERATION_KEY = "pagecache:generation:{scope}"
# A scope longer than this (an article's is "article:" and a slug of up to 200 characters)
# is named by its hash in cache keys, which every backend takes up to 250 characters long.
MAX_SCOPE_KEY_LENGTH = 210
SITE = "site"  # articles, sections, tags, contributors, the moderation rules
FUNDRAISING = "fundraising"  # the goal bar on every page, the support box


def article_scope(slug):
    return f"article:{slug}"


# This process's memory of generations and of the pages the page cache served last.
memory = ProcessMemory()


def forget_process_memory():
    """Drop this process's memory of generations and pages (when the cache is emptied)."""
    memory.clear()


def public_pages_changed(*scopes):
    """Pages showing these scopes are stale: they are rendered afresh for the next reader.

    Takes effect when the current transaction commits (at once outside one), so that a page
    rendered while the change is being written cannot be filed as the new version.
    """

    def bump():
        memory.forget_generations()
        cache.set_many(
            {_generation_key(scope): secrets.token_hex(8) for scope in scopes}, timeout=None
        )

    # Now, so that no reader gets the old page while the change commits; and again after
    # the commit, so that a page rendered from the old rows in between is not kept.
    bump()
    transaction.on_commit(bump)


def _generation_key(scope):
    if len(scope) > MAX_SCOPE_KEY_LENGTH:
        scope = "sha256:" + hashlib.sha256(scope.encode()).hexdigest()
    return GENERATION_KEY.format(scope=scope)


def _generations(scopes, started=None, start=True):
    """The current generation of these scopes, as one token. A scope without one yet gets
    its first (None is returned instead when `start` is false); the keys of those started
    here are added to `started` when it is a list."""
    keys = [_generation_key(scope) for scope in scopes]
    found = {key: token for key in keys if (token := memory.generation(key)) is not None}
    asked = [key for key in keys if key not in found]
    if asked:
        fetched = cache.get_many(asked)
        for key in asked:
            if key not in fetched:
                if not start:
                    return None
                value = secrets.token_hex(8)
                # add(): when two servers start a generation at once, both use the first.
                if cache.add(key, value, timeout=None):
                    if started is not None:
                        started.append(key)
                else:
                    value = cache.get(key, value)
                fetched[key] = value
        memory.remember_generations(fetched)
        found.update(fetched)
    return ".".join(found[key] for key in keys)


def content_version(*scopes):
    """A token that changes whenever what these scopes cover changes (the same generations
    the page cache files pages under): a key for caching anything else derived from them."""
    return _generations(scopes)
