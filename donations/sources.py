"""Where a gift came from: the page of this site the donor clicked Donate on (its path, from
the same-site Referer) and the UTM parameters of the link that brought them.

Donations knows nothing of articles: the project registers, once, a function that says what
a path is (`describe_with`), and each gift keeps the title and section it had that day.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from newsroom.text import normalise_line

MAX_PATH = 300
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign")
MAX_UTM = 100


@dataclass(frozen=True)
class Source:
    title: str
    section: str = ""


_describers = []


def describe_with(describe):
    """Register `describe(path) -> Source | None`; the first that knows a path wins."""
    if describe not in _describers:
        _describers.append(describe)


def describe(path):
    for describer in _describers:
        found = describer(path)
        if found is not None:
            return found
    return None


def clean_path(path):
    """A path of this site as a gift may record it, or "" for anything else."""
    path = str(path or "")
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or len(path) > MAX_PATH
        or not path.isprintable()
        or any(c.isspace() for c in path)
    ):
        return ""
    return path


def referring_path(request):
    """The path of the page on this site that linked to this request, if any."""
    referer = request.headers.get("Referer", "")
    try:
        parts = urlsplit(referer)
    except ValueError:
        return ""
    if parts.scheme not in {"http", "https"} or parts.netloc != request.get_host():
        return ""
    return clean_path(parts.path)


def clean_utm(value):
    return normalise_line(str(value or ""))[:MAX_UTM]
