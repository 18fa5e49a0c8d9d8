"""{% live_stream_url article %}: where the page opens the article's live stream."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def live_stream_url(article):
    return f"{settings.LIVE_URL}{reverse('live:stream', args=[article.pk])}"
