"""Bans: an account, an email address, a domain or an IP address kept from commenting.

One workflow creates a ban and writes it to the audit log, whoever asks: the admin's queue,
or the moderators' desk (moderation.services.ban_impose, which also tells the banned account
or address by email). Which ban stops a comment is comments.moderation.find_ban/author_ban.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_ipv46_address
from django.db import transaction
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _

from . import hold_reasons
from .models import Ban, ModerationDecision
from .services import decision_record


def ban_value(kind, value, user=None):
    """What a ban of this kind stores: an account's id, a checked address, domain or IP
    (lower case, an IPv6 address in its short form). Refuses what cannot be banned."""
    value = (value or "").strip().lower()
    if kind == Ban.Kind.ACCOUNT:
        if user is None:
            raise ValidationError(_("Which account?"))
        return str(user.pk)
    if kind == Ban.Kind.EMAIL:
        validate_email(value)
    elif kind == Ban.Kind.DOMAIN:
        value = value.lstrip("@")
        if "." not in value or "@" in value or " " in value:
            raise ValidationError(_("Enter a domain such as example.com."))
    elif kind == Ban.Kind.IP:
        validate_ipv46_address(value)
        if ":" in value:
            value = clean_ipv6_address(value)
    else:
        raise ValidationError(_("Unknown kind of ban."))
    return value


def ban_named(ban):
    """What the moderation log keeps of a ban: its kind and whom or what it bans."""
    if ban.kind == Ban.Kind.ACCOUNT and ban.user_id:
        return {"kind": ban.kind, "value": str(ban.user)}
    return {"kind": ban.kind, "value": ban.value}


def ban_create(*, kind, value="", reason="", moderator=None, user=None, comment=None):
    """Ban from commenting; a new ban is written to the audit log. Returns (ban, created):
    the ban already there, and False, when it was banned before."""
    value = ban_value(kind, value, user)
    reason = (reason or "").strip()
    account = user if kind == Ban.Kind.ACCOUNT else None
    with transaction.atomic():
        ban, created = Ban.objects.get_or_create(
            kind=kind,
            value=value,
            defaults={"reason": reason[:200], "created_by": moderator, "user": account},
        )
        if created:
            decision_record(
                action=ModerationDecision.Action.BAN,
                moderator=moderator,
                comment=comment,
                explanation=reason,
                reasons=[hold_reasons.reason(hold_reasons.BAN_IMPOSED, **ban_named(ban))],
                subject_user=account,
                subject_email=value if kind == Ban.Kind.EMAIL else "",
                subject_ip=value if kind == Ban.Kind.IP else None,
            )
    return ban, created
