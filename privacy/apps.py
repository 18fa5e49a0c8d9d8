from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from newsroom.signals import ip_address_stored


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from .tasks import ip_purge_kick

        # Whichever app stores an IP address, old ones are forgotten (see privacy.tasks).
        ip_address_stored.connect(ip_purge_kick, dispatch_uid="privacy.ip_purge_kick")
