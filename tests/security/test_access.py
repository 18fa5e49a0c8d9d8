"""Who may see what: drafts, held comments, donors' emails, commenters' IP addresses and
subscriber lists stay with the people whose job needs them, through public pages,
fragments, feeds, the sitemap, the comment count and the admin."""

import csv
import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import (
    Ban,
    Comment,
    EmailDomainRule,
    ModeratorAlerts,
    Passage,
    Report,
    Subscription,
)
from donations.models import ProcessedEvent
from imports.models import OldLink, Origin, Page
from outbox.models import OutgoingEmail
from privacy.models import PrivacyRequest
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    CommentFactory,
    ContributorFactory,
    DonationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
ROLES = ["anonymous", "reader", "editor", "moderator", "fundraiser", "superuser"]

# What each role gets from each admin page: the list ("changelist"), the add form and the
# change form of one row. 200: the page; 403: refused; login: sent to the admin's sign-in;
# own: sent on to the one row of a single-row model (the rules, the support box, one's own
# alerts); "-": no add form, the model is read-only or single-row for everyone.
#
# Editors run the articles desk (articles, sections, tags, contributors, the publisher row)
# and may read the comments on their articles; moderators the comments, bans, rules,
# subscriptions, outgoing email, their own alerts and privacy requests (export or erase one
# person's data; a request is a record, so its change form only shows it); fundraisers
# campaigns, donations, the support box and the organisation's details on receipts.
# Moderators and fundraisers may read articles (what a comment or a gift is about). Only
# superusers see accounts, groups, the login lockout records, Stripe's events and tasks.
LOGIN = ("login", "login", "login")
NONE = (403, 403, 403)
ALL = (200, 200, 200)
READ = (200, 403, 200)
MATRIX = {
    #                          anonymous reader editor moderator fundraiser superuser
    "articles.Article": (LOGIN, LOGIN, ALL, READ, READ, ALL),
    "articles.Category": (LOGIN, LOGIN, ALL, NONE, NONE, ALL),
    "articles.Tag": (LOGIN, LOGIN, ALL, NONE, NONE, ALL),
    "articles.Contributor": (LOGIN, LOGIN, ALL, NONE, NONE, ALL),
    "articles.Publisher": (LOGIN, LOGIN, ("own", 403, 200), NONE, NONE, ("own", 403, 200)),
    "comments.Comment": (LOGIN, LOGIN, READ, READ, NONE, READ),
    "comments.Ban": (LOGIN, LOGIN, NONE, ALL, NONE, ALL),
    "comments.EmailDomainRule": (LOGIN, LOGIN, NONE, ALL, NONE, ALL),
    "comments.ModerationRules": (LOGIN, LOGIN, NONE, ("own", 403, 200), NONE, ("own", 403, 200)),
    "comments.ModerationEmails": (LOGIN, LOGIN, NONE, ("own", 403, 200), NONE, ("own", 403, 200)),
    # The bubble's prompt in each language: the editors' words, and the moderators'.
    "comments.DiscussionTexts": (
        LOGIN,
        LOGIN,
        ("own", 403, 200),
        ("own", 403, 200),
        NONE,
        ("own", 403, 200),
    ),
    "comments.ModeratorAlerts": (LOGIN, LOGIN, NONE, ("own", 403, 200), NONE, ALL),
    "comments.Subscription": (LOGIN, LOGIN, NONE, READ, NONE, READ),
    "outbox.OutgoingEmail": (LOGIN, LOGIN, NONE, READ, NONE, READ),
    "privacy.PrivacyRequest": (LOGIN, LOGIN, NONE, ALL, NONE, ALL),
    "donations.Campaign": (LOGIN, LOGIN, NONE, NONE, ALL, ALL),
    "donations.Donation": (LOGIN, LOGIN, NONE, NONE, ALL, ALL),
    "donations.SupportBox": (LOGIN, LOGIN, NONE, NONE, ("own", 403, 200), ("own", 403, 200)),
    "donations.Organisation": (LOGIN, LOGIN, NONE, NONE, ("own", 403, 200), ("own", 403, 200)),
    "donations.ProcessedEvent": (LOGIN, LOGIN, NONE, NONE, NONE, READ),
    "auth.User": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
    "auth.Group": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
    "axes.AccessAttempt": (LOGIN, LOGIN, NONE, NONE, NONE, READ),
    "axes.AccessLog": (LOGIN, LOGIN, NONE, NONE, NONE, READ),
    "axes.AccessFailureLog": (LOGIN, LOGIN, NONE, NONE, NONE, READ),
    "django_tasks_database.DBTaskResult": (LOGIN, LOGIN, NONE, NONE, NONE, READ),
    # The old site's links and pages are the articles desk's; where imported rows came from
    # is for superusers.
    "imports.OldLink": (LOGIN, LOGIN, ALL, NONE, NONE, ALL),
    "imports.Page": (LOGIN, LOGIN, ALL, NONE, NONE, ALL),
    "imports.Origin": (LOGIN, LOGIN, NONE, NONE, NONE, READ),
    # Accounts (allauth): addresses, second factors, sessions, social sign-in.
    "account.EmailAddress": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
    "mfa.Authenticator": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
    "usersessions.UserSession": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
    "socialaccount.SocialApp": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
    "socialaccount.SocialAccount": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
    "socialaccount.SocialToken": (LOGIN, LOGIN, NONE, NONE, NONE, ALL),
}


def test_the_matrix_names_every_model_in_the_admin():
    assert {model._meta.label for model in admin.site._registry} == set(MATRIX)


def sample_row(model, people):
    """One row of the model to open its change form."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    article = ArticleFactory()
    visitor = {"ip_address": "192.0.2.1", "user_agent": "x", "path_info": "/", "http_accept": ""}
    makers = {
        "articles.Article": lambda: article,
        "articles.Category": lambda: article.category,
        "articles.Tag": TagFactory,
        "articles.Contributor": ContributorFactory,
        "articles.Publisher": lambda: model.objects.get(pk=1),
        "comments.Comment": lambda: CommentFactory(article=article),
        "comments.Ban": lambda: Ban.objects.create(kind="ip", value="192.0.2.9"),
        "comments.EmailDomainRule": lambda: EmailDomainRule.objects.create(domain="x.example"),
        "comments.ModerationRules": lambda: model.objects.get(pk=1),
        "comments.ModerationEmails": lambda: model.objects.get(pk=1),
        "comments.DiscussionTexts": lambda: model.objects.get(pk=1),
        "comments.ModeratorAlerts": lambda: ModeratorAlerts.objects.create(
            user=people["moderator"]
        ),
        "comments.Subscription": lambda: Subscription.objects.create(
            article=article, kind="follow-ups", email="s@example.org"
        ),
        "outbox.OutgoingEmail": lambda: OutgoingEmail.objects.create(
            key="k", kind="confirm", to_email="s@example.org"
        ),
        "privacy.PrivacyRequest": lambda: PrivacyRequest.objects.create(
            email="s@example.org", action="export"
        ),
        "donations.Campaign": CampaignFactory,
        "donations.Donation": DonationFactory,
        "donations.SupportBox": lambda: model.objects.get(pk=1),
        "donations.Organisation": lambda: model.objects.get(pk=1),
        "donations.ProcessedEvent": lambda: ProcessedEvent.objects.create(
            event_id="evt_1", event_type="charge.refunded"
        ),
        "auth.User": lambda: people["reader"],
        "auth.Group": lambda: Group.objects.get(name="Editors"),
        "axes.AccessAttempt": lambda: AccessAttempt.objects.create(
            username="u", failures_since_start=1, get_data="", post_data="", **visitor
        ),
        "axes.AccessLog": lambda: AccessLog.objects.create(username="u", **visitor),
        "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(
            username="u", locked_out=False, **visitor
        ),
        "imports.OldLink": lambda: OldLink.objects.create(old_path="/?p=1", new_path="/"),
        "imports.Page": lambda: Page.objects.create(path="/about/", title="About"),
        "imports.Origin": lambda: Origin.objects.create(
            source="wordpress", site="https://old.example", kind="post", key="1", object_id=1
        ),
        "django_tasks_database.DBTaskResult": lambda: DBTaskResult.objects.create(
            task_path="outbox.tasks.send_email",
            args_kwargs={"args": [1], "kwargs": {}},
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
        ),
    }
    google = lambda: SocialApp.objects.get_or_create(  # noqa: E731
        provider="google", defaults={"name": "Google", "client_id": "id"}
    )[0]
    social = lambda: SocialAccount.objects.create(  # noqa: E731
        user=people["reader"], provider="google", uid="1"
    )
    makers |= {
        "account.EmailAddress": lambda: EmailAddress.objects.get(user=people["reader"]),
        "mfa.Authenticator": lambda: Authenticator.objects.filter(user=people["editor"]).first(),
        "usersessions.UserSession": lambda: UserSession.objects.create(
            user=people["reader"], ip="192.0.2.1", session_key="k", user_agent="x"
        ),
        "socialaccount.SocialApp": google,
        "socialaccount.SocialAccount": social,
        "socialaccount.SocialToken": lambda: SocialToken.objects.create(
            app=google(), account=social(), token="t"
        ),
    }
    return makers[model._meta.label]()


@pytest.fixture
def people(reader, editor, moderator, fundraiser):
    superuser = User.objects.create_superuser("boss", "boss@example.org", "pw")
    return {
        "anonymous": None,
        "reader": reader,
        "editor": editor,
        "moderator": moderator,
        "fundraiser": fundraiser,
        "superuser": superuser,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(MATRIX))
def test_each_admin_page_answers_each_role_as_its_job_requires(people, role, label, settings):
    # Task results are shown through their backend: the database one, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    model = next(m for m in admin.site._registry if m._meta.label == label)
    row = sample_row(model, people)
    client = Client()
    if people[role] is not None:
        client.force_login(people[role])
    info = model._meta.app_label, model._meta.model_name
    urls = [
        reverse("admin:{}_{}_changelist".format(*info)),
        reverse("admin:{}_{}_add".format(*info)),
        reverse("admin:{}_{}_change".format(*info), args=[row.pk]),
    ]
    expected = MATRIX[label][ROLES.index(role)]
    got = []
    for url, want in zip(urls, expected, strict=True):
        response = client.get(url)
        if want == "login":
            ok = response.status_code == 302 and response["Location"].startswith("/admin/login/")
        elif want == "own":
            ok = response.status_code == 302 and "/admin/login/" not in response["Location"]
        else:
            ok = response.status_code == want
        got.append(response.status_code if ok else f"{response.status_code}!")
    assert all(not str(code).endswith("!") for code in got), (label, role, expected, got)


# --- Drafts and scheduled articles ----------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_articles_and_their_comments_are_invisible_to_the_public(state, reader):
    hidden = ArticleFactory(
        headline="Secret draft headline", body="Secret words.", **{state: True}
    )
    tag = TagFactory()
    hidden.tags.add(tag)
    author = ContributorFactory()
    hidden.credits.create(contributor=author)
    visible = ArticleFactory(category=hidden.category)
    comment = CommentFactory(article=hidden, body="Said under a draft.")
    passage = Passage.objects.create(article=hidden, text="Secret words.")
    signed_in = Client()
    signed_in.force_login(reader)
    for client in [Client(), signed_in]:
        for url in [
            "/",
            hidden.category.get_absolute_url(),
            tag.get_absolute_url(),
            author.get_absolute_url(),
            "/search/?q=secret",
            "/feeds/rss/",
            "/feeds/atom/",
            f"/category/{hidden.category.slug}/rss/",
            f"/category/{hidden.category.slug}/atom/",
            "/sitemap.xml",
            "/sitemap-tags.xml",
            "/sitemap-contributors.xml",
            "/sitemap-articles.xml",
            "/sitemap-news.xml",
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"Secret" not in response.content and hidden.slug.encode() not in (
                response.content
            ), url
        assert client.get(visible.get_absolute_url()).status_code == 200
        for url in [
            hidden.get_absolute_url(),
            f"/comments/{comment.pk}/",
            f"/comments/{comment.pk}/reply/",
            f"/comments/{comment.pk}/report/",
            f"/comments/passage/{passage.pk}/feedback/",
            f"/comments/article/{hidden.pk}/subscribe/",
        ]:
            assert client.get(url).status_code == 404, url
        assert client.get(f"/comments/{comment.pk}/reply/", **HX).status_code == 404
        assert client.get(f"/comments/article/{hidden.pk}/count/").json() == {"count": 0}
        assert client.post(f"/comments/{comment.pk}/vote/", {"value": "up"}).status_code == 404
        response = client.post(f"/comments/article/{hidden.pk}/post/", {"body": "x"})
        assert response.status_code == 404
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes, comment.votes.count()) == (0, 0, 0)
    assert Comment.objects.count() == 1


# --- Comments that are not published --------------------------------------------------------


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_unpublished_comments_are_invisible_to_everyone_but_their_author(status, browser, reader):
    article = ArticleFactory()
    CommentFactory(article=article, body="A published comment.")
    hidden = CommentFactory(
        article=article, status=status, body="Words nobody may read.", browser_key="author-key"
    )
    url = article.get_absolute_url()
    signed_in = browser(user=reader)
    for stranger in [Client(), browser(), signed_in]:
        pages = [
            stranger.get(url + query)
            for query in ["", "?sort=votes", "?sort=oldest", "?comments=all", "?comments=feedback"]
        ]
        pages.append(stranger.get(f"{url}?comments=all&fragment=threads", **HX))
        pages.append(stranger.get(f"/comments/article/{article.pk}/count/"))
        for page in pages:
            assert b"Words nobody may read." not in page.content
        assert stranger.get(f"/comments/article/{article.pk}/count/").json() == {"count": 1}
        for path in ["", "reply/", "report/"]:
            assert stranger.get(f"/comments/{hidden.pk}/{path}").status_code == 404, path
        # As for an id never used: nobody learns that a held comment is there.
        assert stranger.get(f"/comments/{hidden.pk}/edit/").status_code == 404
        assert stranger.get(f"/comments/{hidden.pk}/delete/").status_code == 404
        vote = stranger.post(f"/comments/{hidden.pk}/vote/", {"value": "up"}, **HX)
        assert vote.status_code == 404
        report = stranger.post(f"/comments/{hidden.pk}/report/", {"reason": "spam"})
        assert report.status_code == 404
    hidden.refresh_from_db()
    assert (hidden.upvotes, hidden.score, hidden.report_count) == (0, 0, 0)
    assert not Report.objects.exists()
    # Its author sees a held comment (not a rejected one or spam) as awaiting moderation.
    author = browser(key="author-key")
    shown = b"Words nobody may read." in author.get(f"{url}?comments=all").content
    assert shown == (status == "pending")


# --- Donors' email addresses ------------------------------------------------------------------


@pytest.fixture
def bookkeeper(db):
    """Staff who may read the donations but not donors' addresses."""
    user = User.objects.create_user("bookkeeper", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_donation"))
    return user


@pytest.fixture
def gifts():
    campaign = CampaignFactory()
    return [
        DonationFactory(
            campaign=campaign,
            email=f"donor{n}@private.example",
            donor_name=f"Named donor {n}",
            name_public=True,
            message="Keep going.",
        )
        for n in range(3)
    ]


def export_csv(client, gifts):
    response = client.post(
        "/admin/donations/donation/",
        {"action": "export_csv", "_selected_action": [g.pk for g in gifts]},
    )
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_donor_emails_are_for_fundraisers_and_superusers(gifts, fundraiser, people, bookkeeper):
    for role in ["fundraiser", "superuser"]:
        desk = Client()
        desk.force_login(people[role])
        assert b"donor0@private.example" in desk.get("/admin/donations/donation/").content
        change = desk.get(f"/admin/donations/donation/{gifts[0].pk}/change/")
        assert b"donor0@private.example" in change.content
        found = desk.get("/admin/donations/donation/", {"q": "donor1@private.example"})
        assert b"donor1@private.example" in found.content
        rows = export_csv(desk, gifts)
        assert "email" in rows[0] and "donor2@private.example" in str(rows)

    desk = Client()
    desk.force_login(bookkeeper)
    listing = desk.get("/admin/donations/donation/")
    assert listing.status_code == 200 and b"Named donor 0" in listing.content
    assert b"private.example" not in listing.content
    change = desk.get(f"/admin/donations/donation/{gifts[0].pk}/change/")
    assert change.status_code == 200 and b"private.example" not in change.content
    found = desk.get("/admin/donations/donation/", {"q": "donor1@private.example"})
    assert b"Named donor 1" not in found.content  # the address is not searchable either
    rows = export_csv(desk, gifts)
    assert "email" not in rows[0] and "private.example" not in str(rows)

    for role in ["editor", "moderator"]:
        desk = Client()
        desk.force_login(people[role])
        assert desk.get("/admin/donations/donation/").status_code == 403
    for url in ["/donations/", "/", "/feeds/rss/"]:
        page = Client().get(url)
        assert b"private.example" not in page.content, url
    assert b"Named donor 0" in Client().get("/donations/").content


# --- Commenters' IP addresses and subscriber lists --------------------------------------------


def test_commenters_email_addresses_are_for_moderators_only(people):
    comment = CommentFactory(author_name="Ana Lima", author_email="ana.secret@example.org")
    queue, change = "/admin/comments/comment/", f"/admin/comments/comment/{comment.pk}/change/"
    for role in ["moderator", "superuser"]:
        desk = Client()
        desk.force_login(people[role])
        assert b"ana.secret@example.org" in desk.get(queue).content
        assert b"ana.secret@example.org" in desk.get(change).content
    desk = Client()
    desk.force_login(people["editor"])
    listing = desk.get(queue)
    assert b"Ana Lima" in listing.content and b"ana.secret" not in listing.content
    page = desk.get(change)
    assert page.status_code == 200 and b"ana.secret" not in page.content
    found = desk.get(queue, {"q": "ana.secret@example.org"})
    assert b"Ana Lima" not in found.content  # not searchable by address either
    assert desk.get(queue, {"author_email": "ana.secret@example.org"}).status_code == 400


def test_commenters_ip_addresses_are_for_moderators_only(people):
    comment = CommentFactory(ip_address="198.51.100.23", body="Seen by all.")
    Report.objects.create(
        comment=comment, reporter_key="b1", ip_address="198.51.100.99", reason="spam"
    )
    queue, change = "/admin/comments/comment/", f"/admin/comments/comment/{comment.pk}/change/"
    for role in ["moderator", "superuser"]:
        desk = Client()
        desk.force_login(people[role])
        assert b"198.51.100.23" in desk.get(queue).content
        page = desk.get(change).content
        assert b"198.51.100.23" in page and b"198.51.100.99" in page
        found = desk.get(queue, {"q": "198.51.100.23"})
        assert b"Seen by all." in found.content
    desk = Client()
    desk.force_login(people["editor"])
    listing = desk.get(queue)
    assert listing.status_code == 200 and b"Seen by all." in listing.content
    assert b"198.51.100" not in listing.content
    page = desk.get(change)
    assert page.status_code == 200 and b"198.51.100" not in page.content
    found = desk.get(queue, {"q": "198.51.100.23"})
    assert b"Seen by all." not in found.content  # not searchable by address either
    assert desk.get(queue, {"ip_address": "198.51.100.23"}).status_code == 400  # nor filtered
    for client in [Client(), Client()]:
        page = client.get(comment.article.get_absolute_url() + "?comments=all")
        assert b"Seen by all." in page.content and b"198.51.100" not in page.content


def test_subscriber_lists_are_for_moderators_only(people):
    article = ArticleFactory()
    Subscription.objects.create(
        article=article,
        kind="follow-ups",
        email="follower@private.example",
        confirmed_at=timezone.now() - timedelta(days=1),
    )
    for role, status in [("moderator", 200), ("superuser", 200)]:
        desk = Client()
        desk.force_login(people[role])
        page = desk.get("/admin/comments/subscription/")
        assert page.status_code == status and b"follower@private.example" in page.content
    for role in ["editor", "fundraiser", "reader", "anonymous"]:
        desk = Client()
        if people[role] is not None:
            desk.force_login(people[role])
        assert desk.get("/admin/comments/subscription/").status_code in (302, 403)
        assert desk.get("/admin/outbox/outgoingemail/").status_code in (302, 403)
        for url in [article.get_absolute_url(), f"/comments/article/{article.pk}/subscribe/"]:
            assert b"private.example" not in desk.get(url).content
