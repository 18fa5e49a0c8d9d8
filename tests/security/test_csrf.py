"""Cross-site request forgery: every state-changing request from another site's page is
refused, and every one from the site's own pages is accepted at once, with or without a token
or a cookie (newsroom/csrf.py); and no GET changes a row.

A browser says where a post comes from: Sec-Fetch-Site, Origin, Referer (headers that pages
cannot set). The tests send what browsers send, old and new; a post that says nothing (curl,
or the test client as it is) meets Django's token check. The URL patterns are read from the
site's own resolver, so a new page or action cannot be added without this file knowing how
to call it."""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from comments import notifications
from comments.identity import COOKIE_NAME
from comments.models import Ban, Comment, ModeratorAlerts, Passage, Sanction, Subscription
from donations import links
from donations.models import Donation
from moderation import links as desk_links
from outbox.models import OutgoingEmail
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    CommentFactory,
    ContributorFactory,
    DonationFactory,
    TagFactory,
    reader_cookie,
)
from tests.utils import changed, page_text, snapshot, tags

from .payloads import XSS, assert_safe

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
# The only views that take a POST from anywhere, and why: Stripe signs its webhook (verified
# over the raw body), and mail clients' RFC 8058 one-click unsubscribe POST carries the
# signed token in its address.
# allauth's own two: Apple's callback is a post from Apple's site (it carries the state that
# allauth checks), and Google's sign-in by token checks its own double-submitted cookie.
CSRF_EXEMPT = {
    "donations:stripe-webhook",
    "comments:unsubscribe",
    "apple_callback",
    "google_login_by_token",
}
# Views that keep Django's token check besides (csrf_protect): their pages are never shared.
# Every account page (allauth's, accounts/allauth_urls.py) does; these three are tried here.
TOKEN_KEPT = {"account_login", "account_signup", "account_logout"}

OURS = "http://testserver"
# What browsers send with a post from one of our pages.
FROM_OUR_PAGES = {
    "a browser": {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": OURS},
    "an older browser": {"HTTP_ORIGIN": OURS},
    "the oldest browsers": {"HTTP_REFERER": f"{OURS}/articles/harbour/"},
    "the reader's own action": {"HTTP_SEC_FETCH_SITE": "none"},
}
# ... and with a post from anywhere else.
FROM_ANOTHER_SITE = {
    "another site": {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
    "another port": {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": f"{OURS}:8121"},
    "a sibling host": {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://x.testserver"},
    "a same-site post without Origin": {"HTTP_SEC_FETCH_SITE": "same-site"},
    "a cross-site post naming us": {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": OURS},
    "a sandboxed frame": {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "null"},
    "an unknown Sec-Fetch-Site": {"HTTP_SEC_FETCH_SITE": "nearby", "HTTP_ORIGIN": OURS},
    "an older browser on another site": {"HTTP_ORIGIN": "https://evil.example"},
    "an older browser in a sandboxed frame": {"HTTP_ORIGIN": "null"},
    "the oldest browsers on another site": {"HTTP_REFERER": "https://evil.example/prize"},
    "a malformed Referer": {"HTTP_REFERER": "http://[bad"},
    "a client that says nothing": {},
}


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
        self.owner = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.200")
        self.owner.cookies[COOKIE_NAME] = reader_cookie("owner-key")
        CampaignFactory()
        # A donor's monthly gift, and the signed link that manages it.
        self.gift = DonationFactory(
            monthly=True,
            provider=Donation.Provider.STRIPE,
            provider_reference="cs_test_csrf",
            stripe_subscription="sub_csrf",
            email="donor@example.org",
        )
        self.manage_token = links.manage_token("donor@example.org")
        self.confirm_token = notifications.confirm_token(self.subscription)
        self.unsubscribe_token = notifications.unsubscribe_token(subscription=self.subscription)
        self.warning = Sanction.objects.create(
            kind=Sanction.Kind.WARNING, email="warned@example.org", reason="Calm down."
        )

    def kwargs(self, name):
        """Real arguments for a URL pattern, by its name."""
        article, comment = self.article, self.comment
        return {
            "comments:post": {"article_id": article.pk},
            "comments:subscribe": {"article_id": article.pk},
            "comments:count": {"article_id": article.pk},
            "comments:live-comments": {"article_id": article.pk},
            "live:stream": {"article_id": article.pk},
            "comments:article-rss": {"article_id": article.pk},
            "comments:article-atom": {"article_id": article.pk},
            "sitemap": {"section": "articles"},
            "comments:permalink": {"pk": comment.pk},
            "comments:reply": {"pk": comment.pk},
            "comments:thread": {"pk": comment.pk},
            "comments:vote": {"pk": comment.pk},
            "comments:report": {"pk": comment.pk},
            "comments:edit": {"pk": self.own.pk},
            "comments:delete": {"pk": self.own.pk},
            "comments:confirm": {"token": self.confirm_token},
            "comments:unsubscribe": {"token": self.unsubscribe_token},
            "comments:feedback": {"pk": self.passage.pk},
            "comments:warning-link": {"token": notifications.warning_token(self.warning)},
            "moderation:person-account": {"pk": comment.pk},
            "moderation:person-ip": {"ip": "192.0.2.1"},
            "donations:manage": {"token": self.manage_token},
            "donations:manage-cancel": {"token": self.manage_token, "pk": self.gift.pk},
            "donations:manage-change": {"token": self.manage_token, "pk": self.gift.pk},
            "articles:detail": {"slug": article.slug},
            "articles:category": {"slug": article.category.slug},
            "articles:category-rss": {"slug": article.category.slug},
            "articles:category-atom": {"slug": article.category.slug},
            "articles:tag": {"slug": article.tags.get().slug},
            "articles:contributor": {"slug": article.credits.get().contributor.slug},
            "privacy:choose-digest": {"pk": self.subscription.pk},
            "moderation:queue": {"queue": "pending"},
            "moderation:comment": {"pk": comment.pk},
            "moderation:act": {"pk": comment.pk},
            "moderation:open": {"token": desk_links.comment_token(comment)},
            "moderation:notice": {"pk": 1},
            "account_confirm_email": {"key": "not-a-key"},
            "account_reset_password_from_key": {"uidb36": "1", "key": "set-password"},
            "mfa_remove_webauthn": {"pk": 1},
            "mfa_edit_webauthn": {"pk": 1},
            "openid_connect_login": {"provider_id": "newsroom-sso"},
            "openid_connect_callback": {"provider_id": "newsroom-sso"},
        }.get(name, {})

    def post_data(self, name):
        """A complete, valid form for each action: only where it comes from decides."""
        return {
            "comments:post": {
                "name": "Ana",
                "email": "ana@example.org",
                "body": "Posted without a token.",
                "seconds_on_page": "60",
            },
            "comments:vote": {"value": "up"},
            "comments:report": {"reason": "spam"},
            "comments:edit": {"body": "Changed without a token."},
            "comments:subscribe": {"kind": "follow-ups", "email": "new@example.org"},
            "donations:donate": {"preset": "25", "frequency": "once", "currency": "USD"},
            "donations:manage-change": {"amount": "40"},
            "account_signup": {
                "username": "mallory",
                "email": "mallory@example.org",
                "password1": "a long enough password 42",
                "password2": "a long enough password 42",
            },
            "account_login": {"login": "reader", "password": "pw"},
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


def token_of(response):
    return next(i["value"] for i in tags(response, "input") if i["name"] == "csrfmiddlewaretoken")


def test_posts_are_judged_by_the_origin_checking_middleware():
    assert "newsroom.csrf.OriginCsrfMiddleware" in settings.MIDDLEWARE
    # It replaces Django's own (which it extends): one check, not two.
    assert "django.middleware.csrf.CsrfViewMiddleware" not in settings.MIDDLEWARE


def test_only_the_webhook_and_one_click_unsubscribe_are_exempt_from_csrf():
    exempt = {name for name, _, view in url_patterns() if getattr(view, "csrf_exempt", False)}
    assert exempt == CSRF_EXEMPT


def test_every_public_url_is_known_to_these_tests(site):
    """A new URL pattern must get sample arguments here (else reverse() above fails)."""
    urls = public_urls(site)
    assert len(urls) >= 34
    assert all(url.startswith("/") for url in urls.values())


@pytest.mark.parametrize("where", FROM_ANOTHER_SITE)
def test_a_post_from_another_site_is_refused_everywhere_and_changes_nothing(site, reader, where):
    guest = site.owner  # has a reader cookie that owns a comment: edit and delete apply
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(reader)
    before = snapshot()
    for name, url in public_urls(site).items():
        if name in CSRF_EXEMPT:
            continue
        for client in [guest, signed_in]:
            for htmx in ({}, HX):
                headers = {**FROM_ANOTHER_SITE[where], **htmx}
                response = client.post(url, site.post_data(name), **headers)
                assert response.status_code == 403, (name, url, response.status_code)
    assert changed(before, snapshot()) == []


@pytest.mark.parametrize("where", FROM_ANOTHER_SITE)
def test_the_refusal_is_a_page_that_says_so(site, where):
    response = Client(enforce_csrf_checks=True).post(
        reverse("comments:post", args=[site.article.pk]),
        site.post_data("comments:post"),
        **FROM_ANOTHER_SITE[where],
    )

    assert response.status_code == 403
    assert "This form could not be checked" in page_text(response)
    assert "Nothing was saved or changed." in page_text(response)


@pytest.mark.parametrize("how", FROM_OUR_PAGES)
def test_a_post_from_our_pages_is_accepted_at_once_without_token_or_cookie(site, how):
    """What a reader without JavaScript sends from a page of the shared cache: no token, and
    (a new reader) no cookie. Each is accepted the first time."""
    headers = FROM_OUR_PAGES[how]
    urls = public_urls(site)
    expected = {
        "comments:post": 302,
        "comments:vote": 302,
        "comments:report": 302,
        "comments:subscribe": 302,
        "donations:donate": 303,
    }
    for name, status in expected.items():
        stranger = Client(enforce_csrf_checks=True)
        response = stranger.post(urls[name], site.post_data(name), **headers)
        assert response.status_code == status, (name, response.status_code)
    vote = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    assert vote.post(urls["comments:vote"], {"value": "up"}, **headers, **HX).status_code == 200
    assert site.owner.post(urls["comments:edit"], site.post_data("comments:edit"), **headers)[
        "Location"
    ].endswith(f"#comment-{site.own.pk}")
    assert site.owner.post(urls["comments:confirm"], {}, **headers).status_code == 200

    assert Comment.objects.filter(body="Posted without a token.").exists()
    assert site.comment.votes.count() == 2 and site.comment.reports.exists()
    assert Subscription.objects.filter(email="new@example.org").exists()
    assert Donation.objects.filter(amount=Decimal("25")).exists()
    site.own.refresh_from_db()
    assert site.own.body == "Changed without a token."
    site.subscription.refresh_from_db()
    assert site.subscription.confirmed_at is not None


def test_origins_the_settings_trust_may_post_from_another_host(site, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org", "https://*.example.net"]
    url = reverse("comments:vote", args=[site.comment.pk])
    for n, origin in enumerate(["https://www.example.org", "https://news.example.net"]):
        reader = Client(enforce_csrf_checks=True, REMOTE_ADDR=f"203.0.113.{n + 1}")
        for headers in ({"HTTP_SEC_FETCH_SITE": "cross-site"}, {}):
            response = reader.post(url, {"value": "up"}, HTTP_ORIGIN=origin, **headers)
            assert response.status_code == 302, origin
    stranger = Client(enforce_csrf_checks=True)
    response = stranger.post(url, {"value": "up"}, HTTP_ORIGIN="https://example.org")
    assert response.status_code == 403


def test_over_https_a_page_of_our_host_over_plain_http_is_another_site(site):
    """A network attacker can forge a plain-http page of our host; it cannot post to https."""
    url = reverse("comments:vote", args=[site.comment.pk])
    secure = Client(enforce_csrf_checks=True)
    assert secure.post(url, {"value": "up"}, secure=True, HTTP_ORIGIN=OURS).status_code == 403
    referer = {"HTTP_REFERER": f"{OURS}/articles/"}
    assert secure.post(url, {"value": "up"}, secure=True, **referer).status_code == 403
    ours = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://testserver"}
    assert secure.post(url, {"value": "up"}, secure=True, **ours).status_code == 302


@pytest.mark.parametrize("name", sorted(TOKEN_KEPT))
def test_the_account_forms_keep_their_token_too(site, reader, name):
    """Sign in, sign up and sign out ask for Django's token as well (their pages are never
    shared): the origin alone is not enough, the token of their page is."""
    browser = Client(enforce_csrf_checks=True)
    if name == "account_logout":
        browser.force_login(reader)
        page = browser.get("/")
    else:
        page = browser.get(reverse(name))
    headers = FROM_OUR_PAGES["a browser"]
    data = site.post_data(name)

    refused = browser.post(reverse(name), data, **headers)
    accepted = browser.post(
        reverse(name), {**data, "csrfmiddlewaretoken": token_of(page)}, **headers
    )

    assert refused.status_code == 403
    assert accepted.status_code in (200, 302), accepted.status_code  # sign-in: wrong password


def test_the_admin_keeps_its_token_check(site, moderator):
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
        for where in [*FROM_ANOTHER_SITE.values(), *FROM_OUR_PAGES.values()]:
            for htmx in ({}, HX):
                response = desk.post(url, data, **where, **htmx)
                assert response.status_code == 403, (url, where)
    assert changed(before, snapshot()) == []

    # With the token of its page, from its page, the desk works.
    page = desk.get(f"{queue}{pending.pk}/approve/")
    response = desk.post(
        f"{queue}{pending.pk}/approve/",
        {"csrfmiddlewaretoken": token_of(page)},
        **FROM_OUR_PAGES["a browser"],
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Comment.Status.APPROVED


def test_a_refused_post_is_not_shown_back(site):
    """The refusal page carries nothing of what was posted (nor a form to send it on)."""
    url = reverse("comments:post", args=[site.article.pk])
    browser = Client(enforce_csrf_checks=True)
    for payload in XSS:
        data = {"name": payload, "email": payload, "body": payload, payload: payload}
        for where in ["another site", "a client that says nothing"]:
            response = browser.post(url, data, **FROM_ANOTHER_SITE[where])
            assert response.status_code == 403
            assert_safe(response, payload)
            assert payload not in response.content.decode()
            assert not [i for i in tags(response, "input") if i.get("type") == "hidden"]
    assert not Comment.objects.filter(body__in=XSS).exists()


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
    # Recorded as allauth records an address (else its email page records it on a GET).
    EmailAddress.objects.create(user=superuser, email="boss@example.org", verified=True)
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
