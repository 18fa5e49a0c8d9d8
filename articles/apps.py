from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from newsroom.pagecache import cached_query_parameter, limit_page_lifetime


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from .selectors import seconds_to_next_publication
        from .views import canonical_fragment

        # A cached page does not outlive the moment the next scheduled article goes live.
        limit_page_lifetime(seconds_to_next_publication)

        # The article page reads ?fragment= (htmx asks for one part of it).
        cached_query_parameter("fragment")(canonical_fragment)
