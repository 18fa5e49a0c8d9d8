"""The rules row, bans and comments as stored (and what goes with a deleted comment)."""

import pytest
from django.db import IntegrityError, transaction

from comments.models import Ban, ModerationRules
from outbox.models import OutgoingEmail
from outbox.services import email_queue
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_default_rules_are_the_ones_promised():
    rules = ModerationRules.current()

    assert rules.pk == 1
    assert rules.hold == ModerationRules.Hold.FIRST
    assert (rules.hold_link_count, rules.comments_per_minute, rules.duplicate_window_minutes) == (
        2,
        5,
        10,
    )
    assert (rules.max_depth, rules.threads_per_page, rules.edit_minutes) == (5, 20, 15)
    assert (rules.reports_to_hold, rules.min_length, rules.max_length) == (3, 1, 5000)


def test_there_is_only_ever_one_rules_row():
    ModerationRules(hold=ModerationRules.Hold.ALL).save()  # saving a new one changes row 1

    assert ModerationRules.objects.count() == 1
    assert ModerationRules.current().hold == ModerationRules.Hold.ALL
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationRules.objects.bulk_create([ModerationRules(pk=2)])


def test_saved_rules_replace_the_cached_ones():
    assert ModerationRules.current().threads_per_page == 20
    rules = ModerationRules.objects.get(pk=1)
    rules.threads_per_page = 7
    rules.save()

    assert ModerationRules.current().threads_per_page == 7


def test_the_rules_come_back_if_the_row_is_missing():
    ModerationRules.objects.all().delete()

    assert ModerationRules.current().max_depth == 5
    assert ModerationRules.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "words"),
    [("Casino\n  free money  \n\n", ["casino", "free money"]), ("", []), ("\n \n", [])],
)
def test_word_lists_are_one_per_line_in_lower_case(text, words):
    assert ModerationRules.word_list(text) == words


def test_ban_values_are_stored_in_lower_case_once_per_kind():
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="  Troll@Example.org ")

    assert Ban.objects.get().value == "troll@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        Ban.objects.create(kind=Ban.Kind.EMAIL, value="TROLL@example.org")
    Ban.objects.create(kind=Ban.Kind.DOMAIN, value="troll@example.org")


def test_a_comment_links_to_its_permalink():
    comment = CommentFactory()

    assert comment.get_absolute_url() == f"/comments/{comment.pk}/"
    assert comment.anchor == f"comment-{comment.pk}"


def test_the_emails_about_a_comment_go_with_it():
    comment, other = CommentFactory(), CommentFactory()
    email_queue(key="about:1", kind="comment", to="sub@example.org", about=comment)
    email_queue(key="about:2", kind="comment", to="sub@example.org", about=other)

    comment.delete()

    assert list(OutgoingEmail.objects.values_list("key", flat=True)) == ["about:2"]
