import pytest
from django.test import RequestFactory

from newsroom.views import server_error
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_robots_txt_points_crawlers_at_the_sitemap(get_page, site_url):
    response = get_page("/robots.txt", max_queries=0)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert f"Sitemap: {site_url}/sitemap.xml" in lines
    assert "public" in response["Cache-Control"]


def test_robots_txt_only_answers_get(client):
    assert client.post("/robots.txt").status_code == 405


def test_unknown_pages_get_our_404_page(get_page):
    response = get_page("/this/does/not/exist/")

    assert response.status_code == 404
    assert "We can’t find that page" in page_text(response)
    assert "Try the latest articles or search" in page_text(response)


def test_the_500_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong on our side" in page_text(response)


def test_healthz_reports_the_database_and_the_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("ok", "ok", "ok")
    assert "no-store" in response["Cache-Control"]


def test_healthz_says_unavailable_quickly_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == (
        "unavailable",
        "ok",
        "unavailable",
    )


def test_livez_answers_without_the_database(get_page):
    response = get_page("/livez", max_queries=0)

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/healthz", "/livez"])
def test_the_service_endpoints_only_answer_get(client, url):
    assert client.post(url).status_code == 405
