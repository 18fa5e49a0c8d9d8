"""One comment at a time from the queue: approve, reject (with a reason the author is told),
ban its email or its IP, feature it, pin its thread.

Each link opens a confirmation page (GET) and the change happens on its POST, so that no
link changes anything on its own. Mixed into CommentAdmin, whose _url, _moderate,
_withdrawn and has_ban_permission it uses.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from comments import bans, services
from comments.models import Ban, Comment, RejectReason

Status = Comment.Status
CONFIRM_TEMPLATE = "admin/comments/comment/confirm.html"


class BanReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        required=False,
        help_text=_("For the other moderators; the author does not see it."),
    )


class RejectForm(forms.Form):
    """Why comments are rejected: the author is told the reason (and the explanation)."""

    reason = forms.ChoiceField(
        choices=[("", "—"), *RejectReason.choices],
        help_text=_("The author is told this reason by email."),
    )
    explanation = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional; sent to the author with the reason."),
    )


# The newsroom's presence, one comment at a time: (service, its keyword, the value), the
# confirmation page's title, question and button, and what is said once it is done.
PRESENCE = {
    "feature": (
        services.comment_feature,
        {"featured": True},
        _("Feature this comment"),
        _(
            "Feature this comment? Readers find it under “Featured” and it carries a badge; "
            "its author is told by email if they asked for email about their comments."
        ),
        _("Yes, feature it"),
        _("The comment by {name} is featured."),
    ),
    "unfeature": (
        services.comment_feature,
        {"featured": False},
        _("Stop featuring this comment"),
        _("Stop featuring this comment? It stays published."),
        _("Yes, stop featuring it"),
        _("The comment by {name} is no longer featured."),
    ),
    "pin": (
        services.comment_pin,
        {"pinned": True},
        _("Pin this thread"),
        _(
            "Pin this thread to the top of its article's discussion? A thread pinned there "
            "now is unpinned."
        ),
        _("Yes, pin it"),
        _("The thread by {name} is pinned to the top of its article's discussion."),
    ),
    "unpin": (
        services.comment_pin,
        {"pinned": False},
        _("Unpin this thread"),
        _("Unpin this thread? It takes its place among the others again."),
        _("Yes, unpin it"),
        _("The thread by {name} is no longer pinned."),
    ),
}

# Banning from a row of the queue, said for each kind of ban as a whole sentence.
BAN_WORDING = {
    Ban.Kind.EMAIL: {
        "missing": _("This comment has no email address."),
        "done": _("The email address %(value)s is banned; the comment is marked as spam."),
        "title": _("Ban the email address"),
        "question": _(
            "Ban the email address %(value)s? Its future comments go straight to spam, "
            "and this comment is marked as spam."
        ),
        "button": _("Yes, ban the email address"),
    },
    Ban.Kind.IP: {
        "missing": _("This comment has no IP address."),
        "done": _("The IP address %(value)s is banned; the comment is marked as spam."),
        "title": _("Ban the IP address"),
        "question": _(
            "Ban the IP address %(value)s? Its future comments go straight to spam, "
            "and this comment is marked as spam."
        ),
        "button": _("Yes, ban the IP address"),
    },
}


class RowActionsMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/approve/",
                wrap(self.approve_view),
                name="{}_{}_approve".format(*info),
            ),
            path(
                "<path:object_id>/reject/",
                wrap(self.reject_view),
                name="{}_{}_reject".format(*info),
            ),
            path(
                "<path:object_id>/ban-email/",
                wrap(self.ban_email_view),
                name="{}_{}_ban_email".format(*info),
            ),
            path(
                "<path:object_id>/ban-ip/",
                wrap(self.ban_ip_view),
                name="{}_{}_ban_ip".format(*info),
            ),
            *(
                path(
                    f"<path:object_id>/{name}/",
                    wrap(self._presence_view(name)),
                    name="{}_{}_{}".format(*info, name),
                )
                for name in PRESENCE
            ),
            *super().get_urls(),
        ]

    def _row_comment(self, request, object_id, *, ban=False):
        comment = self.get_object(request, unquote(object_id))
        if comment is not None and (
            not self.has_change_permission(request, comment)
            or (ban and not self.has_ban_permission(request))
        ):
            raise PermissionDenied
        return comment

    def _back_to_queue(self, request):
        url = add_preserved_filters(
            {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts},
            self._url("changelist"),
        )
        return HttpResponseRedirect(url)

    def _confirm_page(self, request, comment, *, title, question, button, form=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "question": question,
            "button": button,
            "form": form,
            "comment": comment,
            "change_url": self._url("change", comment.pk),
            "changelist_url": self._back_to_queue(request).url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, CONFIRM_TEMPLATE, context)

    def approve_view(self, request, object_id):
        comment = self._row_comment(request, object_id)
        if comment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if comment.status == Status.APPROVED or self._withdrawn(comment):
            self.message_user(
                request,
                _("This comment is already published.")
                if comment.status == Status.APPROVED
                else _("Its author withdrew this comment; there is nothing to publish."),
                messages.WARNING,
            )
            return self._back_to_queue(request)
        if request.method == "POST":
            self._moderate(request, Comment.objects.filter(pk=comment.pk), Status.APPROVED)
            self.message_user(
                request,
                _("The comment by %(name)s is published.") % {"name": comment.author_name},
                messages.SUCCESS,
            )
            return self._back_to_queue(request)
        return self._confirm_page(
            request,
            comment,
            title=_("Approve this comment"),
            question=_("Publish this comment on its article?"),
            button=_("Yes, publish it"),
        )

    def reject_view(self, request, object_id):
        comment = self._row_comment(request, object_id)
        if comment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if comment.status == Status.REJECTED or self._withdrawn(comment):
            self.message_user(
                request,
                _("This comment is already rejected.")
                if comment.status == Status.REJECTED
                else _("Its author withdrew this comment; there is nothing to reject."),
                messages.WARNING,
            )
            return self._back_to_queue(request)
        form = RejectForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            self._reject(
                request,
                Comment.objects.filter(pk=comment.pk),
                reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"],
            )
            self.message_user(
                request,
                _("The comment by %(name)s is rejected; its author is told why.")
                % {"name": comment.author_name},
                messages.SUCCESS,
            )
            return self._back_to_queue(request)
        return self._confirm_page(
            request,
            comment,
            title=_("Reject this comment"),
            question=_("Reject this comment? Its author is told the reason by email."),
            button=_("Reject it"),
            form=form,
        )

    def ban_email_view(self, request, object_id):
        return self._ban_view(request, object_id, Ban.Kind.EMAIL, "author_email")

    def ban_ip_view(self, request, object_id):
        return self._ban_view(request, object_id, Ban.Kind.IP, "ip_address")

    def _ban_view(self, request, object_id, kind, field):
        comment = self._row_comment(request, object_id, ban=True)
        if comment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        value = (getattr(comment, field) or "").strip().lower()
        wording = BAN_WORDING[kind]
        if not value:
            self.message_user(request, wording["missing"], messages.WARNING)
            return self._back_to_queue(request)
        form = BanReasonForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    bans.ban_create(
                        kind=kind,
                        value=value,
                        reason=form.cleaned_data["reason"],
                        moderator=request.user,
                    )
                    self._moderate(request, Comment.objects.filter(pk=comment.pk), Status.SPAM)
            except ValidationError as error:
                # An imported comment may carry an address that is not one.
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return self._back_to_queue(request)
            self.message_user(
                request,
                wording["done"] % {"value": value},
                messages.SUCCESS,
            )
            return self._back_to_queue(request)
        already = Ban.objects.filter(kind=kind, value=value).exists()
        return self._confirm_page(
            request,
            comment,
            title=wording["title"],
            question=(
                wording["question"] % {"value": value}
                + (" " + _("(It is already banned.)") if already else "")
            ),
            button=wording["button"],
            form=form,
        )

    def _presence_view(self, name):
        service, value, title, question, button, done = PRESENCE[name]

        def view(request, object_id):
            comment = self._row_comment(request, object_id)
            if comment is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            if request.method == "POST":
                try:
                    service(comment=comment, moderator=request.user, **value)
                except services.CommentRefused as refusal:
                    self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                else:
                    self.message_user(
                        request, done.format(name=comment.author_name), messages.SUCCESS
                    )
                return self._back_to_queue(request)
            return self._confirm_page(
                request, comment, title=title, question=question, button=button
            )

        return view
