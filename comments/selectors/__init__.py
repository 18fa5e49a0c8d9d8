"""What the comment section of an article page shows, in a fixed number of queries.

One module for each part: what the page's address may ask for (params), one comment as the
threads show it (shown), the comments in reading order with their badges and the viewer's
votes (entries), a page of threads and a thread's own page (threads), where a comment is
shown and who may know it exists (places), and the cached counts (counts). Their public
names are all here: `from comments.selectors import discussion_for` wherever it lives.
"""

from .counts import PLACEHOLDERS, Counts, discussion_counts
from .entries import (
    Entry,
    _add_viewer,  # comments.live_views marks the viewer's votes and comments with it
    add_replying_to,
    credited_accounts,
    replies_cap,
)
from .params import (
    DEFAULT_SORT,
    FEATURED,
    SHOWN,
    SORT_LABELS,
    SORTS,
    canonical_shown,
    canonical_sort,
    clean_sort,
    page_number,
)
from .places import Place, comment_known_to, holds_replies, place_of
from .shown import SHOWN_COLUMNS, QuotedPassage, ShownComment
from .threads import Discussion, discussion_for, thread_for

__all__ = [
    "DEFAULT_SORT",
    "FEATURED",
    "PLACEHOLDERS",
    "SHOWN",
    "SHOWN_COLUMNS",
    "SORTS",
    "SORT_LABELS",
    "Counts",
    "Discussion",
    "Entry",
    "Place",
    "QuotedPassage",
    "ShownComment",
    "_add_viewer",
    "add_replying_to",
    "canonical_shown",
    "canonical_sort",
    "clean_sort",
    "comment_known_to",
    "credited_accounts",
    "discussion_counts",
    "discussion_for",
    "holds_replies",
    "page_number",
    "place_of",
    "replies_cap",
    "thread_for",
]
