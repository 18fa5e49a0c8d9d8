"""How many wrong passwords a login may take before django-axes locks it out.

Axes counts failures by user name and address together (AXES_LOCKOUT_PARAMETERS), so that a
stranger guessing the administrator's password locks out only their own tries at that name,
never the administrator, nor anyone else behind the same address. Against one address
trying many names, a second, higher limit counts that address's failures for every name;
once it is reached, no name may be tried from there until the cool-off has passed.

Axes takes one limit for a login, from `failure_limit` below (AXES_FAILURE_LIMIT): the
per-name limit, or 0 once the address has used up its own. It reads the address's failures
from axes' AccessAttempt rows, which the default database handler keeps.
"""

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request):
    """Failed logins from the request's address, for any name, within the cool-off."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials):
    """AXES_FAILURE_LIMIT: failures allowed for this name from this address."""
    if address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
        return 0
    return settings.LOGIN_FAILURE_LIMIT
