from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Credit
from tests.factories import ArticleFactory, ContributorFactory, CreditFactory

pytestmark = pytest.mark.django_db


def test_a_published_article_with_a_past_time_is_published():
    article = ArticleFactory()

    assert article.is_published
    assert not article.is_scheduled
    assert article.public_state == "published"


def test_a_published_article_with_a_future_time_is_scheduled():
    article = ArticleFactory(scheduled=True)

    assert not article.is_published
    assert article.is_scheduled
    assert article.public_state == "scheduled"


def test_a_draft_is_a_draft_whatever_its_time():
    past = ArticleFactory(draft=True, published_at=timezone.now() - timedelta(days=1))
    future = ArticleFactory(draft=True, published_at=timezone.now() + timedelta(days=1))

    assert [past.public_state, future.public_state] == ["draft", "draft"]
    assert not past.is_published and not past.is_scheduled


def test_publishing_without_a_time_publishes_now():
    before = timezone.now()
    article = ArticleFactory(published_at=None)

    assert before <= article.published_at <= timezone.now()
    assert article.is_published


def test_a_draft_keeps_an_empty_publication_time():
    assert ArticleFactory(draft=True).published_at is None


def test_the_database_refuses_a_published_article_without_a_time():
    article = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_validation_refuses_a_published_article_without_a_time():
    article = ArticleFactory.build(
        category=ArticleFactory().category, status=Article.Status.PUBLISHED, published_at=None
    )

    with pytest.raises(ValidationError, match="A published article needs a publication time"):
        article.full_clean()


def test_articles_are_ordered_newest_first():
    now = timezone.now()
    old = ArticleFactory(published_at=now - timedelta(days=3))
    new = ArticleFactory(published_at=now - timedelta(hours=1))
    middle = ArticleFactory(published_at=now - timedelta(days=1))

    assert list(Article.objects.all()) == [new, middle, old]


@pytest.mark.parametrize(
    ("role", "line"),
    [
        (Credit.Role.VOICEOVER, "Voiceover by Ana Lima"),
        (Credit.Role.VIDEO, "Video by Ana Lima"),
        (Credit.Role.CAMERA, "Camera by Ana Lima"),
        (Credit.Role.PHOTO, "Photos by Ana Lima"),
        (Credit.Role.EDITOR, "Edited by Ana Lima"),
        (Credit.Role.TRANSLATOR, "Translated by Ana Lima"),
    ],
)
def test_a_credit_reads_as_a_credit_line(role, line):
    credit = CreditFactory(role=role, contributor=ContributorFactory(name="Ana Lima"))

    assert str(credit) == line


def test_a_contributor_has_one_credit_per_role_on_an_article():
    credit = CreditFactory(role=Credit.Role.VOICEOVER)
    # The same person may hold another role on the same article.
    CreditFactory(article=credit.article, contributor=credit.contributor, role=Credit.Role.AUTHOR)

    with pytest.raises(IntegrityError), transaction.atomic():
        CreditFactory(
            article=credit.article, contributor=credit.contributor, role=Credit.Role.VOICEOVER
        )


def test_pages_know_where_each_thing_lives():
    article = ArticleFactory(headline="Bridge reopens", tags=[])
    credit = CreditFactory(article=article, contributor=ContributorFactory(name="Bo Chen"))

    assert article.get_absolute_url() == "/articles/bridge-reopens/"
    assert article.category.get_absolute_url() == f"/category/{article.category.slug}/"
    assert credit.contributor.get_absolute_url() == "/contributors/bo-chen/"
