"""The discussion's tables: comments and what hangs off them (discussion.py), the
moderators' rules (rules.py) and bans (bans.py), passages open for inline feedback
(feedback.py), email subscriptions, moderators' alerts and the kinds of
email the discussion sends through the outbox (mail.py), and what moderators decide and
keep on record: the audit log, sanctions and notes (moderation.py), and what the emails
about their decisions say (wording.py); rules about email domains, each article's
discussion settings and comments' earlier texts (holds.py); notices of illegal content
under the EU Digital Services Act with their decisions (notices.py); the
live stream's recent public changes (live.py); who a comment mentions and who wants
to hear of it (mentions.py); the pictures accounts show beside their comments (avatars.py)."""

from .avatars import Avatar
from .bans import Ban
from .discussion import Comment, Report, Vote
from .feedback import Passage
from .holds import CommentRevision, DiscussionSettings, EmailDomainRule
from .live import LiveEvent
from .mail import EmailKind, ModeratorAlerts, Subscription
from .mentions import Mention, MentionAlerts
from .moderation import ModerationDecision, ModeratorNote, RejectReason, Sanction
from .notices import IllegalContentNotice
from .rules import RULES_CACHE_KEY, RULES_CACHE_SECONDS, ModerationRules
from .wording import DiscussionTexts, ModerationEmails

__all__ = [
    "RULES_CACHE_KEY",
    "RULES_CACHE_SECONDS",
    "Avatar",
    "Ban",
    "Comment",
    "CommentRevision",
    "DiscussionSettings",
    "DiscussionTexts",
    "EmailDomainRule",
    "EmailKind",
    "IllegalContentNotice",
    "LiveEvent",
    "Mention",
    "MentionAlerts",
    "ModerationDecision",
    "ModerationEmails",
    "ModerationRules",
    "ModeratorAlerts",
    "ModeratorNote",
    "Passage",
    "RejectReason",
    "Report",
    "Sanction",
    "Subscription",
    "Vote",
]
