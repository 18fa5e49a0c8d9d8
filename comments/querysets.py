from django.db import models


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=self.model.Status.APPROVED)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def visible_to(self, viewer):
        """Approved comments, deleted ones (shown as a placeholder when they have replies),
        and the viewer's own comments that await moderation."""
        Status = self.model.Status
        shown = models.Q(status__in=[Status.APPROVED, Status.DELETED])
        own = viewer.owns_q() if viewer is not None else None
        if own is not None:
            shown |= models.Q(status=Status.PENDING) & own
        return self.filter(shown)

    def reported(self):
        """Published comments with reports no moderator has settled yet (approving the
        comment dismisses them), whether or not those reports weigh toward holding it."""
        Report = self.model._meta.get_field("reports").related_model
        from_reports = Report.objects.filter(comment=models.OuterRef("pk"), outcome="")
        return self.approved().filter(models.Exists(from_reports))
