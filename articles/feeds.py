from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from newsroom.links import absolute_url

from . import selectors
from .models import Category

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """Every address in a feed is absolute and starts with SITE_URL (newsroom/links.py): the
    feed's own, its page's and each item's. Django's Feed would take the request's Host."""

    description = "The latest reporting, newest first."
    url_name = "articles:rss"

    def title(self):
        return f"{settings.SITE_NAME}: latest articles"

    def link(self):
        return absolute_url(reverse("articles:home"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        return selectors.latest_articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # An item's description (RSS) and summary (Atom, type="html") are HTML to feed
        # readers; the standfirst is plain text, so "<" in it must stay a character.
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(c.contributor.name for c in item.author_credits) or None

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:atom"
    subtitle = LatestArticlesFeed.description


class CategoryFeed(LatestArticlesFeed):
    url_name = "articles:category-rss"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{settings.SITE_NAME}: {category.name}"

    def link(self, category):
        return absolute_url(category.get_absolute_url())

    def feed_url(self, category):
        return absolute_url(reverse(self.url_name, args=[category.slug]))

    def description(self, category):
        return category.description or f"The latest from {category.name}."

    def items(self, category):
        return selectors.category_articles(category)[:FEED_SIZE]


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed
    url_name = "articles:category-atom"

    def subtitle(self, category):
        return self.description(category)
