"""Why a comment was held or sent to spam: stored as a code, read in the moderator's
language (issue 17). Rows from before the codes keep their English sentence, shown as is."""

import pytest
from django.utils import translation

from comments.hold_reasons import explain, explained, reason
from tests.factories import CommentFactory

R = reason

ENGLISH = [
    (R("honeypot"), "filled in the hidden field"),
    (R("too_fast", seconds=0.4), "posted 0.4 s after the page loaded"),
    (R("banned", kind="email"), "banned email address"),
    (R("banned", kind="ip"), "banned IP address"),
    (R("banned", kind="account"), "banned account"),
    (R("banned", kind="domain"), "banned email domain"),
    (R("banned_domain"), "banned email domain"),
    (R("blocked_word", word="free money"), "blocked word “free money”"),
    (R("links", count=1), "1 link"),
    (R("links", count=3), "3 links"),
    (R("links", count=1200), "1,200 links"),
    (R("moderation_word", word="pills"), "moderation word “pills”"),
    (R("article_held"), "every comment on this article is held"),
    (R("all_held"), "every comment is held"),
    (R("first_comment"), "first comment from this author"),
    (R("new_commenter", needed=3), "new commenter: fewer than 3 approved comments"),
    (
        R("rejected_history", rejected=2, decided=4, days=30),
        "2 of 4 comments rejected in 30 days",
    ),
    (R("premoderated"), "always pre-moderated by a moderator"),
    (R("domain_premoderated", domain="x.example"), "pre-moderated email domain x.example"),
    (R("disposable", domain="mailinator.com"), "disposable email address (mailinator.com)"),
    (R("edited"), "edited"),
    (R("reported", count=3), "reported by 3 or more readers"),
]


@pytest.mark.parametrize(("stored", "shown"), ENGLISH)
def test_every_reason_reads_in_english_as_it_did_when_stored_as_a_sentence(stored, shown):
    with translation.override("en"):
        assert explain(stored) == shown


GERMAN = [
    (R("links", count=3), "3 Links"),
    (R("links", count=1), "1 Link"),
    (R("too_fast", seconds=1.5), "1,5 s nach dem Laden der Seite abgeschickt"),
    (R("moderation_word", word="pills"), "Moderationswort „pills“"),
    (R("first_comment"), "erster Kommentar dieser Person"),
    (
        R("rejected_history", rejected=1200, decided=2500, days=30),
        "1.200 von 2.500 Kommentaren in 30 Tagen abgelehnt",
    ),
    (R("banned", kind="ip"), "gesperrte IP-Adresse"),
    (R("edited"), "bearbeitet"),
]


@pytest.mark.parametrize(("stored", "shown"), GERMAN)
def test_a_reason_reads_in_german_with_german_numbers(stored, shown):
    with translation.override("de"):
        assert explain(stored) == shown


ARABIC = [
    (R("links", count=3), "3 روابط"),
    (R("links", count=2), "2 رابطان"),
    (R("first_comment"), "أول تعليق من هذا المعلّق"),
    (R("blocked_word", word="casino"), "كلمة محظورة «casino»"),
]


@pytest.mark.parametrize(("stored", "shown"), ARABIC)
def test_a_reason_reads_in_arabic(stored, shown):
    with translation.override("ar"):
        assert explain(stored) == shown


def test_an_old_english_sentence_or_an_unknown_code_is_shown_as_it_is():
    with translation.override("de"):
        assert explain("contains a link") == "contains a link"
        assert explain(R("some_future_rule", n=2)) == "some_future_rule"
        assert explain(R("links")) == "links"  # its count lost: the code, not a crash


@pytest.mark.django_db
def test_a_comment_shows_every_reason_or_its_held_because_alone():
    both = CommentFactory(
        pending=True, held_because="links", hold_reasons=[R("links", count=2), "old text"]
    )
    alone = CommentFactory(pending=True, held_because="first_comment", hold_reasons=[])
    old = CommentFactory(pending=True, held_because="2 links", hold_reasons=[])

    with translation.override("de"):
        assert explained(both) == ["2 Links", "old text"]
        assert explained(alone) == ["erster Kommentar dieser Person"]
        assert explained(old) == ["2 links"]
