"""Notices of illegal content on the moderators' desk: who may see them, deciding one with
a statement of reasons (EU Digital Services Act, art. 17), the emails to both parties, and
the transparency export."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from comments import services
from comments.identity import Reader
from comments.models import Comment, IllegalContentNotice, ModerationDecision, Report
from tests.factories import ArticleFactory, CommentFactory, account
from tests.utils import LOGGED_IN_QUERY_LIMIT, page_text

pytestmark = pytest.mark.django_db

NOTICES = "/moderate/notices/"
STATEMENT = {
    "decision": "illegal",
    "facts": "The comment calls for violence against a named group.",
    "ground": "law",
    "ground_explanation": "Incitement to hatred, section 130 of the German Criminal Code.",
    "redress": "Reply to this email to ask for a review.",
}


def notice_on(comment, *, law="Section 130 StGB", ip="203.0.113.30", user=None):
    services.comment_report(
        comment=comment,
        reader=Reader(user=user, browser_key="k", ip=ip),
        reason="illegal",
        notice=services.NoticeDetails(
            law=law, explanation="It incites hatred.", name="Dana Kovac", email="dana@example.org"
        ),
    )
    return IllegalContentNotice.objects.get(comment=comment, law=law)


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def comment():
    return CommentFactory(
        article=ArticleFactory(),
        author_name="Ivo",
        author_email="ivo@example.org",
        body="Hateful words.",
    )


# --- Who may see them -----------------------------------------------------------------------


def test_strangers_are_sent_to_sign_in(client):
    response = client.get(NOTICES)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_readers_and_editors_are_refused(request, who, comment):
    notice = notice_on(comment)
    client = Client()
    client.force_login(request.getfixturevalue(who))

    assert client.get(NOTICES).status_code == 403
    assert client.get(f"{NOTICES}{notice.pk}/").status_code == 403
    assert client.post(f"{NOTICES}{notice.pk}/", STATEMENT).status_code == 403
    assert client.get(f"{NOTICES}export/?start=2026-01-01&end=2026-12-31").status_code == 403
    assert not IllegalContentNotice.objects.get().is_decided


def test_a_moderator_without_a_second_factor_enrols_first(unenrolled_staff, client):
    moderator = account("newmod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)

    response = client.get(NOTICES)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


# --- The list and one notice ----------------------------------------------------------------


def test_the_list_shows_the_notices_to_decide_in_a_fixed_number_of_queries(
    moderator_client, django_assert_max_num_queries
):
    for n in range(12):
        notice_on(CommentFactory(body=f"Comment {n}"), ip=f"203.0.113.{n + 1}")

    with django_assert_max_num_queries(LOGGED_IN_QUERY_LIMIT):
        response = moderator_client.get(NOTICES)

    assert response.status_code == 200
    text = page_text(response)
    assert "To decide (12)" in text and "Decided (0)" in text
    assert text.count("Section 130 StGB") == 12


def test_what_a_stranger_typed_is_shown_escaped(moderator_client, comment):
    notice = notice_on(comment, law="<script>alert(1)</script>")

    for url in [NOTICES, f"{NOTICES}{notice.pk}/"]:
        html = moderator_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_notice_page_shows_what_the_notifier_gave(moderator_client, comment):
    notice = notice_on(comment)

    text = page_text(moderator_client.get(f"{NOTICES}{notice.pk}/"))

    assert "Hateful words." in text
    assert "It incites hatred." in text
    assert "Dana Kovac, dana@example.org" in text
    assert "the author has an address and will be told the decision" in text


# --- Deciding -------------------------------------------------------------------------------


def test_deciding_illegal_removes_the_comment_and_tells_both_parties(
    moderator_client, moderator, comment, mailoutbox, committed
):
    notice = notice_on(comment)
    mailoutbox.clear()

    with committed():
        response = moderator_client.post(f"{NOTICES}{notice.pk}/", STATEMENT)

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == ("rejected", "illegal")
    assert Report.objects.get(comment=comment).outcome == Report.Outcome.UPHELD
    notice.refresh_from_db()
    assert (notice.decision, notice.decided_by, notice.automated) == ("illegal", moderator, False)
    actions = set(comment.decisions.values_list("action", flat=True))
    assert {ModerationDecision.Action.ILLEGAL, ModerationDecision.Action.REJECT} <= actions

    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"dana@example.org", "ivo@example.org"}
    for message in by_address.values():
        assert "It has been removed from the site" in message.body
        assert STATEMENT["facts"] in message.body
        assert STATEMENT["ground_explanation"] in message.body
        assert "No automated means were used" in message.body
        assert STATEMENT["redress"] in message.body
    # The author is not told who sent the notice.
    assert "Dana" not in by_address["ivo@example.org"].body
    assert "Our decision about your comment" in by_address["ivo@example.org"].subject

    page = page_text(moderator_client.get(response["Location"]))
    assert "The statement of reasons is on its way to the notifier and the author." in page
    assert "Illegal: the comment is removed" in page


def test_deciding_legal_leaves_the_comment_and_dismisses_the_report(
    moderator_client, comment, mailoutbox, committed
):
    notice = notice_on(comment)
    mailoutbox.clear()

    with committed():
        moderator_client.post(
            f"{NOTICES}{notice.pk}/", {**STATEMENT, "decision": "legal", "ground": "terms"}
        )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.report_count == 0
    assert Report.objects.get(comment=comment).outcome == Report.Outcome.DISMISSED
    assert comment.decisions.filter(action=ModerationDecision.Action.LEGAL).exists()
    assert len(mailoutbox) == 2
    assert all("It is not removed because of this notice" in m.body for m in mailoutbox)


def test_a_guest_author_without_an_address_is_not_written_to(
    moderator_client, mailoutbox, committed
):
    notice = notice_on(CommentFactory(author_email=""))
    mailoutbox.clear()

    with committed():
        response = moderator_client.post(f"{NOTICES}{notice.pk}/", STATEMENT, follow=True)

    assert [m.to for m in mailoutbox] == [["dana@example.org"]]
    assert "on its way to the notifier." in page_text(response)


@pytest.mark.parametrize(
    "missing", ["decision", "facts", "ground", "ground_explanation", "redress"]
)
def test_a_decision_needs_every_part_of_its_statement(moderator_client, comment, missing):
    notice = notice_on(comment)

    response = moderator_client.post(f"{NOTICES}{notice.pk}/", {**STATEMENT, missing: ""})

    assert response.status_code == 400
    notice.refresh_from_db()
    assert not notice.is_decided
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_a_notice_is_decided_once(moderator_client, comment, mailoutbox, committed):
    notice = notice_on(comment)
    moderator_client.post(f"{NOTICES}{notice.pk}/", STATEMENT)
    mailoutbox.clear()

    with committed():
        response = moderator_client.post(
            f"{NOTICES}{notice.pk}/", {**STATEMENT, "decision": "legal"}, follow=True
        )

    assert "This notice is decided already." in page_text(response)
    notice.refresh_from_db()
    assert notice.decision == "illegal"
    assert not mailoutbox


def test_a_notice_outlives_its_comment(moderator_client, comment):
    notice = notice_on(comment)
    comment.delete()

    response = moderator_client.post(f"{NOTICES}{notice.pk}/", STATEMENT)

    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.decision == "illegal" and notice.comment is None


# --- The transparency export ----------------------------------------------------------------


def rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_export_lists_the_period_s_notices_with_the_time_to_decide(
    moderator_client, comment, moderator
):
    decided = notice_on(comment, law="=HYPERLINK(evil)")
    IllegalContentNotice.objects.filter(pk=decided.pk).update(
        created_at=datetime(2026, 3, 1, 10, tzinfo=UTC)
    )
    moderator_client.post(f"{NOTICES}{decided.pk}/", STATEMENT)
    IllegalContentNotice.objects.filter(pk=decided.pk).update(
        decided_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    )
    waiting = notice_on(CommentFactory(), ip="203.0.113.31")
    IllegalContentNotice.objects.filter(pk=waiting.pk).update(
        created_at=datetime(2026, 3, 31, 23, 59, tzinfo=UTC)
    )
    outside = notice_on(CommentFactory(), ip="203.0.113.32")
    IllegalContentNotice.objects.filter(pk=outside.pk).update(
        created_at=datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
    )

    response = moderator_client.get(f"{NOTICES}export/?start=2026-03-01&end=2026-03-31")

    assert response.status_code == 200
    assert "illegal-content-notices-20260301-20260331.csv" in response["Content-Disposition"]
    found = rows(response)
    assert [int(r["notice"]) for r in found] == [decided.pk, waiting.pk]
    first, second = found
    assert (first["decision"], first["hours_to_decide"], first["ground"]) == (
        "illegal",
        "6.5",
        "law",
    )
    assert first["law_or_rule_cited"] == "'=HYPERLINK(evil)"
    assert (second["decision"], second["hours_to_decide"]) == ("pending", "")
    assert not any("dana" in value.lower() for row in found for value in row.values())


@pytest.mark.parametrize(
    "query", ["", "?start=2026-03-31&end=2026-03-01", "?start=yesterday&end=2026-03-01"]
)
def test_a_bad_period_is_sent_back_with_the_reason(moderator_client, query):
    response = moderator_client.get(f"{NOTICES}export/{query}")

    assert response.status_code == 400
    assert "Transparency report" in page_text(response)


def test_the_export_reads_in_a_fixed_number_of_queries(
    moderator_client, django_assert_max_num_queries
):
    for n in range(30):
        notice_on(CommentFactory(), ip=f"203.0.113.{n + 1}")
    today = timezone.now().date()
    url = f"{NOTICES}export/?start={today - timedelta(days=1)}&end={today}"

    with django_assert_max_num_queries(LOGGED_IN_QUERY_LIMIT):
        assert len(rows(moderator_client.get(url))) == 30
