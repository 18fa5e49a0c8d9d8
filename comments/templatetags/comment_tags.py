"""How the discussion joins the article page: the article's template asks for it with these
tags, so that articles knows nothing of comments.

    {% article_body article %}          the body, its passages open for feedback marked
    {% discussion article %}            the comment bubble and the comment section
    {% discussion article "threads" %}  the threads alone (what "Load more comments" asks for)
    {% article_json_ld schema article %} the page's JSON-LD, its article with the comments
"""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from articles.templatetags.article_tags import json_ld
from comments import closing
from comments.feedback import highlight
from comments.structured_data import with_discussion
from comments.views import discussion_context

register = template.Library()

# What {% discussion %} draws: the whole of it, or one part htmx asks for.
DISCUSSION_PARTS = {
    "": ["comments/bubble.html", "comments/section.html"],
    "threads": ["comments/section.html#threads"],
}


def _discussion(context, article):
    """The comment section's context, built once per request however many tags ask for it
    (the body's passages and the section share one set of queries)."""
    request = context["request"]
    built = request.__dict__.setdefault("_comment_discussions", {})
    if article.pk not in built:
        built[article.pk] = discussion_context(request, article)
    return built[article.pk]


@register.simple_tag(takes_context=True)
def article_body(context, article):
    """The article's body (stored sanitised) with its passages for inline feedback marked."""
    return highlight(article.body_html, _discussion(context, article)["passages"])


@register.simple_tag(takes_context=True)
def article_json_ld(context, schema, article):
    """The article page's schema.org block, its NewsArticle carrying the approved comments the
    page shows and their number (from the same queries as the section below)."""
    return json_ld(with_discussion(schema, _discussion(context, article)["discussion"]))


@register.simple_tag(takes_context=True)
def discussion(context, article, part=""):
    """The discussion under an article, drawn with the page's own context (its request,
    messages and CSRF token, or the placeholder of a page meant for everyone)."""
    engine = context.template.engine
    with context.push(**_discussion(context, article)):
        return mark_safe(  # templates rendered with autoescaping
            "".join(engine.get_template(name).render(context) for name in DISCUSSION_PARTS[part])
        )


def _is_open(context, article):
    """Whether the threads offer "Reply": the discussion's state when the page has it."""
    state = context.get("discussion_state")
    if state is None:
        state = context["discussion_state"] = closing.discussion_state(article)
    return state.is_open


@register.simple_tag(takes_context=True)
def comment_threads(context, entries, article):
    """Threads (Entry objects in reading order), drawn by the Jinja2 template
    comments/threads.html. Their vote buttons post the page's one vote form
    (comments/vote_form.html), which the page itself must hold.
    """
    threads = engines["jinja2"].get_template("comments/threads.html").template
    return mark_safe(
        threads.render(
            entries=entries,
            comments_open=_is_open(context, article),
        )
    )
