"""Workflows that write articles."""

from django.db import transaction

from .models import Article, Story


@transaction.atomic
def article_set_version_of(*, article, version_of):
    """Make `article` a version of the story `version_of` tells (starting the story when
    `version_of` has none yet), or, with None, an article on its own again. A story left
    with one version is no story any more. The database allows one version a language."""
    old_story_id = article.story_id
    if version_of is None:
        article.story = None
    else:
        if version_of.story_id is None:
            version_of.story = Story.objects.create()
            Article.objects.filter(pk=version_of.pk).update(story=version_of.story)
        article.story_id = version_of.story_id
    Article.objects.filter(pk=article.pk).update(story=article.story_id)
    if old_story_id is not None and old_story_id != article.story_id:
        remaining = Article.objects.filter(story_id=old_story_id)
        if remaining.count() < 2:
            Story.objects.filter(pk=old_story_id).delete()  # its last version: story = NULL
