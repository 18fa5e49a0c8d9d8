"""The moderators' rules: one row, edited in the admin."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.models import CachedSingleRow

# v5: the rules gained the new-commenter, history, domain and closing rules, and the
# reporters' record; a row cached before them must not be read back.
RULES_CACHE_KEY = "comments:moderation-rules:v5"
RULES_CACHE_SECONDS = 60 * 60


class ModerationRules(CachedSingleRow):
    """The moderators' rules: one row, edited in the admin. Their changes apply at once on
    every server (CachedSingleRow)."""

    cache_key = RULES_CACHE_KEY
    cache_seconds = RULES_CACHE_SECONDS

    class Hold(models.TextChoices):
        ALL = "all", _("Hold every comment for review")
        FIRST = "first", _("Hold new commenters until enough of their comments were approved")
        NONE = "none", _("Publish at once unless another rule holds it")

    hold = models.CharField(max_length=10, choices=Hold, default=Hold.FIRST)
    approved_to_trust = models.PositiveSmallIntegerField(
        "approved comments before an author is trusted",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "With “Hold new commenters”: how many of an author's comments a moderator (or "
            "the rules) must have approved before the next ones are published at once. Only "
            "a verified identity counts: an account with a verified address, or a guest in "
            "the browser they commented from, their address confirmed by a link."
        ),
    )
    rejected_share_percent = models.PositiveSmallIntegerField(
        "hold when this share of comments was rejected (%)",
        default=30,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "An author whose comments of the last days (below) were rejected more often than "
            "this is held until the share falls. 0 turns the rule off."
        ),
    )
    rejected_share_min_decisions = models.PositiveSmallIntegerField(
        "…once they have this many approved or rejected comments",
        default=3,
        validators=[MinValueValidator(1)],
    )
    history_days = models.PositiveSmallIntegerField(
        "…over this many days",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    premoderate_disposable = models.BooleanField(
        "pre-moderate throwaway addresses",
        default=True,
        help_text=_(
            "Hold comments from addresses of disposable-mail services (the maintained list "
            "of the disposable-email-domains package). Other domains: email domain rules."
        ),
    )
    close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        default=0,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Days after an article's publication; 0 never closes them. Each article may "
            "say otherwise (its discussion settings)."
        ),
    )
    hold_link_count = models.PositiveSmallIntegerField(
        "hold with this many links",
        default=2,
        help_text=_("Hold a comment with this many links or more. 0 turns the rule off."),
    )
    moderation_words = models.TextField(
        blank=True, help_text=_("One word or phrase a line: a comment containing one is held.")
    )
    block_words = models.TextField(
        blank=True, help_text=_("One word or phrase a line: a comment containing one is spam.")
    )
    min_seconds_to_write = models.PositiveSmallIntegerField(
        default=3, help_text=_("A comment posted faster than this after the page loaded is spam.")
    )
    comments_per_minute = models.PositiveSmallIntegerField(
        default=5, help_text=_("Per IP address and per account. 0 turns the limit off.")
    )
    duplicate_window_minutes = models.PositiveSmallIntegerField(
        default=10, help_text=_("The same text from the same author within this time is refused.")
    )
    max_depth = models.PositiveSmallIntegerField(
        "reply depth",
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_(
            "Levels of comments, the top level included (2 or more, so that replies are "
            "possible); a reply to the deepest level joins its deepest allowed ancestor."
        ),
    )
    threads_per_page = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Threads a page of the discussion shows, each with its first replies."),
    )
    replies_shown = models.PositiveSmallIntegerField(
        "replies shown in a thread",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "A thread with more replies shows this many and a link to the rest "
            "(“Show 5 more replies”)."
        ),
    )
    edit_minutes = models.PositiveSmallIntegerField(
        default=15, help_text=_("How long authors may edit their comment.")
    )
    reports_to_hold = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("A comment reported by this many different readers is held for review."),
    )
    discredit_after_reports = models.PositiveSmallIntegerField(
        "weigh a reporter's record after this many decided reports",
        default=5,
        help_text=_(
            "Once moderators have decided this many of an account's reports, its reports "
            "weigh nothing if they dismissed the share below or more. 0 turns the rule off."
        ),
    )
    discredit_dismissed_percent = models.PositiveSmallIntegerField(
        "dismissed share that discredits a reporter (%)",
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Such an account's reports are kept and shown, but hold nothing."),
    )
    mentions_per_comment = models.PositiveSmallIntegerField(
        _("people one comment may mention"),
        default=5,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "“@Name” links to that person's comment and emails their account (if they allow "
            "it) for this many different people in a comment; further names stay plain text. "
            "0 turns mentions off."
        ),
    )
    min_length = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    max_length = models.PositiveIntegerField(
        default=5000, validators=[MinValueValidator(1), MaxValueValidator(20000)]
    )
    votes_per_minute = models.PositiveSmallIntegerField(
        default=30,
        help_text=_("Per IP address and per account; more are refused for a minute. 0: no limit."),
    )
    reports_per_hour = models.PositiveSmallIntegerField(
        default=10,
        help_text=_("Per IP address and per account; more are refused for an hour. 0: no limit."),
    )
    emails_per_hour = models.PositiveSmallIntegerField(
        "notification emails per subscriber an hour",
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A reader gets at most this many emails about new comments an hour; the rest "
            "arrive together in one digest at the end of the hour."
        ),
    )
    subscriptions_per_hour = models.PositiveSmallIntegerField(
        "subscription requests an hour",
        default=5,
        help_text=_(
            "Per IP address and per email address, so that nobody can flood an inbox with "
            "confirmation emails. 0 turns the limit off."
        ),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("moderation rules")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_rules_row")]

    def __str__(self):
        return str(_("Moderation rules"))

    @staticmethod
    def word_list(text):
        return [line.strip().lower() for line in text.splitlines() if line.strip()]
