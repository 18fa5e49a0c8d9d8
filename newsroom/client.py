"""Who is asking: the client's IP address, and a small cache-backed rate limiter.

The IP comes from REMOTE_ADDR unless CLIENT_IP_HEADER names a header that our own proxy
sets (and overwrites), such as X-Real-IP. X-Forwarded-For from the outside world is never
trusted, so rotating or spoofing it gains a stranger nothing.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str | None:
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    raw = request.META.get(header, "") if header else ""
    if raw:
        raw = raw.split(",")[-1].strip()  # the entry our proxy added
    else:
        raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def rate_limited(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Count one hit for key in a fixed window; True when it goes over limit.

    Shared by every app server through the cache (Redis in production).
    """
    if limit <= 0 or not key:
        return False
    window = int(time.time() // period)
    # The key is what someone sent (an address up to 254 characters): hashed, it keeps no
    # personal data in the cache and fits every backend's limit on key length.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=period + 1):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 1)
        return False
    return count > limit
