"""Load the demo content: a small newsroom's sections, contributors and articles.

`load_demo_content()` is safe to run again and again. Sections, tags and contributors are
looked up by slug and created only when missing. An article whose slug already exists is left
exactly as it is, since an editor may have changed it; a new article gets its text, a drawn
lead image, its tags and its credits, and a publication time counted from `now`. A few
articles have versions in the site's other languages (translations.py), linked to their
original as one story.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Category, Contributor, Credit, Tag
from articles.services import article_set_version_of

from .content import ARTICLES, CATEGORIES, CONTRIBUTORS, TAGS
from .images import draw_lead_image
from .translations import TRANSLATIONS


@dataclass(frozen=True)
class DemoSummary:
    articles: int
    articles_created: int
    categories: int
    categories_created: int
    tags: int
    tags_created: int
    contributors: int
    contributors_created: int

    def __str__(self):
        return (
            f"Demo content: {self.articles} articles ({self.articles_created} new), "
            f"{self.categories} categories ({self.categories_created} new), "
            f"{self.tags} tags ({self.tags_created} new), "
            f"{self.contributors} contributors ({self.contributors_created} new)."
        )


def load_demo_content(*, now=None) -> DemoSummary:
    """Create whatever demo content is missing, in one transaction, and say what there is."""
    now = now or timezone.now()
    with transaction.atomic():
        categories, categories_created = _get_or_create_all(Category, CATEGORIES)
        tags, tags_created = _get_or_create_all(Tag, TAGS)
        contributors, contributors_created = _get_or_create_all(Contributor, CONTRIBUTORS)
        articles_created = 0
        for data in ARTICLES:
            if not Article.objects.filter(slug=data["slug"]).exists():
                _create_article(data, now, categories, tags, contributors)
                articles_created += 1
        articles_created += _create_translations(now, categories, tags, contributors)
    return DemoSummary(
        articles=len(ARTICLES) + len(TRANSLATIONS),
        articles_created=articles_created,
        categories=len(categories),
        categories_created=categories_created,
        tags=len(tags),
        tags_created=tags_created,
        contributors=len(contributors),
        contributors_created=contributors_created,
    )


def _create_translations(now, categories, tags, contributors):
    """The versions in other languages whose original is there and which are missing (an
    editor's own version in that language is left alone); how many were made."""
    originals = {data["slug"]: data for data in ARTICLES}
    created = 0
    for data in TRANSLATIONS:
        original = Article.objects.filter(slug=data["version_of"]).first()
        if original is None or Article.objects.filter(slug=data["slug"]).exists():
            continue
        if (
            original.story_id
            and original.story.versions.filter(language=data["language"]).exists()
        ):
            continue
        # What a version shares with its original: section, tags, video and picture.
        shared = originals[data["version_of"]]
        full = {
            **{key: shared[key] for key in ("category", "tags", "video_url", "image")},
            "image_seed": data["version_of"],
            **data,
        }
        version = _create_article(full, now, categories, tags, contributors)
        article_set_version_of(article=version, version_of=original)
        created += 1
    return created


def _get_or_create_all(model, rows):
    """Objects by slug, and how many had to be created. Existing ones are not changed."""
    objects, created_count = {}, 0
    for row in rows:
        fields = dict(row)
        slug = fields.pop("slug")
        obj, created = model.objects.get_or_create(slug=slug, defaults=fields)
        objects[slug] = obj
        created_count += created
    return objects, created_count


def _create_article(data, now, categories, tags, contributors):
    offset = data["published"]
    if offset is None:
        status, published_at = Article.Status.DRAFT, None
    else:
        status = Article.Status.PUBLISHED
        published_at = (now + offset).replace(second=0, microsecond=0)

    article = Article(
        headline=data["headline"],
        slug=data["slug"],
        standfirst=data["standfirst"],
        body=data["body"],
        language=data.get("language", Article._meta.get_field("language").get_default()),
        category=categories[data["category"]],
        video_url=data["video_url"],
        status=status,
        published_at=published_at,
        lead_image=ContentFile(
            draw_lead_image(data.get("image_seed", data["slug"]), data["image"]),
            name=f"{data['slug']}.jpg",
        ),
        lead_image_alt=data["lead_image_alt"],
    )
    article.full_clean()  # catches a mistake in the demo data before anything is stored
    article.save()  # stores the lead image and its WebP renditions

    article.tags.set([tags[slug] for slug in data["tags"]])
    Credit.objects.bulk_create(
        Credit(article=article, contributor=contributors[slug], role=role, position=position)
        for position, (slug, role) in enumerate(data["credits"])
    )
    return article
