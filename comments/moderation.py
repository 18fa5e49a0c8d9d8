"""The moderation rules applied to a new comment: publish, hold or send to spam."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from disposable_email_domains import blocklist as disposable_domains
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Credit

from . import hold_reasons as why
from .identity import address_has_account, verified_email
from .markup import count_links
from .models import (
    Ban,
    Comment,
    DiscussionSettings,
    EmailDomainRule,
    ModerationRules,
    Sanction,
    Subscription,
)

# Words that make a guest's name pass for the newsroom speaking when it starts or ends
# with one ("Moderator", "Admin Kim"), or is made of them and a few fillers ("The Newsroom
# Team"). A word inside a longer name ("get admin log") is left alone.
STAFF_WORDS = {"admin", "administrator", "editor", "moderator", "mod", "newsroom", "staff"}
FILLER_WORDS = {"the", "a", "an", "of", "our", "team", "desk", "official", "site", "support"}
# What people type to get a word past a filter: digits and signs for letters.
LOOKALIKES = str.maketrans("013457@$|!", "oieastasii")


@dataclass(frozen=True)
class Verdict:
    """What the rules decided: the status, and every reason for it (spam: the first rule
    that matched; a hold: every rule that holds the comment)."""

    status: str
    reasons: tuple = ()

    def __post_init__(self):
        if isinstance(self.reasons, dict):  # Verdict(status, one reason)
            object.__setattr__(self, "reasons", (self.reasons,))

    @property
    def reason(self):
        """The first reason (what lists of comments show), or None."""
        return self.reasons[0] if self.reasons else None

    @property
    def code(self):
        """The first reason's code (what Comment.held_because keeps), or ""."""
        return why.code_of(self.reason) if self.reasons else ""


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
    mode=None,
    premoderated=None,
):
    """Decide the status of a new comment (or of an edited one's new text).

    Spam: the first rule that matches. Then the newsroom's own voice (staff, and the
    article's credited contributors) is published at once. Otherwise every rule that holds
    the comment is listed. `trusted` says whether the author is past the new-commenter rule
    (worked out here when None); `mode` is the article's (DiscussionSettings.Mode; looked up
    when None); `premoderated` whether a moderator put the author on "always pre-moderate"
    (looked up when None). That sanction holds even the newsroom's own voice.
    """
    Status = Comment.Status
    text = body.lower()
    email = (email or "").strip().lower()
    domain = email.rpartition("@")[2] if "@" in email else ""

    if honeypot:
        return Verdict(Status.SPAM, why.reason(why.HONEYPOT))
    if seconds_taken is not None and seconds_taken < rules.min_seconds_to_write:
        return Verdict(Status.SPAM, why.reason(why.TOO_FAST, seconds=round(seconds_taken, 1)))
    ban = find_ban(email=email, ip=ip)
    if ban is not None:
        return Verdict(Status.SPAM, why.reason(why.BANNED, kind=ban.kind))
    domain_rules = dict(
        EmailDomainRule.objects.filter(domain=domain).values_list("domain", "action")
        if domain
        else ()
    )
    if domain_rules.get(domain) == EmailDomainRule.Action.BAN:
        return Verdict(Status.SPAM, why.reason(why.BANNED_DOMAIN))
    for word in ModerationRules.word_list(rules.block_words):
        if word in text:
            return Verdict(Status.SPAM, why.reason(why.BLOCKED_WORD, word=word))

    if premoderated is None:
        sanction = author_sanction(user=user, email=email)
        premoderated = sanction is not None and sanction.kind == Sanction.Kind.PREMODERATION
    if speaks_for_newsroom(user=user, article=article):
        return (
            Verdict(Status.PENDING, premoderated_reason())
            if premoderated
            else Verdict(Status.APPROVED)
        )

    if mode is None:
        mode = article_mode(article)
    Mode = DiscussionSettings.Mode
    reasons = []
    links = count_links(body) if rules.hold_link_count else 0
    if rules.hold_link_count and links >= rules.hold_link_count:
        reasons.append(why.reason(why.LINKS, count=links))
    reasons += [
        why.reason(why.MODERATION_WORD, word=word)
        for word in ModerationRules.word_list(rules.moderation_words)
        if word in text
    ]
    if mode == Mode.PREMODERATE:
        reasons.append(why.reason(why.ARTICLE_HELD))
    elif mode != Mode.POSTMODERATE and rules.hold == ModerationRules.Hold.ALL:
        reasons.append(why.reason(why.ALL_HELD))
    elif mode != Mode.POSTMODERATE and rules.hold == ModerationRules.Hold.FIRST:
        if trusted is None:
            trusted = is_trusted(
                email=email, user=user, browser_key=browser_key, needed=rules.approved_to_trust
            )
        if not trusted:
            reasons.append(new_commenter_reason(rules.approved_to_trust))
    history = rejected_history(user=user, email=email, rules=rules)
    if history:
        reasons.append(history)
    if premoderated:
        reasons.append(premoderated_reason())
    if domain_rules.get(domain) == EmailDomainRule.Action.PREMODERATE:
        reasons.append(why.reason(why.DOMAIN_PREMODERATED, domain=domain))
    elif rules.premoderate_disposable and is_disposable(domain):
        reasons.append(why.reason(why.DISPOSABLE, domain=domain))
    if reasons:
        return Verdict(Status.PENDING, tuple(reasons))
    return Verdict(Status.APPROVED)


def premoderated_reason():
    """The hold reason a moderator's "always pre-moderate" sanction gives."""
    return why.reason(why.PREMODERATED)


def new_commenter_reason(needed):
    if needed <= 1:
        return why.reason(why.FIRST_COMMENT)
    return why.reason(why.NEW_COMMENTER, needed=needed)


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


def is_disposable(domain):
    """Whether an email domain belongs to a throwaway-mail service, by the maintained list
    of the disposable-email-domains package (its subdomains too: x.mailinator.com)."""
    parts = (domain or "").lower().split(".")
    return any(".".join(parts[i:]) in disposable_domains for i in range(len(parts) - 1))


def speaks_for_newsroom(*, user, article):
    """Whether the author is the newsroom's own voice here: a staff member, or a contributor
    credited on this article (their account linked to them in the admin)."""
    if user is None:
        return False
    if user.is_staff:
        return True
    if article is None:
        return False
    return Credit.objects.filter(article=article, contributor__user=user).exists()


def article_mode(article):
    """The article's moderation mode (the site's rules when it has no settings of its own)."""
    own = DiscussionSettings.of(article) if article is not None else None
    return own.mode if own is not None else DiscussionSettings.Mode.DEFAULT


def approved_count(*, email, user, browser_key="", excluding=None):
    """How many approved comments a verified identity has (0 for an unverified one).

    An account counts once its address is verified. A guest counts only the comments written
    in this browser under this address, and only once the address was confirmed by a link we
    sent to it (a subscription's). An address that belongs to an account never counts for a
    guest: typing it proves nothing. `excluding` leaves one comment out (the one being
    edited: its own approval must not vouch for its new text).
    """
    approved = Comment.objects.approved()
    if excluding is not None:
        approved = approved.exclude(pk=excluding.pk)
    if user is not None:
        return approved.filter(user=user).count() if verified_email(user) else 0
    email = (email or "").strip().lower()
    if not email or not browser_key or address_has_account(email):
        return 0
    if not Subscription.objects.filter(email=email, confirmed_at__isnull=False).exists():
        return 0
    return approved.filter(
        user__isnull=True, author_email__iexact=email, browser_key=browser_key
    ).count()


def is_trusted(*, email, user, browser_key="", needed=1, excluding=None):
    """Whether the new-commenter rule lets this author through: `needed` approved comments
    by a verified identity (approved_count)."""
    return (
        approved_count(email=email, user=user, browser_key=browser_key, excluding=excluding)
        >= needed
    )


def rejected_history(*, user, email, rules):
    """The reason to hold an author whose recent comments were rejected too often, or None.

    Counted over the comments of the last `history_days` that were approved or rejected: an
    account's own, or for a guest those under their address (holding more of an address's
    comments is the safe side; no browser needed).
    """
    if not rules.rejected_share_percent or (user is None and not email):
        return None
    since = timezone.now() - timedelta(days=rules.history_days)
    author = Q(user=user) if user is not None else Q(user__isnull=True, author_email=email)
    counts = Comment.objects.filter(author, created_at__gte=since).aggregate(
        approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=Comment.Status.REJECTED)),
    )
    decided = counts["approved"] + counts["rejected"]
    if decided < rules.rejected_share_min_decisions:
        return None
    if counts["rejected"] * 100 <= rules.rejected_share_percent * decided:
        return None
    return why.reason(
        why.REJECTED_HISTORY,
        rejected=counts["rejected"],
        decided=decided,
        days=rules.history_days,
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
