"""CSRF on every state-changing request (plain and htmx), and no state change on any GET.

The URL patterns are read from the site's own resolver, so a new page or action cannot be
added without this file knowing how to call it."""

import hashlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from comments import notifications
from comments.identity import COOKIE_NAME
from comments.models import Ban, Comment, ModeratorAlerts, Passage, Subscription
from donations.models import Donation
from outbox.models import OutgoingEmail
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    CommentFactory,
    ContributorFactory,
    DonationFactory,
    TagFactory,
    form_started,
    reader_cookie,
)
from tests.utils import tags

from .payloads import XSS, assert_safe

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
# The only views that take a POST without a CSRF token, and why: Stripe signs its webhook
# (verified over the raw body), and mail clients' RFC 8058 one-click unsubscribe POST
# carries the signed token in its address.
CSRF_EXEMPT = {"donations:stripe-webhook", "comments:unsubscribe"}


def url_patterns(patterns=None, namespace=None, prefix=""):
    """(name, route) of every URL pattern of the site, the admin's included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(
                pattern.url_patterns,
                pattern.namespace or namespace,
                prefix + str(pattern.pattern),
            )
        else:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback


def snapshot():
    """Every row of every model, hashed by model: what a request must leave as it was."""
    state = {}
    for model in apps.get_models():
        rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


def changed(before, after):
    return sorted(label for label in before if before[label] != after[label])


class Site:
    """One of each thing a URL can name, and a browser that owns the guest comment."""

    def __init__(self):
        self.article = ArticleFactory(
            headline="Harbour wall gives way",
            body="The first paragraph.",
            tags=[TagFactory()],
            authors=[ContributorFactory()],
        )
        self.passage = Passage.objects.create(article=self.article, text="The first paragraph.")
        self.comment = CommentFactory(article=self.article, body="Approved words.")
        self.own = CommentFactory(article=self.article, browser_key="owner-key")
        self.subscription = Subscription.objects.create(
            article=self.article, kind="follow-ups", email="sub@example.org"
        )
        self.owner = Client(enforce_csrf_checks=True)
        self.owner.cookies[COOKIE_NAME] = reader_cookie("owner-key")
        CampaignFactory()
        self.confirm_token = notifications.confirm_token(self.subscription)
        self.unsubscribe_token = notifications.unsubscribe_token(subscription=self.subscription)

    def kwargs(self, name):
        """Real arguments for a URL pattern, by its name."""
        article, comment = self.article, self.comment
        return {
            "comments:post": {"article_id": article.pk},
            "comments:subscribe": {"article_id": article.pk},
            "comments:count": {"article_id": article.pk},
            "comments:permalink": {"pk": comment.pk},
            "comments:reply": {"pk": comment.pk},
            "comments:vote": {"pk": comment.pk},
            "comments:report": {"pk": comment.pk},
            "comments:edit": {"pk": self.own.pk},
            "comments:delete": {"pk": self.own.pk},
            "comments:confirm": {"token": self.confirm_token},
            "comments:unsubscribe": {"token": self.unsubscribe_token},
            "comments:feedback": {"pk": self.passage.pk},
            "articles:detail": {"slug": article.slug},
            "articles:category": {"slug": article.category.slug},
            "articles:category-rss": {"slug": article.category.slug},
            "articles:category-atom": {"slug": article.category.slug},
            "articles:tag": {"slug": article.tags.get().slug},
            "articles:contributor": {"slug": article.credits.get().contributor.slug},
        }.get(name, {})

    def post_data(self, name):
        """A complete, valid form for each action: only the missing token stops it."""
        article = self.article
        return {
            "comments:post": {
                "name": "Ana",
                "email": "ana@example.org",
                "body": "Posted without a token.",
                "started": form_started(article),
            },
            "comments:vote": {"value": "up"},
            "comments:report": {"reason": "spam"},
            "comments:edit": {"body": "Changed without a token."},
            "comments:subscribe": {"kind": "follow-ups", "email": "new@example.org"},
            "donations:donate": {"preset": "25", "frequency": "once", "currency": "USD"},
            "accounts:sign-up": {
                "username": "mallory",
                "email": "mallory@example.org",
                "password1": "a long enough password 42",
                "password2": "a long enough password 42",
            },
            "accounts:sign-in": {"username": "reader", "password": "pw"},
        }.get(name, {})


@pytest.fixture
def site(db, card_payments):
    return Site()


def public_urls(site):
    """Every named URL outside the admin, with real arguments."""
    urls = {}
    for name, route, _ in url_patterns():
        if route.startswith("admin/") or name is None:
            continue
        urls[name] = reverse(name, kwargs=site.kwargs(name))
    return urls


def test_only_the_webhook_and_one_click_unsubscribe_are_exempt_from_csrf():
    exempt = {name for name, _, view in url_patterns() if getattr(view, "csrf_exempt", False)}
    assert exempt == CSRF_EXEMPT


def test_every_public_url_is_known_to_these_tests(site):
    """A new URL pattern must get sample arguments here (else reverse() above fails)."""
    urls = public_urls(site)
    assert len(urls) >= 35
    assert all(url.startswith("/") for url in urls.values())


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_a_post_without_a_token_is_refused_everywhere_and_changes_nothing(site, reader, htmx):
    guest = site.owner  # has a reader cookie that owns a comment: edit and delete apply
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(reader)
    headers = HX if htmx else {}
    before = snapshot()
    for name, url in public_urls(site).items():
        if name in CSRF_EXEMPT:
            continue
        for client in [guest, signed_in]:
            response = client.post(url, site.post_data(name), **headers)
            assert response.status_code == 403, (name, url, response.status_code)
    assert changed(before, snapshot()) == []


def test_the_same_posts_with_a_token_do_change_things(site, reader):
    """The control: what the test above sent is accepted once the token is there."""
    guest = Client()
    guest.cookies[COOKIE_NAME] = reader_cookie("owner-key")
    urls = public_urls(site)
    for name in ["comments:post", "comments:vote", "comments:report", "comments:subscribe"]:
        response = guest.post(urls[name], site.post_data(name))
        assert response.status_code in (200, 302), name
    assert guest.post(urls["comments:edit"], site.post_data("comments:edit")).status_code == 302
    assert (
        guest.post(urls["donations:donate"], site.post_data("donations:donate")).status_code == 303
    )
    assert Comment.objects.filter(body="Posted without a token.").exists()
    assert site.comment.votes.exists() and site.comment.reports.exists()
    assert Subscription.objects.filter(email="new@example.org").exists()
    assert Donation.objects.filter(amount=Decimal("25")).exists()
    site.own.refresh_from_db()
    assert site.own.body == "Changed without a token."


def test_admin_posts_without_a_token_are_refused(site, moderator):
    desk = Client(enforce_csrf_checks=True)
    desk.force_login(moderator)
    pending = CommentFactory(article=site.article, pending=True)
    queue = "/admin/comments/comment/"
    before = snapshot()
    posts = [
        (queue, {"action": "approve_comments", "_selected_action": [pending.pk], "index": 0}),
        (f"{queue}{pending.pk}/approve/", {}),
        (f"{queue}{pending.pk}/ban-email/", {"reason": "x"}),
        (f"{queue}{pending.pk}/ban-ip/", {"reason": "x"}),
        (f"{queue}{pending.pk}/change/", {"status": "approved"}),
        ("/admin/comments/ban/add/", {"kind": "ip", "value": "192.0.2.9"}),
        ("/admin/logout/", {}),
    ]
    for url, data in posts:
        for headers in ({}, HX):
            response = desk.post(url, data, **headers)
            assert response.status_code == 403, url
    assert changed(before, snapshot()) == []


# --- GET never writes -------------------------------------------------------------------------


def admin_urls(site, superuser):
    """The admin pages a GET can reach: each model's list, add, change, delete and history
    pages, and the comment queue's row links (approve, ban email, ban IP)."""
    from django.contrib import admin

    pending = CommentFactory(article=site.article, pending=True, author_email="held@example.org")
    samples = {
        Comment: pending,
        Ban: Ban.objects.create(kind="ip", value="192.0.2.50"),
        OutgoingEmail: OutgoingEmail.objects.create(key="k", kind="confirm", to_email="a@b.org"),
        ModeratorAlerts: ModeratorAlerts.objects.create(user=superuser),
        Donation: DonationFactory(),
        User: superuser,
    }
    urls = ["/admin/", f"/admin/comments/comment/{pending.pk}/approve/"]
    urls += [f"/admin/comments/comment/{pending.pk}/ban-email/"]
    urls += [f"/admin/comments/comment/{pending.pk}/ban-ip/"]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = samples.get(model) or model._base_manager.first()
        if obj is not None:
            for page in ["change", "delete", "history"]:
                urls.append(reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[obj.pk]))
    return urls


def test_no_get_changes_a_row(site, reader, moderator, editor, fundraiser):
    superuser = User.objects.create_superuser("boss", "boss@example.org", "pw")
    clients = [Client(), site.owner, Client(), Client(), Client(), Client(), Client()]
    clients[2].force_login(reader)
    for client, user in zip(clients[3:], [moderator, editor, fundraiser, superuser], strict=True):
        client.force_login(user)
    urls = list(public_urls(site).values())
    admin = admin_urls(site, superuser)
    before = snapshot()
    for url in urls:
        for client in clients:
            for headers in ({}, HX):
                response = client.get(url, **headers)
                assert response.status_code < 500, (url, response.status_code)
    for url in admin:
        for client in clients[3:]:
            response = client.get(url)
            assert response.status_code in (200, 302, 403), (url, response.status_code)
    assert changed(before, snapshot()) == []
    # The links in emails and the row links only ask: their pages offer a button.
    site.subscription.refresh_from_db()
    assert not site.subscription.is_confirmed
    assert Comment.objects.filter(status=Comment.Status.PENDING).exists()
    assert not Ban.objects.filter(value="held@example.org").exists()


def test_the_delete_link_only_shows_a_confirmation_form(site):
    owner = Client()
    owner.cookies[COOKIE_NAME] = reader_cookie("owner-key")
    url = f"/comments/{site.own.pk}/delete/"
    response = owner.get(url)
    assert response.status_code == 200
    assert f'action="{url}"' in response.content.decode()
    assert 'method="post"' in response.content.decode()
    site.own.refresh_from_db()
    assert site.own.status == Comment.Status.APPROVED


def test_the_send_it_again_page_shows_what_was_posted_as_text(site):
    """A post without a token from our own pages gets its fields back to send again (with a
    valid token): every value is escaped; another site's post gets nothing back."""
    url = f"/comments/article/{site.article.pk}/post/"
    browser = Client(enforce_csrf_checks=True)
    for payload in XSS:
        data = {"name": payload, "email": payload, "body": payload, payload: payload}
        response = browser.post(url, data)
        assert response.status_code == 403
        assert_safe(response, payload)
        hidden = {i["name"]: i["value"] for i in tags(response, "input") if i["type"] == "hidden"}
        assert hidden["body"] == payload and hidden["name"] == payload  # intact, as text
        assert "Please send it again" in response.content.decode()

        other_site = browser.post(url, data, HTTP_ORIGIN="https://evil.example")
        assert other_site.status_code == 403
        assert "This form could not be checked" in other_site.content.decode()
        assert not [i for i in tags(other_site, "input") if i.get("name") == "body"]
    assert not Comment.objects.filter(body__in=XSS).exists()
