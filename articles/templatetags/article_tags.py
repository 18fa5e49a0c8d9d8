import json

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.links import absolute_url

register = template.Library()

# Characters that would let JSON close its <script> element; escaped as JSON unicode escapes.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/lead_image.html")
def lead_image(article, sizes="100vw", lazy=True, css_class=""):
    """The article's lead image as a responsive <img> built from its WebP renditions."""
    renditions = article.renditions
    if not renditions:
        return {"image": None}
    largest = renditions[-1]
    return {
        "image": {
            "src": default_storage.url(largest["name"]),
            "srcset": ", ".join(
                f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions
            ),
            "width": largest["width"],
            "height": largest["height"],
            "alt": article.lead_image_alt,
        },
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }


@register.simple_tag
def rendition_url(article, min_width=0):
    """The URL of the smallest rendition at least min_width wide (the largest if none is)."""
    renditions = article.renditions
    if not renditions:
        return ""
    chosen = next((r for r in renditions if r["width"] >= min_width), renditions[-1])
    return default_storage.url(chosen["name"])


@register.filter
def absolute(path):
    """A path of this site (or a storage URL) as an absolute URL, for crawlers and previews."""
    return absolute_url(str(path))


@register.simple_tag
def json_ld(data):
    """A schema.org block: JSON in a <script type="application/ld+json"> that cannot break out."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),
    )
