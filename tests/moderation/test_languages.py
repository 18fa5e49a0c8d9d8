"""The moderators' desk, the admin's comment pages and the comment threads speak the
moderator's or reader's language (issue 17): German and Arabic from the shipped catalogues.

The desk and the admin have no language prefix: they follow the language cookie or the
browser. The comment pages are public: their address in a language comes from reverse()
in that language. Each request says its language all three ways, so that the page is in
it whichever of them the site reads.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from comments import services
from comments.identity import Reader
from comments.models import Comment, ModerationDecision, ModerationRules
from moderation import services as desk_services
from tests.factories import ArticleFactory, CommentFactory
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


# --- Why a comment was held, in the moderator's language -----------------------------------


def held_for_three_links(set_rules):
    """A comment the rules held, as a reader posts it."""
    set_rules(hold_link_count=3, hold=ModerationRules.Hold.NONE)
    comment = services.comment_post(
        article=ArticleFactory(),
        reader=Reader(user=None, browser_key="k1", ip="203.0.113.7"),
        body="See https://a.example https://b.example https://c.example",
        author_name="Ada",
        author_email="ada@example.org",
        seconds_taken=60.0,
    )
    assert comment.status == Comment.Status.PENDING
    return comment


def test_a_german_moderator_reads_why_a_comment_was_held_in_german(desk, set_rules):
    held_for_three_links(set_rules)

    text = page_text(get_in("de", desk, "moderation:queue", "pending"))

    assert "Zurückgehalten wegen 3 Links" in text


def test_the_log_line_of_the_rules_hold_is_in_the_moderator_s_language_too(desk, set_rules):
    comment = held_for_three_links(set_rules)

    text = page_text(get_in("de", desk, "moderation:queue", "pending"))
    log = page_text(get_in("de", desk, "moderation:log"))

    assert "3 links" not in text  # the card's reason and its line in the decisions below it
    assert text.count("3 Links") == 2
    assert "3 Links" in log and "3 links" not in log
    with translation.override("ar"):
        assert comment.decisions.get().explanation_shown() == "3 روابط"


def test_an_arabic_moderator_reads_why_a_comment_was_held_in_arabic(desk, set_rules):
    held_for_three_links(set_rules)

    text = page_text(get_in("ar", desk, "moderation:queue", "pending"))

    assert "سبب الاحتجاز 3 روابط" in text


def test_an_old_comment_held_for_an_english_sentence_still_shows_it(desk):
    CommentFactory(pending=True, held_because="held by an old rule", hold_reasons=[])

    text = page_text(get_in("de", desk, "moderation:queue", "pending"))

    assert "Zurückgehalten wegen held by an old rule" in text


def test_the_admin_shows_why_a_comment_was_held_in_german(moderator, set_rules):
    admin = Client()
    admin.force_login(moderator)
    comment = held_for_three_links(set_rules)

    listed = page_text(get_in("de", admin, "admin:comments_comment_changelist"))
    opened = page_text(get_in("de", admin, "admin:comments_comment_change", comment.pk))
    confirm = page_text(get_in("de", admin, "admin:comments_comment_approve", comment.pk))

    for text in (listed, opened, confirm):
        assert "3 Links" in text


def test_bans_and_lifted_sanctions_read_in_the_moderator_s_language(moderator):
    sanction = desk_services.sanction_impose(
        kind="suspension",
        moderator=moderator,
        reason="Insults.",
        email="ada@example.org",
        duration=timedelta(days=3),
    )
    desk_services.sanction_lift(sanction=sanction, moderator=moderator)
    ban = desk_services.ban_impose(
        kind="ip", moderator=moderator, reason="Flooding.", value="203.0.113.9"
    )
    desk_services.ban_lift(ban=ban, moderator=moderator)

    lines = ModerationDecision.objects.order_by("pk")
    with translation.override("de"):
        shown = [decision.explanation_shown() for decision in lines]
    assert "Vorübergehende Sperre aufgehoben" in shown
    assert "IP-Adresse: 203.0.113.9; Flooding." in shown
    assert "Sperre aufgehoben: IP-Adresse: 203.0.113.9" in shown
