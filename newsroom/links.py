"""Absolute addresses of the site's pages, always built from settings.SITE_URL.

A request's Host is whichever of DJANGO_ALLOWED_HOSTS the client named (an alias, the
server's own address, a name behind the proxy). Links that leave the page (canonical and
OpenGraph links, structured data, feeds, robots.txt, the sitemap, emails, a payment
provider's way back) name the public site instead, whatever Host a request came with.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """SITE_URL + `path` (a path from reverse() or get_absolute_url()); absolute URLs as given."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path if path.startswith('/') else '/' + path}"


def site_scheme_and_domain():
    """("https", "news.example.org") from SITE_URL; the domain keeps a port if it has one."""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc
