"""Whether an article's discussion is open, and what its own settings say.

An editor closes comments at once (Article.comments_open) or after some days
(DiscussionSettings.close_after_days, or the site's ModerationRules.close_after_days). The
automatic close is worked out on every request from the publication time, so a post is
refused the moment it closes; and a page in the shared cache does not outlive the next
close (`seconds_to_next_close`, registered with the page cache), so nobody needs to flush
it for the form to go.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article

from .models import DiscussionSettings, ModerationRules

NEXT_CLOSE_KEY = "comments:next-close:{generation}"


@dataclass(frozen=True)
class DiscussionState:
    """What an article's discussion allows now, and what its editors say above it."""

    is_open: bool
    mode: str = DiscussionSettings.Mode.DEFAULT
    closes_at: datetime | None = None  # the automatic close, past or to come
    editors_note: str = ""
    closed_by_editor: bool = False  # Article.comments_open switched off

    @property
    def closed_by_time(self):
        return (
            not self.is_open
            and not self.closed_by_editor
            and self.closes_at is not None
            and self.closes_at <= timezone.now()
        )

    @property
    def closed_message(self):
        """What a reader is told where the comment form would be."""
        if self.closed_by_time:
            when = date_format(timezone.localtime(self.closes_at), "DATE_FORMAT")
            return _("Comments on this article closed on %(date)s.") % {"date": when}
        return _("Comments are closed on this article.")


def settings_for(article):
    """The article's own discussion settings, or None (it follows the site's rules)."""
    return DiscussionSettings.of(article)


def close_after_days(own, rules):
    """Days after publication the discussion closes (0: never), the article's own setting
    first."""
    if own is not None and own.close_after_days is not None:
        return own.close_after_days
    return rules.close_after_days


def discussion_state(article, *, rules=None, own=None, now=None):
    """Whether readers may comment on this article now, and its moderation mode and note.

    `own` is its DiscussionSettings when the caller has read them already.
    """
    rules = rules or ModerationRules.current()
    if own is None:
        own = settings_for(article)
    now = now or timezone.now()
    days = close_after_days(own, rules)
    closes_at = None
    if days and article.published_at is not None:
        closes_at = article.published_at + timedelta(days=days)
    is_open = (
        article.comments_open and article.is_published and (closes_at is None or now < closes_at)
    )
    return DiscussionState(
        is_open=is_open,
        mode=own.mode if own is not None else DiscussionSettings.Mode.DEFAULT,
        closes_at=closes_at,
        editors_note=own.editors_note if own is not None else "",
        closed_by_editor=not article.comments_open,
    )


def next_close(now=None):
    """The next moment an open, published (or scheduled) article's comments close by time,
    or None."""
    now = now or timezone.now()
    rules = ModerationRules.current()
    live = Article.objects.filter(status=Article.Status.PUBLISHED, comments_open=True)
    moments = []
    # Articles with a number of days of their own (few): each worked out here.
    for published_at, days in live.filter(discussion_settings__close_after_days__gt=0).values_list(
        "published_at", "discussion_settings__close_after_days"
    ):
        moment = published_at + timedelta(days=days)
        if moment > now:
            moments.append(moment)
    if rules.close_after_days:
        days = timedelta(days=rules.close_after_days)
        first = (
            live.filter(
                Q(discussion_settings__isnull=True)
                | Q(discussion_settings__close_after_days__isnull=True),
                published_at__gt=now - days,
            )
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        if first is not None:
            moments.append(first + days)
    return min(moments, default=None)


def seconds_to_next_close(site_generation):
    """Seconds until the next article's comments close by time (None if none will): a
    cached page must not outlive that moment, or it would still show the form. Registered
    with the page cache in CommentsConfig.ready(); remembered per site generation, which
    every change of an article, its settings or the rules renews."""
    key = NEXT_CLOSE_KEY.format(generation=site_generation)
    moment = cache.get(key)
    now = timezone.now()
    if moment is None or (moment != "none" and moment <= now):
        moment = next_close(now) or "none"
        cache.set(key, moment, timeout=settings.PAGE_CACHE_SECONDS)
    if moment == "none":
        return None
    return max(1, int((moment - now) / timedelta(seconds=1)) + 1)
