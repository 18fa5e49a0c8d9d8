"""The attacks that hit the most used WordPress comment plugin over the years, one test each,
each showing that it fails here."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from articles.models import Article
from comments.identity import COOKIE_NAME
from comments.models import Comment, Passage, Subscription, Vote
from tests.articles.test_admin import add_form
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    image_bytes,
    image_upload,
    reader_cookie,
)
from tests.utils import comment_threads, tags

from .conftest import comment_data
from .payloads import assert_safe

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def media_files():
    return sorted(str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


# --- SQL injection through "load more" and subscription look-ups -----------------------------


def test_the_sort_of_load_more_is_never_sql(browser):
    article = ArticleFactory()
    for n in range(45):
        CommentFactory(article=article, score=n % 4, upvotes=n % 4)
    reader = Client()
    url = article.get_absolute_url()
    threads = {"page": "2", "fragment": "threads"}
    clean = comment_threads(reader.get(url, {**threads, "sort": "newest"}, **HX))[1]
    assert len(clean) == 20
    for sort in [
        "votes' OR 1=1--",
        "-score",
        "score); DELETE FROM comments_comment;--",
        "(SELECT CASE WHEN (1=1) THEN created_at ELSE score END)",
        "created_at DESC, (SELECT 1)",
        "pk",
    ]:
        response = reader.get(url, {**threads, "sort": sort}, **HX)
        assert response.status_code == 200
        assert comment_threads(response)[1] == clean, sort
    assert Comment.objects.count() == 45


def test_subscription_look_ups_by_address_are_not_sql(browser, set_rules, committed):
    set_rules(subscriptions_per_hour=0)
    article = ArticleFactory()
    Subscription.objects.create(article=article, kind="follow-ups", email="ana@example.org")
    guest = browser()
    for email in [
        "' OR '1'='1'@example.org",
        "ana@example.org' OR 1=1--",
        "%@example.org",
        "_na@example.org",
        "ANA@EXAMPLE.ORG' --",
    ]:
        with committed():
            response = guest.post(
                f"/comments/article/{article.pk}/subscribe/",
                {"kind": "follow-ups", "email": email},
            )
        assert response.status_code in (302, 400), email
    # The addresses with quotes and dashes are not addresses; "%" and "_" are, and are looked
    # up as themselves, not as LIKE patterns that would have matched ana's row.
    emails = set(Subscription.objects.values_list("email", flat=True))
    assert emails == {"ana@example.org", "%@example.org", "_na@example.org"}
    assert sorted(m.to[0] for m in mail.outbox) == ["%@example.org", "_na@example.org"]


# --- An unauthenticated upload that ran code ------------------------------------------------


def test_no_public_endpoint_accepts_a_file(browser, reader):
    """Every form a stranger can post, sent with files attached: nothing lands on disk."""
    article = ArticleFactory()
    comment = CommentFactory(article=article, browser_key="guest-key")
    passage = Passage.objects.create(article=article, text="The first paragraph.")
    guest = browser(key="guest-key")
    before = media_files()
    shell = SimpleUploadedFile("shell.php.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg")
    for url, data in [
        (f"/comments/article/{article.pk}/post/", comment_data(article, "With a file.")),
        (f"/comments/article/{article.pk}/post/", comment_data(article, "x", passage=passage.pk)),
        (f"/comments/{comment.pk}/edit/", {"body": "Edited with a file."}),
        (f"/comments/{comment.pk}/report/", {"reason": "spam"}),
        (f"/comments/article/{article.pk}/subscribe/", {"kind": "replies", "email": "a@b.org"}),
        ("/donations/", {"preset": "25", "frequency": "once", "currency": "USD"}),
        ("/accounts/signup/", {"username": "x", "email": "x@example.org"}),
        ("/search/", {}),
    ]:
        for name in ["file", "upload", "lead_image", "avatar", "photo", "attachment"]:
            shell.seek(0)
            guest.post(url, {**data, name: shell})
    assert media_files() == before
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.php*"))


def polyglots():
    """Files that pass for an image by their name or their first bytes."""
    jpeg = image_bytes(size=(64, 64))
    return {
        "text.jpg": b"<?php system($_GET['c']); ?>",
        "page.png": b"<html><script>alert(1)</script></html>",
        "gif-js.jpg": b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1)//;",
        "jpeg-html.jpg": jpeg + b"<html><body><script>alert(1)</script></body></html>",
        "jpeg-php.jpg": jpeg + b"<?php echo shell_exec($_GET['c']); ?>",
        "svg.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(2)</script></svg>",
        "svg.png": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "truncated.jpg": jpeg[: len(jpeg) // 2],
    }


@pytest.mark.parametrize("name", list(polyglots()))
def test_the_article_admin_refuses_files_that_only_pretend_to_be_images(editor_client, name):
    before = media_files()
    upload = SimpleUploadedFile(name, polyglots()[name], "image/jpeg")

    response = editor_client.post("/admin/articles/article/add/", add_form(lead_image=upload))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["lead_image"]
    assert not Article.objects.exists()
    assert media_files() == before


def test_the_article_admin_takes_a_real_image(editor_client):
    """The control for the test above: a real JPEG is stored, and served as WebP copies."""
    upload = image_upload("harbour.jpg", size=(640, 360))
    response = editor_client.post("/admin/articles/article/add/", add_form(lead_image=upload))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.renditions and all(r["name"].endswith(".webp") for r in article.renditions)
    with Image.open(io.BytesIO(article.lead_image.read())) as stored:
        assert stored.format == "JPEG"


# --- Stored XSS through a "website" field and through image alt text ------------------------


def test_there_is_no_website_field_and_posting_one_stores_nothing(browser, post_comment):
    article = ArticleFactory()
    page = Client().get(article.get_absolute_url()).content.decode()
    form = page[page.index('<form id="comment-form"') :]
    form = form[: form.index("</form>")]
    names = {field.get("name") for field in tags(form, "input") + tags(form, "textarea")}
    assert not names & {"website", "url", "site", "link", "author_url"}
    # The only URL-ish field is the trap for bots, hidden from people.
    assert {"name", "email", "body", "homepage"} <= names

    evil = "javascript:alert(document.cookie)"
    guest = browser()
    response = post_comment(guest, article, "Hello from my site.", website=evil, url=evil)
    assert response.status_code == 302
    comment = Comment.objects.get()
    stored = " ".join(str(value) for value in Comment.objects.values_list().get())
    assert "javascript" not in stored
    # Filling the trap makes the comment spam, never a link.
    post_comment(browser(), article, "Another one.", homepage=evil, email="b@example.org")
    trapped = Comment.objects.exclude(pk=comment.pk).get()
    assert trapped.status == Comment.Status.SPAM
    assert "javascript" not in " ".join(map(str, Comment.objects.values_list().get(pk=trapped.pk)))


@pytest.mark.parametrize(
    "alt",
    [
        '"><img src=x onerror=alert(1)>',
        "' onerror='alert(1)",
        '" onload="alert(1)',
        "</figure><script>alert(1)</script>",
        "` onfocus=alert(1) autofocus `",
    ],
)
def test_image_alt_text_is_escaped(alt):
    article = ArticleFactory(lead_image=image_upload(size=(800, 450)), lead_image_alt=alt)
    reader = Client()
    for url in ["/", article.get_absolute_url(), article.category.get_absolute_url()]:
        response = reader.get(url)
        assert_safe(response, url)
        images = [i for i in tags(response, "img") if "renditions" in i.get("src", "")]
        assert images, url
        assert all(i["alt"] == alt for i in images if i.get("alt")), url
    og = tags(reader.get(article.get_absolute_url()), "meta")
    assert {"property": "og:image:alt", "content": alt} in og


# --- CSRF on adding, editing and deleting comments --------------------------------------------


def token_from(response):
    [field] = [i for i in tags(response, "input") if i.get("name") == "csrfmiddlewaretoken"][
        :1
    ] or [None]
    return field["value"]


def test_adding_editing_and_deleting_need_the_token_of_the_page(browser):
    article = ArticleFactory()
    own = CommentFactory(article=article, browser_key="guest-key", body="Mine.")
    guest = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.40")
    guest.cookies[COOKIE_NAME] = reader_cookie("guest-key")
    add = f"/comments/article/{article.pk}/post/"
    edit, delete = f"/comments/{own.pk}/edit/", f"/comments/{own.pk}/delete/"
    data = comment_data(article, "A forged comment.", email="ana@example.org")

    for headers in ({}, HX):
        assert guest.post(add, data, **headers).status_code == 403
        assert guest.post(edit, {"body": "Forged."}, **headers).status_code == 403
        assert guest.post(delete, {}, **headers).status_code == 403
        forged = {"csrfmiddlewaretoken": "x" * 64}
        assert guest.post(delete, forged, **headers).status_code == 403
    own.refresh_from_db()
    assert (own.body, own.status, Comment.objects.count()) == ("Mine.", "approved", 1)

    # With the token of the page, each goes through.
    token = token_from(guest.get(article.get_absolute_url()))
    assert guest.post(add, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    token = token_from(guest.get(edit))
    assert guest.post(edit, {"body": "Changed.", "csrfmiddlewaretoken": token}).status_code == 302
    token = token_from(guest.get(delete))
    assert guest.post(delete, {"csrfmiddlewaretoken": token}).status_code == 302
    own.refresh_from_db()
    assert own.status == Comment.Status.DELETED
    assert Comment.objects.filter(body="A forged comment.").exists()


# --- Votes on comments the voter could not see ------------------------------------------------


def test_votes_on_comments_the_voter_cannot_see_are_not_found(browser):
    article = ArticleFactory()
    hidden = [
        CommentFactory(article=article, pending=True),
        CommentFactory(article=article, rejected=True),
        CommentFactory(article=article, spam=True),
        CommentFactory(article=article, deleted=True),
        CommentFactory(article=ArticleFactory(draft=True)),
        CommentFactory(article=ArticleFactory(scheduled=True)),
    ]
    voter = browser()
    for comment in hidden:
        for headers in ({}, HX):
            for value in ["up", "down"]:
                response = voter.post(f"/comments/{comment.pk}/vote/", {"value": value}, **headers)
                assert response.status_code == 404
    assert not Vote.objects.exists()
    assert not Comment.objects.filter(upvotes__gt=0).exists()
    assert not Comment.objects.filter(downvotes__gt=0).exists()


# --- Vote stuffing by rotating addresses or cookies -------------------------------------------


def test_rotating_forwarded_for_headers_and_cookies_gives_one_vote(settings):
    settings.CLIENT_IP_HEADER = ""
    comment = CommentFactory()
    for n in range(8):
        stuffer = Client(REMOTE_ADDR="192.0.2.66")  # a fresh browser: no cookie
        stuffer.post(
            f"/comments/{comment.pk}/vote/",
            {"value": "up"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            HTTP_X_REAL_IP=f"10.1.0.{n}",
            HTTP_CLIENT_IP=f"10.2.0.{n}",
        )
    comment.refresh_from_db()
    assert (comment.upvotes, Vote.objects.count()) == (1, 1)
    assert Vote.objects.get().ip_address == "192.0.2.66"


def test_behind_our_proxy_only_its_header_counts_and_forwarded_for_is_ignored(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    comment = CommentFactory()
    for n in range(8):
        stuffer = Client(REMOTE_ADDR="127.0.0.1")
        stuffer.post(
            f"/comments/{comment.pk}/vote/",
            {"value": "up"},
            HTTP_X_REAL_IP="198.51.100.5",  # what our proxy wrote
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    comment.refresh_from_db()
    assert comment.upvotes == 1
    # Readers behind different addresses (as the proxy tells) each get their vote.
    Client(REMOTE_ADDR="127.0.0.1").post(
        f"/comments/{comment.pk}/vote/", {"value": "up"}, HTTP_X_REAL_IP="198.51.100.6"
    )
    comment.refresh_from_db()
    assert comment.upvotes == 2
    assert set(Vote.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.5",
        "198.51.100.6",
    }


# --- Email floods through the subscription endpoints ------------------------------------------


def test_one_address_cannot_be_flooded_from_many_addresses(set_rules, committed, rate_clock):
    set_rules(subscriptions_per_hour=5)
    articles = [ArticleFactory() for _ in range(8)]
    statuses = []
    with committed():
        for n, article in enumerate(articles):
            flooder = Client(REMOTE_ADDR=f"192.0.2.{100 + n}")
            response = flooder.post(
                f"/comments/article/{article.pk}/subscribe/",
                {"kind": "follow-ups", "email": "victim@example.org"},
            )
            statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429] * 3
    assert len(mail.outbox) == 5
    assert Subscription.objects.count() == 5


def test_one_connection_cannot_flood_many_addresses(set_rules, committed, rate_clock):
    set_rules(subscriptions_per_hour=5)
    article = ArticleFactory()
    flooder = Client(REMOTE_ADDR="192.0.2.77")
    statuses = []
    with committed():
        for n in range(8):
            for email in [f"victim{n}@example.org"]:
                response = flooder.post(
                    f"/comments/article/{article.pk}/subscribe/",
                    {"kind": "follow-ups", "email": email},
                    HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
                )
                statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429] * 3
    assert (
        "Too many subscription requests"
        in flooder.post(
            f"/comments/article/{article.pk}/subscribe/", {"kind": "replies", "email": "z@x.org"}
        ).content.decode()
    )
    assert len(mail.outbox) == 5


def test_asking_again_sends_the_confirmation_once_an_hour(set_rules, committed, rate_clock):
    set_rules(subscriptions_per_hour=0)  # no rate limit: the email itself is once an hour
    article = ArticleFactory()
    with committed():
        for n in range(6):
            Client(REMOTE_ADDR=f"192.0.2.{n + 1}").post(
                f"/comments/article/{article.pk}/subscribe/",
                {"kind": "follow-ups", "email": "ana@example.org"},
            )
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1


# --- A GET link that deleted comments ---------------------------------------------------------


def test_the_delete_address_on_get_only_asks(browser):
    own = CommentFactory(browser_key="guest-key", body="Still here.")
    author = browser(key="guest-key")
    for headers in ({}, HX):
        response = author.get(f"/comments/{own.pk}/delete/", **headers)
        assert response.status_code == 200
        forms = [
            f for f in tags(response, "form") if f.get("action") == f"/comments/{own.pk}/delete/"
        ]
        assert forms and forms[0]["method"] == "post"
    own.refresh_from_db()
    assert (own.status, own.body) == (Comment.Status.APPROVED, "Still here.")
    # Nor does the moderators' queue delete on a GET: its links open confirmation pages.
    moderator = User.objects.create_superuser("boss", "boss@example.org", "pw")
    desk = Client()
    desk.force_login(moderator)
    for action in ["approve", "ban-email", "ban-ip", "delete"]:
        desk.get(f"/admin/comments/comment/{own.pk}/{action}/")
    own.refresh_from_db()
    assert (own.status, Comment.objects.count()) == (Comment.Status.APPROVED, 1)


# --- A live-update call that revealed comments by id ------------------------------------------


def test_the_count_endpoint_returns_only_a_number():
    article = ArticleFactory()
    CommentFactory(article=article, body="Published words.")
    held = CommentFactory(article=article, pending=True, body="Held words.")
    for article_id in [article.pk, held.pk, 999999]:
        response = Client().get(f"/comments/article/{article_id}/count/", **HX)
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert list(data) == ["count"] and isinstance(data["count"], int)
        assert b"words" not in response.content.lower()
    assert Client().get(f"/comments/article/{article.pk}/count/").json() == {"count": 1}
    assert Client().get("/comments/article/0/count/").status_code == 404  # no id is 0


def test_no_endpoint_shows_a_held_comment_to_anyone_but_its_author(browser, reader):
    article = ArticleFactory()
    passage = Passage.objects.create(article=article, text="The first paragraph.")
    CommentFactory(article=article)
    held = CommentFactory(article=article, pending=True, body="Held words.", browser_key="k")
    strangers = [Client(), browser(), browser(user=reader)]
    moderator_only = User.objects.create_user("notstaff", password="pw")
    strangers.append(browser(user=moderator_only))
    pk = held.pk
    urls = [
        f"/comments/{pk}/",
        f"/comments/{pk}/reply/",
        f"/comments/{pk}/edit/",
        f"/comments/{pk}/delete/",
        f"/comments/{pk}/report/",
        f"/comments/article/{article.pk}/count/",
        f"/comments/passage/{passage.pk}/feedback/",
        f"{article.get_absolute_url()}?comments=all",
        f"{article.get_absolute_url()}?comments=all&fragment=threads",
        f"/comments/article/{article.pk}/subscribe/",
        "/feeds/rss/",
        "/search/?q=held",
    ]
    for client in strangers:
        for url in urls:
            for headers in ({}, HX):
                response = client.get(url, follow=True, **headers)
                assert b"Held words." not in response.content, url
        for url in [f"/comments/{pk}/vote/", f"/comments/{pk}/report/", f"/comments/{pk}/edit/"]:
            response = client.post(url, {"value": "up", "reason": "spam"}, **HX)
            assert b"Held words." not in response.content, url
    # Its author does see it: the test is about strangers, not a page that shows nothing.
    mine = browser(key="k").get(f"{article.get_absolute_url()}?comments=all")
    assert b"Held words." in mine.content
    assert re.search(rb"awaiting moderation", mine.content)
