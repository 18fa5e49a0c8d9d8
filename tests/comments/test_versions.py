"""An article's versions in other languages have discussions of their own: a comment
belongs to the version it was posted on, and so do its counts, its inline feedback, its
feed and the emails to that version's subscribers."""

import pytest
from django.utils import timezone
from lxml import etree

from articles.services import article_set_version_of
from comments.models import Passage, Subscription
from comments.selectors import discussion_counts
from tests.factories import TRUSTED_KEY, ArticleFactory, CommentFactory, trusted_guest
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions():
    english = ArticleFactory(
        headline="Harbour wall gives way", slug="harbour-wall", body="The council knew."
    )
    german = ArticleFactory(
        headline="Hafenmauer bricht ein",
        slug="hafenmauer",
        language="de",
        body="Der Rat wusste es.",
    )
    article_set_version_of(article=german, version_of=english)
    return english, german


def test_a_comment_belongs_to_the_version_it_was_posted_on(
    versions, browser, post_comment, client, mailoutbox, committed, site_url
):
    english, german = versions
    trusted_guest("ben@example.org")
    for article, address in ((english, "en@example.org"), (german, "de@example.org")):
        Subscription.objects.create(
            article=article,
            kind=Subscription.Kind.FOLLOW_UPS,
            email=address,
            confirmed_at=timezone.now(),
        )

    with committed():
        post_comment(
            browser(key=TRUSTED_KEY),
            german,
            "Die Risse waren seit Jahren bekannt.",
            name="Ben",
            email="ben@example.org",
        )

    # Its discussion, its count, its bubble.
    assert discussion_counts(german).approved == 1
    assert discussion_counts(english).approved == 0
    german_page = page_text(client.get("/de/articles/hafenmauer/"))
    english_page = page_text(client.get("/articles/harbour-wall/"))
    assert "Die Risse waren seit Jahren bekannt." in german_page
    assert "Die Risse waren seit Jahren bekannt." not in english_page
    assert client.get(f"/comments/article/{german.pk}/count/").json()["count"] == 1
    assert client.get(f"/comments/article/{english.pk}/count/").json()["count"] == 0
    # Only the German version's subscribers hear of it.
    assert [message.to for message in mailoutbox] == [["de@example.org"]]


def test_inline_feedback_is_per_version(versions, client):
    english, german = versions
    english_passage = Passage.objects.create(
        article=english, text="The council knew", question="Did you report it?"
    )
    german_passage = Passage.objects.create(
        article=german, text="Der Rat wusste es", question="Haben Sie es gemeldet?"
    )
    CommentFactory(article=german, passage=german_passage, body="Ja, zweimal.")

    assert discussion_counts(german).feedback_threads == 1
    assert discussion_counts(english).feedback_threads == 0
    english_html = client.get("/articles/harbour-wall/").content.decode()
    assert f'id="passage-{english_passage.pk}"' in english_html
    assert f'id="passage-{german_passage.pk}"' not in english_html
    assert "Ja, zweimal." not in english_html
    assert "Ja, zweimal." in client.get("/de/articles/hafenmauer/").content.decode()


def test_a_versions_comment_feed_holds_its_comments_in_its_language(versions, client, site_url):
    english, german = versions
    CommentFactory(article=german, author_name="Mira", body="Gut recherchiert.")
    CommentFactory(article=english, author_name="Olu", body="Well reported.")

    # Asked for at the default language's address, the German version's feed is German.
    for url in (f"/comments/article/{german.pk}/rss/", f"/de/comments/article/{german.pk}/rss/"):
        channel = etree.fromstring(client.get(url).content).find("channel")
        assert channel.findtext("language") == "de"
        assert channel.findtext("link") == f"{site_url}/de/articles/hafenmauer/#comments"
        assert "Gut recherchiert." in channel.find("item").findtext("description")
        assert len(channel.findall("item")) == 1
