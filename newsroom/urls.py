from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, register_converter
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from articles.sitemaps import SITEMAPS
from donations import sources as donation_sources
from newsroom import views
from newsroom.ids import IdConverter
from newsroom.pagecache import shared_page

# `<id:pk>` in every app's patterns: a database id, or a 404 before any view or query sees it.
# Registered here, before the apps' URL configurations below are loaded.
register_converter(IdConverter, "id")

# A gift records the article or section its donor came from (donations.sources).
donation_sources.describe_with(views.donation_source)

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom desk"

urlpatterns = [
    # Staff sign in through the same pages as readers (allauth's, with their second factor).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin-login",
    ),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    # The index names each section's sitemap, and each page of one past 5,000 entries (?p=2).
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap",
    ),
    # The live stream, served by the ASGI server (a proxy routes /live/ to it).
    path("live/", include("comments.live_urls")),
    path("moderate/", include("moderation.urls")),
]

# What readers see, in each language of settings.LANGUAGES: English at the addresses it has
# always had, the others under their prefix (/de/, /ar/; newsroom/i18n.py). Account pages and
# the comment forms are here too: a reader signs in, replies and reports in the language of
# the page they came from, and its errors come back in it. The links in emails (unsubscribe,
# confirmations, a donor's own page) are built in the default language, so they keep their
# unprefixed addresses, which are never redirected for a browser's language; the payment
# provider's webhook too.
urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    # "Your account": a reader's comments, subscriptions, data and closing the account.
    path("accounts/me/", include("privacy.urls")),
    path("accounts/", include("accounts.allauth_urls")),
    path("comments/", include("comments.urls")),
    path("donations/", include("donations.urls")),
    # site.js's own words in the page's language (Django's JavaScript catalogue).
    path(
        "jsi18n/",
        shared_page()(JavaScriptCatalog.as_view()),
        name="javascript-catalog",
    ),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Development and `make serve` only: in production the proxy (or S3) serves uploads.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"
