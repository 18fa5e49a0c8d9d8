"""The discussion's tables: comments and what hangs off them (discussion.py), passages open
for inline feedback (feedback.py), email subscriptions, moderators' alerts and the kinds of
email the discussion sends through the outbox (mail.py)."""

from .discussion import (
    RULES_CACHE_KEY,
    RULES_CACHE_SECONDS,
    Ban,
    Comment,
    ModerationRules,
    Report,
    Vote,
)
from .feedback import Passage
from .mail import EmailKind, ModeratorAlerts, Subscription

__all__ = [
    "RULES_CACHE_KEY",
    "RULES_CACHE_SECONDS",
    "Ban",
    "Comment",
    "EmailKind",
    "ModerationRules",
    "ModeratorAlerts",
    "Passage",
    "Report",
    "Subscription",
    "Vote",
]
