"""The headers that tell browsers what they may do with our pages."""

import pytest

pytestmark = pytest.mark.django_db


def csp(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values.split()
        for name, _, values in (part.strip().partition(" ") for part in policy.split(";"))
    }


@pytest.mark.parametrize("url", ["/", "/donations/", "/accounts/login/", "/accounts/signup/"])
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


# --- Permissions Policy, resource policy ----------------------------------------------------


def permissions(response):
    """{"camera": [], "fullscreen": ["self", '"https://…"'], …} from Permissions-Policy."""
    policy = {}
    for item in response["Permissions-Policy"].split(","):
        feature, _, allowlist = item.strip().partition("=")
        policy[feature] = allowlist.strip("()").split()
    return policy


@pytest.mark.parametrize("url", ["/", "/donations/", "/accounts/sign-in/", "/admin/login/"])
def test_pages_may_not_ask_for_camera_microphone_location_payment_or_ad_topics(client, url):
    policy = permissions(client.get(url))

    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    ):
        assert policy[feature] == [], feature


def test_the_video_players_may_go_full_screen_and_play(client):
    policy = permissions(client.get("/"))

    players = ['"https://www.youtube-nocookie.com"', '"https://player.vimeo.com"']
    for feature in ("fullscreen", "picture-in-picture", "autoplay", "encrypted-media"):
        assert policy[feature] == ["self", *players], feature


def test_the_player_frame_asks_for_what_the_policy_grants_it(settings):
    """static/js/site.js builds the player's iframe; its `allow` names the features granted."""
    script = (settings.BASE_DIR / "static" / "js" / "site.js").read_text()

    assert 'frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";' in script


@pytest.mark.parametrize("url", ["/", "/feeds/rss/", "/robots.txt", "/no-such-page/"])
def test_other_sites_may_not_load_our_responses_into_their_pages(client, url):
    assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-origin"


def test_static_files_carry_the_resource_policy_too(settings, client):
    """WhiteNoise answers static files before Django's views; the header is set outside it."""
    (settings.STATIC_ROOT / "corp-check.css").write_text("body {}\n")

    response = client.get(f"{settings.STATIC_URL}corp-check.css")

    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Permissions-Policy" in response


def test_passkeys_work_on_our_own_pages_and_in_no_frame(client):
    """Staff and readers sign in and confirm with passkeys (WebAuthn) on our pages; a frame
    of another site may neither create nor use one."""
    policy = permissions(client.get("/accounts/sign-in/"))

    for feature in ("publickey-credentials-create", "publickey-credentials-get"):
        assert policy[feature] == ["self"], feature
