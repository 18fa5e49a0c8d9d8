from django import template

from ..cards import render_cards

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_cards(context, cards, select=False):
    """The comment cards (moderation/cards.py), with this page's CSRF token and address."""
    return render_cards(
        cards,
        csrf=str(context.get("csrf_token") or ""),
        here=context.get("here", ""),
        can_ban=context.get("can_ban", False),
        select=select,
    )
