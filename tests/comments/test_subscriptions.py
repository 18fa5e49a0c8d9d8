""" "Notify of": subscribing by email, confirming the address, unsubscribing in one click."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.utils import timezone

from comments import notifications
from comments.identity import COOKIE_NAME
from comments.models import Comment, Subscription
from tests.factories import (
    TRUSTED_KEY,
    ArticleFactory,
    account,
    reader_cookie,
    trusted_guest,
)
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

Kind = Subscription.Kind
FOLLOW_UPS, REPLIES = "follow-ups", "replies"


@pytest.fixture(autouse=True)
def _site(site_url):
    return site_url


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


@pytest.fixture
def subscribe(committed):
    """Send the "Notify of" form as a browser does, letting the request's transaction commit."""

    def send(client, article, **data):
        data = {"kind": FOLLOW_UPS, "email": "ana@example.org", **data}
        headers = {"HTTP_HX_REQUEST": "true"} if data.pop("htmx", False) else {}
        with committed():
            return client.post(f"/comments/article/{article.pk}/subscribe/", data, **headers)

    return send


def links(message, path):
    """The site's links under `path` in an email's text, as paths (SITE_URL removed)."""
    found = re.findall(rf"https://news\.example\.org({re.escape(path)}\S+)", message.body)
    assert found, f"no {path} link in:\n{message.body}"
    return found


# --- The control on the article page ---------------------------------------------------------


def test_the_article_page_offers_notify_of_with_its_two_choices(client, article):
    response = client.get(article.get_absolute_url())

    text = page_text(response)
    assert "Notify of" in text
    radios = [i for i in tags(response, "input") if i.get("name") == "kind"]
    assert [r["value"] for r in radios] == [FOLLOW_UPS, REPLIES]
    labels = re.findall(
        r'<label[^>]*for="notify-kind_\d"[^>]*>\s*(.*?)\s*</label>', response.content.decode()
    )
    assert labels == ["new follow-up comments", "new replies to my comments"]
    assert "Notify me of replies to this comment" in text


def test_without_javascript_the_subscribe_page_has_the_form(client, article):
    response = client.get(f"/comments/article/{article.pk}/subscribe/")

    assert response.status_code == 200
    assert "Notify of" in page_text(response)
    assert {"kind", "email"} <= {i.get("name") for i in tags(response, "input")}


def test_there_is_nothing_to_subscribe_to_on_an_unpublished_article(client, subscribe):
    draft = ArticleFactory(draft=True)

    assert client.get(f"/comments/article/{draft.pk}/subscribe/").status_code == 404
    assert subscribe(Client(), draft).status_code == 404
    assert not Subscription.objects.exists()


# --- Guests: double opt-in -------------------------------------------------------------------


def test_a_guest_gets_a_confirmation_email_and_nothing_else_until_it_is_clicked(
    client, article, subscribe, mailoutbox, committed, post_comment
):
    response = subscribe(client, article, email="Ana@Example.org")

    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "a link to confirm it is on its way" in page_text(follow)
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.kind) == ("ana@example.org", Kind.FOLLOW_UPS)
    assert subscription.confirmed_at is None
    [confirmation] = mailoutbox
    assert confirmation.to == ["ana@example.org"]
    assert "new follow-up comments on “Harbour wall gives way”" in confirmation.body

    # A comment published before the click sends the address nothing.
    trusted_guest("ben@example.org")  # Ben is trusted: published at once
    ben = Client(REMOTE_ADDR="192.0.2.9")
    ben.cookies[COOKIE_NAME] = reader_cookie(TRUSTED_KEY)
    with committed():
        post_comment(
            ben,
            article,
            "Before the click.",
            email="ben@example.org",
            name="Ben",
        )
    assert Comment.objects.get(body="Before the click.").status == Comment.Status.APPROVED
    assert len(mailoutbox) == 1


def test_links_in_the_email_lead_to_site_url_whatever_host_the_reader_came_by(
    article, subscribe, mailoutbox, site_url
):
    """The request named another allowed Host; the email names the public site only."""
    subscribe(Client(HTTP_HOST="localhost"), article)

    [confirmation] = mailoutbox
    addresses = re.findall(r"https?://\S+", confirmation.body)
    assert addresses
    assert [a for a in addresses if not f"{a}/".startswith(f"{site_url}/")] == []
    assert confirmation.extra_headers["List-Unsubscribe"].startswith(f"<{site_url}/")


def test_the_confirmation_link_shows_a_button_and_confirms_on_post(
    client, article, subscribe, mailoutbox
):
    subscribe(client, article)
    [link] = links(mailoutbox[0], "/comments/subscriptions/confirm/")

    page = Client().get(link)
    assert page.status_code == 200
    assert "Confirm your subscription" in page_text(page)
    assert [b for b in tags(page, "button") if b.get("type") == "submit"]
    assert Subscription.objects.get().confirmed_at is None  # a GET changes nothing

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link)
    token = next(i["value"] for i in tags(page, "input") if i.get("name") == "csrfmiddlewaretoken")
    done = browser.post(link, {"csrfmiddlewaretoken": token})

    assert done.status_code == 200
    assert "You are subscribed" in page_text(done)
    assert Subscription.objects.get().confirmed_at is not None
    assert Client().post(link).status_code == 200  # confirming again is harmless


def test_subscribing_the_same_address_twice_makes_one_subscription(article, subscribe, mailoutbox):
    first = subscribe(Client(), article, email="ana@example.org")
    second = subscribe(Client(), article, email="ANA@example.org ")

    assert first.status_code == second.status_code == 302
    assert Subscription.objects.count() == 1
    assert len(mailoutbox) == 1  # the link is not sent again within the hour


def test_the_other_choice_is_a_second_subscription(article, subscribe):
    subscribe(Client(), article, kind=FOLLOW_UPS)
    subscribe(Client(), article, kind=REPLIES)

    assert sorted(Subscription.objects.values_list("kind", flat=True)) == [FOLLOW_UPS, REPLIES]


def test_the_answer_does_not_tell_who_is_subscribed_already(article, subscribe, client):
    subscribe(Client(), article, email="ana@example.org")
    Subscription.objects.update(confirmed_at=timezone.now())

    again = client.get(subscribe(client, article, email="ana@example.org")["Location"])

    assert "a link to confirm it is on its way" in page_text(again)


def test_with_htmx_the_form_is_replaced_by_the_answer(article, subscribe):
    response = subscribe(Client(), article, htmx=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="notify-form"' in html
    assert "a link to confirm it is on its way" in html


# --- Signed-in readers ------------------------------------------------------------------------


def test_a_signed_in_reader_is_subscribed_at_once_without_a_confirmation(
    browser, article, subscribe, mailoutbox
):
    user = account("tide", email="Tide@Example.org")

    tide = browser(user=user)
    response = subscribe(tide, article, kind=REPLIES, email="ignored@example.org")

    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.user) == ("tide@example.org", user)
    assert subscription.confirmed_at is not None
    assert not mailoutbox
    page = tide.get(response["Location"])
    assert "You are subscribed: we will email you new replies to your comments" in page_text(page)


def test_a_signed_in_reader_without_an_email_cannot_subscribe(browser, article, subscribe):
    user = User.objects.create_user("noaddress")

    response = subscribe(browser(user=user), article)

    assert response.status_code == 400
    assert "Your account has no email address" in page_text(response)
    assert not Subscription.objects.exists()


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "ana@example.org\r\nBcc: everyone@example.net",
        "ana@example.org\n",
        "ana@example.org\rX-Injected: 1",
        "ana@example.org\u2028",
        "ana@exa\tmple.org",
    ],
)
def test_an_email_with_header_injection_characters_is_refused(
    article, subscribe, mailoutbox, email
):
    response = subscribe(Client(), article, email=email)

    assert response.status_code == 400
    assert "cannot contain line breaks or other control characters" in page_text(response)
    assert not Subscription.objects.exists()
    assert not mailoutbox


@pytest.mark.parametrize("email", ["not-an-email", "", "ana@"])
def test_an_invalid_email_is_refused(article, subscribe, email):
    response = subscribe(Client(), article, email=email)

    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_an_unknown_choice_is_refused(article, subscribe):
    response = subscribe(Client(), article, kind="comment")

    assert response.status_code == 400
    assert "Select a valid choice." in page_text(response)
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Ana\r\nBcc: everyone@example.net"), ("email", "ana@example.org\r\nCc: x@y.org")],
)
def test_a_comment_with_header_injection_in_its_name_or_email_is_refused(
    browser, article, post_comment, field, value
):
    response = post_comment(browser(), article, "Hello.", **{field: value})

    assert response.status_code == 400
    assert "cannot contain line breaks or other control characters" in page_text(response)
    assert not Comment.objects.exists()


def test_a_get_does_not_subscribe(client, article):
    client.get(f"/comments/article/{article.pk}/subscribe/", {"email": "ana@example.org"})

    assert not Subscription.objects.exists()


def test_subscribing_is_limited_per_ip_address(article, subscribe, set_rules, mailoutbox):
    set_rules(subscriptions_per_hour=3)
    same_ip = [Client(REMOTE_ADDR="203.0.113.7") for _ in range(4)]

    answers = [
        subscribe(c, article, email=f"reader{n}@example.org") for n, c in enumerate(same_ip)
    ]

    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert "Too many subscription requests" in page_text(answers[-1])
    assert Subscription.objects.count() == 3
    assert len(mailoutbox) == 3


def test_subscribing_is_limited_per_email_address(set_rules, subscribe, mailoutbox):
    set_rules(subscriptions_per_hour=2)
    articles = ArticleFactory.create_batch(3)

    answers = [
        subscribe(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), a, email="victim@example.org")
        for n, a in enumerate(articles)
    ]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),  # altered
        lambda token: token.split(":")[0] + ":forged:signature",  # forged
        lambda token: "nothing-signed-here",
    ],
)
def test_a_forged_or_altered_confirmation_link_changes_nothing(
    article, subscribe, mailoutbox, mangle
):
    subscribe(Client(), article)
    [link] = links(mailoutbox[0], "/comments/subscriptions/confirm/")
    token = link.rstrip("/").rsplit("/", 1)[1]

    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/comments/subscriptions/confirm/{mangle(token)}/")

        assert response.status_code == 400
        assert "This link does not work" in page_text(response)
        assert "Nothing was changed." in page_text(response)
    assert Subscription.objects.get().confirmed_at is None


def signed_long_ago(make_token, age):
    """A token as the site signed it `age` ago (signing reads the clock as it signs)."""
    with pytest.MonkeyPatch.context() as patch:
        then = signing.time.time() - age.total_seconds()
        patch.setattr(signing.time, "time", lambda: then)
        return make_token()


def test_an_expired_confirmation_link_changes_nothing(article, subscribe):
    subscribe(Client(), article)
    subscription = Subscription.objects.get()
    token = signed_long_ago(
        lambda: notifications.confirm_token(subscription),
        notifications.CONFIRM_MAX_AGE + timedelta(minutes=1),
    )

    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/comments/subscriptions/confirm/{token}/")

        assert response.status_code == 400
        assert "This link has expired." in page_text(response)
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirmation_link_for_a_cancelled_subscription_says_so(article, subscribe, mailoutbox):
    subscribe(Client(), article)
    [link] = links(mailoutbox[0], "/comments/subscriptions/confirm/")
    Subscription.objects.all().delete()

    response = Client().post(link)

    assert response.status_code == 400
    assert "no longer exists" in page_text(response)
    assert not Subscription.objects.exists()


# --- Unsubscribing --------------------------------------------------------------------------


@pytest.fixture
def confirmed(article):
    return Subscription.objects.create(
        article=article, kind=Kind.FOLLOW_UPS, email="ana@example.org", confirmed_at=timezone.now()
    )


def unsubscribe_url(**kwargs):
    return f"/comments/unsubscribe/{notifications.unsubscribe_token(**kwargs)}/"


def test_the_unsubscribe_link_shows_a_button_and_unsubscribes_on_post(confirmed):
    url = unsubscribe_url(subscription=confirmed)

    page = Client().get(url)
    assert page.status_code == 200
    assert "new follow-up comments on “Harbour wall gives way”" in page_text(page)
    # Its own button, beside the header's search.
    assert [b.get("type") for b in tags(page, "button")] == ["submit", "submit"]
    assert "Unsubscribe" in page_text(page)
    assert Subscription.objects.exists()  # a GET changes nothing

    done = Client().post(url)
    assert done.status_code == 200
    assert "You are unsubscribed" in page_text(done)
    assert not Subscription.objects.exists()


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(confirmed):
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        unsubscribe_url(subscription=confirmed),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_unsubscribing_twice_is_harmless(confirmed):
    url = unsubscribe_url(subscription=confirmed)
    Client().post(url)

    again = Client().post(url)
    page = Client().get(url)

    assert again.status_code == page.status_code == 200
    assert "You are unsubscribed" in page_text(again)
    assert "already ended" in page_text(page)


def test_an_unsubscribe_link_ends_only_its_own_subscription(article, confirmed):
    other = Subscription.objects.create(
        article=article, kind=Kind.REPLIES, email="ana@example.org", confirmed_at=timezone.now()
    )
    Client().post(unsubscribe_url(subscription=confirmed))

    assert list(Subscription.objects.all()) == [other]


def test_a_digests_link_ends_every_subscription_of_the_address(article, confirmed):
    Subscription.objects.create(
        article=ArticleFactory(), kind=Kind.REPLIES, email="ana@example.org"
    )
    keep = Subscription.objects.create(
        article=article, kind=Kind.FOLLOW_UPS, email="ben@example.org"
    )

    Client().post(unsubscribe_url(email="ana@example.org"))

    assert list(Subscription.objects.all()) == [keep]


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps({"s": 1, "e": "ana@example.org"}, salt="another-salt"),
        signing.dumps({"s": 1, "e": "ana@example.org"}, salt=notifications.UNSUBSCRIBE_SALT)[:-2]
        + "xx",
        signing.dumps(["not", "a", "dict"], salt=notifications.UNSUBSCRIBE_SALT),
    ],
)
def test_a_forged_or_altered_unsubscribe_link_changes_nothing(confirmed, token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/comments/unsubscribe/{token}/")

        assert response.status_code == 400
        assert "Nothing was changed." in page_text(response)
    assert Subscription.objects.count() == 1


def test_an_unsubscribe_link_for_another_address_changes_nothing(confirmed):
    token = signing.dumps(
        {"s": confirmed.pk, "e": "mallory@example.org"}, salt=notifications.UNSUBSCRIBE_SALT
    )

    Client().post(f"/comments/unsubscribe/{token}/")

    assert Subscription.objects.count() == 1


def test_an_expired_unsubscribe_link_changes_nothing(confirmed):
    token = signed_long_ago(
        lambda: notifications.unsubscribe_token(subscription=confirmed),
        notifications.UNSUBSCRIBE_MAX_AGE + timedelta(days=1),
    )

    response = Client().post(f"/comments/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "This link has expired." in page_text(response)
    assert Subscription.objects.count() == 1


# --- "Notify me of replies to this comment" --------------------------------------------------


def test_the_reply_box_subscribes_a_guest_to_replies_after_confirmation(
    browser, article, post_comment, mailoutbox, committed, set_rules
):
    set_rules(hold="none")  # Ana's and Ben's comments are published at once
    with committed():
        post_comment(browser(), article, "Who mends the wall?", notify_replies="on")

    comment = Comment.objects.get(body="Who mends the wall?")
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.comment) == (Kind.COMMENT, comment)
    assert subscription.confirmed_at is None
    [confirmation] = mailoutbox
    assert confirmation.to == ["ana@example.org"]
    assert "replies to your comment on “Harbour wall gives way”" in confirmation.body
    [link] = links(confirmation, "/comments/subscriptions/confirm/")
    Client().post(link)

    with committed():
        post_comment(
            browser(), article, "The harbour board does.", parent=comment, name="Ben",
            email="ben@example.org",
        )  # fmt: skip

    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["ana@example.org"]
    assert mailoutbox[1].subject == "Ben replied to your comment on “Harbour wall gives way”"
    assert "The harbour board does." in mailoutbox[1].body


def test_a_signed_in_reader_ticking_the_box_is_subscribed_at_once(
    browser, article, post_comment, mailoutbox, committed
):
    user = account("tide", email="tide@example.org")

    tide = browser(user=user)
    with committed():
        response = post_comment(tide, article, "Mine.", notify_replies="on")

    assert Subscription.objects.get().confirmed_at is not None
    assert not mailoutbox
    page = tide.get(response["Location"])
    assert "We will email you replies to this comment." in page_text(page)


def test_without_the_box_nothing_is_subscribed(
    browser, article, post_comment, mailoutbox, committed
):
    with committed():
        post_comment(browser(), article, "No email for me.")

    assert not Subscription.objects.exists()
    assert not mailoutbox
