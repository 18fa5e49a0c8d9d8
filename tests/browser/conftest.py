"""Real-browser tests: Playwright for Python steering Debian's Chromium (/usr/bin/chromium)
against the site served by pytest-django's live server.

Playwright never downloads a browser here; scripts/ensure-chromium installs Debian's
package. Without it these tests are skipped on a developer's machine, with a reason that
says how to get it, and stop the run on CI (CI=true), where they must run.

Every page a test opens is watched: a JavaScript error, an error in the console (a Content
Security Policy violation among them), a stylesheet, script, image or fetch that fails, or
a request to any other site fails the test.

The live server runs in this process, so a test reads the email the site sent from
django.core.mail.outbox (tasks run at once in tests) and changes settings with pytest-django's
`settings` fixture. Tests mark themselves with BROWSER_TEST: transactional, because the
server's threads must see the rows the test made, with the groups and rules that the
migrations made restored for each test.
"""

import os
from pathlib import Path

import pytest

from comments.feedback import locate
from comments.models import ModerationRules, Passage
from tests.factories import ArticleFactory, ContributorFactory

CHROMIUM = Path("/usr/bin/chromium")
# What this machine's Chromium needs headless (see the README, "Browser tests"): no sandbox
# as root, no GPU, and none of the background connections a closed network refuses.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_GET_CHROMIUM = (
    f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-chromium "
    "(or: sudo apt-get install chromium) to run the browser tests"
)
# Longest wait for something to appear on a page; they take well under a second here.
TIMEOUT_MS = 10_000

BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    ours = [item for item in items if HERE in Path(item.path).resolve().parents]
    if not ours:
        return
    if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
        raise pytest.UsageError(f"{HOW_TO_GET_CHROMIUM}. CI must run them: not skipping.")
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=HOW_TO_GET_CHROMIUM))


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """One headless Chromium for all the browser tests; each test gets fresh contexts.

    While Playwright's sync API is started, an asyncio loop is marked as running in this
    thread. Django then takes the thread for async code: it refuses ORM calls unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set (the tests' queries are plain synchronous code, so it
    is, while the browser runs), and gives the thread database connections of their own.
    Those get the data the migrations made (groups, permissions, the rules row), which
    serialized rollback restores before each test, and are closed when the browser stops.
    Package-scoped, so that the rest of the suite runs after these tests as it always does.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    migrated = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    allowed = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, contents in migrated.items():
                connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
            )
            yield chromium
            chromium.close()
            with django_db_blocker.unblock():
                connections.close_all()
    finally:
        if allowed is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allowed


@pytest.fixture
def site(live_server, settings, transactional_db):
    """The live server's address, serving uploads too (tests/browser/urls.py).

    A browser fills in a comment form in well under the three seconds after which the
    default moderation rules stop taking it for a bot: here the rules ask for none.
    """
    settings.ROOT_URLCONF = "tests.browser.urls"
    rules = ModerationRules.objects.get(pk=1)
    rules.min_seconds_to_write = 0
    rules.save()
    return live_server.url


class Watch:
    """What went wrong on a context's pages, besides what the test itself checks."""

    def __init__(self, origin):
        self.origin = origin
        self.problems = []

    def page(self, page):
        page.on("console", lambda message: self.console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("response", self.response)
        page.on("requestfailed", self.request_failed)
        page.on("request", self.request)

    def console(self, page, message):
        text = message.text
        where = message.location.get("url") or page.url
        if "Content Security Policy" in text:
            self.problems.append(f"CSP violation on {where}: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            # A failed resource is reported with its address by response() instead.
            self.problems.append(f"console error on {where}: {text}")

    def response(self, response):
        request = response.request
        # Pages themselves may answer 400 or 403 (a form with errors, a post refused as
        # another site's): the tests check what those say. Nothing a page loads may fail.
        if response.status >= 400 and request.resource_type != "document":
            self.problems.append(f"{response.status} for {request.resource_type} {response.url}")

    def request_failed(self, request):
        failure = request.failure or ""
        # A navigation cancels what the previous page still had in flight.
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"{request.resource_type} {request.url} failed: {failure}")

    def request(self, request):
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.problems.append(f"request to another site: {request.url}")


@pytest.fixture
def new_page(browser, site):
    """A page in a new browser context (its own cookies and storage: another reader).

    `javascript=False` turns JavaScript off; `viewport=(width, height)` sets the window;
    `color_scheme="dark"` asks for the dark palette. Fails the test, after it, if anything
    on these pages went wrong (see Watch).
    """
    watch = Watch(site)
    contexts = []

    def make(*, javascript=True, viewport=(1280, 900), color_scheme="light"):
        width, height = viewport
        context = browser.new_context(
            base_url=site,
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            # After each post the page scrolls smoothly to the comment unless the reader asks
            # for less motion; Playwright would wait a second for that scroll to settle
            # before every next click.
            reduced_motion="reduce",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", watch.page)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not watch.problems, "\n".join(watch.problems)


@pytest.fixture
def page(new_page):
    """A reader's page, JavaScript on, desktop window."""
    return new_page()


# --- What the pages show ---------------------------------------------------------------------

STORY_BODY = """\
The sea wall that shelters the old harbour has been cracking for three winters, and the
council's own inspection notes show that it knew.

Fishermen who moor inside the wall first noticed the gaps in the stone after the storms of
the first winter. By the second, water was coming through at high tide.

The council knew about the cracks in the harbour wall two years before the first repairs.
Its engineers wrote so in a report that was never put before the harbour committee.

## What the report said

The report, which we have read, lists eleven places where the mortar has washed out and two
where the stones themselves have moved. It recommends repairs "within the year".

The repairs that followed were limited to the two worst places. The rest, the engineers
wrote the next spring, "can wait for the capital programme".

## What happens next

The harbour committee meets on Thursday. Its chair says the whole report will be on the
table, and that she wants to know why the committee never saw it.

Residents of the harbour streets have been asked to send in photographs of the wall, and of
the water that comes over it on the highest tides, before the meeting.

Until then the boats stay where they are, and the water keeps coming through the stones.
"""
PASSAGE = (
    "The council knew about the cracks in the harbour wall two years before the first repairs."
)


@pytest.fixture
def story(transactional_db):
    """A published article of several paragraphs with a passage open for inline feedback."""
    article = ArticleFactory(
        headline="The harbour wall is cracking, and the council knew",
        slug="harbour-wall",
        standfirst="An inspection report that never reached the harbour committee.",
        body=STORY_BODY,
        authors=[ContributorFactory(name="Mira Holt", slug="mira-holt")],
    )
    Passage.objects.create(
        article=article,
        text=PASSAGE,
        question="Did you see the cracks yourself?",
        position=locate(article.body_html, PASSAGE),
    )
    return article


AWAITING = "Thank you: your comment is awaiting moderation and will appear once approved."


def authors_in_order(page):
    """The authors of the top-level comments, in the order the page lists them."""
    return page.locator("#comment-threads > .comment-list > li > .comment .comment__author")


def comment_by(page, author):
    """The comment (its article element) written by `author`."""
    return page.locator(".comment").filter(has=page.locator(".comment__author", has_text=author))


def write(form, text, *, name="", email=""):
    """Fill in a comment form (a guest's name and email when given) and post it."""
    if name:
        form.get_by_role("textbox", name="Name").fill(name)
    if email:
        form.get_by_role("textbox", name="Email").fill(email)
    form.get_by_role("textbox", name="Comment").fill(text)
    form.get_by_role("button", name="Post Comment").click()
