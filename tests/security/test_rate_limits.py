"""Rate limits on comments, votes, reports, subscriptions and donations: over the limit a
request is refused with a message that says why, and nothing is saved. The limits count by
client IP, which is REMOTE_ADDR unless our own proxy's header is configured."""

import pytest
from django.test import Client, RequestFactory

from comments.models import Comment, Report, Subscription, Vote
from donations.models import Donation
from newsroom.client import client_ip
from tests.factories import ArticleFactory, CampaignFactory, CommentFactory

from .conftest import comment_data

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def text(response):
    return response.content.decode()


def test_comments_over_the_limit_are_refused_and_not_saved(set_rules, rate_clock):
    set_rules(comments_per_minute=3)
    article = ArticleFactory()
    url = f"/comments/article/{article.pk}/post/"
    statuses = []
    for n in range(5):
        # A fresh browser each time, and a different X-Forwarded-For: the same connection.
        poster = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        data = comment_data(article, f"Comment number {n}.", email=f"p{n}@example.org")
        response = poster.post(url, data)
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 400, 400]
    assert "You are commenting very fast" in text(response)
    assert Comment.objects.count() == 3
    # With htmx the refusal comes in place of the form.
    response = Client(REMOTE_ADDR="192.0.2.10").post(url, comment_data(article, "Again."), **HX)
    assert "You are commenting very fast" in text(response)
    assert Comment.objects.count() == 3
    # The next minute, the same connection may comment again.
    rate_clock.advance(60)
    data = comment_data(article, "A minute later.", email="later@example.org")
    assert Client(REMOTE_ADDR="192.0.2.10").post(url, data).status_code == 302


def test_an_account_is_limited_wherever_it_comments_from(set_rules, rate_clock, reader):
    set_rules(comments_per_minute=2, hold="none")
    article = ArticleFactory()
    statuses = []
    for n in range(3):
        poster = Client(REMOTE_ADDR=f"192.0.2.{20 + n}")
        poster.force_login(reader)
        response = poster.post(
            f"/comments/article/{article.pk}/post/", comment_data(article, f"Mine {n}.")
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 400]
    assert Comment.objects.filter(user=reader).count() == 2


def test_votes_over_the_limit_are_refused_and_not_counted(set_rules, rate_clock):
    set_rules(votes_per_minute=3)
    comments = CommentFactory.create_batch(5)
    for n, comment in enumerate(comments):
        voter = Client(REMOTE_ADDR="192.0.2.30")  # new cookies every time
        response = voter.post(f"/comments/{comment.pk}/vote/", {"value": "up"}, **HX)
        assert response.status_code == 200
        refused = "You are voting very fast" in text(response)
        assert refused == (n >= 3), n
    assert Vote.objects.count() == 3
    assert [c.upvotes for c in Comment.objects.order_by("pk")] == [1, 1, 1, 0, 0]
    # Without htmx the message comes with the redirect.
    response = Client(REMOTE_ADDR="192.0.2.30").post(
        f"/comments/{comments[4].pk}/vote/", {"value": "up"}, follow=True
    )
    assert "You are voting very fast" in text(response)
    assert Vote.objects.count() == 3


def test_reports_over_the_limit_are_refused_and_not_saved(set_rules, rate_clock):
    set_rules(reports_per_hour=2, reports_to_hold=10)
    comments = CommentFactory.create_batch(4)
    statuses = []
    for comment in comments:
        reporter = Client(REMOTE_ADDR="192.0.2.40")
        response = reporter.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 400, 400]
    assert "You have sent many reports in a short time" in text(response)
    assert Report.objects.count() == 2
    assert sum(Comment.objects.values_list("report_count", flat=True)) == 2


def test_subscriptions_over_the_limit_are_refused_and_not_saved(set_rules, rate_clock):
    set_rules(subscriptions_per_hour=2)
    article = ArticleFactory()
    url = f"/comments/article/{article.pk}/subscribe/"
    statuses = []
    for n in range(4):
        guest = Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        response = guest.post(url, {"kind": "follow-ups", "email": f"s{n}@example.org"})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429, 429]
    assert "Too many subscription requests. Please try again in an hour." in text(response)
    assert Subscription.objects.count() == 2


def test_the_longest_address_we_take_is_limited_like_any_other(set_rules, rate_clock):
    """The limiter's cache keys hold no address as typed: 254 characters would be longer
    than some cache backends take (and an address is personal data)."""
    set_rules(subscriptions_per_hour=1)
    article = ArticleFactory()
    email = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 57}.org"
    assert len(email) == 254

    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{60 + n}")
        .post(f"/comments/article/{article.pk}/subscribe/", {"kind": "replies", "email": email})
        .status_code
        for n in range(2)
    ]

    assert statuses == [302, 429]
    assert Subscription.objects.get().email == email


def test_donation_tries_over_the_limit_are_refused_and_nothing_is_recorded(
    card_payments, rate_clock
):
    CampaignFactory()
    data = {"preset": "25", "frequency": "once", "currency": "USD"}
    statuses = []
    for n in range(12):
        donor = Client(REMOTE_ADDR="192.0.2.60", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        response = donor.post("/donations/", data)
        statuses.append(response.status_code)
    assert statuses == [303] * 10 + [429] * 2
    assert "Too many tries from your connection" in text(response)
    assert Donation.objects.count() == len(card_payments) == 10
    # Another connection may still give.
    assert Client(REMOTE_ADDR="192.0.2.61").post("/donations/", data).status_code == 303


# --- Where the client IP comes from -------------------------------------------------------


@pytest.mark.parametrize(
    ("header_setting", "meta", "expected"),
    [
        ("", {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        ("", {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "10.0.0.1"}, "192.0.2.1"),
        ("", {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "10.0.0.1"}, "192.0.2.1"),
        ("", {"REMOTE_ADDR": "192.0.2.1", "HTTP_CLIENT_IP": "10.0.0.1"}, "192.0.2.1"),
        ("", {"REMOTE_ADDR": "not an address"}, None),
        ("", {"REMOTE_ADDR": "2001:DB8::1"}, "2001:db8::1"),
        (
            "HTTP_X_REAL_IP",
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "198.51.100.7"},
            "198.51.100.7",
        ),
        (
            "HTTP_X_REAL_IP",
            {
                "REMOTE_ADDR": "127.0.0.1",
                "HTTP_X_REAL_IP": "198.51.100.7",
                "HTTP_X_FORWARDED_FOR": "10.0.0.9",
            },
            "198.51.100.7",
        ),
        (
            "HTTP_X_FORWARDED_FOR",
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.6.6.6, 198.51.100.8"},
            "198.51.100.8",  # the entry our proxy appended, never what the client sent
        ),
        (
            "HTTP_X_REAL_IP",
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "' OR 1=1--"},
            None,
        ),
    ],
)
def test_the_client_ip_comes_from_remote_addr_unless_our_proxy_header_is_set(
    settings, header_setting, meta, expected
):
    settings.CLIENT_IP_HEADER = header_setting
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_behind_our_proxy_the_limits_count_by_its_header(set_rules, rate_clock, settings):
    """The control for the tests above: with the header configured, two readers behind one
    proxy are two clients, and rotating X-Forwarded-For still does not make a third."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    set_rules(comments_per_minute=1)
    article = ArticleFactory()
    url = f"/comments/article/{article.pk}/post/"
    statuses = []
    for n, real_ip in enumerate(["198.51.100.1", "198.51.100.2", "198.51.100.1"]):
        poster = Client(
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP=real_ip,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
        data = comment_data(article, f"Number {n}.", email=f"r{n}@example.org")
        statuses.append(poster.post(url, data).status_code)
    assert statuses == [302, 302, 400]
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.1",
        "198.51.100.2",
    }
