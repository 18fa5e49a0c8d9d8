"""Another site's page cannot make a reader's browser act on this site.

A page served by a small server of the test's own, on another port of the same host (the
same *site* to a browser: its cookies go along, SameSite does not help) or on another host
name (another site), holds one form for each of our actions, filled in as our own pages
would fill it. A signed-in moderator, who also wrote a comment of their own, presses each
button: every post is refused with the page that says so, and nothing changes.
"""

import html
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from comments import notifications
from comments.models import Subscription
from tests.browser.conftest import BROWSER_TEST, TIMEOUT_MS
from tests.factories import CampaignFactory, CommentFactory
from tests.utils import changed, snapshot

pytestmark = BROWSER_TEST


class AnotherSite:
    """Serves `pages[path]` (HTML) on 127.0.0.1, on a port the system picks."""

    def __init__(self):
        self.pages = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def form_page(action, fields):
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(str(value))}">'
        for name, value in fields.items()
    )
    return (
        "<!doctype html><title>Win a prize</title>"
        f'<form method="post" action="{html.escape(action)}">{inputs}'
        "<button type=submit>Claim your prize</button></form>"
    )


def our_actions(story, moderator, site):
    """(what, path, fields) for every action a reader or a moderator takes by a post."""
    tomas = CommentFactory(article=story, author_name="Tomas Berg")
    own = CommentFactory(article=story, user=moderator, author_name=moderator.username)
    held = CommentFactory(article=story, pending=True, body="Held words.")
    passage = story.passages.get().pk
    subscription = Subscription.objects.create(
        article=story, kind=Subscription.Kind.FOLLOW_UPS, email="sub@example.org"
    )
    comment = {"name": "Mallory", "email": "m@example.org", "body": "Forged words."}
    return [
        ("comment", f"/comments/article/{story.pk}/post/", comment),
        ("reply", f"/comments/article/{story.pk}/post/", {**comment, "parent": tomas.pk}),
        ("feedback", f"/comments/article/{story.pk}/post/", {**comment, "passage": passage}),
        ("vote", f"/comments/{tomas.pk}/vote/", {"value": "down"}),
        ("report", f"/comments/{tomas.pk}/report/", {"reason": "spam"}),
        ("edit", f"/comments/{own.pk}/edit/", {"body": "Forged edit."}),
        ("delete", f"/comments/{own.pk}/delete/", {}),
        (
            "notify of",
            f"/comments/article/{story.pk}/subscribe/",
            {"kind": "follow-ups", "email": "victim@example.org"},
        ),
        (
            "confirm",
            f"/comments/subscriptions/confirm/{notifications.confirm_token(subscription)}/",
            {},
        ),
        (
            "donate",
            "/donations/",
            {"custom_amount": "500", "frequency": "once", "currency": "USD"},
        ),
        ("sign in", "/accounts/login/", {"login": "mallory", "password": "pw"}),
        (
            "sign up",
            "/accounts/signup/",
            {
                "username": "mallory",
                "email": "mallory@example.org",
                "password1": "a long enough password 42",
                "password2": "a long enough password 42",
            },
        ),
        ("sign out", "/accounts/logout/", {}),
        ("password reset", "/accounts/password/reset/", {"email": "victim@example.org"}),
        ("sign-in code", "/accounts/login/code/", {"email": "victim@example.org"}),
        ("approve in the admin", f"/admin/comments/comment/{held.pk}/approve/", {}),
        ("log out of the admin", "/admin/logout/", {}),
    ]


@pytest.mark.parametrize("where", ["another port", "another host"])
def test_no_form_of_another_site_is_accepted(browser, site, story, moderator, settings, where):
    settings.PAGE_CACHE_SECONDS = 300
    settings.STRIPE_SECRET_KEY = "sk_test_browser"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_browser"
    CampaignFactory(goal=Decimal("5000"))
    ours = urlsplit(site).hostname
    # The live server answers at "localhost"; 127.0.0.1 is the same machine, another site.
    host = {
        "another port": ours,
        "another host": "127.0.0.1" if ours == "localhost" else "localhost",
    }[where]
    actions = our_actions(story, moderator, site)
    desk = Client()
    desk.force_login(moderator)
    before = snapshot()

    with AnotherSite() as other:
        for n, (_, path, fields) in enumerate(actions):
            other.pages[f"/{n}"] = form_page(f"{site}{path}", fields)
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": desk.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": site,
                }
            ]
        )
        page = context.new_page()
        try:
            for n, (what, path, _) in enumerate(actions):
                page.goto(f"http://{host}:{other.port}/{n}")
                with page.expect_navigation() as sent:
                    page.get_by_role("button", name="Claim your prize").click()
                response = sent.value
                assert (response.url, response.status) == (f"{site}{path}", 403), what
                expect(page.get_by_role("heading", level=1)).to_have_text(
                    "This form could not be checked"
                )
                expect(page.get_by_text("Forged")).to_have_count(0)
        finally:
            context.close()

    assert changed(before, snapshot()) == []
    # The moderator is still signed in: the forged sign-outs did nothing either.
    assert desk.get("/admin/").status_code == 200
