import pytest
from django.test import RequestFactory

from newsroom.views import server_error
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_robots_txt_points_crawlers_at_the_sitemap(get_page):
    response = get_page("/robots.txt", max_queries=0)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
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
