from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """The moderators' desk: the queues, the commenter's history, sanctions, reports and
    notices, and the audit log. The rules a new comment meets live with the discussion
    (comments.moderation); the desk decides what they leave to people."""

    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from comments import emails

        from .emails import register_kinds
        from .links import review_pages

        # The outbox builds the emails to sanctioned readers when they are due.
        register_kinds()
        # Moderators' alerts open the comment on the desk (a signed link), not in the admin.
        emails.review_pages_with(review_pages)
