import time

from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from articles.forms import SearchForm
from articles.models import Article, Category
from articles.sitemaps import SITEMAPS
from donations.sources import Source as DonationSource
from newsroom.links import absolute_url


@require_GET
def sitemap_index(request):
    """The sitemap index: each section's sitemap, and each page of one past its limit (?p=2),
    with its latest change. Django's own index names the request's Host; this SITE_URL."""
    entries = []
    for section, sitemap in SITEMAPS.items():
        sitemap = sitemap()
        url = absolute_url(reverse("sitemap", args=[section]))
        lastmod = sitemap.get_latest_lastmod()
        pages = range(2, sitemap.paginator.num_pages + 1)
        entries.append({"location": url, "last_mod": lastmod})
        entries.extend({"location": f"{url}?p={page}", "last_mod": lastmod} for page in pages)
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
        # Crawlers read the index, which names them all; some ask robots.txt for each.
        *(f"Sitemap: {absolute_url(reverse('sitemap', args=[section]))}" for section in SITEMAPS),
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


def csrf_failure(request, reason=""):
    """A post that newsroom.csrf refused: sent from another site's page, most likely.

    Nothing of what was posted is shown back. The reason stays in the log (Django logs it
    with the refusal), not on the page.
    """
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception):
    return render(
        request, "404.html", {"search_form": SearchForm(placement="notfound")}, status=404
    )


def server_error(request):
    # The 500 page is rendered without a request context: the database may be the problem.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())


def donation_source(path):
    """What a page of the site was when a donor clicked Donate on it (donations.sources):
    an article (its headline and section) or a section page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    slug = match.kwargs.get("slug")
    if match.view_name == "articles:detail":
        article = Article.objects.published().select_related("category").filter(slug=slug).first()
        if article is not None:
            return DonationSource(title=article.headline, section=article.category.name)
    if match.view_name == "articles:category":
        category = Category.objects.filter(slug=slug).first()
        if category is not None:
            return DonationSource(title=category.name, section=category.name)
    return None
