"""The project's own tables: what every app relies on and no app owns."""

from django.core.cache import cache
from django.db import models


class RateLimitCounter(models.Model):
    """Hits counted in one fixed window of one rate limit (newsroom.client.rate_limited).

    Used when the shared cache cannot count atomically (the database cache of the embedded
    default): one row per scope, hashed key and window, counted up in a single statement, so
    that every process and server counts the same hits. Rows of past windows are deleted as
    new ones start.
    """

    key = models.CharField(max_length=120, unique=True)
    hits = models.PositiveIntegerField(default=1)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate limit counter"

    def __str__(self):
        return f"{self.key}: {self.hits}"


class CachedSingleRow(models.Model):
    """A model that is one row (pk 1) edited in the admin and read on every page: the
    moderation rules, the publisher. Read from the shared cache; saving it replaces the
    cached copy at once, on every server. Subclasses name `cache_key` (and may change
    `cache_seconds`) and keep their own one-row constraint."""

    cache_key = None
    cache_seconds = 60 * 60

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.cache_key)

    @classmethod
    def current(cls):
        """The row, from the shared cache (made with its defaults if it is missing)."""
        row = cache.get(cls.cache_key)
        if row is None:
            row, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.cache_key, row, timeout=cls.cache_seconds)
        return row
