"""Social sign-in: off until a provider is configured in the admin, then offered on the
sign-in page and sending the reader to the provider (no network: the test stops at the
redirect the browser would follow, as allauth's own tests do before mocking the provider)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client

from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("provider", ["google", "facebook", "apple"])
def test_a_provider_is_off_until_it_is_configured(provider):
    client = Client()

    assert client.get(f"/accounts/{provider}/login/").status_code == 404
    assert client.post(f"/accounts/{provider}/login/").status_code == 404
    assert "Google" not in page_text(client.get("/accounts/login/"))


def test_a_configured_provider_is_offered_and_sends_the_reader_to_it():
    SocialApp.objects.create(provider="google", name="Google", client_id="newsroom-id")
    client = Client()

    assert "Google" in page_text(client.get("/accounts/login/"))
    # A GET only shows a button (nothing leaves the site without the reader's click) ...
    assert client.get("/accounts/google/login/").status_code == 200
    # ... whose post sends them to Google, with PKCE and a state we keep.
    response = client.post("/accounts/google/login/")

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    query = parse_qs(target.query)
    assert target.netloc == "accounts.google.com"
    assert query["client_id"] == ["newsroom-id"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/accounts/google/login/callback/"]
    assert query["state"]


def test_a_callback_with_a_forged_state_signs_nobody_in():
    SocialApp.objects.create(provider="google", name="Google", client_id="newsroom-id")
    client = Client()
    client.post("/accounts/google/login/")

    response = client.get(
        "/accounts/google/login/callback/", {"code": "stolen", "state": "forged"}
    )

    assert response.status_code == 401  # allauth's "third-party login failure" page
    assert "_auth_user_id" not in client.session
