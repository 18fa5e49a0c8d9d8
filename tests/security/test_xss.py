"""Stored and reflected XSS: every payload of the corpus, posted through every field a
stranger controls, is shown as text wherever it appears: pages, fragments, feeds, the admin,
emails. (What an editor types is checked too where it reaches feeds and JSON-LD.)"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET  # our own feeds, parsed to read them back
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from comments import selectors, services
from comments.forms import HEADER_BREAKERS
from comments.models import Ban, Comment, ModeratorAlerts, Passage, Subscription
from donations import services as donation_services
from donations.models import Donation
from outbox.models import OutgoingEmail
from tests.factories import ArticleFactory, CampaignFactory, CategoryFactory, CommentFactory

from .payloads import (
    TEMPLATE_INJECTIONS,
    XSS,
    XSS_EMAILS,
    assert_safe,
    html_problems,
    visible_text,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def name_for(payload, fallback):
    """The payload as a name, if a name may hold it (80 characters, no control characters)."""
    name = payload.strip()[:80]
    return fallback if not name or HEADER_BREAKERS.search(name) else name


@dataclass
class Posted:
    article: object
    passage: object
    author: Client  # the browser that wrote the top-level comments
    comments: list = field(default_factory=list)  # top-level, one per payload
    replies: list = field(default_factory=list)
    feedback: list = field(default_factory=list)


@pytest.fixture
def posted(set_rules, browser, post_comment, moderator, committed):
    """Every payload posted by guests through the forms: as a top-level comment (name and
    body; the valid addresses that carry markup as its email), as a reply, and as inline
    feedback on a passage. Nothing is approved yet; moderators get an email for each held
    comment and a signed-in reader follows the discussion by email."""
    set_rules(
        comments_per_minute=0,
        hold="all",
        emails_per_hour=10_000,
        subscriptions_per_hour=0,
        # Every payload on one page of threads, each thread with all its replies.
        threads_per_page=200,
        replies_shown=100,
    )
    moderator.email = "moderator@example.org"
    moderator.save()
    ModeratorAlerts.objects.create(user=moderator, frequency=ModeratorAlerts.Frequency.EACH)
    article = ArticleFactory(headline="Harbour wall gives way", body="The first paragraph.")
    passage = Passage.objects.create(article=article, text="The first paragraph.")
    follower = User.objects.create_user("follower", email="follower@example.org")
    Subscription.objects.create(
        article=article, kind=Subscription.Kind.FOLLOW_UPS, email=follower.email, user=follower,
        confirmed_at=article.published_at,
    )  # fmt: skip
    author, replier, commentator = browser(), browser(), browser()
    seed = Comment.objects.create(
        article=article, author_name="Seed", body="Start here.", body_html="<p>Start here.</p>",
        status=Comment.Status.APPROVED,
    )  # fmt: skip
    result = Posted(article=article, passage=passage, author=author)
    emails = [f"guest{i}@example.org" for i in range(len(XSS))] + XSS_EMAILS
    bodies = [*XSS, *(f"Writing as {email}" for email in XSS_EMAILS)]
    with committed():
        for i, (body, email) in enumerate(zip(bodies, emails, strict=True)):
            response = post_comment(
                author, article, body, name=name_for(body, f"Guest {i}"), email=email
            )
            assert response.status_code == 302, (body, response.content[:2000])
            response = post_comment(
                replier, article, body, name="Replier", email=f"replier{i}@example.org",
                parent=seed.pk,
            )  # fmt: skip
            assert response.status_code == 302, body
            response = post_comment(
                commentator, article, body, name="Reader", email=f"reader{i}@example.org",
                passage=passage.pk,
            )  # fmt: skip
            assert response.status_code == 302, body
    comments = Comment.objects.exclude(pk=seed.pk)
    result.comments = list(comments.filter(parent=None, passage=None).order_by("pk"))
    result.replies = list(comments.filter(parent=seed).order_by("pk"))
    result.feedback = list(comments.filter(passage=passage).order_by("pk"))
    assert len(result.comments) == len(result.replies) == len(result.feedback) == len(bodies)
    return result


def approve_all(committed):
    with committed():
        services.comment_moderate(comments=Comment.objects.all(), status=Comment.Status.APPROVED)


def get_ok(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


# --- Comments, replies and inline feedback --------------------------------------------------


def test_payloads_are_text_on_every_public_page_and_fragment(posted, committed):
    url = posted.article.get_absolute_url()
    # Held: only their author sees them, on the page and in the fragments.
    for query in ["?comments=all", "?sort=votes&comments=all"]:
        page = get_ok(posted.author, f"{url}{query}")
        assert_safe(page, query)
        assert "awaiting moderation" in visible_text(page)
    assert_safe(get_ok(posted.author, f"{url}?comments=all&fragment=threads", **HX), "threads")

    approve_all(committed)
    reader = Client()
    pages = {
        f"{url}{query}": {}
        for query in [
            "",
            "?sort=newest",
            "?sort=oldest",
            "?sort=votes",
            "?comments=all",
            "?sort=votes&comments=all",
            "?comments=feedback",
        ]
    }
    pages[f"{url}?sort=oldest&comments=all&fragment=threads"] = HX
    pages["/"] = {}
    pages[f"/comments/passage/{posted.passage.pk}/feedback/"] = {}
    pages[f"/comments/passage/{posted.passage.pk}/feedback/?x=1"] = HX
    for page, headers in pages.items():
        assert_safe(get_ok(reader, page, **headers), page)

    everything = visible_text(get_ok(reader, f"{url}?comments=all"))
    for payload in TEMPLATE_INJECTIONS:
        assert payload in everything, f"{payload!r} is not shown as typed"
    assert "SECRET_KEY" in everything and "test-secret-key" not in everything

    # The pages of one comment: its reply form (page and fragment), its report page, the
    # vote fragment, its permalink; and the author's own edit and delete pages.
    for comment in posted.comments + posted.replies[:5] + posted.feedback[:5]:
        assert_safe(get_ok(reader, f"/comments/{comment.pk}/reply/"), comment.body)
        assert_safe(get_ok(reader, f"/comments/{comment.pk}/report/"), comment.body)
    for comment in posted.comments:
        assert_safe(get_ok(posted.author, f"/comments/{comment.pk}/edit/"), comment.body)
        assert_safe(get_ok(posted.author, f"/comments/{comment.pk}/delete/"), comment.body)
    voter = Client(REMOTE_ADDR="198.51.100.77")
    for comment in posted.comments[:5]:
        assert_safe(get_ok(reader, f"/comments/{comment.pk}/reply/", **HX), "reply fragment")
        vote = voter.post(f"/comments/{comment.pk}/vote/", {"value": "up"}, **HX)
        assert vote.status_code == 200
        assert_safe(vote, "vote fragment")
        permalink = reader.get(f"/comments/{comment.pk}/")
        assert permalink["Location"] == f"{url}#comment-{comment.pk}"


def test_payloads_are_text_in_the_moderators_admin(posted, moderator, committed):
    desk = Client()
    desk.force_login(moderator)
    queue = "/admin/comments/comment/"
    pages = [queue, f"{queue}?status__exact=pending", f"{queue}?reported=yes"]
    pages += [f"{queue}?p={n}" for n in range(1, 7)]
    pages += [f"{queue}?q={payload}" for payload in XSS[:20]]
    for page in pages:
        response = desk.get(page)
        assert response.status_code in (200, 302), page
        if response.status_code == 200:
            assert_safe(response, page)
    # Each comment's change page and approval page; the ban pages show the same comment
    # the same way, so every third comment, and those whose address carries markup.
    for index, comment in enumerate(posted.comments + posted.replies[:5] + posted.feedback[:5]):
        actions = ["change", "approve"]
        if index % 3 == 0 or comment.author_email in XSS_EMAILS:
            actions += ["ban-email", "ban-ip"]
        for action in actions:
            response = get_ok(desk, f"{queue}{comment.pk}/{action}/")
            assert_safe(response, f"{action} of {comment.body!r}")
    # The ban pages and the outgoing email, after banning a few of the addresses.
    for comment in posted.comments[-len(XSS_EMAILS) :]:
        response = desk.post(f"{queue}{comment.pk}/ban-email/", {"reason": XSS[0]})
        assert response.status_code == 302
    bans = Comment.objects.filter(status=Comment.Status.SPAM).count()
    assert bans == len(XSS_EMAILS)
    approve_all(committed)
    for page in [
        "/admin/comments/ban/",
        "/admin/outbox/outgoingemail/",
        "/admin/comments/subscription/",
        f"{queue}?status__exact=approved",
    ]:
        assert_safe(get_ok(desk, page), page)
    for ban in Ban.objects.all():
        assert_safe(get_ok(desk, f"/admin/comments/ban/{ban.pk}/change/"), str(ban))
    for email in OutgoingEmail.objects.all()[:20]:
        assert_safe(get_ok(desk, f"/admin/outbox/outgoingemail/{email.pk}/change/"), str(email))

    # The emails: alerts about the held comments, news of the published ones; plain text
    # (nothing for a mail client to render), with no header a payload could have added.
    held = [m for m in mail.outbox if m.to == ["moderator@example.org"]]
    news = [m for m in mail.outbox if m.to == ["follower@example.org"]]
    assert len(held) == 3 * (len(XSS) + len(XSS_EMAILS))  # one alert per held comment
    assert len(news) >= len(XSS)  # the published ones (the banned four are spam)
    for message in mail.outbox:
        built = message.message()
        assert not built.is_multipart(), "no HTML part for a mail client to render"
        assert built.get_content_type() == "text/plain"
        for name, value in built.items():
            assert "\n" not in value.replace("\n ", "") and "\r" not in value, (name, value)
        assert set(built.keys()) <= {
            "Subject", "From", "To", "Date", "Message-ID", "MIME-Version", "Content-Type",
            "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post",
            "Auto-Submitted",
        }  # fmt: skip
    # What the comments said is in the emails as the reader typed it.
    bodies = "\n".join(m.body for m in held)
    for payload in XSS[:10]:
        assert payload.strip() in bodies


# --- Fields that refuse what they cannot hold -----------------------------------------------


def test_refused_emails_and_names_are_not_reflected_as_markup(browser, post_comment, set_rules):
    set_rules(comments_per_minute=0)
    article = ArticleFactory()
    guest = browser()
    for i, payload in enumerate(XSS):
        for htmx in (False, True):
            response = post_comment(
                guest, article, f"Body {i} {htmx}", name=f"Guest {i}", email=payload, htmx=htmx
            )
            assert response.status_code == (200 if htmx else 400), payload
            assert_safe(response, f"email {payload!r}")
        long_name = f"{payload} " * 81
        response = post_comment(guest, article, f"Body {i}", name=long_name, email="a@b.org")
        assert response.status_code == 400
        assert_safe(response, f"name {payload!r}")
    assert not Comment.objects.exists()


def test_report_reasons_are_choices_and_refused_payloads_are_not_reflected(browser):
    comment = Comment.objects.create(
        article=ArticleFactory(), author_name="Ana", body="Hello", body_html="<p>Hello</p>",
        status=Comment.Status.APPROVED,
    )  # fmt: skip
    reporter = browser()
    for payload in XSS:
        response = reporter.post(f"/comments/{comment.pk}/report/", {"reason": payload})
        assert response.status_code == 400, payload
        assert_safe(response, payload)
    assert not comment.reports.exists()


def test_subscription_fields_refuse_markup_and_show_markup_addresses_as_text(
    browser, set_rules, committed, moderator
):
    set_rules(subscriptions_per_hour=0)
    article = ArticleFactory(headline="Harbour wall gives way")
    url = f"/comments/article/{article.pk}/subscribe/"
    guest = browser()
    for payload in XSS:
        for data in [
            {"kind": "follow-ups", "email": payload},
            {"kind": payload, "email": "a@b.org"},
        ]:
            for headers in ({}, HX):
                response = guest.post(url, data, **headers)
                assert response.status_code in (200, 400), payload
                assert_safe(response, payload)
    assert not Subscription.objects.exists()
    with committed():
        for email in XSS_EMAILS:
            for headers in ({}, HX):
                response = guest.post(url, {"kind": "replies", "email": email}, **headers)
                assert response.status_code in (200, 302)
                if response.status_code == 200:
                    assert_safe(response, email)
    assert Subscription.objects.count() == len(XSS_EMAILS)
    assert_safe(get_ok(guest, article.get_absolute_url()), "after subscribing")
    # The confirmation emails go to the addresses as typed, as plain text.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.lower() for e in XSS_EMAILS)
    for message in mail.outbox:
        assert not message.message().is_multipart()
        confirm = re.search(r"/comments/subscriptions/confirm/\S+", message.body).group(0)
        unsubscribe = re.search(r"/comments/unsubscribe/\S+", message.body).group(0)
        assert_safe(get_ok(guest, confirm), "confirm page")
        assert_safe(get_ok(guest, unsubscribe), "unsubscribe page")
    desk = Client()
    desk.force_login(moderator)
    assert_safe(get_ok(desk, "/admin/comments/subscription/"), "subscriptions")
    for subscription in Subscription.objects.all():
        page = f"/admin/comments/subscription/{subscription.pk}/change/"
        assert_safe(get_ok(desk, page), subscription.email)


# --- Donations --------------------------------------------------------------------------------


def test_donor_names_and_messages_are_text_on_the_donate_page_and_in_the_admin(
    fundraiser, card_payments
):
    campaign = CampaignFactory()
    for i, payload in enumerate(XSS):
        donation_services.donation_record(
            amount=Decimal("5"), currency="USD", provider=Donation.Provider.BANK,
            campaign=campaign, donor_name=payload.strip()[:80] or "x", name_public=True,
            message=payload, email=f"donor{i}@example.org",
        )  # fmt: skip
    reader = Client()
    # The page names the twelve latest supporters: show each batch of twelve in turn.
    for start in range(0, len(XSS), 12):
        shown = Donation.objects.order_by("pk")[start : start + 12]
        Donation.objects.update(name_public=False)
        Donation.objects.filter(pk__in=[d.pk for d in shown]).update(name_public=True)
        page = get_ok(reader, "/donations/")
        assert_safe(page, f"supporters {start}")
        assert shown[0].message.strip() in visible_text(page) or not shown[0].message.strip()
    Donation.objects.update(name_public=True)

    desk = Client()
    desk.force_login(fundraiser)
    for page in ["/admin/donations/donation/", "/admin/donations/donation/?p=2"]:
        assert_safe(get_ok(desk, page), page)
    for payload in XSS[:20]:
        assert_safe(get_ok(desk, "/admin/donations/donation/", q=payload), payload)
    for donation in Donation.objects.all():
        assert_safe(get_ok(desk, f"/admin/donations/donation/{donation.pk}/change/"), donation)
    export = desk.post(
        "/admin/donations/donation/",
        {
            "action": "export_csv",
            "_selected_action": list(Donation.objects.values_list("pk", flat=True)),
        },
    )
    assert export["Content-Type"].startswith("text/csv")
    assert export["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert len(rows) == len(XSS)
    for row in rows:
        for value in row.values():
            assert value[:1] not in {"=", "+", "-", "@", "\t", "\r"}, value


def test_the_donate_form_stores_payloads_as_text(browser, card_payments, fundraiser):
    CampaignFactory()
    donor = browser()
    for i, payload in enumerate(XSS):
        donor = browser() if i % 9 == 0 else donor  # ten tries per address and ten minutes
        data = {
            "preset": "25",
            "frequency": "once",
            "currency": "USD",
            "donor_name": payload,
            "name_public": "on",
            "message": payload,
        }
        response = donor.post("/donations/", data)
        if response.status_code == 303:
            assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_security"
        else:
            assert response.status_code == 400, payload  # a name over 80 characters
            assert_safe(response, payload)
    assert Donation.objects.count() == len(card_payments)
    # Stripe confirms them; the page and the admin show them as text.
    Donation.objects.update(status=Donation.Status.CONFIRMED)
    assert_safe(get_ok(Client(), "/donations/"), "supporters")
    desk = Client()
    desk.force_login(fundraiser)
    assert_safe(get_ok(desk, "/admin/donations/donation/"), "donations")


# --- Search -----------------------------------------------------------------------------------


def test_search_queries_are_shown_as_text():
    ArticleFactory(headline="Script of the harbour", body="alert script onerror img svg")
    reader = Client()
    for payload in XSS:
        response = get_ok(reader, "/search/", q=payload)
        assert_safe(response, payload)
        assert_safe(get_ok(reader, "/search/", q=payload, page="1"), payload)


# --- What editors type: feeds and structured data ---------------------------------------------


def feed_problems(response):
    """The feed parses as XML; the HTML that feed readers make of each entry (RSS <item>
    <description>, Atom <entry> <summary> and <content>, which are HTML by definition) holds
    nothing that runs."""
    root = ET.fromstring(response.content)
    problems = []
    for entry in root.iter():
        if entry.tag.rsplit("}", 1)[-1] not in {"item", "entry"}:
            continue
        for element in entry:
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in {"description", "summary", "content"} and element.text:
                problems += html_problems(element.text)
    return root, problems


@pytest.mark.parametrize("payload", XSS[:40] + XSS[-20:])
def test_feeds_escape_what_editors_type(payload):
    category = CategoryFactory(name=f"Section {payload}"[:60], description=payload)
    ArticleFactory(headline=payload, standfirst=payload, category=category)
    reader = Client()
    for url in [
        "/feeds/rss/",
        "/feeds/atom/",
        f"/category/{category.slug}/rss/",
        f"/category/{category.slug}/atom/",
    ]:
        response = get_ok(reader, url)
        root, problems = feed_problems(response)
        assert not problems, (url, problems)
        titles = [e.text for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "title"]
        assert payload.strip() in [t.strip() for t in titles if t], url  # escaped, not lost


@pytest.mark.parametrize(
    "headline",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT ><img src=x onerror=alert(1)>",
        "<!--<script>",
        '"}]</script><script>alert(1)</script>',
        "\u2028\u2029</script>",
    ],
)
def test_json_ld_cannot_be_broken_out_of(headline):
    article = ArticleFactory(headline=headline, standfirst=headline)
    response = get_ok(Client(), article.get_absolute_url())
    html = response.content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S | re.I
    )
    assert len(blocks) == 1
    assert "</script" not in blocks[0].lower() and "<!--" not in blocks[0]
    [news] = [n for n in json.loads(blocks[0])["@graph"] if n["@type"] == "NewsArticle"]
    assert news["headline"] == headline  # all of it inside, as data
    assert_safe(response, headline)


def test_payload_names_are_text_in_avatars_and_in_reply_to(set_rules, monkeypatch):
    """The reading aids put a commenter's name (its initials) into the avatar and the name
    of the comment answered into "In reply to NAME": both from what a stranger typed."""
    set_rules(max_depth=2, threads_per_page=200, replies_shown=100)
    monkeypatch.setattr(selectors.threads, "COMMENTS_PER_PAGE", 1000)  # every payload on one page
    article = ArticleFactory(headline="Harbour wall gives way")
    tops = []
    for i, payload in enumerate(XSS):
        name = name_for(payload, f"Guest {i}")
        top = CommentFactory(article=article, author_name=name)
        answered = CommentFactory(parent=top, author_name=name)
        CommentFactory(parent=top, reply_to=answered, author_name=name)  # flattened
        tops.append(top)

    page = get_ok(Client(), article.get_absolute_url())
    assert_safe(page, "reading aids")
    assert visible_text(page).count("In reply to") == len(XSS)
    for top in tops[:10]:
        assert_safe(get_ok(Client(), f"/comments/{top.pk}/thread/"), "thread page")
