"""What the discussion's workflows share: the refusal a form shows, and what a write
announces (the pages of its articles are stale; an IP address was stored)."""

from django.core.exceptions import ValidationError

from newsroom.pagecache import article_scope, public_pages_changed
from newsroom.signals import ip_address_stored


def discussion_changed(*articles):
    """What readers see under these articles changed: their cached pages are stale."""
    public_pages_changed(*{article_scope(article.slug) for article in articles})


class CommentRefused(ValidationError):
    """The comment cannot be accepted; the message says why, for the form."""


def _ip_stored(model):
    """An IP address was written: say so, for the privacy app that forgets old ones."""
    ip_address_stored.send(sender=model)
