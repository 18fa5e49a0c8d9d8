"""Article bodies: Markdown written by editors, turned into HTML that is safe to store and show."""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "blockquote",
    "ul", "ol", "li", "code", "pre", "figure", "figcaption", "sub", "sup", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Render Markdown to HTML and keep only the tags an article body may contain."""
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists", "smarty"])
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """Keep only the tags and attributes an article body may contain (also for HTML that
    comes from elsewhere, such as an imported WordPress post)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
