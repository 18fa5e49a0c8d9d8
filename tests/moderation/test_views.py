"""The moderators' desk at /moderate/: the queues, decisions in one click or many, the signed
links of the alert emails, and the audit log with its CSV export."""

import csv
import io
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Ban, Comment, ModerationDecision, Report
from moderation import links
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory, account
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

Status = Comment.Status
Action = ModerationDecision.Action
DESK = "/moderate/"
PENDING = "/moderate/queue/pending/"
# Session, user, second factor, permissions (2), the tab counts, the page of comments, its
# reports, decisions and authors' totals, the sections for the filter, and a spare.
DESK_QUERY_LIMIT = 13


@pytest.fixture
def desk(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def report(comment, n, reason=Report.Reason.ABUSIVE):
    for i in range(n):
        Report.objects.create(
            comment=comment, reporter_key=f"b{comment.pk}-{i}", reason=reason, ip_address=None
        )
    Comment.objects.filter(pk=comment.pk).update(report_count=n)


def card_ids(response):
    return [int(a["id"][5:]) for a in tags(response, "article") if a.get("id", "")[:5] == "card-"]


def decide(client, comment, action, **data):
    return client.post(
        f"/moderate/comments/{comment.pk}/decide/",
        {"action": action, "next": PENDING, **data},
    )


# --- Who may use it -------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in_and_back(client):
    response = client.get(PENDING)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/moderate/queue/pending/"


def test_readers_and_editors_may_not_use_the_desk(reader, editor):
    for user in (reader, editor):
        client = Client()
        client.force_login(user)
        assert client.get(PENDING).status_code == 403
        comment = CommentFactory(pending=True)
        assert decide(client, comment, "approve").status_code == 403
        comment.refresh_from_db()
        assert comment.status == Status.PENDING


def test_a_moderator_without_a_second_factor_enrols_first(unenrolled_staff, moderator):
    client = Client()
    client.force_login(moderator)
    response = client.get(PENDING)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


# --- The queues -----------------------------------------------------------------------------


def test_the_tabs_count_each_queue_and_the_pending_queue_shows_the_oldest_first(desk, get_page):
    old = CommentFactory(pending=True, created_at=timezone.now() - timedelta(hours=2))
    new = CommentFactory(pending=True)
    reported = CommentFactory()
    report(reported, 2)
    CommentFactory(moderated_at=timezone.now())  # approved by a moderator
    CommentFactory(rejected=True)
    CommentFactory(spam=True)
    CommentFactory(featured_at=timezone.now(), moderated_at=timezone.now())

    response = get_page(PENDING, using_client=desk, max_queries=DESK_QUERY_LIMIT)

    assert response.status_code == 200
    text = page_text(response)
    for tab in [
        "Pending 2",
        "Reported 1",
        "Unmoderated 1",  # the reported one: published by the rules, never reviewed
        "Approved 3",
        "Rejected 2",
        "Featured 1",
    ]:
        assert tab in text
    assert card_ids(response) == [old.pk, new.pk]


def test_an_empty_queue_says_so(desk, get_page):
    CommentFactory(pending=True)
    response = get_page(
        "/moderate/queue/featured/", using_client=desk, max_queries=DESK_QUERY_LIMIT
    )
    assert response.status_code == 200
    assert "Nothing here. Well done." in page_text(response)
    searched = desk.get(PENDING, {"q": "nobody wrote this"})
    assert "No comment in this queue matches the search." in page_text(searched)


def test_each_queue_holds_what_its_tab_says(desk):
    pending = CommentFactory(pending=True)
    reported = CommentFactory()
    report(reported, 1)
    reviewed = CommentFactory(moderated_at=timezone.now())
    report(reviewed, 1)  # reported before the review (the reports' time is now, see below)
    Report.objects.filter(comment=reviewed).update(created_at=timezone.now() - timedelta(days=1))
    rejected = CommentFactory(rejected=True)
    featured = CommentFactory(featured_at=timezone.now(), moderated_at=timezone.now())

    def shown(queue):
        return set(card_ids(desk.get(f"/moderate/queue/{queue}/")))

    assert shown("pending") == {pending.pk}
    assert shown("reported") == {reported.pk}
    assert shown("unmoderated") == {reported.pk}
    assert shown("approved") == {reported.pk, reviewed.pk, featured.pk}
    assert shown("rejected") == {rejected.pk}
    assert shown("featured") == {featured.pk}
    assert desk.get("/moderate/queue/nonsense/").status_code == 404


def test_a_card_shows_the_thread_every_hold_reason_the_reports_and_the_authors_record(desk):
    parent = CommentFactory(author_name="Ola", body="The wall was fine in May.")
    held = CommentFactory(
        parent=parent,
        pending=True,
        author_name="Bea",
        author_email="bea@example.org",
        ip_address="203.0.113.9",
        hold_reasons=["first comment from this author", "contains a link"],
    )
    report(held, 3, Report.Reason.SPAM)
    CommentFactory(author_email="bea@example.org", author_name="Bea")  # approved earlier
    CommentFactory(author_email="bea@example.org", author_name="Bea", rejected=True)

    text = page_text(desk.get(PENDING))

    assert f"Bea on {held.article.headline}" in text
    assert "In reply to Ola: The wall was fine in May." in text
    assert "Held because first comment from this author contains a link" in text
    assert "Reported 3 times Spam: 3" in text
    assert "bea@example.org" in text and "203.0.113.9" in text
    assert "Approved 1 · rejected 1 · reported 1 · featured 0" in text


def test_the_queue_runs_as_many_queries_with_three_comments_as_with_forty(desk):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert desk.get(PENDING).status_code == 200
        return len(captured)

    for n in range(3):
        c = CommentFactory(pending=True, author_email=f"a{n}@example.org")
        report(c, 1)
    few = queries()
    for n in range(40):
        c = CommentFactory(pending=True, author_email=f"b{n}@example.org")
        report(c, 2)
    assert queries() == few


def test_filters_by_section_and_article_and_search_by_text_name_email_and_ip(desk):
    politics = CategoryFactory(name="Politics", slug="politics")
    on_politics = CommentFactory(pending=True, article=ArticleFactory(category=politics))
    story = ArticleFactory()
    on_story = CommentFactory(pending=True, article=story, body="Rates are too high.")
    by_zoe = CommentFactory(
        pending=True,
        author_name="Zoë Quinn",
        author_email="zq@example.net",
        ip_address="2001:db8::7",
    )

    assert card_ids(desk.get(PENDING, {"section": "politics"})) == [on_politics.pk]
    assert card_ids(desk.get(PENDING, {"article": story.pk})) == [on_story.pk]
    assert card_ids(desk.get(PENDING, {"q": "rates are"})) == [on_story.pk]
    assert card_ids(desk.get(PENDING, {"q": "zoë"})) == [by_zoe.pk]
    assert card_ids(desk.get(PENDING, {"q": "zq@example"})) == [by_zoe.pk]
    assert card_ids(desk.get(PENDING, {"q": "2001:db8::7"})) == [by_zoe.pk]
    # Nonsense in the filters narrows nothing and breaks nothing.
    for nonsense in [
        {"section": "nope", "article": "x", "page": "99999999999"},
        {"page": "²", "article": "²"},
        {"page": "-1", "article": "0", "q": "x" * 500},
    ]:
        response = desk.get(PENDING, nonsense)
        assert response.status_code == 200
        assert len(card_ids(response)) == 3


def test_the_queue_comes_in_pages(desk, settings):
    comments = CommentFactory.create_batch(25, pending=True)
    first, second = desk.get(PENDING), desk.get(PENDING, {"page": 2})
    assert card_ids(first) == [c.pk for c in comments[:20]]
    assert card_ids(second) == [c.pk for c in comments[20:]]
    assert "Page 2 of 2" in page_text(second)


def test_what_a_reader_typed_is_shown_as_text(desk):
    CommentFactory(
        pending=True,
        author_name="<img src=x onerror=alert(1)>",
        body='<script>alert("x")</script>',
        hold_reasons=["<b>bold</b>"],
    )
    html = desk.get(PENDING).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html


# --- Deciding, one comment at a time --------------------------------------------------------


def test_approve_is_one_post_that_returns_to_the_next_comment_in_the_queue(desk, moderator):
    first, second = CommentFactory(pending=True), CommentFactory(pending=True)

    response = desk.post(
        f"/moderate/comments/{first.pk}/decide/",
        {"action": "approve", "next": f"{PENDING}?page=1", "next_anchor": f"card-{second.pk}"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PENDING}?page=1#card-{second.pk}"
    first.refresh_from_db()
    assert first.status == Status.APPROVED
    [decision] = first.decisions.all()
    assert (decision.action, decision.moderator) == (Action.APPROVE, moderator)
    followed = desk.get(response["Location"])
    assert card_ids(followed) == [second.pk]
    assert "1 comment approved." in page_text(followed)


def test_a_get_changes_nothing(desk):
    comment = CommentFactory(pending=True)
    assert desk.get(f"/moderate/comments/{comment.pk}/decide/?action=approve").status_code == 405
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_rejecting_asks_for_a_reason_and_records_it(desk, moderator):
    comment = CommentFactory(pending=True)

    refused = decide(desk, comment, "reject")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert "Choose the reason for rejecting" in page_text(desk.get(refused["Location"]))

    decide(desk, comment, "reject", reason="off-topic", explanation="About another article.")
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == (Status.REJECTED, "off-topic")
    decision = comment.decisions.get(action=Action.REJECT)
    assert (decision.reason, decision.explanation) == ("off-topic", "About another article.")
    assert decision.moderator == moderator


def test_a_reason_we_do_not_offer_is_refused(desk):
    comment = CommentFactory(pending=True)
    response = decide(desk, comment, "reject", reason="because")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert decide(desk, comment, "explode").status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_spam_feature_and_stop_featuring(desk):
    spam, good = CommentFactory(pending=True), CommentFactory()

    decide(desk, spam, "spam")
    decide(desk, good, "feature")
    spam.refresh_from_db()
    good.refresh_from_db()
    assert spam.status == Status.SPAM
    assert good.featured_at is not None
    assert card_ids(desk.get("/moderate/queue/featured/")) == [good.pk]

    decide(desk, good, "unfeature")
    good.refresh_from_db()
    assert good.featured_at is None
    assert list(good.decisions.values_list("action", flat=True)) == [
        Action.UNFEATURE,
        Action.FEATURE,
    ]


def test_a_comment_that_is_not_published_cannot_be_featured(desk):
    held = CommentFactory(pending=True)
    response = decide(desk, held, "feature")
    held.refresh_from_db()
    assert held.featured_at is None
    assert "Only a published comment can be featured." in page_text(desk.get(response["Location"]))


def test_banning_the_author_bans_their_address_and_marks_the_comment_as_spam(desk, moderator):
    comment = CommentFactory(pending=True, author_email="troll@example.org")

    decide(desk, comment, "ban", ban_reason="Third time this week")

    assert Ban.objects.filter(kind=Ban.Kind.EMAIL, value="troll@example.org").exists()
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    ban = comment.decisions.get(action=Action.BAN)
    assert ban.moderator == moderator and "Third time this week" in ban.explanation


def test_the_next_address_must_be_a_page_of_the_desk(desk):
    comment = CommentFactory(pending=True)
    for target in ["https://evil.example/", "//evil.example/moderate/", "/admin/"]:
        response = decide(desk, comment, "approve", next=target)
        assert response["Location"] == f"/moderate/comments/{comment.pk}/"


def test_with_htmx_the_card_comes_back_decided(desk):
    comment, after = CommentFactory(pending=True), CommentFactory(pending=True)

    response = desk.post(
        f"/moderate/comments/{comment.pk}/decide/",
        {"action": "approve", "next": PENDING, "next_anchor": f"card-{after.pk}"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="card card--approved" id="card-{comment.pk}"')
    assert "1 comment approved." in page_text(response)
    assert f'data-next="card-{after.pk}"' in html


def test_with_htmx_a_missing_reason_comes_back_on_the_card(desk):
    comment = CommentFactory(pending=True)
    response = desk.post(
        f"/moderate/comments/{comment.pk}/decide/",
        {"action": "reject", "next": PENDING},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Choose the reason for rejecting" in page_text(response)


# --- Deciding for many ----------------------------------------------------------------------


def bulk(client, **data):
    return client.post("/moderate/bulk/", {"next": PENDING, "queue": "pending", **data})


def test_bulk_approve_of_the_ticked_comments(desk):
    a, _b, c = CommentFactory.create_batch(3, pending=True)
    response = bulk(desk, action="approve", scope="selected", ids=[a.pk, c.pk])
    assert response["Location"] == PENDING
    assert sorted(Comment.objects.filter(status=Status.APPROVED).values_list("pk", flat=True)) == [
        a.pk,
        c.pk,
    ]
    assert "2 comments approved." in page_text(desk.get(PENDING))


def test_bulk_with_nothing_ticked_says_so(desk):
    CommentFactory(pending=True)
    response = bulk(desk, action="approve", scope="selected")
    assert "Tick at least one comment" in page_text(desk.get(response["Location"]))
    assert not Comment.objects.filter(status=Status.APPROVED).exists()


def test_all_on_this_page_without_javascript(desk):
    comments = CommentFactory.create_batch(3, pending=True)
    page = desk.get(PENDING)
    [page_ids] = [i["value"] for i in tags(page, "input") if i.get("name") == "page_ids"]
    bulk(desk, action="reject", reason="spam", scope="page", page_ids=page_ids)
    assert {c.status for c in Comment.objects.all()} == {Status.REJECTED}
    assert ModerationDecision.objects.filter(action=Action.REJECT, reason="spam").count() == len(
        comments
    )


def test_all_matching_acts_on_the_whole_filtered_queue_and_nothing_else(desk):
    story = ArticleFactory()
    on_story = CommentFactory.create_batch(25, pending=True, article=story)
    elsewhere = CommentFactory(pending=True)
    published_on_story = CommentFactory(article=story)

    bulk(desk, action="spam", scope="all", article=story.pk)

    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in on_story])} == {
        Status.SPAM
    }
    elsewhere.refresh_from_db()
    published_on_story.refresh_from_db()
    assert elsewhere.status == Status.PENDING
    assert published_on_story.status == Status.APPROVED


def test_bulk_rejects_a_list_of_ids_we_did_not_make(desk):
    CommentFactory(pending=True)
    for page_ids in ["1,2;DROP TABLE", "1,²", ",".join(["1"] * 201)]:
        response = bulk(desk, action="approve", scope="page", page_ids=page_ids)
        assert response.status_code == 302
    response = bulk(desk, action="approve", scope="selected", ids=["²", "1e3"])
    assert response.status_code == 302
    assert not Comment.objects.filter(status=Status.APPROVED).exists()


def test_banning_needs_the_ban_permission(desk, moderator):
    moderator.groups.first().permissions.remove(
        *moderator.groups.first().permissions.filter(codename="add_ban")
    )
    client = Client()
    client.force_login(moderator)
    comment = CommentFactory(pending=True)
    decide(client, comment, "ban")
    assert not Ban.objects.exists()
    assert "Ban author" not in page_text(client.get(PENDING))


# --- The comment's own page and the alert emails' signed links ------------------------------


def test_the_comment_page_shows_its_decisions_and_its_authors_history(desk, moderator, get_page):
    comment = CommentFactory(pending=True, author_email="bea@example.org")
    decide(desk, comment, "reject", reason="abusive", explanation="Name-calling.")

    response = get_page(f"/moderate/comments/{comment.pk}/", using_client=desk, max_queries=20)

    text = page_text(response)
    assert "Decisions on this comment" in text
    assert "Rejected by moderator · Abusive · “Name-calling.”" in text
    assert "The commenter’s history" in text
    assert "Approved 0 · rejected 1" in text


def test_the_signed_link_opens_the_comment_after_sign_in(moderator):
    comment = CommentFactory(pending=True)
    link = f"/moderate/open/{links.comment_token(comment)}/"
    client = Client()

    signed_out = client.get(link)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/accounts/login/?next=/moderate/open/")

    client.force_login(moderator)
    opened = client.get(link)
    assert opened["Location"] == f"/moderate/comments/{comment.pk}/"
    page = client.get(opened["Location"])
    buttons = {b.get("value") for b in tags(page, "button")}
    assert "approve" in buttons
    forms = [f for f in tags(page, "form") if f.get("action", "").endswith("/decide/")]
    assert forms and all(f["method"] == "post" for f in forms)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # opening it changed nothing


def test_a_changed_or_old_link_opens_nothing(desk, monkeypatch):
    comment = CommentFactory(pending=True)
    token = links.comment_token(comment)
    with monkeypatch.context() as past:
        fifteen_days_ago = time.time() - 15 * 24 * 3600
        past.setattr(signing.time, "time", lambda: fifteen_days_ago)
        old_token = links.comment_token(comment)
    other = CommentFactory(pending=True)

    forged = desk.get(f"/moderate/open/{token.replace(str(comment.pk), str(other.pk), 1)}x/")
    assert forged.status_code == 400
    assert "not valid" in page_text(forged)

    expired = desk.get(f"/moderate/open/{old_token}/")
    assert expired.status_code == 400
    assert "expired" in page_text(expired)


def test_an_alert_email_links_to_the_comment_on_the_desk(moderator, site_url):
    from comments import emails

    comment = CommentFactory(pending=True)
    review, queue = emails._admin_links(comment)
    assert review.startswith(f"{site_url}/moderate/open/")
    token = review.rsplit("/", 2)[-2]
    assert links.comment_from_token(token) == comment.pk
    assert queue == f"{site_url}/moderate/queue/pending/"


# --- The audit log --------------------------------------------------------------------------


@pytest.fixture
def decisions(desk, moderator):
    other = account("second", is_staff=True)
    a = CommentFactory(pending=True, author_name="Ana")
    b = CommentFactory(pending=True, author_name="Ben")
    decide(desk, a, "approve")
    decide(desk, b, "reject", reason="spam", explanation='=HYPERLINK("http://evil.example")')
    ModerationDecision.objects.create(action=Action.SPAM, moderator=other, comment=a)
    return a, b, other


def test_the_log_lists_every_decision_with_filters(desk, decisions, get_page):
    a, _b, other = decisions

    response = get_page("/moderate/log/", using_client=desk, max_queries=DESK_QUERY_LIMIT)
    text = page_text(response)
    assert "3 decisions" in text
    assert "Approved moderator" in text and "Rejected moderator Spam" in text

    assert "One decision" in page_text(desk.get("/moderate/log/", {"action": "reject"}))
    assert "One decision" in page_text(desk.get("/moderate/log/", {"moderator": other.pk}))
    assert "2 decisions" in page_text(desk.get("/moderate/log/", {"comment": a.pk}))
    today = timezone.localdate().isoformat()
    assert "3 decisions" in page_text(desk.get("/moderate/log/", {"since": today}))
    bad = desk.get("/moderate/log/", {"since": "yesterday", "action": "nonsense"})
    assert bad.status_code == 200


def test_the_log_exports_as_csv_without_formulas(desk, decisions):
    response = desk.get("/moderate/log/export.csv", {"action": "reject"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["time", "decision", "reason"]
    [row] = rows[1:]
    assert row[1:5] == ["Rejected", "Spam", '\'=HYPERLINK("http://evil.example")', "moderator"]


def test_the_admin_links_to_the_desk(desk):
    assert 'href="/moderate/"' in desk.get("/admin/").content.decode()
    assert 'href="/moderate/"' in desk.get("/admin/comments/comment/").content.decode()
