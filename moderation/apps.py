from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """The moderators' desk: the queues, the commenter's history, sanctions, reports and
    notices, and the audit log. The rules a new comment meets live with the discussion
    (comments.moderation); the desk decides what they leave to people."""

    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from .emails import register_kinds

        # The outbox builds the emails to sanctioned readers when they are due.
        register_kinds()
