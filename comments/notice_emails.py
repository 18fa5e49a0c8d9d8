"""The emails about notices of illegal content (EU Digital Services Act): the notifier's
acknowledgement of receipt (art. 16(4)), and the decision with its statement of reasons, to
the notifier (art. 16(5)) and to the comment's author (art. 17). Recorded in the outbox,
built when they are due from the notice row.

These are notices the law asks for, not subscriptions: they carry no unsubscribe link.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox import kinds as outbox_kinds
from outbox.services import email_queue

from .identity import verified_email
from .models import IllegalContentNotice

RECEIVED = "notice-received"
DECIDED = "notice-decided"
LABELS = {
    RECEIVED: gettext_lazy("Illegal content notice: acknowledgement"),
    DECIDED: gettext_lazy("Illegal content notice: statement of reasons"),
}
NOTIFIER, AUTHOR = "notifier", "author"


def register_kinds():
    for kind, label in LABELS.items():
        outbox_kinds.register(kind, label=label, build=build)


def notice_acknowledge(*, notice):
    """Tell the notifier their notice arrived (once the transaction commits)."""
    email_queue(
        key=f"{RECEIVED}:{notice.pk}",
        kind=RECEIVED,
        to=notice.notifier_email,
        about=notice,
        data={"to": NOTIFIER},
    )


def author_address(comment):
    """Where the comment's author can be told: their account's verified address, or the
    address a guest gave."""
    if comment is None:
        return ""
    if comment.user_id:
        return verified_email(comment.user)
    return comment.author_email


def notice_statement_send(*, notice):
    """Send the decision's statement of reasons to the notifier and, when they have an
    address, to the comment's author. Returns the author's address ("" when none)."""
    email_queue(
        key=f"{DECIDED}:{notice.pk}:{NOTIFIER}",
        kind=DECIDED,
        to=notice.notifier_email,
        about=notice,
        data={"to": NOTIFIER},
    )
    author = author_address(notice.comment)
    if author:
        email_queue(
            key=f"{DECIDED}:{notice.pk}:{AUTHOR}",
            kind=DECIDED,
            to=author,
            to_user=notice.comment.user,
            about=notice,
            data={"to": AUTHOR},
        )
    return author


def build(email):
    notice = (
        IllegalContentNotice.objects.select_related("comment__article")
        .filter(pk=email.about_id)
        .first()
    )
    if notice is None:
        return None
    to_author = email.data.get("to") == AUTHOR
    if email.kind == RECEIVED:
        subject = _("We received your notice about a comment (reference %(ref)s)")
        template = "comments/email/notice_received.txt"
    else:
        if not notice.is_decided:
            return None
        if to_author:
            subject = _("Our decision about your comment (reference %(ref)s)")
        else:
            subject = _("Our decision on your notice (reference %(ref)s)")
        template = "comments/email/notice_decided.txt"
    context = {
        "notice": notice,
        "to_author": to_author,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "reference": notice.pk,
    }
    return EmailMessage(
        subject=subject % {"ref": notice.pk},
        body=render_to_string(template, context),
        to=[email.to_email],
        headers={"Auto-Submitted": "auto-generated"},
    )
