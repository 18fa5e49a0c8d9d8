"""Why the rules held a comment or sent it to spam: stored as codes, shown in words.

A reason is stored (in Comment.hold_reasons) as a small dict, its code and what the
sentence needs: {"code": "links", "count": 3}, {"code": "moderation_word", "word": "pills"}.
It becomes a sentence only when shown, in the language active then: a German moderator
reads German, the alert emails to staff are in the site's language. Comment.held_because
holds the first reason's code, for sorting the admin's list.

Rows from before the codes hold English sentences: migration 0024 turned those it knew into
codes; any other stays a string and is shown as it is.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

# The codes, and the parameters each carries.
HONEYPOT = "honeypot"  # spam: filled in the hidden field
TOO_FAST = "too_fast"  # spam: seconds
BANNED = "banned"  # spam: kind (a Ban.Kind)
BANNED_DOMAIN = "banned_domain"  # spam: the email domain is banned (EmailDomainRule)
BLOCKED_WORD = "blocked_word"  # spam: word
LINKS = "links"  # count
MODERATION_WORD = "moderation_word"  # word
ARTICLE_HELD = "article_held"  # the article's discussion is pre-moderated
ALL_HELD = "all_held"  # the rules hold every comment
FIRST_COMMENT = "first_comment"
NEW_COMMENTER = "new_commenter"  # needed
REJECTED_HISTORY = "rejected_history"  # rejected, decided, days
PREMODERATED = "premoderated"  # a moderator's "always pre-moderate" sanction
DOMAIN_PREMODERATED = "domain_premoderated"  # domain
DISPOSABLE = "disposable"  # domain
EDITED = "edited"  # the author edited it
REPORTED = "reported"  # count: reported by so many readers
# Said in the moderation log (ModerationDecision.reasons), beside the reasons above:
REPORTS_DISMISSED = "reports_dismissed"  # count: the comment's open reports, settled
PIN_REPLACED = "pin_replaced"  # comment: the thread pinned in its place
BAN_IMPOSED = "ban_imposed"  # kind (a Ban.Kind), value: whom or what
BAN_LIFTED = "ban_lifted"  # kind, value
SANCTION_LIFTED = "sanction_lifted"  # kind (a Sanction.Kind)

WITHOUT_PARAMETERS = {
    HONEYPOT,
    BANNED_DOMAIN,
    ARTICLE_HELD,
    ALL_HELD,
    FIRST_COMMENT,
    PREMODERATED,
    EDITED,
}


def reason(code, **params):
    """A reason as it is stored: reason(LINKS, count=3)."""
    return {"code": code, **params}


def code_of(stored):
    """The code of a stored reason (an old sentence is its own code), as held_because keeps
    it."""
    if isinstance(stored, dict):
        return str(stored.get("code", ""))[:200]
    return str(stored or "")[:200]


def _number(value, decimals=None):
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _banned(kind):
    return {
        "account": gettext("banned account"),
        "email": gettext("banned email address"),
        "domain": gettext("banned email domain"),
        "ip": gettext("banned IP address"),
    }.get(kind, gettext("banned"))


def _ban_kind(kind):
    # The labels of Ban.Kind and Sanction.Kind (the same words, so the same translations);
    # this module sits below the models and cannot ask them.
    return {
        "account": gettext("Account"),
        "email": gettext("Email address"),
        "domain": gettext("Email domain"),
        "ip": gettext("IP address"),
    }.get(kind, str(kind))


def _sanction_kind(kind):
    return {
        "warning": gettext("Warning"),
        "suspension": gettext("Suspension"),
        "premoderation": gettext("Always pre-moderate"),
    }.get(kind, str(kind))


def explain(stored):
    """A stored reason as a sentence in the active language. An old English sentence, or a
    code this version does not know, is shown as it is."""
    if isinstance(stored, str) and stored in WITHOUT_PARAMETERS:
        stored = reason(stored)  # held_because alone, on a row without hold_reasons
    if not isinstance(stored, dict):
        return str(stored)
    code = stored.get("code")
    try:
        if code == HONEYPOT:
            return gettext("filled in the hidden field")
        if code == TOO_FAST:
            return gettext("posted %(seconds)s s after the page loaded") % {
                "seconds": _number(stored["seconds"], 1)
            }
        if code == BANNED:
            return _banned(stored["kind"])
        if code == BANNED_DOMAIN:
            return gettext("banned email domain")
        if code == BLOCKED_WORD:
            return gettext("blocked word “%(word)s”") % {"word": stored["word"]}
        if code == LINKS:
            count = int(stored["count"])
            return ngettext("%(count)s link", "%(count)s links", count) % {"count": _number(count)}
        if code == MODERATION_WORD:
            return gettext("moderation word “%(word)s”") % {"word": stored["word"]}
        if code == ARTICLE_HELD:
            return gettext("every comment on this article is held")
        if code == ALL_HELD:
            return gettext("every comment is held")
        if code == FIRST_COMMENT:
            return gettext("first comment from this author")
        if code == NEW_COMMENTER:
            needed = int(stored["needed"])
            return ngettext(
                "new commenter: fewer than %(needed)s approved comment",
                "new commenter: fewer than %(needed)s approved comments",
                needed,
            ) % {"needed": _number(needed)}
        if code == REJECTED_HISTORY:
            days = int(stored["days"])
            return ngettext(
                "%(rejected)s of %(decided)s comments rejected in %(days)s day",
                "%(rejected)s of %(decided)s comments rejected in %(days)s days",
                days,
            ) % {
                "rejected": _number(stored["rejected"]),
                "decided": _number(stored["decided"]),
                "days": _number(days),
            }
        if code == PREMODERATED:
            return gettext("always pre-moderated by a moderator")
        if code == DOMAIN_PREMODERATED:
            return gettext("pre-moderated email domain %(domain)s") % {"domain": stored["domain"]}
        if code == DISPOSABLE:
            return gettext("disposable email address (%(domain)s)") % {"domain": stored["domain"]}
        if code == EDITED:
            return gettext("edited")
        if code == REPORTED:
            count = int(stored["count"])
            return ngettext(
                "reported by %(count)s or more readers",
                "reported by %(count)s or more readers",
                count,
            ) % {"count": _number(count)}
        if code == REPORTS_DISMISSED:
            count = int(stored["count"])
            return ngettext("%(count)s report dismissed", "%(count)s reports dismissed", count) % {
                "count": _number(count)
            }
        if code == PIN_REPLACED:
            return gettext("another thread was pinned (comment %(comment)s)") % {
                "comment": int(stored["comment"])
            }
        if code == BAN_IMPOSED:
            return f"{_ban_kind(stored['kind'])}: {stored['value']}"
        if code == BAN_LIFTED:
            return gettext("Ban lifted: %(ban)s") % {
                "ban": f"{_ban_kind(stored['kind'])}: {stored['value']}"
            }
        if code == SANCTION_LIFTED:
            return gettext("%(kind)s lifted") % {"kind": _sanction_kind(stored["kind"])}
    except (KeyError, TypeError, ValueError):  # a parameter missing or not a number
        pass
    return str(code or stored)


def stored_reasons(comment):
    """The reasons stored for a comment (rows from before hold_reasons: held_because)."""
    if comment.hold_reasons:
        return list(comment.hold_reasons)
    return [comment.held_because] if comment.held_because else []


def explained(comment):
    """Every reason the comment was held or sent to spam for, in the active language."""
    return [explain(stored) for stored in stored_reasons(comment)]
