"""The project's own tables: what every app relies on and no app owns."""

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
