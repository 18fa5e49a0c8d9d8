"""What readers and donors see: the goal bar, the support box, the donate page."""

from datetime import timedelta
from decimal import Decimal

import pytest
import stripe
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from donations import selectors, services
from donations.models import Donation
from tests.factories import ArticleFactory, CampaignFactory, CategoryFactory, DonationFactory
from tests.utils import page_text, tags

from .conftest import bar_says

pytestmark = pytest.mark.django_db

DONATE_URL = "/donations/"


@pytest.fixture
def campaign():
    """The reference page's campaign: 822 $ of 5,000 $ raised, nine days to go."""
    campaign = CampaignFactory(
        title="Keep us independent",
        goal=Decimal("5000"),
        end_date=timezone.localdate() + timedelta(days=9),
    )
    for amount in ["500", "250", "72"]:
        DonationFactory(campaign=campaign, amount=Decimal(amount))
    return campaign


def progressbar(response):
    [bar] = [t for t in tags(response, "div") if t.get("role") == "progressbar"]
    return bar


def donations_queries(queries):
    return [q["sql"] for q in queries if "donations_" in q["sql"]]


# --- The goal bar --------------------------------------------------------------------------


def test_the_goal_bar_shows_the_reference_pages_numbers(get_page, campaign):
    response = get_page("/")

    text = page_text(response)
    assert "Keep us independent" in text
    assert "0 $ 2,500 $ 5,000 $" in text  # the ticks
    assert "822 $" in text  # the marker
    assert "16% of the goal" in text
    assert "3 donors" in text
    assert "9 days left" in text
    bar = progressbar(response)
    assert (bar["aria-valuemin"], bar["aria-valuemax"], bar["aria-valuenow"]) == (
        "0",
        "5000.00",
        "822.00",
    )
    assert bar_says(response) == "822 $ raised of 5,000 $ (16%)"
    fill = [r for r in tags(response, "rect") if r.get("class") == "goal-bar__fill"]
    assert [r["width"] for r in fill] == ["16%"]
    donate_links = [a for a in tags(response, "a") if a.get("href") == DONATE_URL]
    assert donate_links


def test_the_goal_bar_is_on_every_page_above_the_content(get_page, campaign):
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    for url in ["/", article.get_absolute_url(), category.get_absolute_url(), "/search/?q=x"]:
        html = get_page(url).content.decode()

        assert bar_says_on(html), url
        assert html.index('class="goal-bar') < html.index('<main id="main"'), url


def bar_says_on(html):
    return [t for t in tags(html, "div") if t.get("role") == "progressbar"]


def test_the_404_page_drops_the_goal_bar(get_page, campaign):
    response = get_page("/no/such/page/")

    assert response.status_code == 404
    assert bar_says(response) == ""


def test_no_current_campaign_no_bar(get_page):
    CampaignFactory(active=False)
    today = timezone.localdate()
    CampaignFactory(start_date=today - timedelta(days=30), end_date=today - timedelta(days=1))
    CampaignFactory(start_date=today + timedelta(days=1))

    response = get_page("/")

    assert bar_says(response) == ""
    assert 'class="goal-bar' not in response.content.decode()


def test_above_the_goal_the_bar_says_so_and_stays_full(get_page, campaign):
    DonationFactory(campaign=campaign, amount=Decimal("4778"))  # 5,600 $ in all

    response = get_page("/")

    assert "Goal reached: 112%" in page_text(response)
    assert bar_says(response) == "5,600 $ raised of 5,000 $ (112%)"
    assert progressbar(response)["aria-valuenow"] == "5000.00"  # never above the maximum
    fill = [r for r in tags(response, "rect") if r.get("class") == "goal-bar__fill"]
    assert fill[0]["width"] == "100%"


def test_on_the_last_day_it_says_so(get_page, campaign):
    campaign.end_date = timezone.localdate()
    campaign.save()

    assert "Last day" in page_text(get_page("/"))


def test_a_campaign_without_an_end_date_counts_no_days(get_page, campaign):
    campaign.end_date = None
    campaign.save()

    assert "left" not in page_text(get_page("/"))


def test_the_goal_bar_costs_one_query_on_a_cold_cache_and_none_on_a_warm_one(client, campaign):
    with CaptureQueriesContext(connection) as cold:
        client.get("/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/")

    assert len(donations_queries(cold)) == 1
    assert donations_queries(warm) == []
    # The other queries a cold cache costs are the header's sections, the count of the home
    # page's list with the time the next scheduled article goes live, which says how long
    # the count holds (articles/pagination.py), and the publisher row of its JSON-LD, each
    # cached the same way.
    sections = [q for q in cold.captured_queries if '"articles_category"' in q["sql"]]
    counts = [q for q in cold.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    going_live = [
        q
        for q in cold.captured_queries
        if q["sql"].startswith('SELECT "articles_article"."published_at"')
    ]
    publisher = [q for q in cold.captured_queries if '"articles_publisher"' in q["sql"]]
    assert len(counts) == 1
    assert len(going_live) == 1
    assert len(publisher) == 1
    assert len(cold) - len(warm) == (
        1 + len(sections) + len(counts) + len(going_live) + len(publisher)
    )


def test_pages_that_do_not_show_the_bar_do_not_pay_for_it(client, campaign):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert donations_queries(queries) == []


def test_the_bar_follows_the_active_locales_separators(rf, campaign):
    request = rf.get("/")
    with translation.override("de"):
        html = render_to_string(
            "includes/goal_bar.html", {"goal_progress": selectors.goal_progress()}, request
        )

    text = " ".join(html.replace("\xa0", " ").split())
    assert "2.500 $" in text
    assert "5.000 $" in text
    assert 'aria-valuemax="5000.00"' in text  # numbers for machines are not localised


def test_the_campaign_title_is_escaped(get_page):
    CampaignFactory(title="<script>alert(1)</script>")

    html = get_page("/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- The support box -----------------------------------------------------------------------


@pytest.fixture
def box():
    return services.support_box_update(
        appeal="Reporting that answers to readers.",
        paypal_address="give@newsroom.example.org",
        patreon_url="https://www.patreon.com/newsroom-example",
        other_ways="Bank transfer: IBAN XX00 1234",
    )


def test_every_article_has_the_support_box_after_the_headline_and_after_the_body(get_page, box):
    article = ArticleFactory(headline="Harbour report", body="The body of the report.")

    response = get_page(article.get_absolute_url())

    html = response.content.decode()
    headline, body = html.index("Harbour report</h1>"), html.index("The body of the report.")
    # The one after the body is the landmark (an aside); the one under the headline is not,
    # so that there are no two landmarks of one name.
    boxes = [i for i in range(len(html)) if html.startswith('class="support-box ', i)]
    assert len(boxes) == 2
    assert html.count('<aside class="support-box') == 1
    assert headline < boxes[0] < body < boxes[1]
    text = page_text(response)
    assert text.count("Support Newsroom") == 2
    assert text.count("Reporting that answers to readers.") == 2
    assert text.count("PayPal: give@newsroom.example.org") == 2
    assert text.count("Bank transfer: IBAN XX00 1234") == 2
    links = [a["href"] for a in tags(response, "a")]
    assert links.count(DONATE_URL) >= 2
    assert links.count("https://www.patreon.com/newsroom-example") == 2


def test_the_support_box_costs_no_query_on_a_warm_cache(client, box, campaign):
    article = ArticleFactory()
    client.get(article.get_absolute_url())

    with CaptureQueriesContext(connection) as warm:
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert donations_queries(warm) == []


def test_an_edited_support_box_shows_at_once(client, box):
    article = ArticleFactory()
    client.get(article.get_absolute_url())

    services.support_box_update(heading="Keep the lights on")

    assert "Keep the lights on" in page_text(client.get(article.get_absolute_url()))


def test_the_support_box_escapes_what_it_shows(client):
    services.support_box_update(
        heading="<b>Support</b>", appeal="<img src=x onerror=alert(1)>\nSecond line"
    )
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;<br>Second line" in html
    assert "&lt;b&gt;Support&lt;/b&gt;" in html


# --- The donate page without card payments -------------------------------------------------


def test_without_stripe_keys_the_page_lists_the_other_ways_and_no_card_form(get_page, box):
    response = get_page(DONATE_URL)

    assert response.status_code == 200
    text = page_text(response)
    assert "We cannot take card payments on this site yet" in text
    assert "PayPal: give@newsroom.example.org" in text
    assert "Become a patron on Patreon" in text
    assert not [f for f in tags(response, "form") if f.get("class") == "donate-form"]


def test_without_stripe_keys_the_form_cannot_be_posted(client, box):
    response = client.post(DONATE_URL, {"preset": "25", "frequency": "once", "currency": "USD"})

    assert response.status_code == 405
    assert not Donation.objects.exists()


# --- The donate page with card payments ----------------------------------------------------


def give(client, remote_addr="127.0.0.1", **fields):
    data = {"preset": "", "custom_amount": "", "frequency": "once", "currency": "USD", **fields}
    return client.post(DONATE_URL, data, REMOTE_ADDR=remote_addr)


def test_the_form_offers_the_suggested_amounts(get_page, stripe_keys, campaign):
    services.support_box_update(suggested_amounts="5 20 75")

    response = get_page(DONATE_URL)

    radios = [i for i in tags(response, "input") if i.get("name") == "preset"]
    assert [r["value"] for r in radios] == ["5", "20", "75"]
    assert "One-off" in page_text(response)
    assert "Monthly" in page_text(response)


def test_a_suggested_amount_goes_to_stripe_checkout(client, stripe_api, campaign, site_url):
    response = give(client, preset="25", donor_name="Ana", name_public="on", message="Thanks!")

    assert response.status_code == 303
    assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_a1b2c3"
    donation = Donation.objects.get(status=Donation.Status.PENDING)
    assert (donation.amount, donation.currency, donation.campaign) == (
        Decimal("25.00"),
        "USD",
        campaign,
    )
    assert (donation.donor_name, donation.name_public, donation.message) == (
        "Ana",
        True,
        "Thanks!",
    )
    assert donation.provider_reference == "cs_test_a1b2c3"
    sent = stripe_api.last
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["authorization"] == "Bearer sk_test_newsroom_secret_key"
    assert sent["idempotency_key"] == f"donation-{donation.pk}"
    assert sent["form"]["mode"] == "payment"
    assert sent["form"]["line_items[0][price_data][unit_amount]"] == "2500"
    assert sent["form"]["line_items[0][price_data][currency]"] == "usd"
    assert sent["form"]["metadata[donation]"] == str(donation.pk)
    assert sent["form"]["success_url"] == f"{site_url}/donations/thank-you/"
    assert sent["form"]["cancel_url"] == f"{site_url}/donations/cancelled/"
    # Nothing counts towards the goal until Stripe confirms the payment.
    assert selectors.goal_progress().raised == Decimal("822")


def test_stripe_sends_the_donor_back_to_the_public_site_whatever_host_they_came_by(
    client, stripe_api, campaign, site_url
):
    response = client.post(
        DONATE_URL,
        {"preset": "25", "frequency": "once", "currency": "USD"},
        HTTP_HOST="localhost",
    )

    assert response.status_code == 303
    assert stripe_api.last["form"]["success_url"] == f"{site_url}/donations/thank-you/"
    assert stripe_api.last["form"]["cancel_url"] == f"{site_url}/donations/cancelled/"


def test_a_custom_monthly_amount_opens_a_subscription(client, stripe_api, campaign):
    response = give(client, custom_amount="12.50", frequency="monthly")

    assert response.status_code == 303
    donation = Donation.objects.get(status=Donation.Status.PENDING)
    assert donation.amount == Decimal("12.50")
    assert donation.frequency == Donation.Frequency.MONTHLY
    form = stripe_api.last["form"]
    assert form["mode"] == "subscription"
    assert form["line_items[0][price_data][unit_amount]"] == "1250"
    assert form["line_items[0][price_data][recurring][interval]"] == "month"
    assert form["subscription_data[metadata][donation]"] == str(donation.pk)


def test_a_custom_amount_wins_over_a_suggested_one(client, stripe_api, campaign):
    give(client, preset="25", custom_amount="1,000")

    assert Donation.objects.get(status=Donation.Status.PENDING).amount == Decimal("1000")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, "Choose an amount or write your own."),
        ({"custom_amount": "0"}, "The smallest gift we can take online is 1 $."),
        ({"custom_amount": "0.50"}, "The smallest gift we can take online is 1 $."),
        ({"custom_amount": "-25"}, "A gift must be more than zero."),
        ({"custom_amount": "twenty"}, "Write the amount in digits, such as 25 or 12.50."),
        ({"custom_amount": "12,50"}, "Write the amount in digits, such as 25 or 12.50."),
        ({"custom_amount": "12.345"}, "Write the amount in digits, such as 25 or 12.50."),
        ({"custom_amount": "1e3"}, "Write the amount in digits, such as 25 or 12.50."),
        ({"custom_amount": "NaN"}, "Write the amount in digits, such as 25 or 12.50."),
        ({"custom_amount": "25$"}, "Write the amount in digits, such as 25 or 12.50."),
        ({"custom_amount": "100000.01"}, "Online gifts go up to 100,000 $"),
        ({"custom_amount": "99999999999999999"}, "Online gifts go up to 100,000 $"),
        ({"preset": "30"}, "Select a valid choice. 30 is not one of the available choices."),
        ({"preset": "25", "currency": "XYZ"}, "Gifts here are in USD; please reload the page."),
        ({"preset": "25", "currency": "EUR"}, "Gifts here are in USD; please reload the page."),
        ({"preset": "25", "frequency": "weekly"}, "That frequency is not offered"),
        ({"preset": "25", "name_public": "on"}, "Write the name you would like us to show."),
        ({"preset": "25", "message": "x" * 501}, "Ensure this value has at most 500 characters"),
    ],
)
def test_bad_input_shows_the_form_again_and_saves_nothing(
    client, stripe_api, campaign, fields, error
):
    response = give(client, **fields)

    assert response.status_code == 400
    assert error in page_text(response)
    assert not Donation.objects.exclude(status=Donation.Status.CONFIRMED).exists()
    assert stripe_api.requests == []


def test_every_mistake_is_shown_at_once(client, stripe_api, campaign):
    response = give(client, custom_amount="12,50", name_public="on")

    text = page_text(response)
    assert "Write the amount in digits, such as 25 or 12.50." in text
    assert "Write the name you would like us to show." in text


def test_when_stripe_fails_the_donor_is_told_and_nothing_is_left_pending(
    client, stripe_api, campaign
):
    stripe_api.status = 500

    response = give(client, preset="25")

    assert response.status_code == 503
    assert "Card payments are not available just now" in page_text(response)
    assert "api_error" not in response.content.decode()
    assert not Donation.objects.filter(status=Donation.Status.PENDING).exists()


def test_when_stripe_cannot_be_reached_the_donor_is_told(
    client, stripe_keys, campaign, monkeypatch
):
    monkeypatch.setattr(stripe, "api_base", "http://127.0.0.1:9")  # nothing listens there

    response = give(client, preset="25")

    assert response.status_code == 503
    assert not Donation.objects.filter(status=Donation.Status.PENDING).exists()


def test_the_form_is_rate_limited_per_address(client, stripe_api, campaign):
    for _ in range(10):
        assert give(client, custom_amount="abc").status_code == 400

    response = give(client, preset="25")

    assert response.status_code == 429
    assert "Too many tries" in page_text(response)
    assert stripe_api.requests == []
    # Someone else, at another address, is not held back.
    assert give(client, preset="25", remote_addr="203.0.113.9").status_code == 303


def test_without_a_current_campaign_gifts_are_still_taken(client, stripe_api):
    response = give(client, preset="25")

    assert response.status_code == 303
    assert Donation.objects.get().campaign is None


# --- Recent supporters ---------------------------------------------------------------------


def test_recent_supporters_show_only_those_who_asked_and_escape_them(get_page, campaign):
    DonationFactory(
        campaign=campaign,
        donor_name="<script>alert('name')</script>",
        name_public=True,
        message="<img src=x onerror=alert(2)>",
    )
    DonationFactory(campaign=campaign, donor_name="Quiet Donor", name_public=False)
    DonationFactory(
        campaign=campaign,
        donor_name="Pending Person",
        name_public=True,
        status=Donation.Status.PENDING,
    )

    response = get_page(DONATE_URL)

    html = response.content.decode()
    text = page_text(response)
    assert "Recent supporters" in text
    assert "Quiet Donor" not in html
    assert "Pending Person" not in html
    assert "<script>alert('name')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "@example.org" not in html  # donors' emails are never shown


def test_a_donor_name_and_message_keep_no_bidi_override(client, stripe_api, campaign, get_page):
    give(
        client,
        preset="25",
        donor_name="Ana\u202egnp.exe",
        name_public="on",
        message="Keep\u202e going\u200b.",
    )
    donation = Donation.objects.get(status=Donation.Status.PENDING)
    assert (donation.donor_name, donation.message) == ("Anagnp.exe", "Keep going.")
    Donation.objects.filter(pk=donation.pk).update(status=Donation.Status.CONFIRMED)

    html = get_page(DONATE_URL).content.decode()

    assert "\u202e" not in html
    assert "<strong><bdi>Anagnp.exe</bdi></strong>" in html


def test_a_public_name_with_nothing_visible_is_asked_for(client, stripe_api, campaign):
    response = give(client, preset="25", donor_name="\u202e\u200b", name_public="on")

    assert response.status_code == 400
    assert "Write the name you would like us to show." in page_text(response)
    assert not Donation.objects.filter(status=Donation.Status.PENDING).exists()


# --- After Stripe ----------------------------------------------------------------------------


def test_the_thank_you_and_cancelled_pages(get_page):
    thanks = get_page("/donations/thank-you/")
    cancelled = get_page("/donations/cancelled/")

    assert thanks.status_code == cancelled.status_code == 200
    assert "Thank you" in page_text(thanks)
    assert "nothing was charged" in page_text(cancelled)
    assert 'name="robots" content="noindex"' in thanks.content.decode()
