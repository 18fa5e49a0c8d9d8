"""The moderators' desk: the comment queue, bans and the moderation rules; and what the
discussion adds to the editors' article desk (articles.py).

Everything shown here that a reader typed (body, name, email) goes through format_html or
template autoescaping; nothing a reader wrote is ever marked safe.
"""

from . import articles, bans, mail, queue  # noqa: F401  (registers the admin classes)
