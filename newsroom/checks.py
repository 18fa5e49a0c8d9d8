"""Deployment checks of the project's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_url_is_served_here(app_configs, **kwargs):
    """Links built from SITE_URL must lead to this site, by the scheme it answers on."""
    site = urlsplit(settings.SITE_URL)
    warnings = []
    if site.hostname and not validate_host(site.hostname, settings.ALLOWED_HOSTS):
        warnings.append(
            Warning(
                f"SITE_URL names {site.hostname}, which is not in ALLOWED_HOSTS: every link "
                "the site gives out (pages, feeds, emails) would be refused.",
                hint="Add it to DJANGO_ALLOWED_HOSTS, or correct SITE_URL.",
                id="newsroom.W001",
            )
        )
    if site.scheme == "http" and settings.SECURE_SSL_REDIRECT:
        warnings.append(
            Warning(
                "SITE_URL starts with http:// but the site redirects every request to https: "
                "every link would take a redirect.",
                hint="Write SITE_URL with https://.",
                id="newsroom.W002",
            )
        )
    return warnings
