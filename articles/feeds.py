from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.links import absolute_url

from . import selectors
from .languages import current_language
from .models import Category

FEED_SIZE = 20
# The lead image a feed item carries: the rendition closest to this width.
ENCLOSURE_WIDTH = 1200


class AtomWithAuthors(Atom1Feed):
    """Atom with each of an entry's authors as an <author> of its own (Django's writes one)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, uri in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", uri)
            handler.endElement("author")


class LatestArticlesFeed(Feed):
    """Every address in a feed is absolute and starts with SITE_URL (newsroom/links.py): the
    feed's own, its page's and each item's. Django's Feed would take the request's Host."""

    description = gettext_lazy("The latest reporting, newest first.")
    url_name = "articles:rss"

    def title(self):
        return _("%(site)s: latest articles") % {"site": settings.SITE_NAME}

    def link(self):
        return absolute_url(reverse("articles:home"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        # A feed says which language it is in (<language>): its address's, and only the
        # articles written in it; the feed of another language lists that one's.
        return selectors.articles_in_language(current_language())[:FEED_SIZE]

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

    def item_enclosures(self, item):
        """The lead image (RSS <enclosure>, Atom <link rel="enclosure">)."""
        renditions = item.renditions
        if not renditions:
            return []
        chosen = next((r for r in renditions if r["width"] >= ENCLOSURE_WIDTH), renditions[-1])
        url = absolute_url(default_storage.url(chosen["name"]))
        # Renditions made before their size was recorded say 0: "unknown" to feed readers.
        return [Enclosure(url, str(chosen.get("bytes", 0)), "image/webp")]


class AtomAuthorsMixin:
    feed_type = AtomWithAuthors

    def item_author_name(self, item):
        return None  # each author is an <author> of the entry (item_extra_kwargs)

    def item_extra_kwargs(self, item):
        return {
            "authors": [
                (c.contributor.name, absolute_url(c.contributor.get_absolute_url()))
                for c in item.author_credits
            ]
        }


class LatestArticlesAtomFeed(AtomAuthorsMixin, LatestArticlesFeed):
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
        return category.description or _("The latest from %(section)s.") % {
            "section": category.name
        }

    def items(self, category):
        return selectors.category_articles_in_language(category, current_language())[:FEED_SIZE]


class CategoryAtomFeed(AtomAuthorsMixin, CategoryFeed):
    url_name = "articles:category-atom"

    def subtitle(self, category):
        return self.description(category)
