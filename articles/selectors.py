"""Reads that the public pages need, each in a fixed number of queries."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from newsroom.pagecache import SITE, content_version

from .models import Article, Category, Credit

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 8
NEXT_PUBLICATION_KEY = "articles:next-publication:{generation}"


def navigation_categories():
    """The sections in the header and footer of every page. They change only in the admin,
    which starts a new site generation, so they are cached under it."""
    key = f"articles:navigation:{content_version(SITE)}"
    categories = cache.get(key)
    if categories is None:
        categories = list(Category.objects.only("name", "slug"))
        cache.set(key, categories, timeout=60 * 60)
    return categories


def seconds_to_next_publication(site_generation):
    """Seconds until the next scheduled article is published (None if none is scheduled):
    a cached page that lists articles must not outlive that moment. Registered with the page
    cache in ArticlesConfig.ready(); remembered per site generation."""
    key = NEXT_PUBLICATION_KEY.format(generation=site_generation)
    moment = cache.get(key)
    now = timezone.now()
    if moment is None or (moment != "none" and moment <= now):
        upcoming = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        moment = upcoming or "none"
        cache.set(key, moment, timeout=settings.PAGE_CACHE_SECONDS)
    if moment == "none":
        return None
    return max(1, int((moment - now) / timedelta(seconds=1)) + 1)


def latest_articles(*, language=None):
    """Published articles, newest first; for a reader of `language`, each story once, in
    their language when it has a version in it (ArticleQuerySet.one_version_per_story)."""
    articles = Article.objects.published()
    if language is not None:
        articles = articles.one_version_per_story(language)
    return articles.for_listing().newest_first()


def articles_in_language(language):
    """The published articles written in this language, newest first (a feed's)."""
    return Article.objects.published().in_language(language).for_listing().newest_first()


def article_for_reader(*, slug, user):
    """The article at this slug if this reader may see it (staff may preview), else 404.

    For readers, published and scheduled articles are cached with their tags and credits
    under the site generation (an editor's change starts a new one); whether a scheduled
    article has gone live is decided on every request, so it appears on time.
    """
    if len(slug) > Article._meta.get_field("slug").max_length:
        # No article has it; and it must not make a cache key longer than a backend takes.
        raise Http404("No such article.")
    if user.is_authenticated and user.is_staff:
        return get_object_or_404(Article.objects.visible_to(user).for_detail(), slug=slug)
    key = f"articles:detail:{content_version(SITE)}:{slug}"
    article = cache.get(key)
    if article is None:
        article = get_object_or_404(
            Article.objects.filter(status=Article.Status.PUBLISHED).for_detail(), slug=slug
        )
        cache.set(key, article, timeout=60 * 60)
    if not article.is_published:
        raise Http404("No such article.")
    return article


def category_articles(category, *, language=None):
    return latest_articles(language=language).filter(category=category)


def category_articles_in_language(category, language):
    return articles_in_language(language).filter(category=category)


def tag_articles(tag, *, language=None):
    return latest_articles(language=language).filter(tags=tag)


def contributor_articles(contributor, *, language=None):
    # EXISTS rather than "id IN (the contributor's articles)": PostgreSQL then walks the
    # newest articles and checks each one's credits, and stops at a page's worth (0.7 ms at
    # 100,000 articles, against 14 ms for collecting the contributor's 4,000 articles and
    # sorting them); an article that credits them twice (author and voiceover) is listed once.
    credited = Credit.objects.filter(article=OuterRef("pk"), contributor=contributor)
    return latest_articles(language=language).filter(Exists(credited))


def clean_search_query(raw):
    """What we search for: printable text, trimmed, never longer than MAX_SEARCH_LENGTH."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_SEARCH_LENGTH]


def search_articles(query, *, language=None):
    """Published articles matching the query, best first.

    PostgreSQL matches and ranks with full-text search on an indexed, generated column
    (headline above standfirst above body); SQLite falls back to every word appearing
    somewhere, headline matches first.
    """
    query = clean_search_query(query)
    if not query:
        return Article.objects.none()
    if connection.vendor == "postgresql":
        return _search_postgres(query, language)
    return _search_simple(query, language)


# The stored tsvector column added by migration 0003 (PostgreSQL only), and the query text.
SEARCH_DOCUMENT = "articles_article.search_document"
WEB_SEARCH_QUERY = "websearch_to_tsquery('english'::regconfig, %s)"


# A common word matches most of an archive, and ranking every match meant reading every
# article's search document (two seconds at 100,000 articles). The newest SEARCH_DEPTH
# matches are ranked: found by walking the newest articles first, so a common word costs
# what SEARCH_DEPTH articles cost; a rare one is found through the GIN index.
SEARCH_DEPTH = 1000


def _search_postgres(query, language):
    rank = RawSQL(f"ts_rank({SEARCH_DOCUMENT}, {WEB_SEARCH_QUERY})", (query,), FloatField())
    # Written out: inside an ORM subquery the table has another alias, and the search
    # document's RawSQL would name the outer table's row instead. `id = ANY(ARRAY(…))`, not
    # `id IN (…)`: PostgreSQL first collects the newest matches, then fetches those rows by
    # their key; with IN it hash-joined them against a scan of every article (347 ms at
    # 100,000 articles, 36 ms this way; bench/README.md).
    among_newest = RawSQL(
        "articles_article.id = ANY(ARRAY("
        "SELECT id FROM articles_article WHERE status = %s AND published_at <= %s "
        f"AND search_document @@ {WEB_SEARCH_QUERY} "
        "ORDER BY published_at DESC, id DESC LIMIT %s))",
        (Article.Status.PUBLISHED, timezone.now(), query, SEARCH_DEPTH),
        BooleanField(),
    )
    return (
        latest_articles(language=language)
        .filter(among_newest)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-pk")
    )


def search_is_capped(paginator):
    """Whether a search found more than the SEARCH_DEPTH newest matches it ranks."""
    return (
        paginator is not None
        and connection.vendor == "postgresql"
        and paginator.count >= SEARCH_DEPTH
    )


def _search_simple(query, language):
    terms = query.split()[:MAX_SEARCH_TERMS]
    matches = Q()
    for term in terms:
        matches &= (
            Q(headline__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term)
        )
    return (
        latest_articles(language=language)
        .filter(matches)
        .annotate(
            in_headline=Case(
                When(headline__icontains=terms[0], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("in_headline", "-published_at", "-pk")
    )
