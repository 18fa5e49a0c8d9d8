"""The site's URLs for the browser tests, plus the uploads (lead images): pytest's live
server serves the static files but not MEDIA_ROOT, which in production the proxy or S3
serves."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import handler404, handler500
from newsroom.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [
    *site_urlpatterns,
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]
