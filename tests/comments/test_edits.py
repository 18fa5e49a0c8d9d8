"""Edits are moderated too: an author who is not trusted cannot use a moderator's approval of
one text to publish another; moderators see what changed; replies keep their place."""

import pytest
from django.test import Client

from comments.models import Comment, ModerationDecision
from comments.revisions import word_diff
from tests.factories import ArticleFactory, CommentFactory, account, trusted_guest
from tests.utils import page_text

pytestmark = pytest.mark.django_db

Status = Comment.Status
HELD_TEXT = "This comment is awaiting moderation."


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def test_an_approved_guest_cannot_swap_their_text_for_anything(
    browser, article, post_comment, moderator_client
):
    """The attack of issue 12: a guest whose first comment a moderator approved replaces it,
    within the edit window, and the new text stayed published with no alert."""
    ana = browser()
    post_comment(ana, article, "The harbour wall needs repair.")
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    moderator_client.post(
        "/admin/comments/comment/",
        {"action": "approve_comments", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED

    response = ana.post(f"/comments/{comment.pk}/edit/", {"body": "Buy cheap pills here."})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.reasons_shown()[0] == "edited"
    others = page_text(Client().get(article.get_absolute_url()))
    assert "Buy cheap pills" not in others
    assert "The harbour wall needs repair." not in others
    # The author sees their own comment, marked as waiting for a moderator.
    own = page_text(ana.get(article.get_absolute_url()))
    assert "Buy cheap pills here." in own
    assert "edited, awaiting moderation" in own
    assert "awaiting moderation and will be shown again" in own  # the message after saving
    # The audit log and the edit history say what happened.
    hold = ModerationDecision.objects.filter(comment=comment).first()
    assert hold.action == ModerationDecision.Action.HOLD
    assert hold.moderator is None
    assert hold.explanation_shown().startswith("edited")
    assert [r.body for r in comment.revisions.all()] == ["The harbour wall needs repair."]


def test_moderators_see_what_the_edit_changed_escaped(browser, article, moderator_client):
    comment = CommentFactory(article=article, browser_key="ana-browser", body="The tide is high.")

    browser(key="ana-browser").post(
        f"/comments/{comment.pk}/edit/", {"body": "The tide is <b>low</b>."}
    )

    page = moderator_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert "<del>high.</del><ins>&lt;b&gt;low&lt;/b&gt;.</ins>" in page
    assert "<b>low</b>" not in page


def test_approving_the_edit_publishes_the_new_text(browser, article, moderator_client):
    comment = CommentFactory(article=article, browser_key="ana-browser", body="Old text.")
    browser(key="ana-browser").post(f"/comments/{comment.pk}/edit/", {"body": "New text."})

    moderator_client.post(
        "/admin/comments/comment/",
        {"action": "approve_comments", "_selected_action": [comment.pk]},
    )

    text = page_text(Client().get(article.get_absolute_url()))
    assert "New text." in text
    assert "edited" in text.split()


@pytest.mark.parametrize("who", ["trusted guest", "trusted account", "staff"])
def test_a_trusted_authors_edit_stays_published(browser, article, who):
    if who == "trusted guest":
        trusted_guest("ana@example.org", browser_key="ana-browser")
        comment = CommentFactory(
            article=article, browser_key="ana-browser", author_email="ana@example.org"
        )
        client = browser(key="ana-browser")
    else:
        user = account("kim", is_staff=who == "staff")
        if who == "trusted account":
            CommentFactory(user=user)  # approved before, under a verified address
        comment = CommentFactory(article=article, user=user)
        client = browser(user=user)

    client.post(f"/comments/{comment.pk}/edit/", {"body": "Fixed a typo."})

    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Status.APPROVED, "Fixed a typo.")
    assert "Fixed a typo." in page_text(Client().get(article.get_absolute_url()))


def test_an_account_whose_only_approved_comment_is_this_one_is_not_trusted(browser, article):
    user = account("kim")
    comment = CommentFactory(article=article, user=user)

    browser(user=user).post(f"/comments/{comment.pk}/edit/", {"body": "Something else."})

    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_an_edit_is_held_where_a_new_comment_of_theirs_would_be(browser, article, set_rules):
    set_rules(hold="none")  # "Publish at once unless another rule holds it"
    comment = CommentFactory(article=article, browser_key="ana-browser")
    ana = browser(key="ana-browser")

    ana.post(f"/comments/{comment.pk}/edit/", {"body": "Fixed a typo."})
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED

    ana.post(f"/comments/{comment.pk}/edit/", {"body": "See https://a.example https://b.example"})
    comment.refresh_from_db()
    assert (comment.status, comment.reasons_shown()) == (Status.PENDING, ["edited", "2 links"])


def test_saving_the_same_text_changes_nothing(browser, article):
    comment = CommentFactory(article=article, browser_key="ana-browser", body="Same.")

    browser(key="ana-browser").post(f"/comments/{comment.pk}/edit/", {"body": "Same."})

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert not comment.revisions.exists()


# --- What readers see of the thread meanwhile ----------------------------------------------------


def test_replies_keep_their_place_under_a_thread_held_after_an_edit(browser, article, get_page):
    thread = CommentFactory(article=article, browser_key="ana-browser", body="Original point.")
    reply = CommentFactory(parent=thread, body="A reply that stays.")
    below = CommentFactory(parent=reply, body="And one below it.")
    other = CommentFactory(article=article, body="Another thread.")

    browser(key="ana-browser").post(f"/comments/{thread.pk}/edit/", {"body": "Swapped text."})

    response = get_page(article.get_absolute_url(), using_client=Client())
    text = page_text(response)
    assert HELD_TEXT in text
    assert "Original point." not in text and "Swapped text." not in text
    assert thread.author_name not in text
    assert "A reply that stays." in text and "And one below it." in text
    assert "Another thread." in text
    # The reply is still nested under the placeholder, the one below under the reply.
    html = response.content.decode()
    assert html.index(f'id="comment-{thread.pk}"') < html.index(f'id="comment-{reply.pk}"')
    assert html.index(f'id="comment-{reply.pk}"') < html.index(f'id="comment-{below.pk}"')
    assert f'id="comment-{other.pk}"' in html
    # Its own thread page ("Show more replies") works too.
    assert "A reply that stays." in page_text(Client().get(f"/comments/{thread.pk}/thread/"))


def test_a_reply_held_after_an_edit_keeps_its_own_replies_in_place(browser, article):
    thread = CommentFactory(article=article, body="The thread.")
    reply = CommentFactory(parent=thread, browser_key="ana-browser", body="Ana's reply.")
    CommentFactory(parent=reply, body="Ben answers Ana.")

    browser(key="ana-browser").post(f"/comments/{reply.pk}/edit/", {"body": "Changed."})

    text = page_text(Client().get(article.get_absolute_url()))
    assert "The thread." in text
    assert HELD_TEXT in text
    assert "Ana's reply." not in text and "Changed." not in text
    assert "Ben answers Ana." in text


def test_a_held_comment_without_replies_is_not_shown_to_others(browser, article):
    comment = CommentFactory(article=article, browser_key="ana-browser", body="Lonely.")

    browser(key="ana-browser").post(f"/comments/{comment.pk}/edit/", {"body": "Changed."})

    text = page_text(Client().get(article.get_absolute_url()))
    assert HELD_TEXT not in text
    assert "0 comments" in text


# --- The word diff ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "html"),
    [
        ("the tide is high", "the tide is high", "the tide is high"),
        ("the tide is high", "the tide is low", "the tide is <del>high</del><ins>low</ins>"),
        ("a b", "a x b", "a <ins>x </ins>b"),
        ("a x b", "a b", "a <del>x </del>b"),
        ("", "new", "<ins>new</ins>"),
        ("<i>", "<b>", "<del>&lt;i&gt;</del><ins>&lt;b&gt;</ins>"),
    ],
)
def test_the_word_diff_marks_words_taken_out_and_put_in(old, new, html):
    assert str(word_diff(old, new)) == html
