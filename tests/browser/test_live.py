"""Live updates in real browsers: two readers on one article, one posts, a moderator
approves, the other is told "1 new comment" and puts it in place.

The live stream is an async view that needs an ASGI server (pytest-django's live server is
a WSGI one), so here the whole site is served by uvicorn in a thread of this process, as
the stream is served in production, on the same origin as the pages.
"""

import socket
import threading
import time

import pytest
import uvicorn
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from playwright.sync_api import expect

from comments import services
from comments.models import Comment, ModerationRules
from newsroom.asgi import application
from tests.browser.conftest import BROWSER_TEST, TIMEOUT_MS, Watch, comment_by, write
from tests.factories import CommentFactory

pytestmark = BROWSER_TEST


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def asgi_site(transactional_db, settings):
    """The site served by uvicorn (the ASGI server of the live stream) for this test."""
    settings.LIVE_URL = ""
    settings.LIVE_ALLOW_ORIGIN = ""
    rules = ModerationRules.objects.get(pk=1)
    rules.min_seconds_to_write = 0  # a browser types faster than the bot check allows
    rules.save()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            ASGIStaticFilesHandler(application),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def reader_page(browser, asgi_site):
    """A new reader (a browser context of their own) on the ASGI-served site."""
    watch = Watch(asgi_site)
    contexts = []

    def make():
        context = browser.new_context(
            base_url=asgi_site, viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", watch.page)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not watch.problems, "\n".join(watch.problems)


def test_a_comment_approved_while_another_reader_reads_reaches_them_live(
    reader_page, story, moderator
):
    CommentFactory(article=story, author_name="Rui Lopes", body="The wall was repaired in 2019.")
    writer, reader = reader_page(), reader_page()
    for page in (writer, reader):
        page.goto(story.get_absolute_url())
    expect(reader.locator("html")).to_have_attribute("data-live-stream", "open")
    reader.evaluate("() => { window.stillThisPage = true; }")
    news = reader.get_by_role("button", name="new comment")

    write(
        writer.locator("#comment-form"),
        "The water came through again last night.",
        name="Ana Lima",
        email="ana@example.org",
    )
    expect(comment_by(writer, "Ana Lima").locator(".comment__pending")).to_be_visible()
    # Held for a moderator: the other reader hears nothing of it.
    reader.wait_for_timeout(1500)
    expect(news).to_be_hidden()

    held = Comment.objects.get(author_name="Ana Lima")
    services.comment_moderate(
        comments=Comment.objects.filter(pk=held.pk),
        status=Comment.Status.APPROVED,
        moderator=moderator,
    )

    # Within two seconds the reader is told, and nothing on their page has moved yet.
    expect(news).to_have_text("1 new comment", timeout=2000)
    expect(comment_by(reader, "Ana Lima")).to_have_count(0)

    news.focus()
    reader.keyboard.press("Enter")

    inserted = reader.locator(f"#comment-{held.pk}")
    expect(inserted).to_contain_text("The water came through again last night.")
    expect(inserted).to_have_class("comment-item comment-item--live")
    expect(inserted.locator(".comment__pending")).to_have_count(0)
    expect(news).to_be_hidden()
    # Put in place on the page the reader had, with the discussion already there.
    assert reader.evaluate("() => window.stillThisPage === true")
    expect(comment_by(reader, "Rui Lopes")).to_be_visible()


def test_a_live_reply_goes_into_its_folded_thread_and_opens_it(reader_page, story, moderator):
    top = CommentFactory(article=story, author_name="Rui Lopes", body="The wall was repaired.")
    CommentFactory(parent=top, author_name="Lena Fisk", body="Only half of it.")
    reader = reader_page()
    reader.goto(story.get_absolute_url())
    expect(reader.locator("html")).to_have_attribute("data-live-stream", "open")
    thread = reader.locator(f"#comment-{top.pk} > details.comment-thread")
    thread.locator("summary").click()
    expect(comment_by(reader, "Lena Fisk")).to_be_hidden()

    reply = CommentFactory(
        parent=top, pending=True, author_name="Ana Lima", body="The other half fell."
    )
    services.comment_moderate(
        comments=Comment.objects.filter(pk=reply.pk),
        status=Comment.Status.APPROVED,
        moderator=moderator,
    )
    reader.get_by_role("button", name="1 new comment").click()

    inserted = thread.locator(f":scope > ol.comment-replies > #comment-{reply.pk}")
    expect(inserted).to_contain_text("The other half fell.")
    expect(thread).to_have_attribute("open", "")
    expect(comment_by(reader, "Lena Fisk")).to_be_visible()
