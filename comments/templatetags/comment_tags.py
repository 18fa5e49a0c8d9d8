from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_threads(context, discussion, article):
    """The threads of a discussion, drawn by the Jinja2 template comments/threads.html.

    The CSRF token is the one this page's forms carry: the reader's own, or the placeholder
    of a page meant for everyone (newsroom.pagecache).
    """
    threads = engines["jinja2"].get_template("comments/threads.html").template
    return mark_safe(
        threads.render(
            entries=discussion.entries,
            comments_open=article.comments_open,
            csrf=str(context.get("csrf_token", "")),
        )
    )
