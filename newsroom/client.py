"""Who is asking: the client's IP address, and a rate limiter every server shares.

The IP comes from REMOTE_ADDR unless CLIENT_IP_HEADER names a header that our own proxy
sets (and overwrites), such as X-Real-IP. X-Forwarded-For from the outside world is never
trusted, so rotating or spoofing it gains a stranger nothing.
"""

import hashlib
import ipaddress
import random
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from .models import RateLimitCounter

# How often a new window's first hit also deletes the counters of windows that have passed.
SWEEP_CHANCE = 0.05


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
    """Count one hit for key in a fixed window of `period` seconds; True when it goes over
    limit.

    Counted where every process and every server sees the same number: in Redis when the
    site has it (INCR is atomic), otherwise in the database (one upsert, atomic on SQLite
    and PostgreSQL alike). The database cache's own increment reads and then writes, so
    two processes counting at once would both see the same number.
    """
    if limit <= 0 or not key:
        return False
    window = int(time.time() // period)
    # The key is what someone sent (an address up to 254 characters): hashed, it keeps no
    # personal data in the cache or the database and fits every backend's limit on length.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    counter_key = f"ratelimit:{scope[:40]}:{digest}:{window}"
    if counts_in_redis():
        count = _count_in_cache(counter_key, period)
    else:
        count = _count_in_database(counter_key, expires=(window + 1) * period)
    return count > limit


def counts_in_redis():
    """Whether the shared cache is Redis, whose INCR counts atomically."""
    return isinstance(caches["default"], RedisCache)


def _count_in_cache(counter_key, period):
    if cache.add(counter_key, 1, timeout=period + 1):
        return 1
    try:
        return cache.incr(counter_key)
    except ValueError:  # expired between add and incr
        cache.add(counter_key, 1, timeout=period + 1)
        return 1


def _count_in_database(counter_key, *, expires):
    quote = connection.ops.quote_name
    table = quote(RateLimitCounter._meta.db_table)
    key, hits, expires_at_column = quote("key"), quote("hits"), quote("expires_at")
    expires_at = connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(expires, tz=UTC))
    with connection.cursor() as cursor:
        # One statement: the first hit of a window inserts its row, every other one adds to
        # it, and each hit is told the total including itself.
        cursor.execute(
            f"INSERT INTO {table} ({key}, {hits}, {expires_at_column}) "
            f"VALUES (%s, 1, %s) ON CONFLICT ({key}) "
            f"DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}",
            [counter_key, expires_at],
        )
        count = cursor.fetchone()[0]
    if count == 1 and random.random() < SWEEP_CHANCE:
        passed = datetime.fromtimestamp(time.time(), tz=UTC) - timedelta(seconds=1)
        RateLimitCounter.objects.filter(expires_at__lt=passed).delete()
    return count
