"""schema.org NewsArticle data for an article page (search engines and link previews)."""

from django.conf import settings
from django.core.files.storage import default_storage

from newsroom.links import absolute_url


def lead_image_url(article):
    """Absolute URL of the largest rendition, or "" when the article has no image."""
    if not article.renditions:
        return ""
    return absolute_url(default_storage.url(article.renditions[-1]["name"]))


def news_article(article, *, authors):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "url": absolute_url(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
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
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
        },
    }
    image = lead_image_url(article)
    if image:
        data["image"] = [image]
    video = article.video
    if video:
        data["video"] = {
            "@type": "VideoObject",
            "name": article.headline,
            "description": article.standfirst or article.headline,
            "contentUrl" if video.is_file else "embedUrl": video.source_url,
            "uploadDate": data["datePublished"],
            **({"thumbnailUrl": image} if image else {}),
        }
    return {key: value for key, value in data.items() if value not in (None, "", [])}
