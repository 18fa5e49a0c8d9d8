import logging

from django.core.cache import cache
from django.db import transaction
from django.tasks import task

from . import services

logger = logging.getLogger(__name__)

PURGE_KICK_KEY = "privacy:ip-purge:kicked"


@task
def purge_ip_addresses():
    """Forget IP addresses older than the retention period (see privacy.services)."""
    purged = services.ip_addresses_purge()
    logger.info("IP addresses forgotten: %s", purged)
    return purged


def ip_purge_kick(**signal_kwargs):
    """Make sure the purge has run within the last day. Heard whenever an app stores an IP
    address (newsroom.signals.ip_address_stored), so that collecting addresses and
    forgetting them go together, without a cron job."""
    if cache.add(PURGE_KICK_KEY, 1, timeout=60 * 60 * 24):
        transaction.on_commit(purge_ip_addresses.enqueue)
