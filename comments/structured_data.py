"""The discussion in an article's schema.org data: its approved comments as Comment items
and their number (commentCount), as search engines ask of articles with comments."""

from html import unescape

from django.utils.html import strip_tags

from comments.models import Comment
from newsroom.links import absolute_url


def comment_items(entries):
    """The approved comments of a page's threads, replies nested under their parent."""
    items, by_id = [], {}
    for entry in entries:
        comment = entry.comment
        if comment.status != Comment.Status.APPROVED:
            continue  # a reader's own held comment, or a deleted one's placeholder
        item = {
            "@type": "Comment",
            "@id": absolute_url(entry.links.permalink),
            "url": absolute_url(entry.links.permalink),
            "author": {"@type": "Person", "name": comment.author_name},
            "datePublished": comment.created_at.replace(microsecond=0).isoformat(),
            "text": unescape(strip_tags(comment.body_html)).strip(),
            "upvoteCount": comment.upvotes,
            "downvoteCount": comment.downvotes,
        }
        by_id[comment.id] = item
        parent = by_id.get(comment.parent_id)
        if parent is None:
            items.append(item)
        else:
            parent.setdefault("comment", []).append(item)
    return items


def with_discussion(graph, discussion):
    """A copy of an article page's graph whose NewsArticle carries the discussion."""
    nodes = []
    for node in graph["@graph"]:
        if node.get("@type") == "NewsArticle":
            node = {**node, "commentCount": discussion.count}
            items = comment_items(discussion.entries)
            if items:
                node["comment"] = items
        nodes.append(node)
    return {**graph, "@graph": nodes}
