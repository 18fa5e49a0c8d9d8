import time

from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.middleware import csrf
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from articles.forms import SearchForm

# What a reader may see of a post we ask them to send again; the rest travels hidden.
RESUBMIT_LABELS = {
    "name": "Name",
    "email": "Email",
    "body": "Comment",
    "value": "Vote",
    "reason": "Reason",
}
RESUBMIT_MAX_FIELDS = 30


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    # Resolved per request: the hashed name exists only once static files are collected.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
@never_cache
def livez(request):
    """The process answers: no database, no cache. (Also the benchmarks' minimal view.)"""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@require_GET
@never_cache
def healthz(request):
    """Whether this server can reach its database and its cache, in bounded time.

    The database connection has a connect timeout and, on PostgreSQL, a statement timeout;
    the Redis cache has socket timeouts (settings). 200 when both answer, else 503.
    """
    checks = {}
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", timeout=10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
    except Exception:
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    checks["ms"] = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


@require_GET
@never_cache
def csrf_token(request):
    """A CSRF token (and its cookie) for a page that was served from the shared cache."""
    return JsonResponse({"token": csrf.get_token(request)})


def csrf_failure(request, reason=""):
    """A post without a valid token: from a cached page without JavaScript, most likely.

    When the request passed the origin checks and only the token is missing or stale, the
    reader gets their post back, with a fresh token, to send again with one press: nothing
    they typed is lost. Any other failure (another site's form) is refused plainly.
    """
    token_problem = reason in (csrf.REASON_NO_CSRF_COOKIE, csrf.REASON_CSRF_TOKEN_MISSING) or (
        reason.startswith(("CSRF token from POST", "CSRF cookie"))
    )
    fields = []
    if token_problem and request.method == "POST" and not request.FILES:
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ][:RESUBMIT_MAX_FIELDS]
    shown = [(RESUBMIT_LABELS[name], value) for name, value in fields if name in RESUBMIT_LABELS]
    return render(
        request,
        "403_csrf.html",
        {
            "resubmit": bool(fields),
            "fields": fields,
            "shown": shown,
            "action": request.get_full_path(),
        },
        status=403,
    )


def page_not_found(request, exception):
    return render(
        request, "404.html", {"search_form": SearchForm(placement="notfound")}, status=404
    )


def server_error(request):
    # The 500 page is rendered without a request context: the database may be the problem.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())
