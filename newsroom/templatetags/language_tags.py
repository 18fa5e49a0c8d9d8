"""`{% language_versions as versions %}`: the current page in each language (newsroom/i18n.py)
for the language switcher and the hreflang alternates in the head."""

from django import template

from newsroom import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    request = context.get("request")
    if request is None:
        return []
    return i18n.language_versions(request, paths=context.get("language_paths"))
