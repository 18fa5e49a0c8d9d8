"""The discussion's texts that editors write, in each language: the comment bubble's prompt
and the emails about moderation. An empty translation reads as the English text."""

import pytest
from django.test import Client

from articles.services import article_set_version_of
from comments.models import DiscussionTexts, ModerationEmails
from tests.factories import ArticleFactory, CommentFactory
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
EMAILS = "/admin/comments/moderationemails/1/change/"


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def prompt(response):
    """The words of the bubble's prompt."""
    html = response.content.decode()
    start = html.index("<p>", html.index('<div class="comment-bubble__prompt"')) + len("<p>")
    return html[start : html.index("</p>", start)]


def test_the_bubble_prompt_is_written_per_language_and_falls_back_to_english(client):
    texts = DiscussionTexts.current()
    texts.bubble_prompt_de = "Was denken Sie? Schreiben Sie uns."
    texts.save()
    english = ArticleFactory(slug="flood")
    german = ArticleFactory(slug="hochwasser", language="de")
    arabic = ArticleFactory(slug="flood-ar", language="ar")
    article_set_version_of(article=german, version_of=english)

    assert prompt(client.get("/articles/flood/")) == "Would love your thoughts, please comment."
    assert prompt(client.get("/de/articles/hochwasser/")) == "Was denken Sie? Schreiben Sie uns."
    assert prompt(client.get(arabic.get_absolute_url())) == (
        "Would love your thoughts, please comment."
    )


def test_an_editor_changes_the_prompt_in_the_admin_and_pages_show_it_at_once(
    editor_client, client
):
    article = ArticleFactory(language="de", slug="hochwasser")
    client.get("/de/articles/hochwasser/")  # cached now
    url = "/admin/comments/discussiontexts/1/change/"
    page = editor_client.get(url)
    [arabic_box] = [i for i in tags(page, "input") if i.get("name") == "bubble_prompt_ar"]
    assert (arabic_box["lang"], arabic_box["dir"]) == ("ar", "rtl")

    response = editor_client.post(
        url,
        {
            "bubble_prompt_en": "Tell us what you think.",
            "bubble_prompt_de": "Sagen Sie uns Ihre Meinung.",
            "bubble_prompt_ar": "",
        },
    )

    assert response.status_code == 302
    assert prompt(client.get(article.get_absolute_url())) == "Sagen Sie uns Ihre Meinung."
    assert prompt(client.get(ArticleFactory(language="ar").get_absolute_url())) == (
        "Tell us what you think."
    )


def test_a_rejection_email_is_in_the_language_of_the_article_commented_on(
    moderator_client, mailoutbox, committed
):
    emails = ModerationEmails.current()
    emails.rejection_subject_de = "Ihr Kommentar auf {site_name} wurde nicht veröffentlicht"
    emails.full_clean()
    emails.save()
    german = CommentFactory(
        pending=True, article=ArticleFactory(language="de"), author_email="de@example.org"
    )
    arabic = CommentFactory(
        pending=True, article=ArticleFactory(language="ar"), author_email="ar@example.org"
    )

    with committed():
        for comment in (german, arabic):
            moderator_client.post(f"{QUEUE}{comment.pk}/reject/", {"reason": "spam"})

    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects["de@example.org"] == "Ihr Kommentar auf Newsroom wurde nicht veröffentlicht"
    # Nothing written in Arabic: the English wording (its body too).
    assert subjects["ar@example.org"] == "Your comment on Newsroom was not published"


def test_a_translation_with_an_unknown_placeholder_is_refused(moderator_client):
    data = {
        field.name: getattr(ModerationEmails.current(), field.name) or ""
        for field in ModerationEmails._meta.fields
        if field.name[-3:] in ("_en", "_de", "_ar")
    }

    refused = moderator_client.post(EMAILS, {**data, "ban_body_ar": "مرحبا {nom}"})

    assert refused.status_code == 200
    assert "Unknown placeholder: {nom}" in page_text(refused)
    assert ModerationEmails.current().ban_body_ar is None
