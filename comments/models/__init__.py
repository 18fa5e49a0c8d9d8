"""The discussion's tables: comments and what hangs off them (discussion.py), passages open
for inline feedback (feedback.py), and email subscriptions and outgoing email (mail.py)."""

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
from .mail import ModeratorAlerts, OutgoingEmail, Subscription

__all__ = [
    "RULES_CACHE_KEY",
    "RULES_CACHE_SECONDS",
    "Ban",
    "Comment",
    "ModerationRules",
    "ModeratorAlerts",
    "OutgoingEmail",
    "Passage",
    "Report",
    "Subscription",
    "Vote",
]
