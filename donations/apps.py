from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = _("Donations")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .emails import register_kinds

        # The outbox builds receipts and statements when they are due (donations.emails).
        register_kinds()
