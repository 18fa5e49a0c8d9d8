"""What the discussion says in words editors choose, each with a value per language
(comments/translation.py): the emails to readers about moderation (one row holding each
email's subject and body with placeholders such as {name} and {reason}) and the comment
bubble's prompt (one row)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from newsroom.models import CachedSingleRow

# v2: a subject and a body per language.
EMAILS_CACHE_KEY = "comments:moderation-emails:v2"
DISCUSSION_TEXTS_CACHE_KEY = "comments:discussion-texts:v1"

# Each email and the placeholders its text may use, with what each stands for.
PLACEHOLDERS = {
    "rejection": {
        "name": _("the author's name"),
        "site_name": _("the site's name"),
        "reason": _("the reason chosen (Offensive, Spam, …)"),
        "explanation": _("the moderator's explanation, if any"),
        "comments": _("the rejected comments, each with its article"),
    },
    "warning": {
        "name": _("the reader's name"),
        "site_name": _("the site's name"),
        "reason": _("the moderator's reason"),
        "link": _("the page where the reader confirms they read the warning"),
    },
    "suspension": {
        "name": _("the reader's name"),
        "site_name": _("the site's name"),
        "reason": _("the moderator's reason"),
        "ends_at": _("when the suspension ends"),
    },
    "premoderation": {
        "name": _("the reader's name"),
        "site_name": _("the site's name"),
        "reason": _("the moderator's reason"),
    },
    "ban": {
        "name": _("the reader's name"),
        "site_name": _("the site's name"),
        "reason": _("the moderator's reason"),
    },
    "lifted": {
        "name": _("the reader's name"),
        "site_name": _("the site's name"),
        "measure": _("what is lifted (“the suspension of your comments”, …)"),
    },
}

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template, values):
    """The text with each known {placeholder} replaced; anything else is left as written
    (no attribute access, no format specification: only names)."""
    return PLACEHOLDER.sub(
        lambda match: str(values[match[1]]) if match[1] in values else match[0], template
    )


def _text(default):
    return models.TextField(default=default)


def _subject(default):
    return models.CharField(max_length=200, default=default)


class ModerationEmails(CachedSingleRow):
    """The wording of the emails a reader gets when a moderator rejects their comment or
    sanctions them. One row (pk 1), changed in the admin; the change applies at once."""

    cache_key = EMAILS_CACHE_KEY

    rejection_subject = _subject(_("Your comment on {site_name} was not published"))
    rejection_body = _text(
        _(
            "Hello {name},\n\n"
            "A moderator of {site_name} did not publish your comment.\n\n"
            "Reason: {reason}\n{explanation}\n\n"
            "{comments}\n\n"
            "You are welcome to comment again within our community rules."
        )
    )
    warning_subject = _subject(_("A warning from the moderators of {site_name}"))
    warning_body = _text(
        _(
            "Hello {name},\n\n"
            "A moderator of {site_name} sends you a warning about your comments:\n\n"
            "{reason}\n\n"
            "Before you comment again, please read it and confirm on this page:\n{link}"
        )
    )
    suspension_subject = _subject(_("Your comments on {site_name} are suspended"))
    suspension_body = _text(
        _(
            "Hello {name},\n\n"
            "A moderator of {site_name} has suspended your comments until {ends_at}.\n\n"
            "Reason: {reason}\n\n"
            "After that date you can comment again."
        )
    )
    premoderation_subject = _subject(_("Your comments on {site_name} will be reviewed first"))
    premoderation_body = _text(
        _(
            "Hello {name},\n\n"
            "From now on a moderator of {site_name} reviews each of your comments before it "
            "is published.\n\nReason: {reason}"
        )
    )
    ban_subject = _subject(_("You can no longer comment on {site_name}"))
    ban_body = _text(
        _(
            "Hello {name},\n\n"
            "A moderator of {site_name} has banned you from commenting.\n\nReason: {reason}"
        )
    )

    lifted_subject = _subject(_("{site_name}: {measure} is lifted"))
    lifted_body = _text(
        _(
            "Hello {name},\n\n"
            "A moderator of {site_name} has lifted {measure}.\n\n"
            "You are welcome to comment as before, within our community rules."
        )
    )

    class Meta:
        verbose_name = verbose_name_plural = _("emails about moderation")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="one_moderation_emails_row")
        ]

    def __str__(self):
        return str(_("Emails about moderation"))

    def clean(self):
        errors = {}
        for email, allowed in PLACEHOLDERS.items():
            for part in ("subject", "body"):
                for field in _columns(self, f"{email}_{part}"):
                    text = getattr(self, field) or ""
                    unknown = sorted(set(PLACEHOLDER.findall(text)) - set(allowed))
                    if not unknown:
                        continue
                    errors[field] = _(
                        "Unknown placeholder: %(names)s. This email knows %(known)s."
                    ) % {
                        "names": ", ".join(f"{{{name}}}" for name in unknown),
                        "known": ", ".join(f"{{{name}}}" for name in allowed),
                    }
        if errors:
            raise ValidationError(errors)

    def render(self, email, values, *, language=None):
        """(subject, body) of one email in `language` (the active one when None; the
        default language's text where that language's is empty), placeholders filled in."""
        with translation.override(language or translation.get_language()):
            subject = fill(getattr(self, f"{email}_subject"), values)
            body = fill(getattr(self, f"{email}_body"), values)
        return " ".join(subject.split()), body


def _columns(row, field):
    """The columns of a text: one per language once comments/translation.py has registered
    it (`rejection_subject_de`), else the field itself."""
    columns = [f"{field}_{code}" for code, _name in settings.LANGUAGES]
    return [c for c in columns if hasattr(row, c)] or [field]


class DiscussionTexts(CachedSingleRow):
    """Words of the discussion that editors choose, per language: one row (pk 1), changed
    in the admin; the change applies at once."""

    cache_key = DISCUSSION_TEXTS_CACHE_KEY

    bubble_prompt = models.CharField(
        _("comment bubble's prompt"),
        max_length=200,
        default="Would love your thoughts, please comment.",
        help_text=_(
            "Shown beside the comment count after a reader has read a while, until they "
            "dismiss it."
        ),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("discussion texts")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="one_discussion_texts_row")
        ]

    def __str__(self):
        return str(_("Discussion texts"))
