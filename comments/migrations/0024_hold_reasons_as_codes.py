"""The reasons a comment was held or sent to spam, stored as English sentences until now,
become codes with their parameters (comments.hold_reasons), shown in the reader's language.

A sentence this migration does not recognise stays as it is (and is shown as it is). Going
back writes the English sentences again. The rules of both directions are copied here, as
they were: a migration must not change when the code does.
"""

import re

from django.db import migrations

# (pattern of the old sentence, code, parameters with the type of each)
SENTENCES = [
    (r"filled in the hidden field", "honeypot", {}),
    (r"posted (?P<seconds>\d+(?:\.\d+)?) s after the page loaded", "too_fast", {"seconds": float}),
    (r"banned email domain", "banned_domain", {}),
    (r"banned (?P<kind>account|email address|ip address)", "banned", {"kind": str}),
    (r"blocked word “(?P<word>.*)”", "blocked_word", {"word": str}),
    (r"(?P<count>\d+) links", "links", {"count": int}),
    (r"moderation word “(?P<word>.*)”", "moderation_word", {"word": str}),
    (r"every comment on this article is held", "article_held", {}),
    (r"every comment is held", "all_held", {}),
    (r"first comment from this author", "first_comment", {}),
    (
        r"new commenter: fewer than (?P<needed>\d+) approved comments",
        "new_commenter",
        {"needed": int},
    ),
    (
        r"(?P<rejected>\d+) of (?P<decided>\d+) comments rejected in (?P<days>\d+) days",
        "rejected_history",
        {"rejected": int, "decided": int, "days": int},
    ),
    (r"always pre-moderated by a moderator", "premoderated", {}),
    (r"pre-moderated email domain (?P<domain>\S+)", "domain_premoderated", {"domain": str}),
    (r"disposable email address \((?P<domain>.*)\)", "disposable", {"domain": str}),
    (r"edited", "edited", {}),
    (r"reported by (?P<count>\d+) or more readers", "reported", {"count": int}),
]
BAN_KINDS = {"account": "account", "email address": "email", "ip address": "ip"}

ENGLISH = {
    "honeypot": "filled in the hidden field",
    "too_fast": "posted {seconds:.1f} s after the page loaded",
    "banned_domain": "banned email domain",
    "banned": "banned {kind}",
    "blocked_word": "blocked word “{word}”",
    "links": "{count} links",
    "moderation_word": "moderation word “{word}”",
    "article_held": "every comment on this article is held",
    "all_held": "every comment is held",
    "first_comment": "first comment from this author",
    "new_commenter": "new commenter: fewer than {needed} approved comments",
    "rejected_history": "{rejected} of {decided} comments rejected in {days} days",
    "premoderated": "always pre-moderated by a moderator",
    "domain_premoderated": "pre-moderated email domain {domain}",
    "disposable": "disposable email address ({domain})",
    "edited": "edited",
    "reported": "reported by {count} or more readers",
}
BAN_LABELS = {"account": "account", "email": "email address", "ip": "ip address"}


def as_codes(sentence):
    """The reasons an old sentence stands for (one, or two for "edited: …"), or the
    sentence itself when it is not one the rules wrote."""
    if not isinstance(sentence, str):
        return [sentence]  # already a code
    if sentence.startswith("edited: "):
        return [{"code": "edited"}, *as_codes(sentence.removeprefix("edited: "))]
    for pattern, code, params in SENTENCES:
        match = re.fullmatch(pattern, sentence)
        if match:
            reason = {"code": code}
            for name, kind in params.items():
                reason[name] = kind(match[name])
            if code == "banned":
                reason["kind"] = BAN_KINDS[reason["kind"]]
            return [reason]
    return [sentence]


def as_sentence(reason):
    if not isinstance(reason, dict):
        return reason
    params = {k: v for k, v in reason.items() if k != "code"}
    if reason.get("code") == "banned":
        params["kind"] = BAN_LABELS.get(params.get("kind"), params.get("kind"))
    try:
        return ENGLISH[reason["code"]].format(**params)
    except (KeyError, ValueError, TypeError):
        return str(reason.get("code", ""))


def code_of(reason):
    return str(reason.get("code", "") if isinstance(reason, dict) else reason)[:200]


def _rewrite(apps, change):
    Comment = apps.get_model("comments", "Comment")
    rows = Comment.objects.only("pk", "held_because", "hold_reasons").order_by("pk")
    batch = []
    for comment in rows.iterator(chunk_size=2000):
        if not comment.held_because and not comment.hold_reasons:
            continue
        reasons, because = change(comment)
        if (reasons, because) != (comment.hold_reasons, comment.held_because):
            comment.hold_reasons, comment.held_because = reasons, because
            batch.append(comment)
        if len(batch) >= 1000:
            Comment.objects.bulk_update(batch, ["hold_reasons", "held_because"])
            batch = []
    if batch:
        Comment.objects.bulk_update(batch, ["hold_reasons", "held_because"])


def forwards(apps, schema_editor):
    def change(comment):
        old = list(comment.hold_reasons or [])
        if not old:  # from before hold_reasons: held_because alone
            old = [comment.held_because]
        reasons = []
        for sentence in old:
            reasons += [r for r in as_codes(sentence) if r not in reasons]
        return reasons, code_of(reasons[0]) if reasons else ""

    _rewrite(apps, change)


def backwards(apps, schema_editor):
    def change(comment):
        reasons = [as_sentence(r) for r in comment.hold_reasons or []]
        if reasons:
            return reasons, reasons[0][:200]
        return [], comment.held_because

    _rewrite(apps, change)


class Migration(migrations.Migration):
    dependencies = [("comments", "0023_reply_to_and_avatars")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
