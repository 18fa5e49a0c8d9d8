"""Protection against cross-site request forgery by where a post comes from, not by a token.

Pages from the shared page cache (newsroom/pagecache.py) are the same for every reader, so
they cannot carry a reader's CSRF token. Instead, every state-changing request is judged by
what the browser itself says about where it was sent from, headers that a page on another
site cannot set or forge:

1. `Sec-Fetch-Site` (Fetch Metadata; every current browser sends it to https sites and to
   localhost): "same-origin" or "none" (the reader's own action, such as a bookmark) is
   accepted; "same-site" and "cross-site" only when `Origin` is one of
   CSRF_TRUSTED_ORIGINS; anything else is refused.
2. Without it (older browsers, or a plain-http site other than localhost): `Origin`, sent
   with every post by browsers since 2020, must be this site's own origin (scheme, host
   and port) or a trusted one; "null" (a sandboxed frame, a data: page) is refused.
3. Without either: a `Referer` naming this site's own origin is accepted, one naming any
   other origin is refused. (Older browsers send it; our Referrer-Policy keeps it for our
   own pages.)
4. Without any of the three (curl, a script, a browser that strips them all): Django's own
   check, unchanged: the CSRF token that pages rendered for one reader carry, and on https
   a Referer besides. A post from a shared page cannot pass it, which is right: a request
   that says nothing of where it comes from is not trusted.

Requests that pass 1-3 are not marked as checked, so the views that ask for Django's token
check themselves with `csrf_protect` still get it: the admin (AdminSite wraps every view),
and the sign-in, sign-up and sign-out views. Their pages are never shared, so their forms
always carry a real token. A refused request gets `newsroom.views.csrf_failure`, a 403 page
that says what happened.

Why Django's middleware extended rather than django-modern-csrf: that package (one release,
declared for Django up to 5.2) replaces Django's middleware and lets a request with no
Sec-Fetch-Site and no Origin through unchecked; here such a request still meets Django's own
token and Referer checks, and the admin keeps its tokens, for some forty lines of our own.
"""

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.http import is_same_domain

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

REASON_CROSS_SITE = "Sec-Fetch-Site is %s and the Origin (%s) is not trusted."
REASON_UNKNOWN_FETCH_SITE = "Sec-Fetch-Site has an unknown value (%s)."
REASON_BAD_ORIGIN = "The Origin (%s) is not this site's."
REASON_BAD_REFERER = "The Referer's origin (%s) is not this site's."


class OriginCsrfMiddleware(CsrfViewMiddleware):
    """Django's CsrfViewMiddleware, judging a browser's post by Sec-Fetch-Site, Origin and
    Referer before it asks for a token (see the module's docstring)."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            request.method in SAFE_METHODS
            or getattr(request, "csrf_processing_done", False)
            or getattr(callback, "csrf_exempt", False)
            or getattr(request, "_dont_enforce_csrf_checks", False)  # the test client's
        ):
            return super().process_view(request, callback, callback_args, callback_kwargs)
        verdict, reason = self._where_from(request)
        if verdict is None:  # the request does not say: Django's token check
            return super().process_view(request, callback, callback_args, callback_kwargs)
        if not verdict:
            return self._reject(request, reason)
        # Accepted, and deliberately not marked as checked: see the module's docstring.
        return None

    def _where_from(self, request):
        """(True, "") from this site, (False, reason) from another, (None, "") unknown."""
        meta = request.META
        origin = meta.get("HTTP_ORIGIN")
        fetch_site = meta.get("HTTP_SEC_FETCH_SITE")
        if fetch_site is not None:
            if fetch_site in ("same-origin", "none"):
                return True, ""
            if fetch_site in ("same-site", "cross-site"):
                if origin and self._is_listed(origin):
                    return True, ""
                return False, REASON_CROSS_SITE % (fetch_site, origin or "missing")
            return False, REASON_UNKNOWN_FETCH_SITE % fetch_site
        if origin is not None:
            if self._is_own(request, origin) or self._is_listed(origin):
                return True, ""
            return False, REASON_BAD_ORIGIN % origin
        referer = meta.get("HTTP_REFERER")
        if referer:
            try:
                parts = urlsplit(referer)
            except ValueError:
                return False, REASON_BAD_REFERER % "malformed"
            referer_origin = f"{parts.scheme}://{parts.netloc}"
            if (
                parts.scheme
                and parts.netloc
                and (self._is_own(request, referer_origin) or self._is_listed(referer_origin))
            ):
                return True, ""
            return False, REASON_BAD_REFERER % referer_origin
        return None, ""

    def _is_own(self, request, origin):
        """Whether an origin ("https://host:port") is the one this request was sent to."""
        try:
            host = request.get_host()
        except DisallowedHost:
            return False
        return origin == f"{'https' if request.is_secure() else 'http'}://{host}"

    def _is_listed(self, origin):
        """Whether an origin is one of CSRF_TRUSTED_ORIGINS (which may say "*.example.org")."""
        if origin in self.allowed_origins_exact:
            return True
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        return any(
            is_same_domain(parts.netloc, host)
            for host in self.allowed_origin_subdomains.get(parts.scheme, ())
        )
