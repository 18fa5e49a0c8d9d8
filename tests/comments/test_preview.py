"""Preview: the comment form sent with its Preview button comes back with the text kept and
shown as it will look; nothing is saved and nothing counts against the reader."""

import pytest
from django.urls import reverse

from comments.identity import COOKIE_NAME
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, reader_cookie
from tests.utils import tags

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def preview(client, article, body, headers=None, **extra):
    return client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "Ana", "email": "ana@example.org", "body": body, "preview": "Preview", **extra},
        headers=headers,
    )


def test_a_preview_shows_the_text_formatted_and_keeps_it_in_the_box(client):
    article = ArticleFactory()

    response = preview(client, article, "**Really** <script>alert(1)</script>")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Really</strong> &lt;script&gt;" in html
    assert "**Really** &lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
    assert Comment.objects.count() == 0


def test_previews_use_no_flood_allowance(client, set_rules):
    set_rules(comments_per_minute=2, hold="none")
    article = ArticleFactory()
    for n in range(5):
        assert preview(client, article, f"Draft {n}").status_code == 200

    response = client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "Ana", "email": "ana@example.org", "body": "Final", "seconds_on_page": "60"},
    )

    assert response.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == ["Final"]


def test_a_reply_preview_with_htmx_replaces_only_its_form(client):
    parent = CommentFactory()

    response = preview(
        client,
        parent.article,
        "> quoted\n\nmine",
        parent=parent.pk,
        headers={"HX-Request": "true"},
    )

    assert response.headers["HX-Retarget"] == f"#reply-form-{parent.pk}"
    assert "<blockquote><p>quoted</p></blockquote><p>mine</p>" in response.content.decode()


def test_an_empty_preview_shows_the_error_not_a_preview(client):
    response = preview(client, ArticleFactory(), "   ")

    assert response.status_code == 400
    assert "comment-preview" not in response.content.decode()


def test_the_forms_offer_preview_and_formatting_help(client):
    article = ArticleFactory()
    page = client.get(reverse("comments:reply", args=[CommentFactory(article=article).pk]))

    assert [t["value"] for t in tags(page, "input") if t.get("name") == "preview"] == ["Preview"]
    assert "Formatting help" in page.content.decode()


def test_the_edit_form_previews_without_saving(client):
    comment = CommentFactory(body="Before", browser_key="k1")

    client.cookies[COOKIE_NAME] = reader_cookie("k1")
    response = client.post(
        reverse("comments:edit", args=[comment.pk]), {"body": "*After*", "preview": "Preview"}
    )

    assert response.status_code == 200
    assert "<em>After</em>" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Before"
