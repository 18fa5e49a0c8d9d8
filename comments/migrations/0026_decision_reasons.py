"""The moderation log says in codes what the site wrote about a decision (why the rules held a
comment, the reports dismissed with it, a pin replaced), shown in the reader's language.

Until now those were English sentences in `explanation`. The lines whose sentences this
migration recognises become codes; a line with anything else (a moderator's own words) keeps
its text, and only a recognised "Reports dismissed: N." or pin sentence is taken from it.
Going back writes the English sentences into `explanation` again.
"""

import importlib
import re

from django.db import migrations, models

# The hold reasons' sentences and their English, as migration 0024 knew them.
_hold = importlib.import_module("comments.migrations.0024_hold_reasons_as_codes")

DISMISSED = re.compile(r"Reports dismissed: (?P<count>\d+)\.")
PIN = re.compile(r"Another thread was pinned \(comment (?P<comment>\d+)\)\.")


def _as_codes(decision):
    """(reasons, explanation) for one old line."""
    parts = [part for part in decision.explanation.split("; ") if part]
    reasons, kept = [], []
    for part in parts:
        if match := DISMISSED.fullmatch(part):
            reasons.append({"code": "reports_dismissed", "count": int(match["count"])})
        elif match := PIN.fullmatch(part):
            reasons.append({"code": "pin_replaced", "comment": int(match["comment"])})
        elif decision.action == "hold" and decision.moderator_id is None:
            codes = _hold.as_codes(part)
            if all(isinstance(code, dict) for code in codes):
                reasons += codes
            else:
                kept.append(part)
        else:
            kept.append(part)
    return reasons, "; ".join(kept)


def _rewrite(apps, change):
    Decision = apps.get_model("comments", "ModerationDecision")
    rows = Decision.objects.only("pk", "action", "moderator_id", "explanation", "reasons")
    batch = []
    for decision in rows.order_by("pk").iterator(chunk_size=2000):
        reasons, explanation = change(decision)
        if (reasons, explanation) != (decision.reasons, decision.explanation):
            decision.reasons, decision.explanation = reasons, explanation
            batch.append(decision)
        if len(batch) >= 1000:
            Decision.objects.bulk_update(batch, ["reasons", "explanation"])
            batch = []
    if batch:
        Decision.objects.bulk_update(batch, ["reasons", "explanation"])


def forwards(apps, schema_editor):
    def change(decision):
        if decision.reasons or not decision.explanation:
            return decision.reasons, decision.explanation
        return _as_codes(decision)

    _rewrite(apps, change)


def _sentence(reason):
    code = reason.get("code") if isinstance(reason, dict) else None
    if code == "reports_dismissed":
        return f"Reports dismissed: {reason.get('count')}."
    if code == "pin_replaced":
        return f"Another thread was pinned (comment {reason.get('comment')})."
    return _hold.as_sentence(reason)


def backwards(apps, schema_editor):
    def change(decision):
        if not decision.reasons:
            return decision.reasons, decision.explanation
        parts = [decision.explanation] + [_sentence(r) for r in decision.reasons]
        return [], "; ".join(part for part in parts if part)

    _rewrite(apps, change)


class Migration(migrations.Migration):
    dependencies = [("comments", "0025_moderation_email_sanction_lifted")]

    operations = [
        migrations.AddField(
            model_name="moderationdecision",
            name="reasons",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
