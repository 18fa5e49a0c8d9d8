"""Authors editing and deleting their comments, and readers reporting comments, as they do it
through the pages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, Report
from tests.factories import ArticleFactory, CommentFactory, trusted_guest
from tests.utils import comment_threads, page_text, tags

pytestmark = pytest.mark.django_db

DELETED_TEXT = "This comment was deleted."


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


# --- Editing --------------------------------------------------------------------------------


def test_the_author_edits_their_comment_and_it_shows_edited(browser, article):
    # A trusted guest: an earlier approved comment in this browser, the address confirmed.
    trusted_guest("ana@example.org", browser_key="ana-browser")
    comment = CommentFactory(
        article=article,
        browser_key="ana-browser",
        author_email="ana@example.org",
        body="Teh tide.",
    )
    ana = browser(key="ana-browser")
    page = ana.get(article.get_absolute_url())
    assert f"/comments/{comment.pk}/edit/" in [a.get("href") for a in tags(page, "a")]
    assert "edited" not in page_text(page).split()

    form = ana.get(f"/comments/{comment.pk}/edit/")
    assert "Teh tide." in form.content.decode()
    response = ana.post(f"/comments/{comment.pk}/edit/", {"body": "The tide."})

    assert response.status_code == 302
    page = Client().get(response["Location"])
    assert "The tide." in page_text(page)
    assert "Teh tide." not in page_text(page)
    assert "edited" in page_text(page).split()
    assert "Your comment is changed." in page_text(ana.get(article.get_absolute_url()))


def test_an_account_edits_its_comment_from_any_browser(browser, reader):
    comment = CommentFactory(user=reader)

    response = browser(user=reader).post(f"/comments/{comment.pk}/edit/", {"body": "Fixed."})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Fixed."


def test_the_edit_is_refused_after_the_time_allowed(browser):
    comment = CommentFactory(
        browser_key="ana-browser",
        body="Too late to fix.",
        created_at=timezone.now() - timedelta(minutes=15, seconds=5),
    )
    ana = browser(key="ana-browser")

    page = ana.get(f"/comments/{comment.pk}/edit/")
    response = ana.post(f"/comments/{comment.pk}/edit/", {"body": "Fixed anyway."})

    assert page.status_code == response.status_code == 403
    assert "can no longer be changed" in page_text(page)
    comment.refresh_from_db()
    assert comment.body == "Too late to fix."
    assert comment.edited_at is None


def test_the_edit_window_is_a_rule(browser, set_rules):
    set_rules(edit_minutes=60)
    comment = CommentFactory(
        browser_key="ana-browser", created_at=timezone.now() - timedelta(minutes=45)
    )

    response = browser(key="ana-browser").post(f"/comments/{comment.pk}/edit/", {"body": "Ok."})

    assert response.status_code == 302


@pytest.mark.parametrize("who", ["another browser", "a browser without the cookie", "account"])
def test_only_the_author_can_edit_or_delete(browser, reader, who):
    comment = CommentFactory(browser_key="ana-browser", body="Mine.")
    stranger = {
        "another browser": browser(key="someone-else"),
        "a browser without the cookie": browser(),
        "account": browser(user=reader),
    }[who]

    responses = [
        stranger.get(f"/comments/{comment.pk}/edit/"),
        stranger.post(f"/comments/{comment.pk}/edit/", {"body": "Not yours."}),
        stranger.get(f"/comments/{comment.pk}/delete/"),
        stranger.post(f"/comments/{comment.pk}/delete/"),
    ]

    assert [r.status_code for r in responses] == [403] * 4
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Mine.", Comment.Status.APPROVED)


def test_an_account_cannot_edit_a_guest_comment_from_the_same_browser(browser, reader):
    comment = CommentFactory(browser_key="ana-browser")

    signed_in = browser(key="ana-browser", user=reader)

    assert signed_in.post(f"/comments/{comment.pk}/edit/", {"body": "x"}).status_code == 403


def test_others_see_no_edit_or_delete_links(browser, article):
    comment = CommentFactory(article=article, browser_key="ana-browser")

    hrefs = [a.get("href") for a in tags(browser().get(article.get_absolute_url()), "a")]

    assert f"/comments/{comment.pk}/edit/" not in hrefs
    assert f"/comments/{comment.pk}/delete/" not in hrefs
    assert f"/comments/{comment.pk}/report/" in hrefs


def test_an_edit_must_still_fit_the_length_limits(browser):
    comment = CommentFactory(browser_key="ana-browser", body="Fine.")
    ana = browser(key="ana-browser")

    empty = ana.post(f"/comments/{comment.pk}/edit/", {"body": "  "})
    long = ana.post(f"/comments/{comment.pk}/edit/", {"body": "y" * 5001})

    assert empty.status_code == long.status_code == 400
    assert "Comments can be up to 5,000 characters" in page_text(long)
    comment.refresh_from_db()
    assert comment.body == "Fine."


def test_an_edit_that_adds_a_blocked_word_takes_the_comment_off_the_page(
    browser, article, set_rules
):
    set_rules(block_words="casino")
    comment = CommentFactory(article=article, browser_key="ana-browser", body="Harmless.")

    browser(key="ana-browser").post(f"/comments/{comment.pk}/edit/", {"body": "Visit casino."})

    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert "Visit casino." not in page_text(Client().get(article.get_absolute_url()))


# --- Deleting -------------------------------------------------------------------------------


def test_deleting_asks_first_then_removes_the_comment(browser, article):
    comment = CommentFactory(article=article, browser_key="ana-browser", body="Regrettable.")
    ana = browser(key="ana-browser")

    confirm = ana.get(f"/comments/{comment.pk}/delete/")
    assert confirm.status_code == 200
    assert "Delete your comment?" in page_text(confirm)
    assert Comment.objects.get().status == Comment.Status.APPROVED

    response = ana.post(f"/comments/{comment.pk}/delete/")

    assert response.status_code == 302
    page = Client().get(article.get_absolute_url())
    assert "Regrettable." not in page_text(page)
    assert DELETED_TEXT not in page_text(page)
    assert comment.pk not in comment_threads(page)[0]
    assert "0 comments" in page_text(page)


def test_a_deleted_comment_with_replies_stays_as_a_placeholder(browser, article):
    comment = CommentFactory(article=article, browser_key="ana-browser", body="Regrettable.")
    reply = CommentFactory(parent=comment, body="A reply that stays.")

    browser(key="ana-browser").post(f"/comments/{comment.pk}/delete/")

    page = Client().get(article.get_absolute_url())
    assert DELETED_TEXT in page_text(page)
    assert "Regrettable." not in page_text(page)
    assert comment_threads(page)[0] == {comment.pk: None, reply.pk: comment.pk}
    assert "1 comment" in page_text(page)
    assert Comment.objects.get(pk=comment.pk).body == ""


def test_a_deleted_comment_cannot_be_deleted_or_edited_again(browser):
    comment = CommentFactory(browser_key="ana-browser")
    ana = browser(key="ana-browser")
    ana.post(f"/comments/{comment.pk}/delete/")

    assert ana.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert ana.post(f"/comments/{comment.pk}/edit/", {"body": "Back."}).status_code == 403


def test_the_author_can_withdraw_a_held_comment(browser, article, post_comment):
    ana = browser()
    post_comment(ana, article, "On second thought.")
    comment = Comment.objects.get()

    ana.post(f"/comments/{comment.pk}/delete/")

    assert Comment.objects.get().status == Comment.Status.DELETED
    assert "On second thought." not in page_text(ana.get(article.get_absolute_url()))


# --- No address tells which hidden comments exist -------------------------------------------

# Every address that takes a comment's id, with the method a page uses on it.
COMMENT_ADDRESSES = [
    ("get", "/comments/{}/"),
    ("get", "/comments/{}/reply/"),
    ("post", "/comments/{}/vote/"),
    ("get", "/comments/{}/edit/"),
    ("post", "/comments/{}/edit/"),
    ("get", "/comments/{}/delete/"),
    ("post", "/comments/{}/delete/"),
    ("get", "/comments/{}/report/"),
    ("post", "/comments/{}/report/"),
]


def _hidden_comment(state):
    """A comment by someone else that readers cannot see, in each way it can be hidden."""
    match state:
        case "held" | "rejected" | "spam":
            status = {"held": "pending"}.get(state, state)
            return CommentFactory(browser_key="author-browser", status=status)
        case "withdrawn":
            return CommentFactory(browser_key="author-browser", deleted=True)
        case "withdrawn, only a held reply under it":
            comment = CommentFactory(browser_key="author-browser", deleted=True)
            CommentFactory(parent=comment, pending=True)
            return comment
        case "on a draft" | "on a scheduled article":
            trait = {"on a draft": "draft", "on a scheduled article": "scheduled"}[state]
            return CommentFactory(
                browser_key="author-browser", article=ArticleFactory(**{trait: True})
            )


HIDDEN_STATES = [
    "held",
    "rejected",
    "spam",
    "withdrawn",
    "withdrawn, only a held reply under it",
    "on a draft",
    "on a scheduled article",
]


def _answer(client, method, url):
    response = getattr(client, method)(url, {"body": "Changed.", "value": "up", "reason": "spam"})
    return response.status_code, page_text(response)


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("who", ["a guest", "an account", "staff"])
def test_a_hidden_comment_answers_every_address_as_an_id_never_used(
    browser, reader, moderator, state, who
):
    hidden = _hidden_comment(state)
    never_used = Comment.objects.order_by("pk").last().pk + 1000
    stranger = {
        "a guest": lambda: browser(key="someone-else"),
        "an account": lambda: browser(user=reader),
        "staff": lambda: browser(user=moderator),  # moderators use the admin, not these
    }[who]

    for method, address in COMMENT_ADDRESSES:
        answer = _answer(stranger(), method, address.format(hidden.pk))
        assert answer == _answer(stranger(), method, address.format(never_used)), address
        assert answer[0] == 404, address
    after = Comment.objects.get(pk=hidden.pk)
    assert (after.status, after.body, after.report_count, after.upvotes) == (
        hidden.status,
        hidden.body,
        0,
        0,
    )


@pytest.mark.parametrize("state", ["held", "spam", "on a draft", "on a scheduled article"])
def test_the_author_still_reaches_their_own_hidden_comment(browser, state):
    comment = _hidden_comment(state)
    author = browser(key="author-browser")

    assert author.get(f"/comments/{comment.pk}/delete/").status_code == 200
    assert author.post(f"/comments/{comment.pk}/delete/").status_code == 302
    comment.refresh_from_db()
    assert comment.is_deleted


def test_a_published_comment_of_someone_else_is_forbidden_not_hidden(browser):
    comment = CommentFactory(browser_key="author-browser")
    placeholder = CommentFactory(browser_key="author-browser", deleted=True)
    CommentFactory(parent=placeholder)  # its reply keeps it on the page

    for shown in (comment, placeholder):
        assert browser().get(f"/comments/{shown.pk}/edit/").status_code == 403
        assert browser().post(f"/comments/{shown.pk}/delete/").status_code == 403


# --- Reporting ------------------------------------------------------------------------------


def test_the_report_form_offers_a_short_list_of_reasons(client):
    comment = CommentFactory(body="Rude words.")

    response = client.get(f"/comments/{comment.pk}/report/")

    assert response.status_code == 200
    assert "Rude words." in page_text(response)
    offered = {i["value"] for i in tags(response, "input") if i.get("name") == "reason"}
    assert offered == set(Report.Reason.values)
    assert "Abusive: harassment, hate or threats" in page_text(response)


def test_enough_distinct_readers_reporting_a_comment_take_it_off_the_page(browser, article):
    comment = CommentFactory(article=article, body="Nasty remark.")

    for reader_number in range(3):
        response = browser().post(f"/comments/{comment.pk}/report/", {"reason": "abusive"})
        assert response.status_code == 302
        page = Client().get(article.get_absolute_url())
        shown = "Nasty remark." in page_text(page)
        assert shown == (reader_number < 2)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.report_count == 3


def test_the_same_reader_reporting_twice_counts_once(browser, set_rules, reader):
    set_rules(reports_to_hold=2)
    comment = CommentFactory()
    ben = browser()
    signed_in = browser(user=reader)

    codes = [
        client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"}).status_code
        for client in [ben, ben, signed_in, browser(user=reader)]
    ]

    assert codes == [302, 302, 302, 404]  # held after the second reader: nothing to report

    comment.refresh_from_db()
    assert comment.report_count == 2
    assert Report.objects.count() == 2
    assert comment.status == Comment.Status.PENDING


def test_reports_to_hold_is_a_rule(browser, set_rules):
    set_rules(reports_to_hold=1)
    comment = CommentFactory()

    browser().post(f"/comments/{comment.pk}/report/", {"reason": "off-topic"})

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("reason", ["", "because", "spam' OR 1=1"])
def test_a_report_needs_a_reason_from_the_list(browser, reason):
    comment = CommentFactory()

    response = browser().post(f"/comments/{comment.pk}/report/", {"reason": reason})

    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "deleted"])
def test_only_published_comments_can_be_reported(client, status):
    comment = CommentFactory(status=status)

    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_reports_from_one_address_are_limited_per_hour(browser, set_rules, rate_clock):
    set_rules(reports_per_hour=2, reports_to_hold=100)
    comments = CommentFactory.create_batch(3)
    for comment in comments[:2]:
        browser(ip="198.51.100.210").post(f"/comments/{comment.pk}/report/", {"reason": "spam"})

    refused = browser(ip="198.51.100.210").post(
        f"/comments/{comments[2].pk}/report/", {"reason": "spam"}
    )

    assert refused.status_code == 400
    assert "You have sent many reports in a short time" in page_text(refused)
    assert not Report.objects.filter(comment=comments[2]).exists()
    rate_clock.advance(60 * 60)
    browser(ip="198.51.100.210").post(f"/comments/{comments[2].pk}/report/", {"reason": "spam"})
    assert Report.objects.filter(comment=comments[2]).count() == 1
