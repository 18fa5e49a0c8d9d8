"""The email to an account that a published comment mentions ("@Name", comments.mentions).

Built when it is due: not sent if the comment is no longer published, or the reader has
since turned mention emails off on their account page. Its one-click unsubscribe link turns
them off (comments.notifications.unsubscribe).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox import kinds as outbox_kinds

from . import notifications
from .emails import ListEmailMessage, absolute, item
from .mentions import MENTION_KIND, mention_alerts_on
from .models import Comment


def register_kinds():
    outbox_kinds.register(MENTION_KIND, label=gettext_lazy("Mentioned in a comment"), build=build)


def build(email):
    comment = Comment.objects.select_related("article").filter(pk=email.about_id).first()
    user = email.to_user
    if (
        comment is None
        or comment.status != Comment.Status.APPROVED
        or user is None
        or not user.is_active
        or not mention_alerts_on(user)
    ):
        return None
    shown = item(comment)
    token = notifications.unsubscribe_token(mentions_of=user)
    unsubscribe_url = absolute(reverse("comments:unsubscribe", kwargs={"token": token}))
    subject = _("%(author)s mentioned you in a comment on “%(headline)s”") % {
        "author": shown.author,
        "headline": shown.headline,
    }
    context = {
        "item": shown,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
        "account_url": absolute(reverse("privacy:your-account")),
    }
    return ListEmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("comments/email/mention.txt", context),
        to=[email.to_email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
