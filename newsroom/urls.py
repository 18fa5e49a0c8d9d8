from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from articles.sitemaps import SITEMAPS
from donations import sources as donation_sources
from newsroom import views
from newsroom.ids import IdConverter

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
    path("accounts/", include("accounts.urls")),
    # "Your account": a reader's comments, subscriptions, data and closing the account.
    path("accounts/me/", include("privacy.urls")),
    path("accounts/", include("accounts.allauth_urls")),
    path("comments/", include("comments.urls")),
    # The live stream, served by the ASGI server (a proxy routes /live/ to it).
    path("live/", include("comments.live_urls")),
    path("moderate/", include("moderation.urls")),
    path("donations/", include("donations.urls")),
    path("", include("articles.urls")),
]

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
