"""Reports made before reports were weighed: their reasons become the moderators' list
(misinformation and privacy are "other", abuse is "abusive"); those a moderator had already
looked at (made before the comment's last decision) are settled as that decision went; and
each comment's report_count becomes the number of its open reports."""

from django.db import migrations
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

REASONS = {"misinformation": "other", "privacy": "other", "abuse": "abusive"}
REMOVED = ["rejected", "spam", "deleted"]


def forwards(apps, schema_editor):
    Report = apps.get_model("comments", "Report")
    Comment = apps.get_model("comments", "Comment")
    for old, new in REASONS.items():
        Report.objects.filter(reason=old).update(reason=new)

    reviewed = Q(comment__moderated_at__isnull=False, created_at__lte=F("comment__moderated_at"))
    for status, outcome in [(["approved"], "dismissed"), (REMOVED, "upheld")]:
        settled = Report.objects.filter(reviewed, outcome="", comment__status__in=status)
        ids = list(settled.values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            for report in Report.objects.filter(pk__in=ids[start : start + 500]).select_related(
                "comment"
            ):
                report.outcome = outcome
                report.decided_at = report.comment.moderated_at
                report.save(update_fields=["outcome", "decided_at"])

    open_counted = (
        Report.objects.filter(comment=OuterRef("pk"), outcome="", counted=True)
        .order_by()
        .values("comment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Comment.objects.filter(report_count__gt=0).update(
        report_count=Coalesce(Subquery(open_counted), Value(0))
    )


def backwards(apps, schema_editor):
    Report = apps.get_model("comments", "Report")
    Report.objects.filter(reason="abusive").update(reason="abuse")
    Report.objects.filter(reason__in=["offensive", "illegal"]).update(reason="other")


class Migration(migrations.Migration):
    dependencies = [("comments", "0017_reports_weights_and_notices")]

    operations = [migrations.RunPython(forwards, backwards)]
