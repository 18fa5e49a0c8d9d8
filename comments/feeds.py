"""An article's comments as a feed (RSS and Atom): its approved comments, newest first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from articles.models import Article
from comments.links import comment_links
from comments.models import Comment
from newsroom.links import absolute_url

FEED_SIZE = 50


class ArticleCommentsFeed(Feed):
    """Every address absolute on SITE_URL (newsroom/links.py), as the site's other feeds."""

    url_name = "comments:article-rss"

    def get_object(self, request, article_id):
        article = Article.objects.published().filter(pk=article_id).first()
        if article is None:
            raise Http404("No such article.")
        return article

    def get_feed(self, obj, request):
        # In the article's language, whichever address it was asked at: its <language>,
        # its title and its description.
        with translation.override(obj.language):
            return super().get_feed(obj, request)

    def title(self, article):
        return gettext("Comments on “%(headline)s” · %(site)s") % {
            "headline": article.headline,
            "site": settings.SITE_NAME,
        }

    def link(self, article):
        return absolute_url(f"{article.get_absolute_url()}#comments")

    def feed_url(self, article):
        return absolute_url(reverse(self.url_name, args=[article.pk]))

    def description(self, article):
        return gettext("Readers’ comments on “%(headline)s”, newest first.") % {
            "headline": article.headline
        }

    def items(self, article):
        return (
            Comment.objects.approved()
            .filter(article=article)
            .only("pk", "author_name", "body_html", "created_at", "edited_at")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, comment):
        return gettext("Comment by %(name)s") % {"name": comment.author_name}

    def item_description(self, comment):
        # Stored as safe HTML (comments.text): feed readers show it as HTML.
        return comment.body_html

    def item_link(self, comment):
        return absolute_url(comment_links(comment.pk).permalink)

    def item_pubdate(self, comment):
        return comment.created_at

    def item_updateddate(self, comment):
        return comment.edited_at or comment.created_at

    def item_author_name(self, comment):
        return comment.author_name


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed
    url_name = "comments:article-atom"

    def subtitle(self, article):
        return self.description(article)
