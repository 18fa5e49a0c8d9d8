"""Leaving freely: the articles and comments written out as WordPress reads them (WXR 1.2),
and every comment as JSON in a documented schema (README, "Leave freely").

Both are written as a stream, one article at a time, so memory stays flat.
"""

import html
import json
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.utils import timezone

from articles.models import Article, Credit
from comments.models import Comment, Passage

WP = "http://wordpress.org/export/1.2/"
WXR_STATUS = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.DELETED: "trash",
    Comment.Status.REJECTED: "trash",
}
JSON_VERSION = 1


def cdata(text):
    """Text as CDATA; a "]]>" inside is split across two sections, as WordPress does."""
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _date(moment):
    if moment is None:
        return "0000-00-00 00:00:00", "0000-00-00 00:00:00"
    local = timezone.localtime(moment)
    gmt = moment.astimezone(timezone.UTC)
    return f"{local:%Y-%m-%d %H:%M:%S}", f"{gmt:%Y-%m-%d %H:%M:%S}"


def _wp_status(article):
    if article.status == Article.Status.DRAFT:
        return "draft"
    return "future" if article.is_scheduled else "publish"


def _articles():
    return (
        Article.objects.order_by("pk")
        .select_related("category")
        .prefetch_related("tags", "credits__contributor")
    )


def _feedback(article, body_html, passages):
    """The passages open for feedback, marked as wpDiscuz marks them (where the passage's
    words stand in the HTML as they are)."""
    for passage in passages:
        words = html.escape(passage.text, quote=False)
        if words in body_html:
            opened = "1" if passage.is_open else "0"
            question = passage.question.replace('"', "&quot;").replace("]", "")
            body_html = body_html.replace(
                words,
                f'[wpdiscuz-feedback id="p{passage.pk}" question="{question}" '
                f'opened="{opened}"]{words}[/wpdiscuz-feedback]',
                1,
            )
    return body_html


def write_wxr(out):
    site = settings.SITE_URL
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n')
    w(
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:wp="{WP}">\n<channel>\n'
    )
    w(f"<title>{escape(settings.SITE_NAME)}</title>\n<link>{escape(site)}</link>\n")
    w("<wp:wxr_version>1.2</wp:wxr_version>\n")
    w(f"<wp:base_site_url>{escape(site)}</wp:base_site_url>\n")
    w(f"<wp:base_blog_url>{escape(site)}</wp:base_blog_url>\n")
    seen = set()
    for credit in Credit.objects.filter(role=Credit.Role.AUTHOR).select_related("contributor"):
        person = credit.contributor
        if person.pk in seen:
            continue
        seen.add(person.pk)
        w(
            f"<wp:author><wp:author_id>{person.pk}</wp:author_id>"
            f"<wp:author_login>{cdata(person.slug)}</wp:author_login>"
            f"<wp:author_email></wp:author_email>"
            f"<wp:author_display_name>{cdata(person.name)}</wp:author_display_name>"
            "</wp:author>\n"
        )
    for article in _articles().iterator(chunk_size=200):
        _write_item(w, article, site)
    w("</channel>\n</rss>\n")


def _write_item(w, article, site):
    local, gmt = _date(article.published_at or article.created_at)
    authors = [c.contributor for c in article.credits.all() if c.role == Credit.Role.AUTHOR]
    body = article.body_html
    passages = list(Passage.objects.filter(article=article))
    body = _feedback(article, body, passages)
    if article.video_url:
        body = f"[embed]{escape(article.video_url)}[/embed]\n\n{body}"
    w("<item>\n")
    w(f"<title>{cdata(article.headline)}</title>\n")
    w(f"<link>{escape(site + article.get_absolute_url())}</link>\n")
    w(f"<dc:creator>{cdata(authors[0].slug if authors else '')}</dc:creator>\n")
    w(f'<guid isPermaLink="false">{escape(site)}/?p={article.pk}</guid>\n')
    w(f"<content:encoded>{cdata(body)}</content:encoded>\n")
    w(f"<excerpt:encoded>{cdata(escape(article.standfirst))}</excerpt:encoded>\n")
    w(f"<wp:post_id>{article.pk}</wp:post_id>\n")
    w(f"<wp:post_date>{cdata(local)}</wp:post_date>\n")
    w(f"<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n")
    comment_status = "open" if article.comments_open else "closed"
    w(f"<wp:comment_status>{comment_status}</wp:comment_status>\n")
    w(f"<wp:post_name>{cdata(article.slug)}</wp:post_name>\n")
    w(f"<wp:status>{_wp_status(article)}</wp:status>\n")
    w("<wp:post_parent>0</wp:post_parent>\n<wp:post_type>post</wp:post_type>\n")
    w(
        f'<category domain="category" nicename={quoteattr(article.category.slug)}>'
        f"{cdata(article.category.name)}</category>\n"
    )
    for tag in article.tags.all():
        nicename = quoteattr(tag.slug)
        w(f'<category domain="post_tag" nicename={nicename}>{cdata(tag.name)}</category>\n')
    for comment in Comment.objects.filter(article=article).order_by("pk").iterator():
        _write_comment(w, comment)
    w("</item>\n")


def _write_comment(w, comment):
    local, gmt = _date(comment.created_at)
    w("<wp:comment>\n")
    w(f"<wp:comment_id>{comment.pk}</wp:comment_id>\n")
    w(f"<wp:comment_author>{cdata(comment.author_name)}</wp:comment_author>\n")
    w(f"<wp:comment_author_email>{cdata(comment.author_email)}</wp:comment_author_email>\n")
    w("<wp:comment_author_url></wp:comment_author_url>\n")
    w(f"<wp:comment_author_IP>{cdata(comment.ip_address or '')}</wp:comment_author_IP>\n")
    w(f"<wp:comment_date>{cdata(local)}</wp:comment_date>\n")
    w(f"<wp:comment_date_gmt>{cdata(gmt)}</wp:comment_date_gmt>\n")
    # WordPress keeps a comment as HTML: our plain text, escaped, reads the same there.
    text = cdata(html.escape(comment.body, quote=False))
    w(f"<wp:comment_content>{text}</wp:comment_content>\n")
    w(f"<wp:comment_approved>{cdata(WXR_STATUS[comment.status])}</wp:comment_approved>\n")
    w("<wp:comment_type>comment</wp:comment_type>\n")
    w(f"<wp:comment_parent>{comment.parent_id or 0}</wp:comment_parent>\n")
    w(f"<wp:comment_user_id>{comment.user_id or 0}</wp:comment_user_id>\n")
    votes = f'a:2:{{s:4:"like";i:{comment.upvotes};s:7:"dislike";i:{comment.downvotes};}}'
    _meta(w, "wpdiscuz_votes_seperate", votes)
    _meta(w, "wpdiscuz_votes", str(comment.score))
    # Ours alone: WordPress has no "rejected"; import_wordpress reads it back.
    _meta(w, "newsroom_status", comment.status)
    if comment.passage_id:
        _meta(w, "wpdiscuz_feedback_form_id", f"p{comment.passage_id}")
    w("</wp:comment>\n")


def _meta(w, key, value):
    w(
        f"<wp:commentmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:commentmeta>\n"
    )


def _iso(moment):
    return moment.isoformat() if moment else None


def comment_record(comment):
    """One comment as the JSON export holds it (the schema is in the README)."""
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "root": comment.root_id,
        "depth": comment.depth,
        "status": comment.status,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "has_account": comment.user_id is not None,
        "body": comment.body,
        "upvotes": comment.upvotes,
        "downvotes": comment.downvotes,
        "score": comment.score,
        "created_at": _iso(comment.created_at),
        "edited_at": _iso(comment.edited_at),
        "passage": comment.passage.text if comment.passage_id else None,
    }


def write_comments_json(out):
    """{"version", "site", "exported_at", "articles": [{..., "comments": [...]}]}, written
    one article at a time."""
    w = out.write
    head = {
        "version": JSON_VERSION,
        "site": settings.SITE_URL,
        "exported_at": _iso(timezone.now()),
    }
    w(json.dumps(head, ensure_ascii=False)[:-1] + ', "articles": [')
    first = True
    for article in Article.objects.order_by("pk").only("pk", "slug", "headline").iterator():
        comments = (
            Comment.objects.filter(article=article)
            .select_related("passage")
            .order_by("created_at", "pk")
        )
        record = {
            "id": article.pk,
            "slug": article.slug,
            "headline": article.headline,
            "url": settings.SITE_URL + article.get_absolute_url(),
            "comments": [comment_record(c) for c in comments.iterator()],
        }
        w(("" if first else ",") + "\n" + json.dumps(record, ensure_ascii=False))
        first = False
    w("\n]}\n")
