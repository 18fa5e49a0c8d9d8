"""The comment queue: pending first, then reported, with bulk actions and row links."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import bans, revisions, services
from comments.models import Ban, Comment, RejectReason, Report

from .row_actions import RejectForm, RowActionsMixin

Status = Comment.Status

EXCERPT_CHARS = 140
THREAD_FIELDS = ["article_link", "parent_context", "root_context", "public_link"]


def one_line(text, chars):
    """Reader's text on one line, cut to about `chars` characters (escaped later)."""
    return Truncator(" ".join((text or "").split())).chars(chars)


def queue_priority():
    """0: awaiting review; 1: published with reports no moderator has settled yet; 2: rest."""
    return Case(
        When(status=Status.PENDING, then=Value(0)),
        When(Q(status=Status.APPROVED) & has_open_reports(), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def has_open_reports():
    """Reports not settled by a moderator's decision (approving dismisses them), counted or
    not: a report that weighs nothing is still shown to moderators."""
    return Exists(Report.objects.filter(comment=OuterRef("pk"), outcome=Report.Outcome.OPEN))


class ReportedFilter(admin.SimpleListFilter):
    title = _("reported")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Reports to settle")), ("no", _("No reports to settle"))]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(has_open_reports())
            case "no":
                return queryset.exclude(has_open_reports())
        return queryset


class FeaturedFilter(admin.SimpleListFilter):
    title = _("featured")
    parameter_name = "featured"

    def lookups(self, request, model_admin):
        return [("yes", _("Featured")), ("pinned", _("Pinned threads"))]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(featured_at__isnull=False)
            case "pinned":
                return queryset.filter(pinned_at__isnull=False)
        return queryset


class ReportInline(admin.TabularInline):
    model = Report
    fields = ["reason", "created_at", "counted", "outcome", "ip_address"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False  # Comment.report_count counts them.
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if sees_addresses(request) else [f for f in fields if f != "ip_address"]


def sees_addresses(request):
    """Readers' IP and email addresses are for moderators (who ban them), not for everyone
    with a view of the comments (editors read them too)."""
    return request.user.has_perm("comments.change_comment")


IP_FIELDS = {"ip_link", "ip_address"}
# What others see in place of the author with their email address.
EMAIL_SWAPS = {"author": "author_name_shown", "author_details": "author_name_shown"}


@admin.register(Comment)
class CommentAdmin(RowActionsMixin, admin.ModelAdmin):
    list_display = [
        "excerpt",
        "author",
        "article_link",
        "status_label",
        "report_count",
        "hold_reasons_shown",
        "ip_link",
        "created_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = [
        "status",
        ReportedFilter,
        FeaturedFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article", "user", "parent"]
    search_fields = ["body", "author_name", "author_email", "ip_address", "article__headline"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = [
        "approve_comments",
        "reject_comments",
        "mark_spam",
        "delete_comments",
        "feature_comments",
        "unfeature_comments",
        "ban_emails",
        "ban_ips",
    ]
    inlines = [ReportInline]

    class Media:
        css = {"all": ["css/moderation.css"]}

    fieldsets = [
        (None, {"fields": ["body", "status", "hold_reasons_shown", "edit_history"]}),
        (_("Author"), {"fields": ["author_details", "ip_link"]}),
        (_("Thread"), {"fields": THREAD_FIELDS}),
        (
            _("History"),
            {
                "fields": [
                    "created_at",
                    "edited_at",
                    "moderated_at",
                    "featured_at",
                    "pinned_at",
                    "votes",
                    "report_count",
                ]
            },
        ),
    ]
    readonly_fields = [
        "body",
        "hold_reasons_shown",
        "edit_history",
        "author_details",
        "author_name_shown",
        "ip_link",
        *THREAD_FIELDS,
        "created_at",
        "edited_at",
        "moderated_at",
        "featured_at",
        "pinned_at",
        "votes",
        "report_count",
    ]

    # --- The queue ------------------------------------------------------------------------

    def get_queryset(self, request):
        # Annotated before ModelAdmin.get_queryset() would order by the annotation.
        queryset = self.model._default_manager.get_queryset().annotate(
            queue_priority=queue_priority()
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["queue_priority", "-created_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_ban_permission(self, request):
        return request.user.has_perm("comments.add_ban")

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        # A real delete would take every reply with it; "delete_comments" hides instead.
        actions.pop("delete_selected", None)
        return actions

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if not sees_addresses(request):
            display = [EMAIL_SWAPS.get(n, n) for n in display if n not in IP_FIELDS]
        if self.has_change_permission(request):
            display.append(self._row_actions_column(request))
        return display

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if sees_addresses(request):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        EMAIL_SWAPS.get(f, f) for f in options["fields"] if f not in IP_FIELDS
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        # Searching by address would reveal it to people who may not see it.
        hidden = {*IP_FIELDS, "author_email"}
        return fields if sees_addresses(request) else [f for f in fields if f not in hidden]

    def lookup_allowed(self, lookup, value, request):
        if lookup.startswith(("ip_address", "author_email")) and not sees_addresses(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def _row_actions_column(self, request):
        can_ban = self.has_ban_permission(request)
        preserved = self.get_preserved_filters(request)
        suffix = f"?{preserved}" if preserved else ""

        @admin.display(description=_("Moderate"))
        def row_actions(comment):
            links = []
            if comment.status != Status.APPROVED and not self._withdrawn(comment):
                links.append(("approve", _("Approve")))
            if comment.status != Status.REJECTED and not self._withdrawn(comment):
                links.append(("reject", _("Reject")))
            if comment.featured_at is not None:
                links.append(("unfeature", _("Unfeature")))
            elif comment.status == Status.APPROVED:
                links.append(("feature", _("Feature")))
            if comment.pinned_at is not None:
                links.append(("unpin", _("Unpin")))
            elif comment.status == Status.APPROVED and comment.parent_id is None:
                links.append(("pin", _("Pin")))
            if can_ban and comment.author_email:
                links.append(("ban_email", _("Ban email")))
            if can_ban and comment.ip_address:
                links.append(("ban_ip", _("Ban IP")))
            return format_html_join(
                " ",
                '<a class="button" href="{}">{}</a>',
                ((self._url(name, comment.pk) + suffix, label) for name, label in links),
            )

        return row_actions

    def _url(self, name, *args, query=None):
        info = self.opts.app_label, self.opts.model_name
        url = reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args)
        return f"{url}?{urlencode(query)}" if query else url

    @staticmethod
    def _withdrawn(comment):
        return comment.status == Status.DELETED and not comment.body

    # --- Columns and read-only fields -------------------------------------------------------

    @admin.display(description=_("Comment"))
    def excerpt(self, comment):
        if self._withdrawn(comment):
            text = format_html("<em>{}</em>", _("(withdrawn by its author)"))
        else:
            text = format_html(
                "{}{}",
                one_line(comment.body, EXCERPT_CHARS),
                " (edited)" if comment.edited_at else "",
            )
        if comment.parent_id is None:
            return text
        parent = comment.parent
        return format_html(
            "<small>Reply to {}: “{}”</small><br>{}",
            parent.author_name,
            one_line(parent.body, 60) or "(withdrawn)",
            text,
        )

    @admin.display(description=_("Author"), ordering="author_name")
    def author(self, comment):
        email = ""
        if comment.author_email:
            email = format_html(
                '<br><a href="{}" title="{}">{}</a>',
                self._url("changelist", query={"author_email": comment.author_email}),
                _("All comments from this address"),
                comment.author_email,
            )
        return format_html(
            "{}{}{}",
            comment.author_name,
            email,
            format_html("<br><small>{}</small>", "account") if comment.user_id else "",
        )

    @admin.display(description=_("Author"), ordering="author_name")
    def author_name_shown(self, comment):
        """The author for staff who may not see readers' email addresses (editors)."""
        return format_html(
            "{}{}",
            comment.author_name,
            format_html("<br><small>{}</small>", "account") if comment.user_id else "",
        )

    @admin.display(description=_("Author"))
    def author_details(self, comment):
        account = ""
        if comment.user_id:
            account = format_html(
                "<br>Signed in as {}", comment.user.get_username() if comment.user else ""
            )
        return format_html(
            "{}{}{}",
            comment.author_name,
            format_html("<br>{}", comment.author_email) if comment.author_email else "",
            account,
        )

    @admin.display(description=_("Article"), ordering="article__headline")
    def article_link(self, comment):
        article = comment.article
        return format_html(
            '<a href="{}">{}</a>{}',
            reverse("admin:articles_article_change", args=[article.pk]),
            one_line(article.headline, 70),
            "" if article.comments_open else " (comments closed)",
        )

    @admin.display(description=_("Held because"), ordering="held_because")
    def hold_reasons_shown(self, comment):
        """Every reason the rules held the comment for, one a line."""
        reasons = comment.reasons_shown()
        return format_html_join(mark_safe("<br>"), "{}", ((r,) for r in reasons)) or "—"

    @admin.display(description=_("Edits"))
    def edit_history(self, comment):
        """Each earlier text with what the edit changed: words taken out struck through,
        words put in underlined."""
        changes = revisions.edit_history(comment)
        if not changes:
            return _("Not edited.")
        return format_html_join(
            "",
            '<div class="comment-edit"><p><small>Edited {}:</small></p>'
            '<p class="comment-edit__diff">{}</p></div>',
            ((date_format(localtime(c.edited_at), "DATETIME_FORMAT"), c.diff) for c in changes),
        )

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, comment):
        marks = [
            label
            for label, on in (("featured", comment.featured_at), ("pinned", comment.pinned_at))
            if on is not None
        ]
        return format_html(
            '<strong class="comment-status comment-status--{}">{}</strong>{}',
            comment.status,
            comment.get_status_display(),
            format_html("<br><small>{}</small>", ", ".join(marks)) if marks else "",
        )

    @admin.display(description=_("IP address"), ordering="ip_address")
    def ip_link(self, comment):
        if not comment.ip_address:
            return "—"
        return format_html(
            '<a href="{}" title="{}">{}</a>',
            self._url("changelist", query={"ip_address": comment.ip_address}),
            _("All comments from this address"),
            comment.ip_address,
        )

    def _comment_summary(self, comment):
        link = format_html(
            '<a href="{}">{}</a>',
            self._url("change", comment.pk),
            f"“{one_line(comment.body, 140)}”" if comment.body else _("(withdrawn)"),
        )
        return format_html(
            _("{link} by {name} ({status})"),
            link=link,
            name=comment.author_name,
            status=comment.get_status_display().lower(),
        )

    @admin.display(description=_("In reply to"))
    def parent_context(self, comment):
        if comment.parent_id is None:
            return _("— (a top-level comment)")
        return self._comment_summary(comment.parent)

    @admin.display(description=_("Thread started by"))
    def root_context(self, comment):
        if comment.root_id is None:
            return _("— (this comment starts the thread)")
        if comment.root_id == comment.parent_id:
            return _("The comment above.")
        return self._comment_summary(comment.root)

    @admin.display(description=_("On the site"))
    def public_link(self, comment):
        if comment.status != Status.APPROVED:
            return _("Not published.")
        return format_html(
            '<a href="{}">{}</a>',
            comment.get_absolute_url(),
            _("View the comment on its article"),
        )

    @admin.display(description=_("Votes"))
    def votes(self, comment):
        return _("+%(up)s / −%(down)s (score %(score)s)") % {
            "up": comment.upvotes,
            "down": comment.downvotes,
            "score": comment.score,
        }

    # --- Editing: only the status, through the service ------------------------------------

    def save_model(self, request, obj, form, change):
        # Only the status is editable; moderators never rewrite what a reader wrote.
        if change and "status" in form.changed_data:
            services.comment_moderate(
                comments=Comment.objects.filter(pk=obj.pk),
                status=obj.status,
                moderator=request.user,
            )

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
