"""The reader's language (newsroom/i18n.py): prefixes, the switcher, the first visit, hreflang,
right-to-left Arabic, and the shared page cache keeping each language's page apart."""

import re
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from newsroom.i18n import language_redirect, might_redirect_for_language
from tests.factories import ArticleFactory, CampaignFactory, CategoryFactory, DonationFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

# What a browser sends when it opens a page.
PAGE = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
GERMAN_BROWSER = {**PAGE, "HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
ARABIC_BROWSER = {**PAGE, "HTTP_ACCEPT_LANGUAGE": "ar-EG,ar;q=0.9"}


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def switcher_links(response):
    nav = re.search(
        r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.S
    ).group(0)
    return re.findall(r"<a [^>]*>[^<]*</a>", nav)


def alternates(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour reopens", category=CategoryFactory(name="Coast"))


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [("/", "en", "ltr"), ("/de/", "de", "ltr"), ("/ar/", "ar", "rtl")],
)
def test_each_language_has_its_address_and_its_direction(client, path, lang, direction):
    response = client.get(path)

    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{lang}" dir="{direction}">'
    assert response["Content-Language"] == lang


def test_english_addresses_stay_as_they_were(client, article):
    assert article.get_absolute_url() == f"/articles/{article.slug}/"
    assert reverse("donations:donate") == "/donations/"
    assert client.get(f"/articles/{article.slug}/").status_code == 200
    assert client.get("/de/category/coast/").status_code == 200
    assert client.get("/ar/category/coast/").status_code == 200
    # An article lives at its own language's address (tests/articles/test_translations.py).
    assert client.get(f"/de/articles/{article.slug}/")["Location"] == f"/articles/{article.slug}/"


@pytest.mark.parametrize(
    "path", ["/admin/", "/moderate/", "/sitemap.xml", "/robots.txt", "/healthz", "/live/"]
)
def test_staff_and_machine_addresses_have_no_language_prefix(client, path):
    assert client.get(f"/de{path}").status_code == 404


def test_the_switcher_links_to_this_page_in_each_language(client):
    response = client.get("/de/search/?q=harbour")

    assert switcher_links(response) == [
        '<a href="/search/?q=harbour&amp;language=en" hreflang="en" lang="en"'
        ' dir="ltr">English</a>',
        '<a href="/de/search/?q=harbour&amp;language=de" hreflang="de" lang="de"'
        ' dir="ltr" aria-current="true">Deutsch</a>',
        '<a href="/ar/search/?q=harbour&amp;language=ar" hreflang="ar" lang="ar"'
        ' dir="rtl">العربيّة</a>',
    ]


@pytest.mark.usefixtures("article")
def test_every_public_page_declares_its_versions_with_hreflang(client, site_url):
    response = client.get("/ar/category/coast/")

    path = "/category/coast/"
    assert alternates(response) == {
        "en": f"{site_url}{path}",
        "de": f"{site_url}/de{path}",
        "ar": f"{site_url}/ar{path}",
        "x-default": f"{site_url}{path}",
    }


def test_a_first_visit_goes_to_the_browsers_language(client):
    response = client.get("/search/?q=harbour", **GERMAN_BROWSER)

    assert response.status_code == 302
    assert response["Location"] == "/de/search/?q=harbour"
    assert {"Accept-Language", "Cookie"} <= set(re.split(r",\s*", response["Vary"]))
    assert "no-store" in response["Cache-Control"]


def test_a_browser_preferring_english_or_another_language_stays_on_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5", **PAGE)

    assert response.status_code == 200
    assert html_tag(response).startswith('<html lang="en"')
    # A shared cache must not give this page to a German browser.
    assert "Accept-Language" in response["Vary"]


def test_choosing_english_in_the_switcher_sticks(client):
    response = client.get("/?language=en", **ARABIC_BROWSER)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    # From now on the Arabic browser reads the English pages.
    home = client.get("/", **ARABIC_BROWSER)
    assert home.status_code == 200
    assert html_tag(home).startswith('<html lang="en"')


def test_choosing_arabic_sends_later_unprefixed_visits_to_arabic(client):
    response = client.get("/ar/?language=ar")
    assert response["Location"] == "/ar/"

    assert client.get("/donations/", **PAGE)["Location"] == "/ar/donations/"


def test_an_unknown_language_choice_sets_nothing(client):
    response = client.get("/?language=xx")

    assert response["Location"] == "/"
    assert "django_language" not in response.cookies


@pytest.mark.parametrize("path", ["//elsewhere.example/", "/\\elsewhere.example/"])
def test_the_switcher_parameter_cannot_send_a_reader_to_another_site(path):
    request = RequestFactory().get("/", {"language": "en"})
    request.path = request.path_info = path

    assert language_redirect(request) is None


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("post", "/comments/article/1/post/", {}),  # a form post is never redirected
        ("get", "/", {"HTTP_HX_REQUEST": "true"}),  # htmx asks for a fragment of this page
        ("get", "/comments/unsubscribe/some-token/", {}),  # a link in an email
        ("get", "/donations/manage/some-token/", {}),  # a donor's own page, from an email
        ("get", "/moderate/", {}),  # staff pages have no prefix (their sign-in page has)
        ("get", "/de/", {}),  # already in a language
    ],
)
def test_what_is_never_redirected_for_the_browsers_language(client, method, path, headers):
    response = getattr(client, method)(path, **GERMAN_BROWSER, **headers)

    assert not (response.status_code == 302 and response["Location"].startswith(f"/de{path}")), (
        response["Location"]
    )


def test_a_reader_who_chose_german_signs_in_in_german(client):
    client.cookies["django_language"] = "de"

    response = client.get("/accounts/login/?next=/moderate/", **PAGE)

    # Account pages are public pages: sent to the German address.
    assert response["Location"] == "/de/accounts/login/?next=/moderate/"


def test_staff_pages_have_no_prefix_and_follow_the_cookie(client, moderator):
    client.force_login(moderator)
    client.cookies["django_language"] = "ar"

    response = client.get("/moderate/", **PAGE)

    assert response.status_code == 200
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert "Accept-Language" in response["Vary"]


@pytest.mark.usefixtures("article")
def test_the_page_cache_keeps_each_language_apart(client):
    path = "/category/coast/"
    for _ in range(2):  # rendered, then served from the shared cache
        english, german, arabic = (client.get(p) for p in (path, f"/de{path}", f"/ar{path}"))
        assert html_tag(english).startswith('<html lang="en"')
        assert html_tag(german).startswith('<html lang="de"')
        assert html_tag(arabic).startswith('<html lang="ar"')


@pytest.mark.parametrize(
    ("path", "ticks", "marker"),
    [
        ("/", "0 $ 2,500 $ 5,000 $", "822 $"),
        ("/de/", "0 $ 2.500 $ 5.000 $", "822 $"),
        ("/ar/", "\u200f0 {US} \u200f2,500 {US} \u200f5,000 {US}", "\u200f822 {US}"),
    ],
)
def test_the_goal_bar_writes_money_as_each_language_does(client, path, ticks, marker):
    campaign = CampaignFactory(goal=Decimal("5000"))
    DonationFactory(campaign=campaign, amount=Decimal("822"))

    text = page_text(client.get(path))

    us_dollar = "\u2066US$\u2069"  # isolated in right-to-left text
    assert ticks.replace("{US}", us_dollar) in text  # page_text(): a no-break space as a space
    assert marker.replace("{US}", us_dollar) in text


def test_site_js_gets_its_words_in_the_pages_language(client):
    page = client.get("/de/").content.decode()
    assert '<script src="/de/jsi18n/" defer></script>' in page

    catalogue = client.get("/de/jsi18n/").content.decode()

    assert "neue Kommentare" in catalogue


def test_site_js_asking_for_json_is_not_sent_elsewhere_and_varies_by_nothing_of_it(client):
    article = ArticleFactory()

    response = client.get(
        f"/comments/article/{article.pk}/count/",
        **{**GERMAN_BROWSER, "HTTP_ACCEPT": "application/json"},
    )

    assert response.status_code == 200
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.parametrize(
    ("headers", "might"),
    [
        ({}, False),
        (GERMAN_BROWSER, True),
        ({**GERMAN_BROWSER, "HTTP_COOKIE": "django_language=en"}, False),
        ({**GERMAN_BROWSER, "HTTP_HX_REQUEST": "true"}, False),
    ],
)
def test_the_predicate_for_a_cache_in_front_agrees_with_the_middleware(client, headers, might):
    request = RequestFactory().get("/", **headers)

    assert might_redirect_for_language(request) is might
    assert (language_redirect(request) is not None) is might
