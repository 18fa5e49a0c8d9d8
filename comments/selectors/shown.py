"""One comment as the threads show it: the columns read for it, as a plain row."""

from dataclasses import dataclass

from ..models import Comment

# What the threads show and need to nest (not the email, the IP or the raw text), read as
# plain rows: a page of threads is a hundred comments or more, and model instances would cost
# a tenth of the page's time (bench/cold_profile.py).
SHOWN_COLUMNS = (
    "id",
    "parent_id",
    "root_id",
    "depth",
    "user_id",
    "browser_key",
    "author_name",
    "status",
    "body_html",
    "upvotes",
    "downvotes",
    "score",
    "created_at",
    "edited_at",
    # Inline feedback quotes the passage it is about.
    "passage_id",
    "passage__text",
    # The newsroom's marks: featured by a moderator, the pinned thread, and whether the
    # author's account is staff (the "Staff" badge: from the account, never from a name).
    "featured_at",
    "pinned_at",
    "user__is_staff",
    # Reading aids: whom a reply answers, when the nesting does not say it (its name only
    # while that comment is approved), and the picture the author's account chose.
    "reply_to_id",
    "reply_to__author_name",
    "reply_to__status",
    "parent__author_name",
    "parent__status",
    "user__avatar__image",
)


@dataclass(frozen=True, slots=True)
class QuotedPassage:
    id: int
    text: str

    @property
    def anchor(self):
        return f"passage-{self.id}"


@dataclass(slots=True)
class ShownComment:
    """One comment as the threads show it (the same names as on Comment)."""

    id: int
    parent_id: int | None
    root_id: int | None
    depth: int
    user_id: int | None
    browser_key: str
    author_name: str
    status: str
    body_html: str
    upvotes: int
    downvotes: int
    score: int
    created_at: object
    edited_at: object
    passage_id: int | None
    passage_text: str | None
    featured_at: object
    pinned_at: object
    user_is_staff: bool | None
    reply_to_id: int | None
    reply_to_name: str | None
    reply_to_status: str | None
    parent_name: str | None
    parent_status: str | None
    avatar_image: str | None
    # Credited on the article (an "Author" badge): set from the article's credits.
    is_author: bool = False
    # Held for review and not the viewer's own: shown, if at all, as a placeholder that keeps
    # its replies' place (its text and name are not even kept here).
    held: bool = False

    @property
    def pk(self):
        return self.id

    @property
    def is_deleted(self):
        return self.status == Comment.Status.DELETED

    @property
    def is_placeholder(self):
        return self.held or self.is_deleted

    @property
    def passage(self):
        return QuotedPassage(self.passage_id, self.passage_text) if self.passage_id else None

    @property
    def is_featured(self):
        return self.featured_at is not None and self.status == Comment.Status.APPROVED

    @property
    def is_pinned(self):
        return self.pinned_at is not None and self.status == Comment.Status.APPROVED


def _shown(rows, viewer):
    """ShownComment of these rows; held comments that are not the viewer's own lose their
    name and text, and become placeholders."""
    shown = []
    for row in rows:
        comment = ShownComment(*row)
        if comment.status == Comment.Status.PENDING and not (
            viewer is not None and viewer.owns(comment)
        ):
            comment.held = True
            comment.author_name = comment.body_html = ""
            comment.passage_text = None
            comment.passage_id = None
            comment.avatar_image = None
        shown.append(comment)
    return shown
