"""Whole pages for anonymous readers, kept in the shared cache (Redis, or the database).

A news site's traffic comes in spikes of readers who are not signed in and have never
commented: for them the home, article, section and feed pages are rendered once and then
served from the cache to every server. Everyone else gets a fresh page:

- a signed-in reader or staff member (session cookie), anyone with a flash message waiting,
  and a guest who has commented or voted (the reader cookie: their pending comments and
  votes are shown to them alone) is never served a cached page;
- only known query parameters are cached, so random ones cannot fill the cache: a shared
  page names the parameters it reads, and each value is reduced to the one spelling of
  what the page will show (an unknown sort is the default sort) before the cache is asked,
  or answered 404 as the page itself would answer it (`?page=0`). A parameter the page
  does not read is left out of its key.

Freshness: each cached page is stamped with the current *generation* of what it shows: the
site (articles, sections, people), the fundraising numbers on every page, and the one
article's discussion (newsroom/generations.py). A change gives its scope a new generation
once its transaction has committed (`public_pages_changed`), so the next reader gets a
freshly rendered page, filed in the same place as the stale one: a page has one entry
whatever the number of changes (a busy discussion changes with every vote; filed under each
generation, one page had 21 copies in Redis after 2,000 requests). A page also expires
before the next scheduled article goes live (articles registers that limit with
`limit_page_lifetime`).

Nothing of one reader or one request: a cached page carries no CSRF token (its forms are
protected by where a post comes from, newsroom/csrf.py), no signed timestamp (the comment
form's time on the page is measured by site.js in the reader's browser) and no CSP nonce.
"""

import functools
import gzip
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

# Re-exported: the apps (and tests) import the generations from here.
from .generations import (  # noqa: F401
    FUNDRAISING,
    GENERATION_KEY,
    MAX_SCOPE_KEY_LENGTH,
    SITE,
    _generation_key,
    _generations,
    article_scope,
    content_version,
    forget_process_memory,
    public_pages_changed,
)
from .generations import memory as _memory

# Responses smaller than this are not worth compressing.
GZIP_MIN_BYTES = 1024

# The query parameters a shared page may be asked with, each with the function that turns
# a value into the one spelling of what the page shows: `canonical(value, request)` returns
# a string, None for "the same as without it", or raises Http404 where the page would. The
# apps register theirs (`cached_query_parameter`) when they are ready.
CACHED_QUERY_PARAMETERS = {}


def cached_query_parameter(name):
    """Register `name` as a query parameter of shared pages, with its canonical form."""

    def register(canonical):
        CACHED_QUERY_PARAMETERS[name] = canonical
        return canonical

    return register


@cached_query_parameter("page")
def page_number(value, request):
    """?page= of Django's list views: a page from 1 (1 itself is the page without it) or
    "last"; anything int() cannot read, or below 1, is a 404 there, so here too. A page past
    the last one is a 404 the view finds, and is not stored."""
    if value == "last":
        return value
    try:
        number = int(value)
    except ValueError:
        raise Http404("No such page.") from None
    if number < 1:
        raise Http404("No such page.")
    return None if number == 1 else str(number)


def is_shareable(request):
    """Whether this request may be answered with the page everyone gets."""
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    personal = (settings.SESSION_COOKIE_NAME, "messages", *settings.PAGE_CACHE_PERSONAL_COOKIES)
    if any(name in cookies for name in personal):
        return False
    # A page rendered in another language than its address names (a language chosen from
    # the browser's Accept-Language, say) is not the page everyone at that address gets.
    if _primary(translation.get_language()) != _primary(url_language(request)):
        return False
    return set(request.GET) <= CACHED_QUERY_PARAMETERS.keys()


def language_prefix(path):
    """The language an address starts with (/de/...), or None. Only our languages' codes,
    as i18n_patterns writes them: cheaper than Django's get_language_from_path, which
    looks every first segment ("articles") up among all the languages it knows."""
    segment = path.split("/", 2)[1] if path.count("/") > 1 else ""
    if not segment or len(segment) > 7:
        return None
    codes = {code.lower(): code for code, _name in settings.LANGUAGES}
    return codes.get(segment.lower())


def url_language(request):
    """The language the address names: its prefix (/de/...), or the default language."""
    language = getattr(request, "_url_language", None)
    if language is None:
        language = language_prefix(request.path_info) or settings.LANGUAGE_CODE
        request._url_language = language
    return language


def _primary(language):
    return (language or settings.LANGUAGE_CODE).split("-")[0].lower()


# What else limits how long a page is kept: functions the apps register (articles: until
# the next scheduled article is due), each given the site's generation token and returning
# the seconds a page may be kept at most, or None.
_lifetime_limits = []


def limit_page_lifetime(limit):
    """Register `limit(site_generation) -> seconds or None` (from an app's ready())."""
    if limit not in _lifetime_limits:
        _lifetime_limits.append(limit)
    return limit


def _page_lifetime(site_generation):
    ttl = settings.PAGE_CACHE_SECONDS
    for limit in _lifetime_limits:
        seconds = limit(site_generation)
        if seconds is not None:
            ttl = min(ttl, seconds)
    return ttl


def shared_page(scopes=lambda request, **kwargs: (), query=()):
    """Serve this view's GET from the shared cache to readers who have no state of their own.

    `scopes(request, **view_kwargs)` names what the page shows beyond the site itself and
    the fundraising numbers (for an article: its discussion). `query` names the cached query
    parameters the view reads (CACHED_QUERY_PARAMETERS); the others do not change the page.
    """

    spec = SharedPage(scopes=scopes, query=tuple(query))

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_shareable(request):
                request.shared_page = False
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                patch_vary_headers(response, ["Cookie"])
                return response

            started = []
            key, generation, entry = _look_up(request, spec, kwargs, started)
            if entry is None:
                request.shared_page = True
                try:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render") and callable(response.render):
                        response.render()
                except Exception:
                    _forget_started(started)
                    raise
                if not _storable(response):
                    # A page not found must leave nothing behind: no generation for the
                    # article that does not exist (any address could otherwise add one).
                    _forget_started(started)
                    return response
                entry = _entry(response)
                entry["generation"] = generation
                ttl = _page_lifetime(generation.split(".", 1)[0])
                entry["expires"] = time.time() + ttl
                cache.set(key, entry, timeout=ttl)
                _memory.remember_page(key, entry)
            return _response(request, entry)

        # How newsroom.early_hits finds the page before the middleware stack.
        wrapped.shared_page = spec
        return wrapped

    return decorator


@dataclass(frozen=True)
class SharedPage:
    """What `shared_page` knows of a view: what it shows, and the query parameters it reads."""

    scopes: Callable
    query: tuple


def _look_up(request, spec, kwargs, started=None, start=True):
    """The page's key, the generation it must have, and its entry if one of that generation
    is kept (this process's memory first, then the shared cache); raises Http404 for a
    query value the page would not be found with. With `start` false nothing is written:
    a scope without a generation yet means no page (None for generation and entry)."""
    # Before anything is asked of the cache: a value the page would not be found with is a
    # 404 now, and the others have one spelling each.
    canonical_query = _canonical_query(request, spec.query)
    all_scopes = (SITE, FUNDRAISING, *spec.scopes(request, **kwargs))
    generation = _generations(all_scopes, started, start=start)
    key = _page_key(request, canonical_query)
    if generation is None:
        return key, None, None
    entry = _memory.page(key, generation)
    if entry is None:
        entry = cache.get(key)
        if entry is not None and entry.get("generation") != generation:
            entry = None  # stale: rendered again by the view, and filed in its place
        if entry is not None:
            _memory.remember_page(key, entry)
    return key, generation, entry


def early_response(request, spec, kwargs):
    """The kept page for this request, or None: for newsroom.early_hits, which has checked
    that the request may have it. Writes nothing to the cache."""
    try:
        _key, _generation, entry = _look_up(request, spec, kwargs, start=False)
    except Http404:
        return None  # the view answers it
    return None if entry is None else _response(request, entry)


def _canonical_query(request, names):
    """The query string of the page that this request will be shown, in one spelling."""
    values = {}
    for name in sorted(names):
        value = request.GET.get(name)  # the last one when repeated, as the views read it
        if value is not None:
            value = CACHED_QUERY_PARAMETERS[name](value, request)
        if value is not None:
            values[name] = value
    return "&".join(f"{name}={value}" for name, value in values.items())


def _forget_started(keys):
    """Remove the generations this request started (deleting one costs a page at most)."""
    if keys:
        cache.delete_many(keys)
        _memory.forget_generations(keys)


def _page_key(request, query):
    """Where a page is filed: one entry per address, language and kind of request, whichever
    the generation (the entry says which it was rendered for)."""
    hx = "hx" if request.META.get("HTTP_HX_REQUEST") == "true" else "page"
    raw = f"{request.path}?{query}|{_primary(url_language(request))}|{hx}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"pagecache:page:{digest}"


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _entry(response):
    body = response.content
    compressed = gzip.compress(body, compresslevel=6) if len(body) >= GZIP_MIN_BYTES else None
    return {
        "body": body,
        "gzip": compressed,
        "content_type": response["Content-Type"],
        # Weak: the gzip and the plain body are the same page.
        "etag": 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "last_modified": int(time.time()),
        "headers": {
            name: value
            for name, value in response.headers.items()
            if name.lower() in {"x-robots-tag", "content-language", "link"}
        },
    }


def _response(request, entry):
    response = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"]
    )
    if response is None:
        accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        if entry["gzip"] is not None and accepts_gzip:
            response = HttpResponse(entry["gzip"], content_type=entry["content_type"])
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(entry["body"], content_type=entry["content_type"])
        for name, value in entry["headers"].items():
            response[name] = value
    response["ETag"] = entry["etag"]
    if "last_modified_http" not in entry:  # once for each entry this process keeps
        entry["last_modified_http"] = http_date(entry["last_modified"])
    response["Last-Modified"] = entry["last_modified_http"]
    # Browsers check back every time (a 304 is cheap); a CDN may keep it a few seconds.
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_CDN_SECONDS,
        must_revalidate=True,
    )
    patch_vary_headers(response, ["Cookie", "Accept-Encoding", "HX-Request"])
    return response


def shared_page_context(request):
    """Context processor: a page meant for everyone carries no CSRF token and no CSP nonce.

    Its forms need no token (newsroom/csrf.py judges a post by where it comes from), and
    asking for one would set a CSRF cookie, which would keep the page out of the cache; the
    forms such a page shows write `{% if csrf_token %}{% csrf_token %}{% endif %}`. Pages
    rendered for one reader keep their token, for browsers that say nothing of where a post
    comes from. Every script and stylesheet is a file of our own, so no nonce is needed,
    and one baked into a shared page would be the same for every reader.
    """
    if getattr(request, "shared_page", False):
        return {"csrf_token": "", "csp_nonce": None}
    return {}


class RefreshesPublicPages:
    """ModelAdmin mixin for what the public pages show: any change made in the admin (saved
    forms, list edits, deletions, actions) makes those pages fresh for the next reader."""

    public_scopes = (SITE,)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_pages_changed(*self.public_scopes)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        public_pages_changed(*self.public_scopes)  # inlines such as credits

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_pages_changed(*self.public_scopes)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_pages_changed(*self.public_scopes)

    def response_action(self, request, queryset, **kwargs):
        response = super().response_action(request, queryset, **kwargs)
        public_pages_changed(*self.public_scopes)
        return response
