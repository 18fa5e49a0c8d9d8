"""Every address the WordPress site had answers with a 301 to its new place."""

import pytest
from django.contrib.auth.models import User

from articles.models import Article
from imports.models import OldLink


@pytest.fixture
def harbour(run, data):
    return run("import_wordpress", str(data / "harbour-1.2.xml"))


@pytest.mark.parametrize(
    "old",
    [
        "/?p=101",
        "/2023/04/12/ferry-timetable-cut/",
        "/2023/04/12/ferry-timetable-cut",
        "/2023/04/ferry-timetable-cut/",
        "/ferry-timetable-cut/",
    ],
)
def test_every_shape_of_a_post_link_leads_to_the_article(harbour, client, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/articles/ferry-timetable-cut/"


def test_the_other_old_links_lead_to_their_new_places(harbour, client):
    article = Article.objects.get(slug="ferry-timetable-cut")
    author = article.credits.get().contributor
    expected = {
        "/?page_id=7": "/about/",
        "/?feed=rss2": "/feeds/rss/",
        "/feed/": "/feeds/rss/",
        "/comments/feed/": "/feeds/rss/",
        "/author/mreyes/": author.get_absolute_url(),
        "/?p=102": "/articles/harbour-dues/",
    }
    for old, new in expected.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    # Sections and tags kept their addresses: no redirect needed.
    assert client.get("/category/port/").status_code == 200
    assert client.get("/tag/ferries/").status_code == 200


def test_unknown_old_links_and_our_own_pages_are_left_alone(harbour, client):
    assert client.get("/?p=999").status_code == 200  # the home page, as before
    assert client.get("/2023/04/12/no-such-post/").status_code == 404
    OldLink.objects.create(old_path="/search/", new_path="/elsewhere/")
    assert client.get("/search/").status_code == 200


def test_pages_are_served_at_their_old_paths_sanitised(harbour, client):
    response = client.get("/about/")
    assert response.status_code == 200
    assert "<h1>About us</h1>" in response.text
    assert "We report on the harbour since 1998." in response.text
    assert "evil.example" not in response.text
    assert client.get("/about").status_code == 301


def test_editors_see_and_edit_old_links_in_the_admin(harbour, client, editor):
    client.force_login(editor)
    link = OldLink.objects.get(old_path="/?p=101")
    page = client.get(f"/admin/imports/oldlink/{link.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/imports/oldlink/{link.pk}/change/",
        {"old_path": "/?p=101", "new_path": "/articles/harbour-dues/"},
    )
    assert response.status_code == 302
    assert client.get("/?p=101")["Location"] == "/articles/harbour-dues/"


def test_a_reader_cannot_reach_the_old_links_admin(harbour, client):
    client.force_login(User.objects.create_user("someone", password="pw"))
    assert client.get("/admin/imports/oldlink/").status_code == 302
