"""The comment queue's bulk actions (approve, reject with a reason, spam, delete, feature,
ban the authors), each through the services and in the admin's log. Mixed into CommentAdmin
(queue.py), whose _url it uses."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import bans, services
from comments.models import Ban, Comment, RejectReason

from .row_actions import RejectForm

Status = Comment.Status


class QueueActionsMixin:
    # --- Bulk actions -----------------------------------------------------------------------

    def _moderate(self, request, queryset, status):
        """Set the status of the comments not already in it; log it; return how many."""
        changing = list(
            queryset.exclude(status=status).select_related(None).select_related("article")
        )
        if not changing:
            return 0
        with transaction.atomic():
            count = services.comment_moderate(
                comments=Comment.objects.filter(pk__in=[c.pk for c in changing]),
                status=status,
                moderator=request.user,
            )
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changing,
                action_flag=CHANGE,
                change_message=f"Moderated: {Status(status).label.lower()}.",
            )
        return count

    def _reject(self, request, queryset, *, reason, explanation=""):
        """Reject with a reason the authors are told (comments.services.comment_reject)."""
        changing = list(queryset.exclude(status=Status.REJECTED).select_related(None))
        if not changing:
            return 0
        with transaction.atomic():
            count = services.comment_reject(
                comments=Comment.objects.filter(pk__in=[c.pk for c in changing]),
                moderator=request.user,
                reason=reason,
                explanation=explanation,
            )
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changing,
                action_flag=CHANGE,
                change_message=f"Moderated: rejected ({RejectReason(reason).label}).",
            )
        return count

    def _bulk(self, request, queryset, status, done):
        """`done(count)`: the sentence saying how many comments changed."""
        count = self._moderate(request, queryset, status)
        self.message_user(
            request,
            done(count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description=_("Approve (publish) the selected comments"), permissions=["change"])
    def approve_comments(self, request, queryset):
        # A comment its author withdrew has no text left to publish.
        self._bulk(
            request,
            queryset.exclude(status=Status.DELETED, body=""),
            Status.APPROVED,
            lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
        )

    @admin.action(
        description=_("Reject the selected comments (with a reason)"), permissions=["change"]
    )
    def reject_comments(self, request, queryset):
        """First a page asking for the reason (a form post, no JavaScript needed), then the
        rejection with it; each author is told the reason by email."""
        queryset = queryset.exclude(status=Status.DELETED, body="")
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = self._reject(
                request,
                queryset,
                reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"],
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d comment rejected; its author is told why.",
                    "%(count)d comments rejected; their authors are told why.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS if count else messages.WARNING,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Reject the selected comments"),
            "comments": list(queryset.select_related(None).order_by("pk")[:500]),
            "form": form,
            "action": "reject_comments",
            "select_across": request.POST.get("select_across", "0"),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "changelist_url": self._url("changelist"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/comments/comment/reject_selected.html", context)

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._bulk(
            request,
            queryset,
            Status.SPAM,
            lambda n: ngettext(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n
            ),
        )

    @admin.action(
        description=_("Delete the selected comments (hidden; replies stay)"),
        permissions=["change"],
    )
    def delete_comments(self, request, queryset):
        self._bulk(
            request,
            queryset,
            Status.DELETED,
            lambda n: ngettext("%(count)d comment deleted.", "%(count)d comments deleted.", n),
        )

    def _feature(self, request, queryset, featured):
        """Feature (or stop featuring) each selected comment through the service, which logs
        it and tells the author; comments that cannot be featured are counted and left."""
        changed = refused = 0
        with transaction.atomic():
            for comment in queryset.select_related(None).order_by("pk"):
                if (comment.featured_at is not None) == featured:
                    continue
                try:
                    services.comment_feature(
                        comment=comment, moderator=request.user, featured=featured
                    )
                except services.CommentRefused:
                    refused += 1
                else:
                    changed += 1
        if featured:
            text = ngettext("%(count)d comment featured.", "%(count)d comments featured.", changed)
        else:
            text = ngettext(
                "%(count)d comment no longer featured.",
                "%(count)d comments no longer featured.",
                changed,
            )
        text %= {"count": changed}
        if refused:
            text += " " + ngettext(
                "%(count)d is not published and cannot be featured.",
                "%(count)d are not published and cannot be featured.",
                refused,
            ) % {"count": refused}
        self.message_user(request, text, messages.SUCCESS if changed else messages.WARNING)

    @admin.action(description=_("Feature the selected comments"), permissions=["change"])
    def feature_comments(self, request, queryset):
        self._feature(request, queryset, True)

    @admin.action(description=_("Stop featuring the selected comments"), permissions=["change"])
    def unfeature_comments(self, request, queryset):
        self._feature(request, queryset, False)

    def _ban_authors(self, request, queryset, kind, field, wording):
        """wording: (said when no comment has an address, `banned(count)` a sentence)."""
        missing, banned = wording
        rows = list(queryset.order_by().values_list("pk", field))
        values = {value.strip().lower() for _, value in rows if value}
        if not values:
            self.message_user(request, missing, messages.WARNING)
            return
        with transaction.atomic():
            for value in sorted(values):
                try:
                    bans.ban_create(
                        kind=kind,
                        value=value,
                        reason="Banned from the comment queue",
                        moderator=request.user,
                    )
                except ValidationError:
                    # An imported comment may carry an address that is not one.
                    values.discard(value)
            spam = self._moderate(
                request,
                Comment.objects.filter(pk__in=[pk for pk, value in rows if value]),
                Status.SPAM,
            )
        self.message_user(
            request,
            banned(len(values)) % {"count": len(values)}
            + ngettext("; %d comment marked as spam.", "; %d comments marked as spam.", spam)
            % spam,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Ban the authors' email addresses (and mark as spam)"),
        permissions=["change", "ban"],
    )
    def ban_emails(self, request, queryset):
        wording = (
            _("None of the selected comments has an email address."),
            lambda n: ngettext(
                "%(count)d email address banned", "%(count)d email addresses banned", n
            ),
        )
        self._ban_authors(request, queryset, Ban.Kind.EMAIL, "author_email", wording)

    @admin.action(
        description=_("Ban the authors' IP addresses (and mark as spam)"),
        permissions=["change", "ban"],
    )
    def ban_ips(self, request, queryset):
        wording = (
            _("None of the selected comments has an IP address."),
            lambda n: ngettext("%(count)d IP address banned", "%(count)d IP addresses banned", n),
        )
        self._ban_authors(request, queryset, Ban.Kind.IP, "ip_address", wording)
