from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project's own plumbing, shared by the apps: management commands, and the lookups
    registered when it is ready (it has no models)."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import lookups

        lookups.register()
