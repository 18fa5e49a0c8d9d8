from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The project's own plumbing, shared by the apps: management commands, the rate limits'
    counters and the cache's table (its migrations), and the lookups and system checks
    registered when it is ready."""

    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import checks, lookups  # noqa: F401  (checks registers the system checks)

        lookups.register()
