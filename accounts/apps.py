from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Reader accounts")

    def ready(self):
        from .emails import register_kinds

        # The outbox sends allauth's emails (accounts.adapter records them).
        register_kinds()
