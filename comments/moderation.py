"""The moderation rules applied to a new comment: publish, hold or send to spam."""

from dataclasses import dataclass

from .models import Ban, Comment, ModerationRules
from .text import count_links


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


def judge(*, rules: ModerationRules, article, body, email, user, ip, seconds_taken, honeypot):
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
    if rules.hold == ModerationRules.Hold.FIRST and not has_approved_comment(email, user):
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


def has_approved_comment(email, user):
    approved = Comment.objects.approved()
    if user is not None:
        return approved.filter(user=user).exists()
    if email:
        return approved.filter(author_email__iexact=email).exists()
    return False
