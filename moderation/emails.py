"""The emails a sanctioned reader gets, built by the outbox when they are due, in the words
of the "Emails about moderation" row (comments.models.ModerationEmails, edited in the
admin), in the reader's language (Sanction.email_language). A sanction lifted or a ban
removed before its email went out sends nothing; a sanction lifted after it did sends the
reader word that it is lifted."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from comments.emails import absolute, one_line
from comments.models import Ban, ModerationEmails, Sanction
from comments.notifications import warning_token
from comments.services import when
from outbox import kinds

SANCTION_EMAIL = "moderation-sanction"
SANCTION_LIFTED_EMAIL = "moderation-sanction-lifted"
BAN_EMAIL = "moderation-ban"

# What a lifted sanction was, in the words of the "lifted" email ({measure}).
LIFTED = {
    Sanction.Kind.WARNING: _("the warning about your comments"),
    Sanction.Kind.SUSPENSION: _("the suspension of your comments"),
    Sanction.Kind.PREMODERATION: _("the review of each of your comments before it is published"),
}


def register_kinds():
    kinds.register(SANCTION_EMAIL, label=_("Sanction (to the reader)"), build=build_sanction)
    kinds.register(
        SANCTION_LIFTED_EMAIL, label=_("Sanction lifted (to the reader)"), build=build_lifted
    )
    kinds.register(BAN_EMAIL, label=_("Ban (to the reader)"), build=build_ban)


def _name(user, fallback):
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()


def _message(email, which, values):
    subject, body = ModerationEmails.current().render(
        which, {"site_name": settings.SITE_NAME, **values}
    )
    return EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[email.to_email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def warning_link(sanction):
    """Where a warned reader reads the warning and confirms it."""
    if sanction.user_id is not None:
        return absolute(reverse("comments:warning"))
    return absolute(reverse("comments:warning-link", kwargs={"token": warning_token(sanction)}))


def build_sanction(email):
    sanction = Sanction.objects.select_related("user").filter(pk=email.about_id).first()
    if sanction is None or sanction.lifted_at is not None:
        return None
    values = {"name": _name(sanction.user, sanction.email), "reason": sanction.reason}
    if sanction.kind == Sanction.Kind.WARNING:
        if sanction.acknowledged_at is not None:
            return None
        values["link"] = warning_link(sanction)
    elif sanction.kind == Sanction.Kind.SUSPENSION:
        values["ends_at"] = when(sanction.ends_at)
    return _message(email, sanction.kind, values)


def build_lifted(email):
    """The reader told that a sanction of theirs was lifted (not if it is in force again:
    nothing un-lifts a sanction, but its row may be gone)."""
    sanction = Sanction.objects.select_related("user").filter(pk=email.about_id).first()
    if sanction is None or sanction.lifted_at is None:
        return None
    # The measure in the words of the email's text: the reader's language once the
    # moderators wrote the email in it, else the default language's, as the text then is.
    language = translation.get_language()
    if not getattr(ModerationEmails.current(), f"lifted_body_{language}", None):
        language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    with translation.override(language):
        measure = str(LIFTED[sanction.kind])
    values = {"name": _name(sanction.user, sanction.email), "measure": measure}
    return _message(email, "lifted", values)


def build_ban(email):
    ban = Ban.objects.select_related("user").filter(pk=email.about_id).first()
    if ban is None:
        return None
    return _message(
        email, "ban", {"name": _name(ban.user, ban.value), "reason": ban.reason or "—"}
    )
