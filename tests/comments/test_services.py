"""The workflows behind the pages: posting, editing, deleting, reporting, moderating, banning."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from comments import bans, services
from comments.identity import Reader
from comments.models import Ban, Comment, ModerationRules, Report
from tests.factories import ArticleFactory, CommentFactory, trusted_guest

pytestmark = pytest.mark.django_db

Status = Comment.Status


def guest(key="ana-browser", ip="203.0.113.1"):
    return Reader(user=None, browser_key=key, ip=ip)


def post(article, body="A comment.", reader=None, **kwargs):
    kwargs.setdefault("author_name", "Ana Lima")
    kwargs.setdefault("author_email", "ana@example.org")
    kwargs.setdefault("seconds_taken", 30.0)
    return services.comment_post(article=article, reader=reader or guest(), body=body, **kwargs)


# --- comment_post ---------------------------------------------------------------------------


def test_a_comment_is_stored_as_the_reader_wrote_it_and_rendered_once():
    article = ArticleFactory()

    comment = post(
        article,
        "  Line one\r\nline two\x07  ",
        author_name="  Ana Lima ",
        author_email=" Ana@Example.ORG ",
        reader=guest(ip="2001:db8::7"),
    )

    comment.refresh_from_db()
    assert comment.body == "Line one\nline two"
    assert comment.body_html == "<p>Line one<br>line two</p>"
    assert (comment.author_name, comment.author_email) == ("Ana Lima", "ana@example.org")
    assert (comment.browser_key, comment.ip_address) == ("ana-browser", "2001:db8::7")
    assert (comment.parent, comment.root, comment.depth) == (None, None, 0)


def test_an_account_comments_under_its_own_name_and_email():
    user = User.objects.create_user("tide", email="tide@example.org", first_name="Tide")

    comment = post(
        ArticleFactory(),
        reader=Reader(user=user, browser_key="some-browser", ip="203.0.113.1"),
        author_name="Pretender",
        author_email="pretender@example.org",
    )

    assert (comment.author_name, comment.author_email) == ("Tide", "tide@example.org")
    assert comment.user == user
    assert comment.browser_key == ""


def test_an_account_without_a_full_name_comments_under_its_username():
    user = User.objects.create_user("tidewatcher")

    comment = post(ArticleFactory(), reader=Reader(user=user, browser_key="k", ip=None))

    assert comment.author_name == "tidewatcher"


@pytest.mark.parametrize(
    "article",
    [
        {"comments_open": False},
        {"draft": True},
        {"scheduled": True},
    ],
)
def test_no_comment_on_a_closed_or_unpublished_article(article):
    with pytest.raises(services.CommentRefused):
        post(ArticleFactory(**article))
    assert not Comment.objects.exists()


def test_replies_record_their_thread_and_depth(set_rules):
    set_rules(hold="none")
    top = CommentFactory()
    child = post(top.article, "Child.", parent=top)
    grandchild = post(top.article, "Grandchild.", parent=child)

    assert (child.parent, child.root, child.depth) == (top, top, 1)
    assert (grandchild.parent, grandchild.root, grandchild.depth) == (child, top, 2)


def test_a_reply_beyond_the_deepest_level_joins_the_deepest_allowed_ancestor(set_rules):
    set_rules(hold="none")
    chain = [CommentFactory()]
    for _ in range(4):
        chain.append(CommentFactory(parent=chain[-1]))
    assert chain[-1].depth == ModerationRules.current().max_depth - 1

    reply = post(chain[0].article, "Deeper.", parent=chain[-1])
    reply_to_reply = post(chain[0].article, "Deeper still.", parent=reply, reader=guest("b"))

    assert (reply.parent, reply.depth, reply.root) == (chain[3], 4, chain[0])
    assert (reply_to_reply.parent, reply_to_reply.depth) == (chain[3], 4)


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "deleted"])
def test_a_reply_needs_a_published_parent(status):
    parent = CommentFactory(status=status)

    with pytest.raises(services.CommentRefused):
        post(parent.article, parent=parent)
    assert Comment.objects.count() == 1


def test_a_reply_needs_a_parent_on_the_same_article():
    parent = CommentFactory()

    with pytest.raises(services.CommentRefused):
        post(ArticleFactory(), parent=parent)


# --- comment_edit ---------------------------------------------------------------------------


def test_an_edit_changes_the_text_and_marks_it_edited():
    # A trusted guest (an earlier approved comment, the address confirmed by a link) edits.
    trusted_guest("ana@example.org", browser_key="ana-browser")
    comment = CommentFactory(
        browser_key="ana-browser", author_email="ana@example.org", body="Old."
    )

    services.comment_edit(comment=comment, reader=guest(), body="New https://example.org")

    comment.refresh_from_db()
    assert comment.body == "New https://example.org"
    assert 'href="https://example.org"' in comment.body_html
    assert comment.edited_at is not None
    assert comment.status == Status.APPROVED
    assert [r.body for r in comment.revisions.all()] == ["Old."]


def test_an_edit_is_judged_by_the_rules_again():
    trusted_guest("ana@example.org", browser_key="ana-browser")
    comment = CommentFactory(browser_key="ana-browser", author_email="ana@example.org")

    services.comment_edit(
        comment=comment, reader=guest(), body="Now https://a.example and https://b.example"
    )

    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.reasons_shown() == ["edited", "2 links"]
    assert comment.held_because == "edited"


def test_editing_a_held_comment_does_not_publish_it():
    CommentFactory(browser_key="ana-browser", author_email="ana@example.org")  # trusted
    held = CommentFactory(
        pending=True,
        browser_key="ana-browser",
        author_email="ana@example.org",
        body="https://a.example https://b.example",
    )

    services.comment_edit(comment=held, reader=guest(), body="No links now.")

    held.refresh_from_db()
    assert held.status == Status.PENDING
    assert held.body == "No links now."


def test_only_the_author_edits_and_only_in_time():
    comment = CommentFactory(browser_key="ana-browser", body="Untouched.")
    old = CommentFactory(
        browser_key="ana-browser", created_at=timezone.now() - timedelta(minutes=16)
    )
    gone = CommentFactory(browser_key="ana-browser", deleted=True)
    rejected = CommentFactory(browser_key="ana-browser", rejected=True)

    for target, reader in [
        (comment, guest("ben-browser")),
        (old, guest()),
        (gone, guest()),
        (rejected, guest()),
    ]:
        with pytest.raises(services.CommentRefused):
            services.comment_edit(comment=target, reader=reader, body="Changed.")
    comment.refresh_from_db()
    assert comment.body == "Untouched."


# --- comment_delete -------------------------------------------------------------------------


def test_a_deleted_comment_keeps_no_text():
    comment = CommentFactory(browser_key="ana-browser", body="Regret.")

    services.comment_delete(comment=comment, reader=guest())

    comment.refresh_from_db()
    assert (comment.status, comment.body, comment.body_html) == (Status.DELETED, "", "")
    with pytest.raises(services.CommentRefused):
        services.comment_delete(comment=comment, reader=guest())


def test_only_the_author_deletes():
    comment = CommentFactory(browser_key="ana-browser")

    with pytest.raises(services.CommentRefused):
        services.comment_delete(comment=comment, reader=guest("ben-browser"))
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


# --- comment_report -------------------------------------------------------------------------


def reporter(key):
    """A guest reporting from an address of their own (one address weighs once)."""
    return guest(key, ip=f"203.0.113.{ord(key[0]) % 200 + 10}")


def test_reports_from_distinct_readers_hold_the_comment():
    comment = CommentFactory()

    results = [
        services.comment_report(comment=comment, reader=reporter(key), reason="abusive")
        for key in ["a", "b", "b", "c"]
    ]

    comment.refresh_from_db()
    assert results == [True, True, False, True]
    assert comment.report_count == 3
    assert comment.status == Status.PENDING
    assert comment.reasons_shown() == ["reported by 3 or more readers"]


def test_a_comment_approved_after_review_needs_new_reports_to_be_held_again():
    comment = CommentFactory()
    for key in "abc":
        services.comment_report(comment=comment, reader=reporter(key), reason="abusive")
    services.comment_moderate(comments=Comment.objects.filter(pk=comment.pk), status="approved")

    comment = Comment.objects.get(pk=comment.pk)
    services.comment_report(comment=comment, reader=reporter("d"), reason="abusive")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED

    for key in "ef":
        services.comment_report(comment=comment, reader=reporter(key), reason="abusive")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    # The three dismissed reports are kept but count no more.
    assert comment.report_count == 3
    assert comment.reports.count() == 6


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "deleted"])
def test_only_published_comments_are_reported(status):
    comment = CommentFactory(status=status)

    with pytest.raises(services.CommentRefused):
        services.comment_report(comment=comment, reader=guest(), reason="spam")
    assert not Report.objects.exists()


# --- comment_moderate and ban_create --------------------------------------------------------


def test_moderating_sets_the_status_and_the_time():
    comments = CommentFactory.create_batch(3, pending=True)
    untouched = CommentFactory(pending=True)

    changed = services.comment_moderate(
        comments=Comment.objects.filter(pk__in=[c.pk for c in comments]), status="rejected"
    )

    assert changed == 3
    assert set(Comment.objects.filter(status="rejected").values_list("pk", flat=True)) == {
        c.pk for c in comments
    }
    assert Comment.objects.filter(moderated_at__isnull=False).count() == 3
    untouched.refresh_from_db()
    assert untouched.status == Status.PENDING


def test_moderating_to_an_unknown_status_is_refused():
    comment = CommentFactory()

    with pytest.raises(ValueError):
        services.comment_moderate(comments=Comment.objects.all(), status="published")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_a_ban_is_stored_once_in_lower_case(moderator):
    first, created = bans.ban_create(
        kind=Ban.Kind.EMAIL, value=" Troll@Example.ORG ", moderator=moderator
    )
    again, created_again = bans.ban_create(
        kind=Ban.Kind.EMAIL, value="troll@example.org", reason="again"
    )

    assert (first, created, created_again) == (again, True, False)
    assert (first.value, first.created_by) == ("troll@example.org", moderator)
    assert Ban.objects.count() == 1


@pytest.mark.parametrize("value", ["", "   ", None])
def test_an_empty_ban_is_refused(value):
    with pytest.raises(ValidationError):
        bans.ban_create(kind=Ban.Kind.IP, value=value)
    assert not Ban.objects.exists()
