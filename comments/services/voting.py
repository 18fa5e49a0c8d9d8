"""Votes up and down: one a voter, counted on the comment."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from newsroom.client import rate_limited

from ..identity import verified_email
from ..models import Comment, ModerationRules, Vote
from .common import _ip_stored, discussion_changed


class VoteRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _too_many(reader, action, *, limit, period):
    """Count one `action` for the reader's IP and account; True when either goes over."""
    by_ip = rate_limited(f"{action}-ip", reader.ip, limit=limit, period=period)
    by_user = reader.user is not None and rate_limited(
        f"{action}-user", str(reader.user.pk), limit=limit, period=period
    )
    return by_ip or by_user


@dataclass(frozen=True)
class VoteResult:
    comment_id: int
    upvotes: int
    downvotes: int
    score: int
    my_vote: int  # 1, -1 or 0


def vote_cast(*, comment, reader, value):
    """Vote a comment up (1) or down (-1); the same vote again takes it back."""
    if value not in (Vote.UP, Vote.DOWN):
        raise VoteRefused(_("A vote is up or down."))
    if comment.status != Comment.Status.APPROVED:
        raise VoteRefused(_("Only published comments can be voted on."))
    if reader.owns(comment):
        raise VoteRefused(_("You cannot vote on your own comment."))
    if reader.user is not None and not verified_email(reader.user):
        # A burst of new accounts cannot move a score: an account votes once it is verified.
        raise VoteRefused(
            _("Please verify your email address first: open the link we sent you, then vote.")
        )
    rules = ModerationRules.current()
    if _too_many(reader, "vote", limit=rules.votes_per_minute, period=60):
        raise VoteRefused(_("You are voting very fast. Please wait a minute and vote again."))
    try:
        return _vote(comment=comment, reader=reader, value=value)
    except IntegrityError:
        # The same voter's other request won the race; settle against its vote.
        return _vote(comment=comment, reader=reader, value=value)


@transaction.atomic
def _vote(*, comment, reader, value):
    # Votes on one comment take turns (its counters are updated below anyway): a reader's
    # quick repeated clicks then find each other's vote instead of colliding on the unique
    # constraint, which the single retry in vote_cast cannot absorb for three or more.
    list(Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk"))
    existing = (
        Vote.objects.select_for_update()
        .filter(comment=comment, voter_key=reader.voter_key)
        .first()
    )
    up = down = 0
    if existing is None:
        if reader.user is None and (
            Vote.objects.filter(comment=comment, user__isnull=True, ip_address=reader.ip).exists()
        ):
            raise VoteRefused(_("Someone at your internet address has already voted on this."))
        with transaction.atomic():
            Vote.objects.create(
                comment=comment,
                voter_key=reader.voter_key,
                user=reader.user,
                ip_address=reader.ip,
                value=value,
            )
        _ip_stored(Vote)
        mine = value
        up, down = (1, 0) if value == Vote.UP else (0, 1)
    elif existing.value == value:
        existing.delete()
        mine = 0
        up, down = (-1, 0) if value == Vote.UP else (0, -1)
    else:
        existing.value = value
        existing.save(update_fields=["value"])
        mine = value
        up, down = (1, -1) if value == Vote.UP else (-1, 1)
    Comment.objects.filter(pk=comment.pk).update(
        upvotes=F("upvotes") + up,
        downvotes=F("downvotes") + down,
        score=F("score") + up - down,
    )
    discussion_changed(comment.article)
    counts = Comment.objects.values("upvotes", "downvotes", "score").get(pk=comment.pk)
    return VoteResult(comment_id=comment.pk, my_vote=mine, **counts)
