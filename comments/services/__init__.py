"""Workflows that write comments, votes, reports and bans. Each is atomic.

One module for each kind of workflow: posting a comment (posting), its author changing or
withdrawing it (editing), moderators' decisions and the audit log (moderating), featuring
and pinning (presence), votes (voting), readers' reports and notices of illegal content
(reporting), and what they share (common). Their public names are all here:
`from comments.services import comment_post` wherever the workflow lives.
"""

from .common import CommentRefused, discussion_changed
from .editing import comment_can_edit, comment_delete, comment_edit
from .moderating import (
    DECISION_FOR_STATUS,
    comment_moderate,
    comment_reject,
    decision_record,
    warning_acknowledge,
)
from .posting import comment_post, comments_claim, when
from .presence import comment_feature, comment_pin
from .reporting import NoticeDetails, comment_report
from .voting import VoteRefused, VoteResult, vote_cast

__all__ = [
    "DECISION_FOR_STATUS",
    "CommentRefused",
    "NoticeDetails",
    "VoteRefused",
    "VoteResult",
    "comment_can_edit",
    "comment_delete",
    "comment_edit",
    "comment_feature",
    "comment_moderate",
    "comment_pin",
    "comment_post",
    "comment_reject",
    "comment_report",
    "comments_claim",
    "decision_record",
    "discussion_changed",
    "vote_cast",
    "warning_acknowledge",
    "when",
]
