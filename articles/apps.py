from django.apps import AppConfig

from newsroom.pagecache import limit_page_lifetime


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from .selectors import seconds_to_next_publication

        # A cached page does not outlive the moment the next scheduled article goes live.
        limit_page_lifetime(seconds_to_next_publication)
