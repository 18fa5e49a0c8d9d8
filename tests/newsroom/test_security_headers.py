"""The headers that tell browsers what they may do with our pages."""

import pytest

pytestmark = pytest.mark.django_db


def csp(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values.split()
        for name, _, values in (part.strip().partition(" ") for part in policy.split(";"))
    }


@pytest.mark.parametrize("url", ["/", "/donations/", "/accounts/sign-in/", "/admin/login/"])
def test_scripts_and_styles_only_come_from_our_own_files(client, url):
    policy = csp(client.get(url))

    for directive in ("script-src", "style-src"):
        assert "'self'" in policy[directive]
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_videos_may_only_play_in_the_two_players_we_embed(client):
    policy = csp(client.get("/"))

    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def test_forms_may_post_here_and_hand_over_to_stripe_checkout_only(client):
    assert csp(client.get("/donations/"))["form-action"] == [
        "'self'",
        "https://checkout.stripe.com",
    ]


def test_no_page_has_an_inline_script_or_style(client):
    """Inline code would be blocked by the policy: every script and style is a file."""
    html = client.get("/").content.decode()

    assert "<style" not in html
    assert ' style="' not in html
    assert " onclick=" not in html and " onload=" not in html
    # The one inline <script> is structured data, which browsers do not run.
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/ld+json"' in tag


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    html = client.get("/").content.decode()

    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def test_the_usual_protective_headers(client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_old_favicon_address_leads_to_our_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
