"""A number no column can hold finds no row, whichever lookup asks (newsroom/lookups.py): the
admin's bulk actions and list filters take ids from the request as they come."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from comments.models import Comment
from newsroom.ids import MAX_ID
from tests.factories import ArticleFactory, CommentFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

TOO_LARGE = [MAX_ID + 1, 2**64, -(2**63) - 1]


@pytest.fixture
def comment():
    return CommentFactory(article=ArticleFactory())


@pytest.mark.parametrize("number", TOO_LARGE)
@pytest.mark.parametrize(
    "lookup",
    ["pk__in", "article__in", "article", "article_id", "article_id__in", "parent__in", "user"],
)
def test_a_number_no_column_holds_finds_nothing(comment, lookup, number):
    value = [number] if lookup.endswith("__in") else number

    assert list(Comment.objects.filter(**{lookup: value})) == []
    assert list(Comment.objects.exclude(**{lookup: value})) == [comment]


def test_the_ids_that_exist_are_still_found_beside_it(comment):
    found = Comment.objects.filter(pk__in=[2**64, comment.pk, -1])
    by_article = Comment.objects.filter(article__in=[comment.article_id, 2**64])

    assert list(found) == [comment]
    assert list(by_article) == [comment]


@pytest.fixture
def boss():
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


@pytest.mark.parametrize("model", ["articles/article", "comments/comment", "auth/user"])
def test_a_bulk_action_on_an_id_no_row_has_deletes_nothing(boss, comment, model):
    response = boss.post(
        f"/admin/{model}/",
        {"action": "delete_selected", "_selected_action": [str(2**64)]},
        follow=True,
    )

    assert response.status_code == 200
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "query", [f"article={2**64}", f"article__id__exact={2**64}", f"user={2**64}"]
)
def test_a_list_filter_on_an_id_no_row_has_lists_nothing(boss, comment, query):
    CommentFactory(article=ArticleFactory())  # two articles: the article filter is shown

    response = boss.get(f"/admin/comments/comment/?{query}")

    assert response.status_code == 200
    assert "0 comments" in page_text(response)
