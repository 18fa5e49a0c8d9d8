"""A long discussion in pages of threads, and long threads cut short: with JavaScript (htmx
puts the rest in place) and without (plain links to the next page and to the thread's own
page); and a comment's permalink, as notification emails carry it, on the right page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import ModerationRules
from tests.browser.conftest import BROWSER_TEST, authors_in_order, comment_by
from tests.factories import CommentFactory

pytestmark = BROWSER_TEST


def threads_by(story, *names):
    """Top-level comments, the first name the newest."""
    now = timezone.now()
    return [
        CommentFactory(article=story, author_name=name, created_at=now - timedelta(minutes=n))
        for n, name in enumerate(names)
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_pages_through_the_threads(new_page, story, javascript):
    ModerationRules.objects.filter(pk=1).update(threads_per_page=2)
    threads_by(story, "Ana", "Ben", "Cleo", "Dag", "Eva")
    page = new_page(javascript=javascript)

    page.goto(story.get_absolute_url())
    expect(authors_in_order(page)).to_have_text(["Ana", "Ben"])
    more = page.get_by_role("button", name="Load more comments")
    pages = page.get_by_role("navigation", name="Pages of comments")
    expect(pages.get_by_role("link")).to_have_text(["1", "2", "3", "Next"])

    if javascript:
        more.click()
        expect(authors_in_order(page)).to_have_text(["Ana", "Ben", "Cleo", "Dag"])
        more.click()
        expect(authors_in_order(page)).to_have_text(["Ana", "Ben", "Cleo", "Dag", "Eva"])
        expect(more).to_have_count(0)
        assert page.url.endswith(story.get_absolute_url())  # appended, not a new page
    else:
        expect(more).to_be_hidden()
        pages.get_by_role("link", name="Next").click()
        expect(authors_in_order(page)).to_have_text(["Cleo", "Dag"])
        expect(pages.get_by_role("link", name="2")).to_have_attribute("aria-current", "page")
        pages.get_by_role("link", name="3").click()
        expect(authors_in_order(page)).to_have_text(["Eva"])
        expect(pages.get_by_role("link", name="Next")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_long_thread_shows_the_rest_of_its_replies_on_request(new_page, story, javascript):
    ModerationRules.objects.filter(pk=1).update(replies_shown=2)
    [top] = threads_by(story, "Ana")
    for name in ["Ben", "Cleo", "Dag", "Eva"]:
        CommentFactory(parent=top, author_name=name, body=f"{name} was there.")
    page = new_page(javascript=javascript)

    page.goto(story.get_absolute_url())
    thread = page.locator(f"#comment-{top.pk}")
    expect(thread.locator(".comment__author")).to_have_text(["Ana", "Ben", "Cleo"])
    thread.get_by_role("link", name="Show 2 more replies").click()

    if javascript:
        expect(thread.locator(".comment__author")).to_have_text(
            ["Ana", "Ben", "Cleo", "Dag", "Eva"]
        )
        assert page.url.endswith(story.get_absolute_url())  # in place
    else:
        expect(page.get_by_role("heading", level=1)).to_contain_text(story.headline)
        expect(page.locator(".comment__author")).to_have_text(["Ana", "Ben", "Cleo", "Dag", "Eva"])
    expect(comment_by(page, "Eva")).to_contain_text("Eva was there.")
    expect(page.get_by_role("link", name="more replies")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_permalink_from_an_email_lands_on_the_page_that_holds_the_comment(
    new_page, story, javascript
):
    ModerationRules.objects.filter(pk=1).update(threads_per_page=3)
    *_, old = threads_by(story, "Ana", "Ben", "Cleo", "Dag", "Eva", "Finn", "Gro")
    reply = CommentFactory(parent=old, author_name="Hal", body="Still true today.")
    page = new_page(javascript=javascript)

    page.goto(reply.get_absolute_url())  # what the "read it and reply" email links to

    assert page.url.endswith(f"{story.get_absolute_url()}?page=3#comment-{reply.pk}")
    expect(authors_in_order(page)).to_have_text(["Gro"])
    target = page.locator(":target")
    expect(target).to_have_attribute("id", f"comment-{reply.pk}")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("Still true today.")
