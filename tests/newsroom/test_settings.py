"""Production settings, checked in a fresh interpreter as a server would start them."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from donations.checks import stripe_keys_come_in_pairs
from newsroom.checks import site_url_is_served_here
from newsroom.settings.env import env_bool, env_int, env_list, env_required

# What production needs besides a secret key; each test leaves out what it is about.
SITE = {"SITE_URL": "https://news.example.org", "DEFAULT_FROM_EMAIL": "News <news@example.org>"}


def run(args, **extra_env):
    """Run Python in the project with prod settings and only the environment given here."""
    ours = ("DJANGO_", "SITE_", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.prod"
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["-c", "import django; django.setup()"], **SITE)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_an_empty_secret_key():
    result = run(["-c", "import django; django.setup()"], DJANGO_SECRET_KEY="", **SITE)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_passes_the_deployment_checks_when_configured():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="news.example.org",
        **SITE,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_uses_the_configured_hosts_and_https_everywhere():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    result = run(
        ["-c", code],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="news.example.org, www.news.example.org",
        **SITE,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False ['news.example.org', 'www.news.example.org'] True True True 31536000"
    )


@pytest.mark.parametrize("name", ["SITE_URL", "DEFAULT_FROM_EMAIL"])
@pytest.mark.parametrize("value", [None, "", "  "])
def test_production_refuses_to_guess_the_sites_address_or_sender(name, value):
    """Without them, links in pages, feeds and emails would point at localhost."""
    env = {k: v for k, v in SITE.items() if k != name}
    if value is not None:
        env[name] = value

    result = run(
        ["-c", "import django; django.setup()"], DJANGO_SECRET_KEY=secrets.token_urlsafe(64), **env
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"The {name} environment variable is required." in result.stderr


@pytest.mark.parametrize(
    "site_url",
    [
        "news.example.org",
        "https://",
        "https://news.example.org/newsroom",
        "ftp://news.example.org",
    ],
)
def test_production_refuses_a_site_url_that_is_not_an_origin(site_url):
    result = run(
        ["-c", "import django; django.setup()"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        **{**SITE, "SITE_URL": site_url},
    )

    assert result.returncode != 0
    assert "SITE_URL must be the site's public origin" in result.stderr


def test_production_takes_the_sites_address_and_sender_as_given():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SITE_URL, s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL, sep='|')"
    )
    result = run(
        ["-c", code],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        **{**SITE, "SITE_URL": "https://news.example.org:8443/"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "https://news.example.org:8443|News <news@example.org>|News <news@example.org>"
    )


HSTS_HEADER = (
    "import django; django.setup(); from django.test import Client; "
    "print(Client().get('/livez', secure=True, HTTP_HOST='news.example.org')"
    "['Strict-Transport-Security'])"
)


def test_production_asks_for_hsts_but_not_for_the_preload_list_by_default():
    result = run(
        ["-c", HSTS_HEADER],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="news.example.org",
        **SITE,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "max-age=31536000; includeSubDomains"


def test_the_hsts_preload_list_is_asked_for_only_when_configured():
    result = run(
        ["-c", HSTS_HEADER],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="news.example.org",
        DJANGO_SECURE_HSTS_PRELOAD="true",
        **SITE,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "redirect", "warned"),
    [
        ("https://news.example.org", ["news.example.org"], True, []),
        ("https://news.example.org:8443", [".example.org"], True, []),
        ("http://127.0.0.1:8000", ["127.0.0.1", "localhost"], False, []),
        ("https://news.example.org", ["www.example.org"], True, ["newsroom.W001"]),
        ("http://news.example.org", ["news.example.org"], True, ["newsroom.W002"]),
    ],
)
def test_check_deploy_warns_when_site_url_does_not_lead_here(
    settings, site_url, allowed_hosts, redirect, warned
):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = allowed_hosts
    settings.SECURE_SSL_REDIRECT = redirect

    assert [w.id for w in site_url_is_served_here(None)] == warned


def test_production_check_deploy_names_a_site_url_on_another_host():
    result = run(
        ["manage.py", "check", "--deploy"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="www.news.example.org",
        **SITE,
    )

    assert "newsroom.W001" in result.stderr + result.stdout
    assert "SITE_URL names news.example.org" in result.stderr + result.stdout


# --- Reading the environment ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("TRUE", True), (" yes ", True), ("off", False), ("", False)]
)
def test_switches_read_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("NEWSROOM_TEST_SWITCH", raw)

    assert env_bool("NEWSROOM_TEST_SWITCH", default=not value) is value


def test_a_misspelt_switch_is_an_error_not_a_guess(monkeypatch):
    monkeypatch.setenv("NEWSROOM_TEST_SWITCH", "ture")

    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_TEST_SWITCH"):
        env_bool("NEWSROOM_TEST_SWITCH")


def test_numbers_and_lists(monkeypatch):
    monkeypatch.setenv("NEWSROOM_TEST_NUMBER", "587")
    monkeypatch.setenv("NEWSROOM_TEST_LIST", " a.example, ,b.example ")
    monkeypatch.delenv("NEWSROOM_TEST_MISSING", raising=False)

    assert env_int("NEWSROOM_TEST_NUMBER", 25) == 587
    assert env_int("NEWSROOM_TEST_MISSING", 25) == 25
    assert env_list("NEWSROOM_TEST_LIST") == ["a.example", "b.example"]
    assert env_list("NEWSROOM_TEST_MISSING", ["x"]) == ["x"]


def test_a_bad_number_is_an_error(monkeypatch):
    monkeypatch.setenv("NEWSROOM_TEST_NUMBER", "ten")

    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_TEST_NUMBER"):
        env_int("NEWSROOM_TEST_NUMBER", 1)


def test_a_required_value_that_is_blank_is_missing(monkeypatch):
    monkeypatch.setenv("NEWSROOM_TEST_REQUIRED", "   ")

    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_TEST_REQUIRED"):
        env_required("NEWSROOM_TEST_REQUIRED")


# --- Stripe keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret_key", "webhook_secret", "warned"),
    [
        ("", "", False),
        ("sk_test_1", "whsec_1", False),
        ("sk_test_1", "", True),
        ("", "whsec_1", True),
    ],
)
def test_one_stripe_key_without_the_other_is_warned_about(
    settings, secret_key, webhook_secret, warned
):
    settings.STRIPE_SECRET_KEY = secret_key
    settings.STRIPE_WEBHOOK_SECRET = webhook_secret

    warnings = stripe_keys_come_in_pairs(None)

    assert [w.id for w in warnings] == (["donations.W001"] if warned else [])


def test_production_reads_the_stripe_keys_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STRIPE_SECRET_KEY, s.STRIPE_WEBHOOK_SECRET)"
    )
    result = run(
        ["-c", code],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        STRIPE_SECRET_KEY="sk_live_example",
        STRIPE_WEBHOOK_SECRET="whsec_example",
        **SITE,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sk_live_example whsec_example"


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://127.0.0.1:6379/9", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_every_process_shares_one_cache(redis_url, backend):
    """Never a cache in each process's memory: gunicorn's workers and every server would each
    keep their own pages, rules and rate limits (test_shared_cache.py shows what breaks)."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'])"
    )
    result = run(
        ["-c", code],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        SITE_URL="https://news.example.org",
        DEFAULT_FROM_EMAIL="Newsroom <news@example.org>",
        REDIS_URL=redis_url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend
