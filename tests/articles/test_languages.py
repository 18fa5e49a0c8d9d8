"""An article page in the reader's language: its byline and credit lines are whole phrases
of German or Arabic, while the names and the headline stay as written."""

import pytest
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from articles.models import Credit
from tests.factories import ArticleFactory, ContributorFactory, CreditFactory
from tests.utils import page_text


@pytest.fixture
def article(db):
    article = ArticleFactory(headline="Harbour report")
    for position, name in enumerate(["Ada Lind", "Ben Roe"]):
        CreditFactory(
            article=article, contributor=ContributorFactory(name=name), position=position
        )
    CreditFactory(
        article=article,
        contributor=ContributorFactory(name="Cy Moor"),
        role=Credit.Role.VOICEOVER,
        position=2,
    )
    return article


def read(client, article, language):
    # An article's page is in its own language (a German article lives under /de/).
    article.language = language
    article.save()
    with translation.override(language):
        return page_text(client.get(article.get_absolute_url()))


def test_the_article_page_in_english_is_as_it_was(client, article):
    text = read(client, article, "en")

    assert "By Ada Lind and Ben Roe" in text
    assert "Voiceover by Cy Moor" in text


def test_the_article_page_in_german(client, article):
    text = read(client, article, "de")

    assert "Von Ada Lind und Ben Roe" in text
    assert "Voice-over: Cy Moor" in text
    assert "Harbour report" in text  # data is not translated
    with translation.override("de"):
        assert date_format(timezone.localtime(article.published_at), "j. F Y") in text


def test_the_article_page_in_arabic(client, article):
    text = read(client, article, "ar")

    assert "بقلم Ada Lind و Ben Roe" in text
    assert "التعليق الصوتي: Cy Moor" in text
