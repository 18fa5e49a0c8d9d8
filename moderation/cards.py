"""The desk's comment cards, drawn by the Jinja2 template moderation/cards.html.

A queue's page draws twenty cards of some sixty values each; Django's template engine took
most of the page's time doing so (bench/moderation.py). What the cards show that needs
Django's helpers (escaped text with line breaks, shortened excerpts, addresses) is prepared
here, once a card.
"""

from functools import cache

from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .forms import ActionForm

_PLACEHOLDER = 987654321  # an id that no prefix of our URL patterns contains


@cache
def _patterns(urlconf, script_prefix):
    found = {}
    for name in ("comment", "act"):
        url = reverse(f"moderation:{name}", kwargs={"pk": _PLACEHOLDER}, urlconf=urlconf)
        before, _placeholder, after = url.partition(str(_PLACEHOLDER))
        found[name] = (before, after)
    return found, reverse("moderation:index", urlconf=urlconf)


def reason_options():
    """The reasons to reject, as the <option>s of every card's select: drawn once a page."""
    return format_html_join(
        "", '<option value="{}">{}</option>', ActionForm.base_fields["reason"].choices
    )


def _prepare(card, patterns, desk_url):
    comment = card.comment
    (comment_before, comment_after), (act_before, act_after) = (
        patterns["comment"],
        patterns["act"],
    )
    card.url = f"{comment_before}{comment.pk}{comment_after}"
    card.act_url = f"{act_before}{comment.pk}{act_after}"
    card.desk_url = desk_url
    card.headline = Truncator(comment.article.headline).chars(90)
    if comment.body:
        card.body_html = linebreaksbr(comment.body, autoescape=True)
    else:
        card.body_html = _("(withdrawn by its author)")
    if comment.parent_id:
        body = comment.parent.body
        card.parent_excerpt = Truncator(body).chars(240) if body else _("(withdrawn)")
    return card


def render_cards(cards, *, csrf, here, can_ban, select=False, notice="", error=""):
    patterns, desk_url = _patterns(get_urlconf(), get_script_prefix())
    template = engines["jinja2"].get_template("moderation/cards.html").template
    return mark_safe(  # nosec B308: the Jinja2 environment escapes everything it is given
        template.render(
            cards=[_prepare(card, patterns, desk_url) for card in cards],
            select=select,
            csrf=csrf,
            here=here,
            can_ban=can_ban,
            notice=notice,
            error=error,
            reason_options=reason_options(),
        )
    )
