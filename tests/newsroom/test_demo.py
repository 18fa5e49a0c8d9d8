"""The demo content that `make run` loads: enough of a newsroom to try every page with.

Drawing the demo's lead images takes a few seconds, so the content is loaded once for this
module, inside a transaction that is rolled back when the module's tests are done; each test
still runs in its own savepoint.
"""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from PIL import Image

from articles import demo
from articles.demo import load_demo_content
from articles.models import Article, Category, Contributor, Credit, Tag
from comments.models import Comment, Passage, Subscription, Vote
from donations.models import Campaign, Donation
from tests.factories import image_bytes
from tests.utils import page_text, tags

MODELS = [
    *(Article, Category, Tag, Contributor, Credit),
    *(Comment, Vote, Passage, Subscription),
    *(Campaign, Donation),
]


def snapshot():
    """Everything the loader could have created or changed."""
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "articles": list(
            Article.objects.order_by("pk").values_list(
                "pk", "slug", "headline", "updated_at", "published_at", "lead_image_renditions"
            )
        ),
    }


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_site(demo_output, db):
    return demo_output


def test_the_command_says_what_it_loaded(demo_site):
    articles, discussions, feedback, fundraising = demo_site.strip().splitlines()
    assert discussions.startswith("Demo comments: ")
    assert feedback.startswith(f"Demo inline feedback: {Passage.objects.count()} new passages")
    assert articles == (
        f"Demo content: {Article.objects.count()} articles ({Article.objects.count()} new), "
        f"{Category.objects.count()} categories ({Category.objects.count()} new), "
        f"{Tag.objects.count()} tags ({Tag.objects.count()} new), "
        f"{Contributor.objects.count()} contributors ({Contributor.objects.count()} new)."
    )
    assert fundraising == (
        f"Demo fundraising: campaign “{Campaign.objects.get().title}” (new), "
        f"{Donation.objects.count()} donations ({Donation.objects.count()} new)."
    )


def test_the_demo_has_articles_in_several_sections_by_several_people(demo_site):
    published = Article.objects.published()

    assert Article.objects.count() >= 12
    assert published.values("category").distinct().count() >= 3
    assert Contributor.objects.filter(credits__isnull=False).distinct().count() >= 3
    assert published.filter(credits__role=Credit.Role.AUTHOR).distinct().count() == (
        published.count()
    )


def test_the_demo_has_video_reports_with_voiceover_credits(demo_site):
    voiced = Article.objects.published().filter(credits__role=Credit.Role.VOICEOVER).distinct()

    assert voiced.exists()
    assert all(article.video for article in voiced)


def test_the_demo_has_one_draft_and_one_scheduled_article(demo_site):
    states = [article.public_state for article in Article.objects.all()]

    assert states.count("draft") == 1
    assert states.count("scheduled") == 1


def test_every_demo_article_has_a_lead_image_with_renditions(demo_site):
    for article in Article.objects.all():
        assert article.lead_image, article.slug
        assert article.lead_image_alt, article.slug
        assert article.renditions, article.slug
        assert article.renditions[-1]["width"] <= article.image_width
        for rendition in article.renditions:
            with default_storage.open(rendition["name"]) as file, Image.open(file) as image:
                assert image.format == "WEBP"
                assert image.size == (rendition["width"], rendition["height"])


def test_no_one_is_credited_twice_in_the_same_role(demo_site):
    duplicates = (
        Credit.objects.values("article", "contributor", "role")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )

    assert not duplicates.exists()


def test_loading_again_creates_and_changes_nothing(demo_site):
    before = snapshot()
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert snapshot() == before
    assert "(0 new)" in out.getvalue()
    assert out.getvalue().count("(0 new)") == 5
    assert "(already there)" in out.getvalue()
    assert "Demo comments: 0 new" in out.getvalue()
    assert "Demo inline feedback: 0 new passages, 0 new comments" in out.getvalue()


def test_the_demo_has_threaded_discussions_with_votes_and_some_held(demo_site):
    comments = Comment.objects.all()
    busiest = (
        Article.objects.annotate(n=Count("comments")).order_by("-n").values_list("n", flat=True)
    )
    assert busiest[0] >= 300
    assert comments.filter(depth=4).exists()  # five levels of replies
    assert comments.filter(status=Comment.Status.PENDING).exists()
    assert comments.filter(status=Comment.Status.DELETED).exists()
    # Every counter agrees with the votes behind it.
    for comment in comments.annotate(n=Count("votes")):
        assert comment.n == comment.upvotes + comment.downvotes
        assert comment.score == comment.upvotes - comment.downvotes
    assert Vote.objects.exists()


def test_the_demo_discussion_shows_under_its_article(demo_site, client):
    article = Article.objects.get(slug="seagrass-survey-gull-point")
    response = client.get(article.get_absolute_url())
    text = page_text(response)
    assert "5 comments" in text
    assert "There's a public talk on the survey" in text
    # Pending demo comments are not shown to readers.
    held = Comment.objects.filter(status=Comment.Status.PENDING).first()
    assert held.body not in page_text(client.get(held.article.get_absolute_url()))


def test_the_demo_has_passages_with_inline_feedback_and_confirmed_subscriptions(demo_site, client):
    open_passages = Passage.objects.filter(is_open=True)
    assert open_passages.count() >= 2
    assert Passage.objects.filter(is_open=False).exists()
    feedback = Comment.objects.filter(passage__isnull=False, status=Comment.Status.APPROVED)
    assert feedback.count() >= 4
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() >= 3

    passage = open_passages.first()
    page = client.get(f"{passage.article.get_absolute_url()}?comments=feedback")
    assert f'id="passage-{passage.pk}"' in page.content.decode()
    assert "Inline Feedbacks" in page_text(page)


def test_loading_again_leaves_an_editors_changes_alone(demo_site):
    article = Article.objects.published().first()
    article.headline = "Corrected by an editor"
    article.save()
    category = Category.objects.first()
    Category.objects.filter(pk=category.pk).update(name="Renamed section")

    summary = load_demo_content()

    article.refresh_from_db()
    category.refresh_from_db()
    assert article.headline == "Corrected by an editor"
    assert category.name == "Renamed section"
    assert summary.articles_created == 0


def test_deleted_demo_articles_come_back_dated_from_the_given_time(demo_site, monkeypatch):
    # Drawing is what takes the time; a plain picture will do for this one.
    monkeypatch.setattr(demo, "draw_lead_image", lambda seed, hint: image_bytes(size=(800, 450)))
    now = datetime(2030, 1, 15, 12, 30, 45, tzinfo=UTC)
    Article.objects.all().delete()

    summary = load_demo_content(now=now)

    assert summary.articles_created == summary.articles == Article.objects.count()
    assert summary.categories_created == 0
    times = [a.published_at for a in Article.objects.exclude(published_at=None)]
    assert max(times) > now  # the scheduled one
    assert all(t.second == 0 and t.microsecond == 0 for t in times)
    published = [t for t in times if t <= now]
    assert min(published) > now - timedelta(days=60)


def test_the_demo_site_can_be_browsed(demo_site, get_page):
    home = get_page("/")
    assert home.status_code == 200
    assert len(tags(home, "article")) >= 12
    draft = Article.objects.get(status=Article.Status.DRAFT)
    assert draft.headline not in page_text(home)

    for category in Category.objects.all():
        assert get_page(category.get_absolute_url()).status_code == 200
    for contributor in Contributor.objects.all():
        assert get_page(contributor.get_absolute_url()).status_code == 200


def test_a_demo_video_report_shows_its_credits_and_no_player(demo_site, get_page):
    voice = Credit.objects.filter(
        role=Credit.Role.VOICEOVER, article__in=Article.objects.published()
    ).first()

    response = get_page(voice.article.get_absolute_url())

    assert response.status_code == 200
    assert f"Voiceover by {voice.contributor.name}" in page_text(response)
    assert "By " in page_text(response)
    assert "<iframe" not in response.content.decode()


def test_the_demo_has_a_story_in_three_languages_and_one_in_two(demo_site, client):
    clean_up = Article.objects.get(slug="ashcombe-clean-up-record-volunteers")
    trees = Article.objects.get(slug="tree-cover-heat-map")

    assert sorted(v.language for v in clean_up.story.versions.all()) == ["ar", "de", "en"]
    assert sorted(v.language for v in trees.story.versions.all()) == ["de", "en"]
    german = clean_up.story.versions.get(language="de")
    assert german.credits.filter(role=Credit.Role.TRANSLATOR).exists()
    page = client.get(german.get_absolute_url())
    assert page.status_code == 200
    # "Also in" (the language switcher's links carry ?language=).
    also_in = [a for a in tags(page, "a") if a.get("hreflang") and "language=" not in a["href"]]
    assert [(a["hreflang"], a["lang"]) for a in also_in] == [("en", "en"), ("ar", "ar")]
