"""Signed links to one comment on the desk, for the moderators' alert emails.

A link only opens the page (a GET that changes nothing); the Approve and Reject buttons on it
are form posts, which need a moderator's signed-in session (with its second factor) and the
CSRF token like every other. The signature proves that the link is ours and not older than
LINK_MAX_AGE; it grants nothing: a moderator who is signed out signs in first and lands on
the comment.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

LINK_SALT = "moderation.comment-link"
LINK_MAX_AGE = timedelta(days=14)


class BadLink(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def comment_token(comment):
    return signing.dumps({"c": comment.pk}, salt=LINK_SALT, compress=False)


def comment_from_token(token):
    """The comment id a token names; BadLink if forged, changed or expired."""
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink(_("This link has expired: open the comment from the queue.")) from None
    except signing.BadSignature:
        raise BadLink(
            _("This link is not valid: it may have been cut short or changed.")
        ) from None
    if not isinstance(payload, dict) or type(payload.get("c")) is not int:
        raise BadLink(_("This link is not valid: it may have been cut short or changed."))
    return payload["c"]


def review_pages(comment):
    """For the alert emails: the signed link to this comment, and the pending queue."""
    return (
        reverse("moderation:open", kwargs={"token": comment_token(comment)}),
        reverse("moderation:queue", kwargs={"queue": "pending"}),
    )
