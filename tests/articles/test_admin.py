"""The editors' desk: who may do what in the admin, and what it does to the public site."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import Article, Credit
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ContributorFactory,
    TagFactory,
    image_upload,
)
from tests.utils import ADMIN_QUERY_LIMIT, page_text, tags

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
ADD = "/admin/articles/article/add/"
AUTOCOMPLETE = "/admin/autocomplete/"


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(
        group.permissions.filter(content_type__app_label="articles").values_list(
            "codename", flat=True
        )
    )


def add_form(**overrides):
    """What the article add form posts, with one credit in the inline."""
    category = overrides.pop("category", None) or CategoryFactory()
    contributor = overrides.pop("contributor", None) or ContributorFactory()
    data = {
        "headline": "Harbour wall collapses",
        "slug": "harbour-wall-collapses",
        "standfirst": "Storm damage along the coast.",
        "body": "The wall gave way *overnight*.\n\n<script>alert(1)</script>",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "category": category.pk,
        "comments_open": "on",
        "lead_image_alt": "",
        "video_url": "",
        "credits-TOTAL_FORMS": "1",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
        "credits-0-contributor": contributor.pk,
        "credits-0-role": Credit.Role.VOICEOVER,
        "credits-0-position": "0",
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "passages-MIN_NUM_FORMS": "0",
        "passages-MAX_NUM_FORMS": "1000",
        # The article's discussion settings (comments.admin.articles), left as they are.
        "discussion_settings-TOTAL_FORMS": "0",
        "discussion_settings-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def changelist_rows(response):
    """{headline: (thumbnail cell text, state cell text)} for each row of the article list."""
    rows = {}
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    for row in body.split("<tr>")[1:]:
        headline = re.search(r'class="field-headline"><a [^>]*>([^<]*)</a>', row).group(1)
        thumbnail = re.search(r'class="field-thumbnail"><a [^>]*>(.*?)</a>', row).group(1)
        state = re.search(r'class="field-state">([^<]*)<', row).group(1)
        rows[headline] = (strip_tags(thumbnail).strip(), state)
    return rows


def run_action(client, action, articles):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in articles], "index": 0},
        follow=True,
    )


# --- Staff groups --------------------------------------------------------------------------------


def test_the_staff_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Moderators",
        "Fundraisers",
    }


def test_editors_may_run_the_whole_articles_desk():
    expected = {
        f"{action}_{model}"
        for action in ["add", "change", "delete", "view"]
        for model in ["article", "credit", "contributor", "category", "tag"]
    }
    # The publisher row (who publishes the site, for search engines): edited, never added.
    expected |= {"change_publisher", "view_publisher"}

    assert codenames("Editors") == expected


@pytest.mark.parametrize("group", ["Moderators", "Fundraisers"])
def test_moderators_and_fundraisers_may_only_look_at_articles(group):
    assert codenames(group) == {"view_article"}


# --- The article list ----------------------------------------------------------------------------


def test_editors_see_the_article_list_with_thumbnails_and_states(get_page, editor_client):
    with_image = ArticleFactory(headline="With picture", lead_image=image_upload(size=(600, 400)))
    ArticleFactory(headline="Unfinished", draft=True)
    ArticleFactory(headline="Embargoed", scheduled=True)

    response = get_page(CHANGELIST, using_client=editor_client, max_queries=ADMIN_QUERY_LIMIT)

    assert response.status_code == 200
    headers = [th.get("class", "") for th in tags(response, "th")]
    assert any("column-thumbnail" in h for h in headers)
    assert any("column-state" in h for h in headers)
    assert changelist_rows(response) == {
        "Embargoed": ("—", "Scheduled"),
        "Unfinished": ("—", "Draft"),
        "With picture": ("", "Published"),
    }
    thumbnail = f"/media/{with_image.renditions[0]['name']}"
    assert {"src": thumbnail, "alt": "", "width": "80", "height": "53"}.items() <= next(
        img for img in tags(response, "img") if img.get("src") == thumbnail
    ).items()


@pytest.mark.parametrize(
    ("state", "shown"),
    [("published", "Out now"), ("scheduled", "Embargoed"), ("draft", "Unfinished")],
)
def test_the_article_list_filters_by_public_state(get_page, editor_client, state, shown):
    ArticleFactory(headline="Out now")
    ArticleFactory(headline="Unfinished", draft=True)
    ArticleFactory(headline="Embargoed", scheduled=True)

    response = get_page(
        f"{CHANGELIST}?state={state}", using_client=editor_client, max_queries=ADMIN_QUERY_LIMIT
    )

    assert list(changelist_rows(response)) == [shown]


# --- Adding an article ---------------------------------------------------------------------------


def test_an_editor_adds_an_article_with_a_credit(client, editor_client):
    voice = ContributorFactory(name="Dara Okoye")
    tag = TagFactory(name="Coast")
    now = timezone.now() - timedelta(minutes=5)
    form = add_form(
        contributor=voice,
        tags=[tag.pk],
        status=Article.Status.PUBLISHED,
        published_at_0=now.strftime("%Y-%m-%d"),
        published_at_1=now.strftime("%H:%M:%S"),
        lead_image=image_upload("harbour.jpg", size=(900, 600)),
        lead_image_alt="The broken wall",
    )

    response = editor_client.post(ADD, form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="harbour-wall-collapses")
    assert article.body_html.strip() == "<p>The wall gave way <em>overnight</em>.</p>"
    assert [(c.contributor, c.role) for c in article.credits.all()] == [
        (voice, Credit.Role.VOICEOVER)
    ]
    assert list(article.tags.all()) == [tag]
    assert [r["width"] for r in article.renditions] == [480, 800, 900]

    client.logout()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Voiceover by Dara Okoye" in page_text(page)


def test_an_article_saved_as_draft_stays_hidden(client, editor_client):
    editor_client.post(ADD, add_form())

    article = Article.objects.get(slug="harbour-wall-collapses")
    assert article.public_state == "draft"
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_non_image_lead_image_is_refused_and_nothing_is_saved(editor_client):
    upload = SimpleUploadedFile("photo.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg")

    response = editor_client.post(ADD, add_form(lead_image=upload))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["lead_image"]
    assert "Please correct the error below." in page_text(response)
    assert not Article.objects.exists()
    assert not Credit.objects.exists()


def test_a_gif_lead_image_is_refused_with_our_message(editor_client):
    response = editor_client.post(ADD, add_form(lead_image=image_upload("anim.gif")))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_image"] == [
        "Upload a JPEG, PNG or WebP image."
    ]
    assert not Article.objects.exists()


def test_an_unsupported_video_link_is_refused(editor_client):
    response = editor_client.post(
        ADD, add_form(video_url="https://www.dailymotion.com/video/x8abcd")
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["video_url"]
    assert not Article.objects.exists()


def test_a_credit_naming_an_unknown_contributor_is_refused(editor_client):
    response = editor_client.post(ADD, add_form(**{"credits-0-contributor": "999999"}))

    assert response.status_code == 200
    [credit_errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert list(credit_errors) == ["contributor"]
    assert not Article.objects.exists()


# --- Publish and unpublish -----------------------------------------------------------------------


def test_publishing_a_draft_shows_it_to_readers(client, editor_client):
    draft = ArticleFactory(draft=True)
    before = timezone.now()

    response = run_action(editor_client, "publish", [draft])

    assert "1 article published." in page_text(response)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert before <= draft.published_at <= timezone.now()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert draft.slug in client.get("/").content.decode()


def test_publishing_a_draft_with_a_future_time_schedules_it(client, editor_client):
    later = timezone.now() + timedelta(days=2)
    draft = ArticleFactory(draft=True, published_at=later)

    response = run_action(editor_client, "publish", [draft])

    assert "0 articles published (1 scheduled for later)." in page_text(response)
    draft.refresh_from_db()
    assert draft.public_state == "scheduled"
    assert draft.published_at == later
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publishing_several_articles_counts_them(editor_client):
    drafts = ArticleFactory.create_batch(2, draft=True)
    already = ArticleFactory()

    response = run_action(editor_client, "publish", [*drafts, already])

    assert "2 articles published." in page_text(response)
    assert all(a.public_state == "published" for a in Article.objects.all())


def test_unpublishing_hides_an_article_from_readers(client, editor_client):
    article = ArticleFactory()
    draft = ArticleFactory(draft=True)

    response = run_action(editor_client, "unpublish", [article, draft])

    assert "1 article unpublished." in page_text(response)
    article.refresh_from_db()
    assert article.public_state == "draft"
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


# --- Other staff ---------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["moderator", "fundraiser"])
def test_moderators_and_fundraisers_cannot_add_or_change_articles(client, request, user):
    client.force_login(request.getfixturevalue(user))
    article = ArticleFactory(draft=True, headline="Unfinished")

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, add_form()).status_code == 403
    change = client.post(f"/admin/articles/article/{article.pk}/change/", add_form())
    assert change.status_code == 403
    run_action(client, "publish", [article])

    article.refresh_from_db()
    assert article.public_state == "draft"
    assert article.headline == "Unfinished"
    assert Article.objects.count() == 1


def test_moderators_can_look_at_the_article_list(get_page, client, moderator):
    client.force_login(moderator)
    ArticleFactory(headline="Out now")

    response = get_page(CHANGELIST, max_queries=ADMIN_QUERY_LIMIT)

    assert response.status_code == 200
    assert "Out now" in page_text(response)
    assert "Publish the selected articles" not in page_text(response)


# --- Autocomplete --------------------------------------------------------------------------------


def autocomplete(client, get_page, model_name, field_name, term):
    response = get_page(
        AUTOCOMPLETE,
        using_client=client,
        max_queries=ADMIN_QUERY_LIMIT,
        data={
            "app_label": "articles",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    return response


def test_editors_find_tags_by_typing(get_page, editor_client):
    coast = TagFactory(name="Coastal erosion")
    TagFactory(name="Elections")

    response = autocomplete(editor_client, get_page, "article", "tags", "coast")

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(coast.pk), "text": "Coastal erosion"}]


def test_editors_find_contributors_by_typing(get_page, editor_client):
    dara = ContributorFactory(name="Dara Okoye")
    ContributorFactory(name="Eli Moss")

    response = autocomplete(editor_client, get_page, "credit", "contributor", "okoy")

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(dara.pk), "text": "Dara Okoye"}]


def test_editors_find_categories_by_typing(get_page, editor_client):
    climate = CategoryFactory(name="Climate")
    CategoryFactory(name="Sport")

    response = autocomplete(editor_client, get_page, "article", "category", "clim")

    assert response.json()["results"] == [{"id": str(climate.pk), "text": "Climate"}]


def test_autocomplete_is_closed_to_readers_and_to_staff_without_permission(
    client, get_page, moderator
):
    TagFactory(name="Coastal erosion")

    anonymous = autocomplete(client, get_page, "article", "tags", "coast")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")

    client.force_login(moderator)
    assert autocomplete(client, get_page, "article", "tags", "coast").status_code == 403
