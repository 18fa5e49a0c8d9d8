"""schema.org data (JSON-LD) for search engines and link previews: the article page's
NewsArticle, its video and breadcrumbs, and the home page's WebSite and Organization."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.urls import reverse

from newsroom.links import absolute_url

CONTEXT = "https://schema.org"


def _media_url(name):
    return absolute_url(default_storage.url(name))


def lead_image_url(article):
    """Absolute URL of the largest rendition, or "" when the article has no image."""
    if not article.renditions:
        return ""
    return _media_url(article.renditions[-1]["name"])


def article_images(article):
    """The lead image cropped 16:9, 4:3 and 1:1 (as search engines ask), or, for an image
    stored before crops were made, its largest rendition."""
    crops = article.lead_image_renditions.get("crops") or []
    if crops:
        return [_media_url(crop["name"]) for crop in crops]
    image = lead_image_url(article)
    return [image] if image else []


def iso_duration(length):
    """A timedelta as ISO 8601 (PT1H2M3S), as schema.org durations are written."""
    seconds = int(length.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else ""]
    parts.append(f"{seconds}S" if seconds or not (hours or minutes) else "")
    return "PT" + "".join(parts)


def _iso(moment):
    return moment.replace(microsecond=0).isoformat() if moment else None


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def organization(publisher):
    """The newsroom as an Organization, from the publisher row (articles.models.Publisher)."""
    logo = (
        _media_url(publisher.logo.name) if publisher.logo else absolute_url(static("favicon.svg"))
    )
    return _clean(
        {
            "@type": "NewsMediaOrganization",
            "@id": absolute_url("/#organization"),
            "name": publisher.name or settings.SITE_NAME,
            "url": absolute_url(reverse("articles:home")),
            "logo": {"@type": "ImageObject", "url": logo},
            "sameAs": publisher.profiles,
        }
    )


def video_object(article, video, images):
    return _clean(
        {
            "@type": "VideoObject",
            "name": article.headline,
            "description": article.standfirst or article.headline,
            # The player itself (what a search engine may embed), not the provider's page.
            "embedUrl": None if video.is_file else video.player_url,
            "contentUrl": video.source_url if video.is_file else None,
            "thumbnailUrl": images,
            "uploadDate": _iso(article.published_at),
            "duration": iso_duration(article.video_duration) if article.video_duration else None,
        }
    )


def news_article(article, *, authors, publisher):
    url = absolute_url(article.get_absolute_url())
    images = article_images(article)
    video = article.video
    return _clean(
        {
            "@type": "NewsArticle",
            "@id": f"{url}#article",
            "headline": article.headline,
            "description": article.standfirst,
            "mainEntityOfPage": url,
            "url": url,
            "datePublished": _iso(article.published_at),
            "dateModified": _iso(article.updated_at),
            "articleSection": article.category.name,
            "keywords": [tag.name for tag in article.tags.all()],
            "author": [
                {
                    "@type": "Person",
                    "name": person.name,
                    "url": absolute_url(person.get_absolute_url()),
                }
                for person in authors
            ],
            "publisher": organization(publisher),
            "image": images,
            "video": video_object(article, video, images) if video else None,
        }
    )


def breadcrumbs(article):
    steps = [
        (settings.SITE_NAME, reverse("articles:home")),
        (article.category.name, article.category.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": absolute_url(path)}
            for number, (name, path) in enumerate(steps, start=1)
        ],
    }


def article_graph(article, *, authors, publisher):
    """The article page's JSON-LD: the NewsArticle first, then its breadcrumbs."""
    return {
        "@context": CONTEXT,
        "@graph": [
            news_article(article, authors=authors, publisher=publisher),
            breadcrumbs(article),
        ],
    }


def home_graph(publisher):
    """The home page's JSON-LD: the site, with its search, and who publishes it."""
    search = absolute_url(reverse("articles:search"))
    home = absolute_url(reverse("articles:home"))
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@type": "WebSite",
                "@id": absolute_url("/#website"),
                "name": settings.SITE_NAME,
                "url": home,
                "publisher": {"@id": absolute_url("/#organization")},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": f"{search}?q={{search_term_string}}",
                    },
                    "query-input": "required name=search_term_string",
                },
            },
            organization(publisher),
        ],
    }
