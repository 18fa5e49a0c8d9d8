"""The comment queue's columns and read-only fields: each comment's excerpt, author, article,
thread, status and edits. Mixed into CommentAdmin (queue.py), whose _url and _withdrawn it
uses."""

from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from comments import revisions
from comments.models import Comment

Status = Comment.Status

EXCERPT_CHARS = 140


def one_line(text, chars):
    """Reader's text on one line, cut to about `chars` characters (escaped later)."""
    return Truncator(" ".join((text or "").split())).chars(chars)


class QueueColumnsMixin:
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
