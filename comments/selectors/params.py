"""What the address of an article's discussion may ask for: a sort (the tabs, ?sort=), the
inline feedback only (?comments=) and a page (?page=); and how the page cache keys them."""

from django.utils.translation import gettext_lazy as _

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "votes": ("-score", "-created_at", "-id"),
    # The comments moderators featured, replies included, each on its own: the latest
    # featured first (comments.services.comment_feature).
    "featured": ("-featured_at", "-id"),
}


FEATURED = "featured"


SORT_LABELS = {
    "newest": _("Newest"),
    "oldest": _("Oldest"),
    "votes": _("Most Voted"),
    FEATURED: _("Featured"),
}
DEFAULT_SORT = "newest"


# What ?comments= may ask for: the inline feedback only; anything else ("all", which older
# links carry) is the threads, page by page.
SHOWN = ("feedback",)


def clean_sort(value):
    return value if value in SORTS else DEFAULT_SORT


def canonical_sort(value, request):
    """?sort= in the shared page cache's key: an unknown sort shows the default, so it is
    the page without it (newsroom.pagecache)."""
    sort = clean_sort(value)
    return None if sort == DEFAULT_SORT else sort


def canonical_shown(value, request):
    """?comments= in the shared page cache's key."""
    return value if value in SHOWN else None


def page_number(value):
    """The page of threads ?page= asks for: 1 when absent; None for a value that names no
    page (the page answers 404, as newsroom.pagecache does before it)."""
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 1 else None
