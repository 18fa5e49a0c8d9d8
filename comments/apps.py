from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from newsroom.pagecache import cached_query_parameter, limit_page_lifetime


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from . import mention_emails, notice_emails
        from .closing import seconds_to_next_close
        from .emails import register_kinds
        from .selectors import canonical_shown, canonical_sort

        # The outbox builds the discussion's emails when they are due (comments.emails).
        register_kinds()
        notice_emails.register_kinds()
        mention_emails.register_kinds()

        # The article page's discussion reads these; the shared page cache files each value
        # under the one spelling of what it shows.
        cached_query_parameter("sort")(canonical_sort)
        cached_query_parameter("comments")(canonical_shown)

        # A cached page does not outlive the moment an article's comments close by time.
        limit_page_lifetime(seconds_to_next_close)
