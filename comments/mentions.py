"""@mentions: "@Name" in a comment names someone who commented earlier in the same discussion.

How names are read: after "@" comes the name as the discussion shows it (spaces and all, any
case), and when several earlier names fit, the longest wins ("@Ana Lima" is Ana Lima even
if an "Ana" commented too). No brackets to learn and no autocomplete to need. The name
becomes a link to that person's latest published comment before this one (a guest's or an
account's: whoever the readers saw under that name); only an account is told, by email,
once the comment is published, if it allows it (MentionAlerts, on by default), never about
its own comment, at most once per comment (the outbox key). ModerationRules'
mentions_per_comment caps how many different people one comment may mention.

Names are found when the comment is saved, so that showing it costs nothing more.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import email_queue

from .identity import verified_email
from .markup import Rendered, render_markdown_comment
from .models import Comment, Mention, MentionAlerts, ModerationRules

MENTION_KIND = "mention"
MAX_NAME = 80  # Comment.author_name's length
# What may follow an "@": a name of at most MAX_NAME characters on one line.
AFTER_AT = re.compile(r"(?<![\w@])@([^\s@][^\n@]{0," + str(MAX_NAME - 1) + r"})")
MAX_AT_SIGNS = 50  # "@" looked at in one text: enough for any conversation, not for a flood


@dataclass(frozen=True)
class Named:
    """Someone who commented earlier in the discussion, as "@Name" can name them."""

    name: str
    comment_id: int
    user_id: int | None

    @property
    def href(self):
        return reverse("comments:permalink", kwargs={"pk": self.comment_id})


def _prefixes(text):
    """The beginnings of `text` that end at the end of a word: the names it may start with."""
    for end in range(1, len(text) + 1):
        if (end == len(text) or not text[end].isalnum()) and text[end - 1] != " ":
            yield text[:end].lower()


def named_earlier(*, article, text, before=None, comment=None):
    """The people of the discussion whom `text` may mention: for each name that follows an
    "@" in it, the latest published comment under that name before `before` (not `comment`
    itself). One query, none when there is no "@"."""
    candidates = set()
    for match in list(AFTER_AT.finditer(text or ""))[:MAX_AT_SIGNS]:
        candidates.update(_prefixes(match.group(1)))
    if not candidates:
        return []
    earlier = (
        Comment.objects.approved()
        .filter(article=article, created_at__lt=before or timezone.now())
        .alias(name=Lower("author_name"))
        .filter(name__in=candidates)
        .order_by("-created_at", "-pk")
    )
    if comment is not None and comment.pk is not None:
        earlier = earlier.exclude(pk=comment.pk)
    chosen = {}
    for pk, name, user_id in earlier.values_list("pk", "author_name", "user_id")[:500]:
        chosen.setdefault(name.lower(), Named(name=name, comment_id=pk, user_id=user_id))
    return list(chosen.values())


def comment_render(*, article, body, rules, before=None, comment=None) -> Rendered:
    """A comment's text as readers will see it, its mentions linked (comments.markup)."""
    named = named_earlier(article=article, text=body, before=before, comment=comment)
    return render_markdown_comment(body, mentions=named, limit=rules.mentions_per_comment)


def mentions_record(*, comment, rendered):
    """Keep who the comment's text mentions (the accounts among them, never its author)."""
    users = {
        named.user_id
        for named in rendered.mentioned
        if named.user_id is not None and named.user_id != comment.user_id
    }
    with transaction.atomic():
        Mention.objects.filter(comment=comment).exclude(user_id__in=users).delete()
        Mention.objects.bulk_create(
            [Mention(comment=comment, user_id=pk) for pk in sorted(users)],
            ignore_conflicts=True,
        )


def mention_emails_record(*, comment, rules=None, now=None):
    """Record one email to each account a published comment mentions that allows it and has
    a verified address; one per comment and person, however often this runs, and no more
    than the rules' emails_per_hour to one person in an hour (past it, a flood of mentions
    from many comments goes unsent). Returns the emails recorded now."""
    if comment.status != Comment.Status.APPROVED:
        return []
    rules = rules or ModerationRules.current()
    now = now or timezone.now()
    hour_start = now.replace(minute=0, second=0, microsecond=0)
    recorded = []
    mentions = (
        Mention.objects.filter(comment=comment, user__is_active=True)
        .exclude(user_id=comment.user_id)
        .exclude(user__mention_alerts__email=False)
        .select_related("user")
    )
    for mention in mentions:
        address = verified_email(mention.user)
        if not address or _mentioned_this_hour(address, since=hour_start) >= (
            rules.emails_per_hour
        ):
            continue
        email, created = email_queue(
            key=f"{MENTION_KIND}:{comment.pk}:{mention.user_id}",
            kind=MENTION_KIND,
            to=address.lower(),
            to_user=mention.user,
            about=comment,
            now=now,
        )
        if created:
            recorded.append(email)
    return recorded


def _mentioned_this_hour(address, *, since):
    return OutgoingEmail.objects.filter(
        to_email=address.lower(), kind=MENTION_KIND, created_at__gte=since
    ).count()


def mention_alerts_on(user):
    """Whether the account wants an email when it is mentioned (yes, unless it said no)."""
    return not MentionAlerts.objects.filter(user=user, email=False).exists()


def mention_alerts_set(*, user, email):
    """The reader's choice: an email when someone mentions them, or none."""
    MentionAlerts.objects.update_or_create(user=user, defaults={"email": bool(email)})
