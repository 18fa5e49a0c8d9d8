from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from .emails import register_kinds

        # The outbox builds the discussion's emails when they are due (comments.emails).
        register_kinds()
