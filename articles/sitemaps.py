"""What search engines and news aggregators are told: a sitemap index (/sitemap.xml) naming
one sitemap per kind of page, the articles' paged at 5,000 with each page in the index, lead
images as image entries, and a Google News sitemap of the last two days' articles."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.files.storage import default_storage
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from newsroom.links import site_scheme_and_domain

from .models import Article, Category, Contributor, Tag

# Google News reads articles published in the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def _whole_seconds(moment):
    """lastmod with its time, to the second."""
    return moment.replace(microsecond=0) if moment else None


class SiteSitemap(Sitemap):
    """Locations on SITE_URL's scheme and domain, never the request's (Django's default).

    Each page once per language (settings.LANGUAGES), each entry naming the others and the
    default language's (x-default) as its alternates (xhtml:link).
    """

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return site_scheme_and_domain()[0]

    def get_domain(self, site=None):
        return site_scheme_and_domain()[1]


class _AbsoluteSitemap(SiteSitemap):
    """A sitemap whose entries may carry more than a location: images, Google News data."""

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            item = url["item"][0] if self.i18n else url["item"]
            url.update(self.extra(item, origin))
        return urls

    def extra(self, item, origin):
        return {}


def _lead_image(article, origin):
    if not article.renditions:
        return []
    url = default_storage.url(article.renditions[-1]["name"])
    return [url if url.startswith(("http://", "https://")) else f"{origin}{url}"]


def _with_versions(articles):
    """The articles with the published versions of their stories (two queries a page)."""
    versions = Article.objects.published().only(
        "slug", "language", "status", "published_at", "story_id", "created_at"
    )
    return articles.prefetch_related(
        Prefetch("story__versions", queryset=versions, to_attr="published_versions")
    )


def _alternates(article, origin):
    """The versions of the article's story in the other languages, each with its language,
    and the one published first for every other language (x-default): an article's entry
    lists them all, itself included, as search engines ask (none for an article alone)."""
    versions = article.versions()
    if len(versions) < 2:
        return []
    named = [(v.language, v) for v in versions]
    named.append(("x-default", article.original_version()))
    return [{"lang_code": code, "location": origin + v.get_absolute_url()} for code, v in named]


class ArticleSitemap(_AbsoluteSitemap):
    """Every published article in every language, each at its own language's address with
    its translations as alternates (not Django's i18n sitemaps, which assume one page in
    every language)."""

    changefreq = "daily"
    priority = 0.8
    limit = 5000
    i18n = False

    def items(self):
        return _with_versions(
            Article.objects.published()
            .only(
                "slug",
                "updated_at",
                "lead_image_renditions",
                "language",
                "story_id",
                "status",
                "published_at",
                "created_at",
            )
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return _whole_seconds(article.updated_at)

    def get_latest_lastmod(self):
        return _whole_seconds(Article.objects.published().aggregate(at=Max("updated_at"))["at"])

    def extra(self, article, origin):
        return {
            "images": _lead_image(article, origin),
            "alternates": _alternates(article, origin),
        }


class NewsSitemap(_AbsoluteSitemap):
    """Google News: the articles of the last two days, with publication name and language.

    Each once, in the language it is written in (its `news:language`): Google News lists an
    article under its own language, not under every language of the site's interface.
    """

    limit = NEWS_LIMIT
    i18n = False

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only(
                "slug",
                "headline",
                "published_at",
                "updated_at",
                "lead_image_renditions",
                "language",
            )
            .order_by("-published_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return _whole_seconds(article.updated_at)

    def get_latest_lastmod(self):
        recent = Article.objects.published().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        return _whole_seconds(recent.aggregate(at=Max("updated_at"))["at"])

    def extra(self, article, origin):
        return {
            "images": _lead_image(article, origin),
            "news": {
                "name": settings.SITE_NAME,
                # Google asks for ISO 639 codes: "en", not "en-us" (zh-cn and zh-tw excepted).
                "language": article.language.split("-")[0],
                "published": _whole_seconds(article.published_at),
                "title": article.headline,
            },
        }


class CategorySitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("name")


class TagSitemap(SiteSitemap):
    """Tags that name at least one published article: an empty tag page is not worth a visit."""

    changefreq = "daily"
    priority = 0.4

    def items(self):
        return (
            Tag.objects.filter(articles__in=Article.objects.published())
            .distinct()
            .order_by("name")
        )


class ContributorSitemap(SiteSitemap):
    """Contributors credited on at least one published article."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return (
            Contributor.objects.filter(credits__article__in=Article.objects.published())
            .distinct()
            .order_by("name")
        )


class HomeSitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "home": HomeSitemap,
    "sections": CategorySitemap,
    "tags": TagSitemap,
    "contributors": ContributorSitemap,
    "articles": ArticleSitemap,
    "news": NewsSitemap,
}
