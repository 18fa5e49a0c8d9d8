from django.apps import AppConfig

from newsroom.pagecache import cached_query_parameter


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from . import notice_emails
        from .emails import register_kinds
        from .selectors import canonical_shown, canonical_sort

        # The outbox builds the discussion's emails when they are due (comments.emails).
        register_kinds()
        notice_emails.register_kinds()

        # The article page's discussion reads these; the shared page cache files each value
        # under the one spelling of what it shows.
        cached_query_parameter("sort")(canonical_sort)
        cached_query_parameter("comments")(canonical_shown)
