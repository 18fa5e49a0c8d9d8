"""The moderators' desk, the admin's comment pages and the comment threads speak the
moderator's or reader's language (issue 17): German and Arabic from the shipped catalogues.

The desk and the admin have no language prefix: they follow the language cookie or the
browser. The comment pages are public: their address in a language comes from reverse()
in that language. Each request says its language all three ways, so that the page is in
it whichever of them the site reads.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from comments.models import Comment
from tests.factories import CommentFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def get_in(language, client, name, *args):
    with translation.override(language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def desk(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def test_the_desk_queue_in_german(desk):
    CommentFactory(status=Comment.Status.PENDING, author_name="Ada")

    response = get_in("de", desk, "moderation:queue", "pending")

    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="de" dir="ltr">' in response.content.decode()
    for german in ("Moderationsbereich", "Warteschlangen", "Protokoll", "Freigeben", "Ablehnen …"):
        assert german in text
    assert "Approve" not in text


def test_the_desk_in_arabic_reads_right_to_left(desk):
    CommentFactory(status=Comment.Status.PENDING, author_name="Ada")

    response = get_in("ar", desk, "moderation:queue", "pending")

    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    text = page_text(response)
    assert "قوائم الانتظار" in text
    assert "اعتماد" in text


def test_the_admin_approval_page_in_german(moderator):
    admin = Client()
    admin.force_login(moderator)
    comment = CommentFactory(status=Comment.Status.PENDING, author_name="Ada")

    response = get_in("de", admin, "admin:comments_comment_approve", comment.pk)

    text = page_text(response)
    assert "Diesen Kommentar bei seinem Artikel veröffentlichen?" in text
    assert "Autor/in: Ada" in text
    assert "Abbrechen" in text


def test_a_comment_thread_in_german(client):
    comment = CommentFactory(status=Comment.Status.APPROVED, body="Guter Punkt.")

    response = get_in("de", client, "comments:thread", comment.pk)

    assert response.status_code == 200
    text = page_text(response)
    assert "Zurück zu „" in text
    for german in ("Antworten", "Melden"):
        assert german in text
    assert 'aria-label="Dafür stimmen"' in response.content.decode()
