"""A reader's own page: their comments and subscriptions, a download of their data, and
closing their account, keeping their comments as "Deleted account" or not."""

import json
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from comments.models import Comment, Subscription
from donations.links import email_from_token
from outbox.models import OutgoingEmail
from tests.factories import ArticleFactory, CommentFactory, DonationFactory, account
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour password 42"


@pytest.fixture
def kim():
    return account("kim", email="kim@example.org", password=PASSWORD)


@pytest.fixture
def signed_in(kim):
    client = Client()
    client.force_login(kim)
    return client


def test_the_page_shows_the_reader_s_comments_and_subscriptions(kim, signed_in):
    article = ArticleFactory(headline="Harbour wall gives way")
    CommentFactory(article=article, user=kim, body="Mine, and published.")
    CommentFactory(article=article, body="Someone else's.")
    Subscription.objects.create(
        article=article, kind="follow-ups", email="kim@example.org", confirmed_at=timezone.now()
    )

    response = signed_in.get("/accounts/me/")

    text = page_text(response)
    assert "Mine, and published." in text
    assert "Someone else's." not in text
    assert "Harbour wall gives way" in text
    assert "/comments/unsubscribe/" in response.content.decode()


def test_strangers_are_sent_to_sign_in():
    response = Client().get("/accounts/me/")

    assert response["Location"].startswith("/accounts/login/")


def test_the_data_download_is_json_of_what_we_hold(kim, signed_in):
    CommentFactory(user=kim, author_email="kim@example.org", body="Said once.")

    response = signed_in.get("/accounts/me/data/")

    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "kim@example.org"
    assert [c["text"] for c in data["comments"]] == ["Said once."]


def test_a_wrong_password_deletes_nothing(kim, signed_in):
    response = signed_in.post("/accounts/me/delete/", {"comments": "keep", "password": "no"})

    assert response.status_code == 400
    assert "That is not your password." in page_text(response)
    assert User.objects.get(pk=kim.pk).is_active


@pytest.mark.parametrize(("choice", "shown"), [("keep", True), ("erase", False)])
def test_deleting_the_account_keeps_the_comments_only_if_asked(kim, signed_in, choice, shown):
    comment = CommentFactory(user=kim, author_email="kim@example.org", body="My view.")

    response = signed_in.post("/accounts/me/delete/", {"comments": choice, "password": PASSWORD})

    assert response.status_code == 302
    kim.refresh_from_db()
    assert not kim.is_active and not kim.email and not kim.has_usable_password()
    assert not EmailAddress.objects.filter(user=kim).exists()
    comment.refresh_from_db()
    assert (comment.body == "My view.") is shown
    assert comment.user is None and comment.author_email == ""
    if shown:
        assert comment.author_name == "Deleted account"
        assert comment.status == Comment.Status.APPROVED
    assert "_auth_user_id" not in signed_in.session


def test_a_verified_reader_claims_the_comments_they_posted_as_a_guest(kim, signed_in):
    theirs = CommentFactory(author_email="KIM@example.org", browser_key="old-browser")
    others = CommentFactory(author_email="someone@example.org")
    assert "posted as a guest under your address" in page_text(signed_in.get("/accounts/me/"))

    signed_in.post("/accounts/me/claim/")

    theirs.refresh_from_db()
    others.refresh_from_db()
    assert theirs.user == kim and theirs.browser_key == ""
    assert others.user is None


def test_an_unverified_address_claims_nothing():
    sam = account("sam", email="sam@example.org", verified=False)
    guest_comment = CommentFactory(author_email="sam@example.org")
    client = Client()
    client.force_login(sam)

    client.post("/accounts/me/claim/")

    guest_comment.refresh_from_db()
    assert guest_comment.user is None


def test_the_page_runs_a_fixed_number_of_queries(kim, signed_in, django_assert_max_num_queries):
    for n in range(30):
        CommentFactory(user=kim, body=f"Comment {n}.")
        Subscription.objects.create(
            article=ArticleFactory(),
            kind="follow-ups",
            email="kim@example.org",
            confirmed_at=timezone.now(),
        )

    with django_assert_max_num_queries(12):
        response = signed_in.get("/accounts/me/")

    assert "Comment 29." in page_text(response)


def test_a_reader_chooses_one_digest_a_day_for_a_subscription(
    kim, signed_in, committed, mailoutbox, set_rules
):
    article = ArticleFactory()
    subscription = Subscription.objects.create(
        article=article, kind="follow-ups", email="kim@example.org", confirmed_at=timezone.now()
    )
    signed_in.post(
        f"/accounts/me/subscriptions/{subscription.pk}/delivery/", {"delivery": "daily"}
    )
    subscription.refresh_from_db()
    assert subscription.daily_digest
    set_rules(hold="none")

    with committed():
        for n, body in enumerate(["First news.", "Second news."]):
            Client(REMOTE_ADDR=f"192.0.2.{30 + n}").post(
                f"/comments/article/{article.pk}/post/",
                {"name": "Ben", "email": f"ben{n}@example.org", "body": body},
            )
    assert Comment.objects.filter(status="approved", body__endswith="news.").count() == 2

    # Held back for the day's digest: nothing now (the digest task waits for midnight).
    assert not [m for m in mailoutbox if m.to == ["kim@example.org"]]
    assert OutgoingEmail.objects.filter(to_email="kim@example.org", status="folded").count() == 2


def test_nobody_chooses_for_another_reader_s_subscription(signed_in):
    theirs = Subscription.objects.create(
        article=ArticleFactory(), kind="follow-ups", email="other@example.org"
    )

    response = signed_in.post(
        f"/accounts/me/subscriptions/{theirs.pk}/delivery/", {"delivery": "daily"}
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.daily_digest


# --- Your giving ---------------------------------------------------------------------------


def test_a_donor_sees_their_gifts_and_manages_a_monthly_one_from_their_account(kim, signed_in):
    DonationFactory(email="kim@example.org", amount=Decimal("40"))
    DonationFactory(email="someone@example.org", amount=Decimal("999"))
    DonationFactory(
        email="kim@example.org",
        amount=Decimal("15"),
        frequency="monthly",
        stripe_subscription="sub_kim",
    )

    response = signed_in.get("/accounts/me/")

    text = page_text(response)
    assert "Gifts from kim@example.org" in text
    assert "40 $" in text and "15 $" in text
    assert "999 $" not in text
    assert "Change or stop your monthly or yearly gift" in text
    [manage] = [a for a in tags(response, "a") if "/donations/manage/" in a.get("href", "")]
    token = manage["href"].rstrip("/").rsplit("/", 1)[1]
    assert email_from_token(token) == "kim@example.org"
    assert "Stop this monthly gift" in page_text(signed_in.get(manage["href"]))


def test_gifts_under_an_unverified_address_are_not_shown(signed_in, kim):
    EmailAddress.objects.filter(user=kim).update(verified=False)
    DonationFactory(email="kim@example.org")

    text = page_text(signed_in.get("/accounts/me/"))

    assert "Gifts from" not in text
    assert "No gifts from your verified address yet." in text
