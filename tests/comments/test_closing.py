"""Per article: comments closed by an editor or after some days, wherever a comment can be
posted; the article's moderation mode and editor's note, set with the article in the admin;
and the cached article page follows the close without anyone flushing it."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from comments.models import Comment, DiscussionSettings, Passage
from newsroom import pagecache
from tests.factories import ArticleFactory, CommentFactory
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

CLOSED = "Comments are closed on this article."


def days_ago(days, **more):
    return timezone.now() - timedelta(days=days, **more)


@pytest.fixture
def old_article(set_rules):
    """Published ten days ago, under rules that close comments after a week."""
    set_rules(close_after_days=7)
    return ArticleFactory(headline="Harbour wall gives way", published_at=days_ago(10))


def closed_on(article, days):
    moment = timezone.localtime(article.published_at + timedelta(days=days))

    return f"Comments on this article closed on {date_format(moment, 'DATE_FORMAT')}."


def comment_forms(response):
    return [f for f in tags(response, "form") if "/post/" in (f.get("action") or "")]


def test_comments_close_by_themselves_after_the_days_the_rules_say(
    old_article, browser, post_comment
):
    page = browser().get(old_article.get_absolute_url())

    assert comment_forms(page) == []
    assert closed_on(old_article, 7) in page_text(page)

    response = post_comment(browser(), old_article, "Too late?")
    assert response.status_code == 400
    assert closed_on(old_article, 7) in page_text(response)
    assert not Comment.objects.exists()


def test_a_reply_and_inline_feedback_are_refused_once_closed(old_article, browser, post_comment):
    thread = CommentFactory(article=old_article)
    passage = Passage.objects.create(article=old_article, text="gave way", is_open=True)

    reply_page = browser().get(f"/comments/{thread.pk}/reply/")
    reply = post_comment(browser(), old_article, "A late reply.", parent=thread)
    feedback_page = browser().get(f"/comments/passage/{passage.pk}/feedback/")
    feedback = post_comment(browser(), old_article, "Late feedback.", passage=passage.pk)

    assert comment_forms(reply_page) == []
    assert closed_on(old_article, 7) in page_text(reply_page)
    assert reply.status_code == feedback.status_code == 400
    assert closed_on(old_article, 7) in page_text(reply)
    assert "Feedback on this passage is closed." in page_text(feedback_page)
    assert Comment.objects.count() == 1
    # No "Reply" under the comments of a closed discussion.
    page = browser().get(old_article.get_absolute_url())
    assert f"/comments/{thread.pk}/reply/" not in [a.get("href") for a in tags(page, "a")]


def test_an_article_may_keep_its_comments_open_longer(old_article, browser):
    DiscussionSettings.objects.create(article=old_article, close_after_days=0)

    page = browser().get(old_article.get_absolute_url())

    assert len(comment_forms(page)) == 1


def test_an_article_may_close_sooner_than_the_rules_say(set_rules, browser, post_comment):
    set_rules(close_after_days=0)  # never, for the site
    article = ArticleFactory(published_at=days_ago(4))
    DiscussionSettings.objects.create(article=article, close_after_days=3)

    assert post_comment(browser(), article, "Hello?").status_code == 400
    assert closed_on(article, 3) in page_text(browser().get(article.get_absolute_url()))


def test_comments_closed_by_an_editor_say_so_without_a_date(browser, post_comment):
    article = ArticleFactory(comments_open=False)

    response = post_comment(browser(), article, "Hello?")

    assert response.status_code == 400
    assert CLOSED in page_text(response)
    assert CLOSED in page_text(browser().get(article.get_absolute_url()))


def test_the_close_holds_the_moment_it_is_due(set_rules, browser, post_comment, move_clock_to):
    set_rules(close_after_days=7)
    article = ArticleFactory(published_at=days_ago(7, minutes=-5))  # closes in five minutes
    assert post_comment(browser(), article, "Just in time.").status_code == 302

    move_clock_to(timezone.now() + timedelta(minutes=6))

    assert post_comment(browser(), article, "Too late.").status_code == 400
    assert comment_forms(browser().get(article.get_absolute_url())) == []


# --- The shared page cache ----------------------------------------------------------------------


@pytest.fixture
def shared_pages(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def test_a_cached_article_page_is_kept_no_longer_than_the_next_close(set_rules, shared_pages):
    set_rules(close_after_days=7)
    article = ArticleFactory(published_at=days_ago(7, seconds=-90))  # closes in 90 s
    ArticleFactory(published_at=days_ago(2))  # closes in five days

    Client().get(article.get_absolute_url())
    [entry] = pagecache._memory.pages.values()

    assert 85 <= entry["expires"] - time.time() <= 92


def test_an_articles_own_close_limits_the_cached_pages_too(set_rules, shared_pages):
    set_rules(close_after_days=0)
    article = ArticleFactory(published_at=days_ago(3, seconds=-60))
    DiscussionSettings.objects.create(article=article, close_after_days=3)

    Client().get(article.get_absolute_url())
    [entry] = pagecache._memory.pages.values()

    assert 55 <= entry["expires"] - time.time() <= 62


def test_without_a_close_to_come_pages_keep_their_usual_lifetime(set_rules, shared_pages):
    set_rules(close_after_days=7)
    article = ArticleFactory(published_at=days_ago(30))  # closed long ago

    Client().get(article.get_absolute_url())
    [entry] = pagecache._memory.pages.values()

    assert entry["expires"] - time.time() > 3500


# --- Set with the article in the editors' admin -----------------------------------------------


def admin_form(article, **discussion):
    local = timezone.localtime(article.published_at)
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "category": article.category.pk,
        "comments_open": "on",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "discussion_settings-TOTAL_FORMS": "1",
        "discussion_settings-INITIAL_FORMS": "0",
        "discussion_settings-0-mode": discussion.get("mode", "default"),
        "discussion_settings-0-close_after_days": discussion.get("close_after_days", ""),
        "discussion_settings-0-editors_note": discussion.get("editors_note", ""),
        "_save": "Save",
    }


def test_editors_set_the_discussion_with_the_article_and_readers_see_it_at_once(editor, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = ArticleFactory(published_at=days_ago(1))
    reader = Client()
    assert "A note from the editors" not in page_text(reader.get(article.get_absolute_url()))
    client = Client()
    client.force_login(editor)
    note = "Please keep to the facts.\n\nNames of <b>minors</b> will be removed."

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        admin_form(article, mode="premoderate", close_after_days="30", editors_note=note),
    )

    assert response.status_code == 302, page_text(response)
    own = DiscussionSettings.objects.get(article=article)
    assert (own.mode, own.close_after_days) == ("premoderate", 30)
    page = reader.get(article.get_absolute_url())  # the cached page was renewed
    html = page.content.decode()
    assert "A note from the editors" in page_text(page)
    assert "<p>Please keep to the facts.</p>" in html
    assert "Names of &lt;b&gt;minors&lt;/b&gt; will be removed." in html
    # The note stands above the comment form.
    assert html.index("Please keep to the facts.") < html.index('id="comment-form"')


def test_the_editors_admin_leaves_the_discussion_alone_when_untouched(editor):
    article = ArticleFactory()
    client = Client()
    client.force_login(editor)

    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    response = client.post(f"/admin/articles/article/{article.pk}/change/", admin_form(article))

    assert 'name="discussion_settings-0-editors_note"' in page.content.decode()
    assert response.status_code == 302
    assert not DiscussionSettings.objects.filter(article=article).exists()
