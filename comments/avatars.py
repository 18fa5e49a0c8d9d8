"""Avatars beside comments, all drawn by our own server: a commenter's initials on a colour
that their identity always gets, or the picture an account uploaded. No request leaves for
another site (no Gravatar).

The initials and the colour cost no query and no file: a few characters in the page and one
of PALETTE_SIZE colour classes in static/css/site.css (inline styles are refused by the
Content Security Policy). An uploaded picture is checked as every upload of the site is
(articles.images: Pillow recognises it, size and pixel limits, no polyglot), then drawn
again as a small square WebP: nothing of the file as it came is kept, its metadata (EXIF,
the place a phone wrote into it) included.
"""

import io
import re
import secrets
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

from articles.images import validate_lead_image
from articles.models import Article

from .models import Avatar, Comment
from .services import discussion_changed

PALETTE_SIZE = 12
PICTURE_SIZE = 96  # pixels square: shown at 2.5rem, sharp on screens of 2x
PICTURE_QUALITY = 82
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Look:
    """How a commenter appears: `picture` (a media URL) or `initials` on colour `colour`."""

    initials: str
    colour: int
    picture: str = ""


def colour_of(identity):
    """A colour class (0 to PALETTE_SIZE - 1) that this identity always gets, on every
    server and after every restart (crc32, not Python's salted hash())."""
    return zlib.crc32(identity.encode()) % PALETTE_SIZE


def initials_of(name):
    """The first letters of the first and the last word of a name ("Ruth Penrose" → "RP",
    "kestrel_kid" → "KK", "Priya" → "P"); empty for a name with no letter or digit."""
    words = WORD.findall(unicodedata.normalize("NFC", name or ""))
    if not words:
        return ""
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def look_of(comment):
    """The avatar of a comment's author: an account by its id, a guest by the name they
    gave (their address is never read for a public page). Works on a Comment (with
    select_related("user__avatar") for its picture) and on the threads' ShownComment (which
    carries `avatar_image`)."""
    user_id = comment.user_id
    image = getattr(comment, "avatar_image", None)
    if image is None and user_id and isinstance(comment, Comment):
        cached = comment._state.fields_cache.get("user")
        image = _picture_name(cached) if cached is not None else None
    return _look(user_id, comment.author_name, image)


def look_of_account(user):
    """The avatar an account's comments show (one query for its picture)."""
    return _look(user.pk, user.get_full_name() or user.get_username(), _picture_name(user))


def _picture_name(user):
    try:
        return user.avatar.image.name
    except Avatar.DoesNotExist:
        return None


def _look(user_id, name, image):
    look = _drawn(user_id, name)
    return Look(look.initials, look.colour, default_storage.url(image)) if image else look


@lru_cache(maxsize=4096)
def _drawn(user_id, name):
    """Initials and colour, worked out once per process for a name (a page of threads meets
    the same commenters again and again; the work is a tenth of a millisecond a comment)."""
    identity = f"user:{user_id}" if user_id else f"guest:{(name or '').lower()}"
    return Look(initials=initials_of(name), colour=colour_of(identity))


def picture_from_upload(file):
    """The upload drawn again as a PICTURE_SIZE square WebP (centred, turned as the camera
    said), after the site's checks of an uploaded image; raises ValidationError."""
    validate_lead_image(file)
    file.seek(0)
    with Image.open(file) as original:
        original.draft("RGB", (PICTURE_SIZE * 2, PICTURE_SIZE * 2))  # JPEG: decode it small
        image = ImageOps.exif_transpose(original)
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        square = ImageOps.fit(image, (PICTURE_SIZE, PICTURE_SIZE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    square.save(buffer, "WEBP", quality=PICTURE_QUALITY, method=4)  # no exif= : none kept
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_urlsafe(12)}.webp")


def avatar_set(*, user, picture):
    """Show this picture (drawn by picture_from_upload) beside the account's comments, in
    place of the one before."""
    with transaction.atomic():
        avatar = Avatar.objects.select_for_update().filter(user=user).first()
        old = avatar.image.name if avatar is not None else ""
        if avatar is None:
            avatar = Avatar(user=user)
        avatar.image.save(picture.name, picture, save=False)
        avatar.save()
        if old:
            transaction.on_commit(lambda: default_storage.delete(old))
    _comments_changed(user)
    return avatar


def avatar_remove(*, user):
    """Back to initials: the picture is deleted, file and all. True if there was one."""
    avatar = Avatar.objects.filter(user=user).first()
    if avatar is None:
        return False
    name = avatar.image.name
    avatar.delete()
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))
    _comments_changed(user)
    return True


def _comments_changed(user):
    """The cached pages of the articles the account commented on show its old avatar."""
    articles = Article.objects.filter(comments__user=user).distinct().only("slug")
    if articles:
        discussion_changed(*articles)
