"""Videos attached to articles: YouTube, Vimeo or a plain .mp4 file, recognised from a URL.

The page shows a click-to-play facade; nothing is requested from the video host before the
reader asks for it.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{3,12}$")


@dataclass(frozen=True)
class Video:
    provider: str  # "youtube", "vimeo" or "mp4"
    source_url: str  # the page or file to open when JavaScript is off
    embed_url: str  # what the player loads once the reader clicks play

    @property
    def is_file(self):
        return self.provider == "mp4"

    @property
    def player_url(self):
        """The player's own address, without asking it to start playing at once."""
        return self.embed_url.split("?", 1)[0]

    @property
    def provider_label(self):
        return {"youtube": "YouTube", "vimeo": "Vimeo", "mp4": _("video file")}[self.provider]


def parse_video_url(url: str) -> Video | None:
    """Recognise a supported video URL, or return None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]

    video_id = None
    if host == "youtu.be" and segments:
        video_id = segments[0]
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if segments == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            video_id = segments[1]
    if video_id is not None:
        if not YOUTUBE_ID.match(video_id):
            return None
        return Video(
            provider="youtube",
            source_url=f"https://www.youtube.com/watch?v={video_id}",
            embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
        )

    if host in {"vimeo.com", "player.vimeo.com"} and segments:
        vimeo_id = segments[-1]
        if VIMEO_ID.match(vimeo_id):
            return Video(
                provider="vimeo",
                source_url=f"https://vimeo.com/{vimeo_id}",
                embed_url=f"https://player.vimeo.com/video/{vimeo_id}?autoplay=1&dnt=1",
            )
        return None

    if parts.scheme == "https" and parts.path.lower().endswith(".mp4"):
        clean = parts._replace(fragment="").geturl()
        return Video(provider="mp4", source_url=clean, embed_url=clean)
    return None


def validate_video_url(url: str) -> None:
    if url and parse_video_url(url) is None:
        raise ValidationError(
            _("Use a YouTube or Vimeo link, or an https:// address of an .mp4 file."),
            code="unsupported_video",
        )
