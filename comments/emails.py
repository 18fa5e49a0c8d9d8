"""The text of each email the discussion sends, made from its outbox row at send time.

Each kind (models.EmailKind) is registered with the outbox (register_kinds(), called from
CommentsConfig.ready). Made when it is sent rather than when it was recorded, so that an
email about a comment that a moderator has since removed, or to a subscriber who has since
unsubscribed, is not sent at all (build() returns None). Every email carries a one-click
unsubscribe link and the List-Unsubscribe and List-Unsubscribe-Post headers of RFC 8058.
Addresses in the text are absolute, from settings.SITE_URL.
"""

from dataclasses import dataclass
from email import policy as mail_policy

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outbox import kinds as outbox_kinds

from . import notifications
from .email_text import plain_text
from .models import Comment, EmailKind, ModerationEmails, RejectReason, Subscription

Kind = EmailKind
EXCERPT_CHARS = 600


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def one_line(text):
    """Words for a header or a line of text: no line breaks, whatever a reader typed."""
    return " ".join(str(text or "").split())


def excerpt(text, chars=EXCERPT_CHARS):
    text = (text or "").strip()
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


class ListEmailMessage(EmailMessage):
    """An email whose List-Unsubscribe header reaches mail clients as written.

    Python's email package folds headers at 78 characters and, finding no space to fold an
    unsubscribe address at, would turn the header into RFC 2047 encoded words that mail
    clients do not read as a URL. Lines may be up to 998 characters (RFC 5322).
    """

    def message(self, *, policy=mail_policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


@dataclass(frozen=True)
class Item:
    """One comment as an email shows it."""

    comment: Comment
    url: str
    author: str
    text: str
    headline: str


def item(comment, *, text=True, spoilers=False):
    """`text`: the comment as the reader sees it on the page, as plain text (email_text);
    `spoilers`: shown rather than hidden (for moderators)."""
    return Item(
        comment=comment,
        url=absolute(comment.get_absolute_url()),
        author=one_line(comment.author_name),
        text=excerpt(comment_text(comment, spoilers=spoilers)) if text else "",
        headline=one_line(comment.article.headline),
    )


def comment_text(comment, *, spoilers=False):
    """What the comment says, in words: its rendered HTML as plain text (what a reader typed
    if it has none)."""
    if not comment.body_html:
        return comment.body
    return plain_text(comment.body_html, spoilers=spoilers)


def register_kinds():
    """Tell the outbox how to build each kind of email the discussion sends."""
    for kind in Kind:
        outbox_kinds.register(kind.value, label=kind.label, build=build)


def build(email):
    """The EmailMessage for a recorded email, or None if it is no longer wanted."""
    if email.kind == Kind.REJECTED:
        return _rejected(email)
    builder = {
        Kind.CONFIRM: _confirmation,
        Kind.COMMENT: _new_comment,
        Kind.DIGEST: _digest,
        Kind.HELD: _held,
        Kind.HELD_DIGEST: _held_digest,
        Kind.FEATURED: _featured,
    }[email.kind]
    built = builder(email)
    if built is None:
        return None
    subject, template, context, unsubscribe_url = built
    context = {
        **context,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
    }
    return ListEmailMessage(
        subject=one_line(subject),
        body=render_to_string(f"comments/email/{template}.txt", context),
        to=[email.to_email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def _unsubscribe_url(**kwargs):
    token = notifications.unsubscribe_token(**kwargs)
    return absolute(reverse("comments:unsubscribe", kwargs={"token": token}))


def _subscription(email):
    """The subscription an email was recorded for, if it still exists."""
    pk = email.data.get("subscription")
    if pk is None:
        return None
    return Subscription.objects.select_related("article", "comment").filter(pk=pk).first()


def _comment(email):
    """The comment an email is about, if it still exists."""
    return Comment.objects.select_related("article", "parent").filter(pk=email.about_id).first()


def _digested(email, status):
    """The comments of the emails a digest carries, in the order they were recorded, that
    still have this status."""
    ids = list(email.items.order_by("created_at", "pk").values_list("about_id", flat=True))
    found = Comment.objects.select_related("article").in_bulk([pk for pk in ids if pk])
    return [found[pk] for pk in ids if pk in found and found[pk].status == status]


def _confirmation(email):
    subscription = _subscription(email)
    if subscription is None or subscription.is_confirmed:
        return None
    token = notifications.confirm_token(subscription)
    return (
        _("Confirm: %(what)s") % {"what": notifications.describe(subscription)},
        "confirm",
        {
            "subscription": subscription,
            "what": notifications.describe(subscription),
            "confirm_url": absolute(reverse("comments:confirm", kwargs={"token": token})),
            "max_days": notifications.CONFIRM_MAX_AGE.days,
        },
        _unsubscribe_url(subscription=subscription),
    )


def _new_comment(email):
    subscription = _subscription(email)
    comment = _comment(email)
    if (
        subscription is None
        or not subscription.is_confirmed
        or comment is None
        or comment.status != Comment.Status.APPROVED
    ):
        return None
    shown = item(comment)
    is_reply = comment.parent is not None and subscription.kind != subscription.Kind.FOLLOW_UPS
    if is_reply:
        subject = _("%(author)s replied to your comment on “%(headline)s”")
    else:
        subject = _("New comment by %(author)s on “%(headline)s”")
    subject %= {"author": shown.author, "headline": shown.headline}
    return (
        subject,
        "comment",
        {
            "item": shown,
            "is_reply": is_reply,
            "parent": item(comment.parent) if is_reply else None,
            "why": notifications.describe(subscription),
        },
        _unsubscribe_url(subscription=subscription),
    )


def _digest(email):
    comments = _digested(email, Comment.Status.APPROVED)
    if not comments:
        return None
    headlines = {c.article.headline for c in comments}
    count = len(comments)
    if len(headlines) == 1:
        subject = ngettext(
            "%(count)d new comment on “%(headline)s”",
            "%(count)d new comments on “%(headline)s”",
            count,
        ) % {"count": count, "headline": one_line(next(iter(headlines)))}
    else:
        subject = ngettext(
            "%(count)d new comment on articles you follow",
            "%(count)d new comments on articles you follow",
            count,
        ) % {"count": count}
    return (
        subject,
        "digest",
        {"items": [item(c) for c in comments], "count": count},
        _unsubscribe_url(email=email.to_email),
    )


# Where a moderator's alert leads: the admin's comment and queue, unless an app that reviews
# comments registers its own pages (the moderators' desk does, in its AppConfig.ready()).
_review_pages = []


def review_pages_with(pages):
    """Register `pages(comment) -> (path of the comment's review page, path of the queue)`."""
    if pages not in _review_pages:
        _review_pages.append(pages)


def _admin_links(comment):
    if _review_pages:
        review, queue = _review_pages[-1](comment)
        return absolute(review), absolute(queue)
    change = absolute(reverse("admin:comments_comment_change", args=[comment.pk]))
    queue = reverse("admin:comments_comment_changelist")
    return change, absolute(f"{queue}?{urlencode({'status__exact': 'pending'})}")


def _held(email):
    comment = _comment(email)
    if comment is None or comment.status != Comment.Status.PENDING or email.to_user is None:
        return None
    change_url, queue_url = _admin_links(comment)
    shown = item(comment, spoilers=True)
    return (
        _("Held for review: a comment by %(author)s on “%(headline)s”")
        % {"author": shown.author, "headline": shown.headline},
        "held",
        {
            "item": shown,
            "reason": one_line("; ".join(comment.reasons_shown())),
            "change_url": change_url,
            "queue_url": queue_url,
        },
        _unsubscribe_url(moderator=email.to_user),
    )


def _held_digest(email):
    comments = _digested(email, Comment.Status.PENDING)
    if not comments or email.to_user is None:
        return None
    entries = [
        (item(c, spoilers=True), _admin_links(c)[0], one_line("; ".join(c.reasons_shown())))
        for c in comments
    ]
    count = len(comments)
    return (
        ngettext("%(count)d comment held for review", "%(count)d comments held for review", count)
        % {"count": count},
        "held_digest",
        {"entries": entries, "count": count, "queue_url": _admin_links(comments[0])[1]},
        _unsubscribe_url(moderator=email.to_user),
    )


def _rejected(email):
    """A comment's author told why a moderator rejected it (no unsubscribe: it is about what
    they wrote, sent once). Not sent if a moderator has published the comments since."""
    ids = email.data.get("comments") or []
    comments = list(
        Comment.objects.select_related("article")
        .filter(pk__in=ids, status=Comment.Status.REJECTED)
        .order_by("pk")
    )
    if not comments:
        return None
    reason = email.data.get("reason", "")
    listed = "\n\n".join(
        f"“{excerpt(comment_text(c, spoilers=True), 300)}”\n"
        f"({one_line(c.article.headline)}, {c.created_at:%Y-%m-%d})"
        for c in comments
    )
    subject, body = ModerationEmails.current().render(
        "rejection",
        {
            "name": one_line(comments[0].author_name),
            "site_name": settings.SITE_NAME,
            "reason": RejectReason(reason).label if reason in RejectReason.values else "",
            "explanation": (email.data.get("explanation") or "").strip(),
            "comments": listed,
        },
        # In the language of the article the comments were written under.
        language=comments[0].article.language,
    )
    return EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[email.to_email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def _featured(email):
    """To the author of a featured comment, who asked for email about their comments; not
    sent if it is no longer featured, or they have unsubscribed since."""
    subscription = _subscription(email)
    comment = _comment(email)
    if (
        subscription is None
        or not subscription.is_confirmed
        or comment is None
        or comment.status != Comment.Status.APPROVED
        or comment.featured_at is None
    ):
        return None
    shown = item(comment)
    return (
        _("Your comment on “%(headline)s” is featured") % {"headline": shown.headline},
        "featured",
        {
            "item": shown,
            "featured_url": absolute(
                f"{comment.article.get_absolute_url()}?{urlencode({'sort': 'featured'})}#comments"
            ),
            "why": notifications.describe(subscription),
        },
        _unsubscribe_url(subscription=subscription),
    )
