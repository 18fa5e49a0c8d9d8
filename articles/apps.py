from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from newsroom.pagecache import limit_page_lifetime

        from .selectors import seconds_to_next_publication

        # A cached page does not outlive the moment the next scheduled article goes live.
        limit_page_lifetime(seconds_to_next_publication)
