"""Where `?next=` may lead once a reader has signed in, up or out."""

import unicodedata
from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

# Pages that would send a reader who has just signed in round in a loop.
ENTRANCE_PAGES = {
    "account_login",
    "account_signup",
    "account_logout",
    "account_request_login_code",
    "account_confirm_login_code",
    "accounts:sign-in",
    "accounts:sign-up",
}
MAX_NEXT_LENGTH = 2000


def is_site_page(target):
    """Whether `target` is a path on this site that leads to one of its pages (query and
    fragment kept): never another site (`//evil.example`, `https:`, `javascript:`), never a
    relative address, nothing with control or bidi characters (a header cannot carry them),
    nothing absurdly long, and never the sign-in, sign-up or sign-out pages themselves."""
    if not target or len(target) > MAX_NEXT_LENGTH:
        return False
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in target):
        return False
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=set()):
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    try:
        match = resolve(unquote(parts.path))
    except Resolver404:
        return False
    return match.view_name not in ENTRANCE_PAGES
