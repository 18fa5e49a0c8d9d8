import logging

from django.tasks import task

from . import services

logger = logging.getLogger(__name__)


@task
def purge_ip_addresses():
    """Forget IP addresses older than the retention period (see privacy.services)."""
    purged = services.ip_addresses_purge()
    logger.info("IP addresses forgotten: %s", purged)
    return purged
