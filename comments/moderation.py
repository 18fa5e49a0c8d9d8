"""The moderation rules applied to a new comment: publish, hold or send to spam."""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from .identity import address_has_account, verified_email
from .models import Ban, Comment, ModerationRules, Sanction, Subscription
from .text import count_links

# Words that make a guest's name pass for the newsroom speaking when it starts or ends
# with one ("Moderator", "Admin Kim"), or is made of them and a few fillers ("The Newsroom
# Team"). A word inside a longer name ("get admin log") is left alone.
STAFF_WORDS = {"admin", "administrator", "editor", "moderator", "mod", "newsroom", "staff"}
FILLER_WORDS = {"the", "a", "an", "of", "our", "team", "desk", "official", "site", "support"}
# What people type to get a word past a filter: digits and signs for letters.
LOOKALIKES = str.maketrans("013457@$|!", "oieastasii")


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""

    @property
    def reasons(self):
        """Every reason the comment was held or refused for (the first is `reason`)."""
        return (self.reason,) if self.reason else ()


def judge(
    *,
    rules: ModerationRules,
    article,
    body,
    email,
    user,
    ip,
    seconds_taken,
    honeypot,
    browser_key="",
    trusted=None,
):
    """Decide the status of a new comment; the first rule that matches wins."""
    Status = Comment.Status
    text = body.lower()

    if honeypot:
        return Verdict(Status.SPAM, "filled in the hidden field")
    if seconds_taken is not None and seconds_taken < rules.min_seconds_to_write:
        return Verdict(Status.SPAM, f"posted {seconds_taken:.1f} s after the page loaded")
    ban = find_ban(email=email, ip=ip)
    if ban is not None:
        return Verdict(Status.SPAM, f"banned {ban.get_kind_display().lower()}")
    for word in ModerationRules.word_list(rules.block_words):
        if word in text:
            return Verdict(Status.SPAM, f"blocked word “{word}”")

    if rules.hold_link_count and count_links(body) >= rules.hold_link_count:
        return Verdict(Status.PENDING, f"{count_links(body)} links")
    for word in ModerationRules.word_list(rules.moderation_words):
        if word in text:
            return Verdict(Status.PENDING, f"moderation word “{word}”")
    if rules.hold == ModerationRules.Hold.ALL:
        return Verdict(Status.PENDING, "every comment is held")
    if trusted is None:
        trusted = is_trusted(email=email, user=user, browser_key=browser_key)
    if rules.hold == ModerationRules.Hold.FIRST and not trusted:
        return Verdict(Status.PENDING, "first comment from this author")
    return Verdict(Status.APPROVED)


def find_ban(*, email, ip):
    email = (email or "").strip().lower()
    candidates = []
    if email:
        candidates.append((Ban.Kind.EMAIL, email))
        candidates.append((Ban.Kind.DOMAIN, email.rpartition("@")[2]))
    if ip:
        candidates.append((Ban.Kind.IP, ip))
    for ban in Ban.objects.filter(value__in=[value for _, value in candidates]):
        if (ban.kind, ban.value) in candidates:
            return ban
    return None


# Which sanction speaks first when an author has several: what stops a comment, then what
# holds it.
SANCTION_ORDER = {
    Sanction.Kind.SUSPENSION: 0,
    Sanction.Kind.WARNING: 1,
    Sanction.Kind.PREMODERATION: 2,
}


def author_sanction(*, user, email, now=None):
    """The sanction that stops or holds this author now, or None: a suspension that has not
    ended (the one ending last), else a warning not yet acknowledged, else "always
    pre-moderate". An account answers for its sanctions and for those of its address; a
    guest for those of the address typed and of the account that has it. One query."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    whose = Q(user=user) if user is not None else Q(pk__in=[])
    if email:
        # A suspended account's owner signed out, typing its address as a guest, is still
        # suspended.
        whose |= Q(email=email) | Q(user__email__iexact=email)
    active = Sanction.objects.filter(whose, lifted_at__isnull=True).filter(
        Q(kind=Sanction.Kind.SUSPENSION, ends_at__gt=now)
        | Q(kind=Sanction.Kind.WARNING, acknowledged_at__isnull=True)
        | Q(kind=Sanction.Kind.PREMODERATION) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    )
    found = list(active.order_by("-created_at", "-pk")[:20])
    if not found:
        return None
    return min(
        found,
        key=lambda s: (SANCTION_ORDER[s.kind], -(s.ends_at or now).timestamp()),
    )


def author_ban(*, user, email):
    """The ban of this account or of this email address, or None. (Domains and IP
    addresses are banned silently: find_ban sends their comments to spam.)"""
    email = (email or "").strip().lower()
    which = Q(kind=Ban.Kind.ACCOUNT, user=user) if user is not None else Q(pk__in=[])
    if email:
        which |= Q(kind=Ban.Kind.EMAIL, value=email) | Q(
            kind=Ban.Kind.ACCOUNT, user__email__iexact=email
        )
    return Ban.objects.filter(which).order_by("created_at").first()


def is_trusted(*, email, user, browser_key=""):
    """Whether "hold unless the author has an earlier approved comment" lets this author
    through: only a verified identity counts.

    An account counts once its address is verified and it has an approved comment. A guest
    counts only in the browser that wrote an approved comment under this address, and only
    once the address was confirmed by a link we sent to it (a subscription's). An address
    that belongs to an account never makes a guest trusted: typing it proves nothing.
    """
    approved = Comment.objects.approved()
    if user is not None:
        return bool(verified_email(user)) and approved.filter(user=user).exists()
    email = (email or "").strip().lower()
    if not email or not browser_key or address_has_account(email):
        return False
    return (
        approved.filter(
            user__isnull=True, author_email__iexact=email, browser_key=browser_key
        ).exists()
        and Subscription.objects.filter(email=email, confirmed_at__isnull=False).exists()
    )


def _squashed_words(name):
    text = unicodedata.normalize("NFKC", name).casefold().translate(LOOKALIKES)
    return [word for word in re.split(r"[^\w]+|_", text) if word]


def name_imitates_staff(name):
    """Whether a guest's name would pass for the newsroom's own voice: starting or ending
    with a word such as "Moderator" or "Admin" (or the site's name), made of such words and
    fillers, or a staff member's name; in any case, with digits or signs for letters."""
    words = _squashed_words(name)
    if not words:
        return False
    staff_words = STAFF_WORDS | set(_squashed_words(settings.SITE_NAME))

    def staffish(word):
        return word in staff_words or word.rstrip("s") in staff_words

    if staffish(words[0]) or staffish(words[-1]):
        return True
    if all(staffish(word) or word in FILLER_WORDS for word in words):
        return True
    squashed = "".join(words)
    User = get_user_model()
    for username, first, last in User.objects.filter(is_staff=True).values_list(
        User.USERNAME_FIELD, "first_name", "last_name"
    ):
        for staff_name in (username, f"{first} {last}"):
            if "".join(_squashed_words(staff_name)) == squashed:
                return True
    return False
