from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from . import selectors
from .models import Category

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    description = "The latest reporting, newest first."

    def title(self):
        return f"{settings.SITE_NAME}: latest articles"

    def link(self):
        return reverse("articles:home")

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
    subtitle = LatestArticlesFeed.description


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{settings.SITE_NAME}: {category.name}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or f"The latest from {category.name}."

    def items(self, category):
        return selectors.category_articles(category)[:FEED_SIZE]


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, category):
        return self.description(category)
