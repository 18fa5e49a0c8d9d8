"""The discussion with JavaScript off: every action is a plain link or form post.

And the pages anonymous readers get from the shared page cache, the same for everyone and so
without a CSRF token: the site judges a post by where it comes from (newsroom/csrf.py), so
every form on them works at the first press, with JavaScript or without, from a browser that
has never been here.
"""

import re

from playwright.sync_api import expect

from comments.models import Comment, ModerationRules, Report, Subscription, Vote
from tests.browser.conftest import (
    AWAITING,
    BROWSER_TEST,
    authors_in_order,
    comment_by,
    write,
)
from tests.factories import CommentFactory, vote_for

pytestmark = BROWSER_TEST


def test_without_javascript_a_reader_views_all_sorts_votes_reports_comments_and_replies(
    new_page, story
):
    ModerationRules.objects.filter(pk=1).update(threads_per_page=2)
    tomas = CommentFactory(article=story, author_name="Tomas Berg", body="Patched in 1998 too.")
    CommentFactory(article=story, author_name="Lena Fisk", body="Photos are on the noticeboard.")
    piet = CommentFactory(article=story, author_name="Piet Olsen", body="Who chairs it now?")
    for voter in "ab":
        vote_for(tomas, Vote.UP, voter_key=f"b{voter}")
    page = new_page(javascript=False)

    page.goto(story.get_absolute_url())
    expect(authors_in_order(page)).to_have_text(["Piet Olsen", "Lena Fisk"])
    expect(page.get_by_role("button", name="Load more comments")).to_be_hidden()
    pages = page.get_by_role("navigation", name="Pages of comments")
    pages.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"\?sort=newest&page=2#comments$"))
    expect(authors_in_order(page)).to_have_text(["Tomas Berg"])

    page.get_by_role("link", name="Most Voted").click()
    expect(page).to_have_url(re.compile(r"\?sort=votes#comments$"))
    expect(authors_in_order(page)).to_have_text(["Tomas Berg", "Piet Olsen"])
    pages.get_by_role("link", name="2").click()
    expect(authors_in_order(page)).to_have_text(["Lena Fisk"])

    lena = comment_by(page, "Lena Fisk")
    lena.get_by_role("button", name="Vote up").click()
    lena = comment_by(page, "Lena Fisk")
    expect(lena.locator(".vote__score")).to_have_text("1")
    expect(lena.get_by_role("button", name="Vote up")).to_have_attribute("aria-pressed", "true")

    comment_by(page, "Piet Olsen").get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a comment")
    page.get_by_label("Off topic").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_have_text(
        "Thank you. A moderator will look at this comment."
    )
    assert Report.objects.get().comment == piet

    write(
        page.locator("#comment-form"),
        "The committee should walk the wall at low tide.",
        name="Ana Lima",
        email="ana@example.org",
    )
    expect(page.get_by_role("status")).to_have_text(AWAITING)
    mine = comment_by(page, "Ana Lima")
    expect(mine).to_contain_text("The committee should walk the wall at low tide.")
    expect(mine.locator(".comment__pending")).to_have_text("awaiting moderation")

    pages.get_by_role("link", name="2").click()
    comment_by(page, "Tomas Berg").get_by_role("link", name="Reply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to Tomas Berg")
    expect(page.locator(".comment-quote")).to_have_text("Patched in 1998 too.")
    write(
        page.locator(f"#reply-form-{tomas.pk}"),
        "And again in 2004.",
        name="Ana Lima",
        email="ana@example.org",
    )
    expect(page.get_by_role("status")).to_have_text(AWAITING)
    reply = page.locator(f"#comment-{tomas.pk} .comment-replies .comment")
    expect(reply.locator(".comment__author")).to_have_text("Ana Lima")
    expect(reply).to_contain_text("And again in 2004.")
    expect(reply.locator(".comment__pending")).to_have_text("awaiting moderation")


def from_the_shared_cache(page, url):
    """Open a page as a reader without cookies gets it: the copy in the shared page cache."""
    response = page.goto(url)
    assert "public" in response.headers["cache-control"], "not the page from the shared cache"
    assert response.headers.get("set-cookie") is None
    return response


def test_without_javascript_fresh_browsers_post_every_form_of_a_cached_page_in_one_submit(
    new_page, story, settings
):
    """Each action from a new browser without JavaScript, on the article page everyone
    gets: one press, and it is done (no second press, no "send it again")."""
    settings.PAGE_CACHE_SECONDS = 300
    tomas = CommentFactory(article=story, author_name="Tomas Berg", body="Patched in 1998 too.")
    piet = CommentFactory(article=story, author_name="Piet Olsen", body="Who chairs it now?")
    url = story.get_absolute_url()
    new_page(javascript=False).goto(url)  # another reader, first: the page is in the cache
    refused = []

    def fresh_browser():
        page = new_page(javascript=False)
        page.on("response", lambda r: r.status == 403 and refused.append(r.url))
        from_the_shared_cache(page, url)
        return page

    page = fresh_browser()
    write(page.locator("#comment-form"), "Posted in one go.", name="Ana Lima", email="a@b.org")
    expect(page.get_by_role("status")).to_have_text(AWAITING)
    expect(comment_by(page, "Ana Lima")).to_contain_text("Posted in one go.")

    page = fresh_browser()
    comment_by(page, "Tomas Berg").get_by_role("link", name="Reply").click()
    write(
        page.locator(f"#reply-form-{tomas.pk}"), "And in 2004.", name="Olga Dahl", email="o@b.org"
    )
    expect(page.get_by_role("status")).to_have_text(AWAITING)
    expect(page.locator(f"#comment-{tomas.pk} .comment-replies")).to_contain_text("And in 2004.")

    page = fresh_browser()
    comment_by(page, "Piet Olsen").get_by_role("button", name="Vote up").click()
    expect(comment_by(page, "Piet Olsen").locator(".vote__score")).to_have_text("1")

    page = fresh_browser()
    comment_by(page, "Piet Olsen").get_by_role("link", name="Report").click()
    page.get_by_label("Off topic").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_have_text(
        "Thank you. A moderator will look at this comment."
    )

    page = fresh_browser()
    notify = page.locator("#notify-form")
    notify.get_by_label("new follow-up comments").check()
    notify.get_by_label("Your email").fill("ines@example.org")
    notify.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("status")).to_contain_text("a link to confirm it is on its way there")

    assert refused == []
    assert Comment.objects.get(author_name="Ana Lima").body == "Posted in one go."
    assert Comment.objects.get(author_name="Olga Dahl").parent == tomas
    assert Vote.objects.get().comment == piet
    assert Report.objects.get().comment == piet
    assert Subscription.objects.get().email == "ines@example.org"


def test_with_javascript_a_cached_page_votes_and_comments_without_asking_twice(
    new_page, story, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    CommentFactory(article=story, author_name="Lena Fisk", body="Photos are on the noticeboard.")
    new_page(javascript=False).goto(story.get_absolute_url())  # someone else, first
    page = new_page()
    refused = []
    page.on("response", lambda r: r.status == 403 and refused.append(r.url))

    response = page.goto(story.get_absolute_url())
    assert "public" in response.headers["cache-control"], "not the page from the shared cache"
    assert response.headers.get("set-cookie") is None
    lena = comment_by(page, "Lena Fisk")
    lena.get_by_role("button", name="Vote up").click()
    expect(lena.locator(".vote__score")).to_have_text("1")
    expect(lena.get_by_role("button", name="Vote up")).to_have_attribute("aria-pressed", "true")

    write(
        page.locator("#comment-form"),
        "Posted from the page everyone gets, with JavaScript.",
        name="Ana Lima",
        email="ana@example.org",
    )
    expect(page.locator("#comments").get_by_role("status")).to_have_text(AWAITING)
    expect(comment_by(page, "Ana Lima")).to_contain_text("with JavaScript.")
    assert refused == []
    assert Comment.objects.filter(author_name="Ana Lima").exists()
