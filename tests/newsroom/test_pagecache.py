"""Whole pages for anonymous readers from the shared cache (newsroom/pagecache.py).

What a reader would notice: a page that many readers get is the same fast page, it is fresh
as soon as something it shows changes, every form on it works at the first press (with and
without JavaScript, with no token in the page), and nobody with a state of their own (signed
in, a pending comment, a vote, a message) ever gets the shared page.
"""

import gzip
import re
import secrets
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from comments import services
from comments.identity import COOKIE_NAME
from comments.models import Comment, ModerationRules
from donations.models import Donation
from donations.services import donation_record
from newsroom import pagecache, pagememory
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    CommentFactory,
)
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_pages(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_CDN_SECONDS = 5
    # Posting straight from a test is instant; the rules would call that a bot.
    rules = ModerationRules.current()
    rules.min_seconds_to_write = 0
    rules.hold = ModerationRules.Hold.NONE
    rules.save()


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


# What a browser sends with a post from one of the site's pages (newsroom/csrf.py).
FROM_OUR_PAGE = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}


def browser(**defaults):
    """A reader's browser, whose posts are checked as the real site checks them."""
    return Client(enforce_csrf_checks=True, **defaults)


def csrf_inputs(response):
    return [i["value"] for i in tags(response, "input") if i.get("name") == "csrfmiddlewaretoken"]


def comment_form(article, body, **extra):
    return {
        "name": "Ana Lima",
        "email": "ana@example.org",
        "body": body,
        "seconds_on_page": "60",
        "homepage": "",
        **extra,
    }


def a_cached_page(url):
    """The page as the first reader left it in the cache."""
    first = browser().get(url)
    assert first.status_code == 200
    return first


# --- One page for everyone ------------------------------------------------------------------


def test_the_second_reader_gets_the_page_without_touching_the_database(
    article, django_assert_num_queries
):
    a_cached_page(article.get_absolute_url())

    with django_assert_num_queries(0):
        response = browser().get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Harbour wall gives way" in page_text(response)


def test_a_shared_page_carries_no_token_and_sets_no_cookie(article):
    for response in (
        a_cached_page(article.get_absolute_url()),
        browser().get(article.get_absolute_url()),
    ):
        assert tags(response, "textarea")  # the comment form is there...
        assert csrf_inputs(response) == []  # ...with no token: none is needed
        assert not response.cookies


def test_a_shared_page_carries_nothing_of_one_request(article, settings):
    """Rendered twice, for two readers, the page is the same to the byte: no token, no
    timestamp, no nonce that anything relies on."""
    CommentFactory(article=article)
    first = a_cached_page(article.get_absolute_url()).content
    cache.clear()
    pagecache.forget_process_memory()

    second = browser(REMOTE_ADDR="203.0.113.50").get(article.get_absolute_url()).content

    assert first == second
    form = {i["name"]: i.get("value", "") for i in tags(first.decode(), "input") if i.get("name")}
    assert form["seconds_on_page"] == ""  # site.js measures it in the reader's browser


def test_a_shared_page_may_be_kept_by_a_cdn_briefly_and_revalidated_by_browsers(article):
    response = a_cached_page(article.get_absolute_url())

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=5", "must-revalidate"} <= cache_control
    assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in response["Vary"].split(",")}
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]


def test_a_browser_that_has_the_page_gets_not_modified(article):
    etag = a_cached_page(article.get_absolute_url())["ETag"]

    response = browser().get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_the_page_is_sent_compressed_to_browsers_that_accept_it(article):
    plain = a_cached_page(article.get_absolute_url())

    response = browser().get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain.content


def test_unknown_query_parameters_are_rendered_but_never_stored(
    article, django_assert_num_queries
):
    url = f"{article.get_absolute_url()}?utm_source=newsletter"
    browser().get(url)

    response = browser().get(url)

    assert "private" in response["Cache-Control"]
    assert csrf_inputs(response)  # rendered for this reader: their own token


@pytest.mark.parametrize("name", ["home", "rss", "atom"])
def test_home_and_feeds_are_shared_too(article, name, django_assert_num_queries):
    url = {"home": "/", "rss": "/feeds/rss/", "atom": "/feeds/atom/"}[name]
    a_cached_page(url)

    with django_assert_num_queries(0):
        response = browser().get(url)

    assert "Harbour wall gives way" in response.content.decode()


# --- Only what we offer is filed ----------------------------------------------------------


def stored_pages():
    """The pages this process has filed in the shared cache (each is also remembered here)."""
    return len(pagecache._memory.pages)


@pytest.mark.parametrize(
    "query",
    [
        "sort={}",
        "comments={}",
        "fragment={}",
        "sort=votes&sort={}",  # repeated: the last one counts, as the page reads it
        "sort={}&comments={}&fragment={}",
        "comments=all",  # older links: the first page
        "sort=newest",  # the default, spelt out
        "sort=&comments=",
    ],
)
def test_values_we_do_not_offer_are_the_article_page_and_file_nothing_new(
    article, query, django_assert_num_queries
):
    CommentFactory(article=article, body="First on the wall.")
    url = article.get_absolute_url()
    plain = a_cached_page(url)

    for _ in range(12):
        value = secrets.token_urlsafe(6)
        with django_assert_num_queries(0):  # the page already in the cache
            response = browser().get(f"{url}?{query.format(value, value, value)}")
        assert response.content == plain.content

    assert stored_pages() == 1


@pytest.mark.parametrize("page", ["{}", "0", "2", "02", "999999999999"])
def test_pages_of_threads_that_do_not_exist_are_not_found_and_file_nothing(article, page):
    CommentFactory(article=article, body="First on the wall.")
    url = article.get_absolute_url()
    a_cached_page(url)

    for _ in range(3):
        value = secrets.token_urlsafe(6)
        assert browser().get(f"{url}?page={page.format(value)}").status_code == 404

    assert stored_pages() == 1


def test_a_page_of_threads_is_filed_under_one_spelling(article, set_rules):
    set_rules(threads_per_page=1)
    CommentFactory.create_batch(2, article=article)
    url = article.get_absolute_url()

    second = a_cached_page(f"{url}?page=2")
    assert browser().get(f"{url}?page=02").content == second.content
    assert browser().get(f"{url}?page=1").content == a_cached_page(url).content

    assert stored_pages() == 2


def test_each_sort_and_view_we_offer_has_its_own_page(article):
    CommentFactory(article=article, body="Older and liked.", upvotes=3, score=3)
    CommentFactory(article=article, body="Newer and ignored.")
    url = article.get_absolute_url()

    pages = {
        query: page_text(a_cached_page(f"{url}?{query}"))
        for query in ["", "sort=oldest", "sort=votes", "comments=feedback"]
    }

    assert stored_pages() == 4
    newest, oldest = pages[""], pages["sort=oldest"]
    assert newest.index("Newer and ignored.") < newest.index("Older and liked.")
    assert oldest.index("Older and liked.") < oldest.index("Newer and ignored.")


def test_only_htmx_gets_the_threads_alone(article):
    CommentFactory(article=article, body="In the threads.")
    url = article.get_absolute_url()
    a_cached_page(url)

    page = browser().get(f"{url}?fragment=threads")
    threads = browser().get(f"{url}?fragment=threads", HTTP_HX_REQUEST="true")

    assert "<html" in page.content.decode()
    assert "<html" not in threads.content.decode()
    assert "In the threads." in page_text(threads)
    assert stored_pages() == 2


@pytest.fixture
def two_pages_of_articles():
    ArticleFactory.create_batch(13)  # twelve a page


@pytest.mark.parametrize("spelling", ["2", "02", "+2", " 2", "2 ", "0002"])
def test_one_page_of_a_list_is_one_entry_however_its_number_is_written(
    two_pages_of_articles, spelling, django_assert_num_queries
):
    second = a_cached_page("/?page=2")

    with django_assert_num_queries(0):
        response = browser().get("/", {"page": spelling})

    assert response.content == second.content
    assert stored_pages() == 1


@pytest.mark.parametrize("spelling", ["1", "01", "+1"])
def test_the_first_page_of_a_list_is_the_list_without_a_number(
    two_pages_of_articles, spelling, django_assert_num_queries
):
    first = a_cached_page("/")

    with django_assert_num_queries(0):
        response = browser().get("/", {"page": spelling})

    assert response.content == first.content
    assert stored_pages() == 1


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", "9" * 5000, "3", "10000000000"])
def test_a_page_that_does_not_exist_is_not_found_cached_or_not_and_files_nothing(
    two_pages_of_articles, value
):
    signed_in = browser()
    signed_in.force_login(User.objects.create_user("kim", password="pw"))

    shared = browser().get("/", {"page": value})
    fresh = signed_in.get("/", {"page": value})

    assert (shared.status_code, fresh.status_code) == (404, 404)
    assert stored_pages() == 0


def test_an_address_no_article_has_leaves_nothing_in_the_cache(article):
    slug = f"no-such-article-{secrets.token_hex(4)}"

    response = browser().get(f"/articles/{slug}/")

    assert response.status_code == 404
    assert cache.get(pagecache.GENERATION_KEY.format(scope=pagecache.article_scope(slug))) is None
    assert stored_pages() == 0


def test_an_address_longer_than_any_slug_is_not_found(article):
    response = browser().get(f"/articles/{'a' * 300}/")

    assert response.status_code == 404


# --- Forms on a shared page -----------------------------------------------------------------


def test_a_second_reader_on_a_cached_page_posts_a_comment_at_once(article):
    a_cached_page(article.get_absolute_url())
    reader = browser()
    page = reader.get(article.get_absolute_url())
    # A browser sends the fields, and of the buttons only the one pressed ("Post Comment").
    form = {
        i["name"]: i.get("value", "")
        for i in tags(page, "input")
        if i.get("name") and i.get("type") != "submit"
    }

    # What a browser without JavaScript sends: the form as the page has it, filled in.
    response = reader.post(
        f"/comments/article/{article.pk}/post/",
        {**form, **comment_form(article, "The wall was cracked last winter already.")},
        **FROM_OUR_PAGE,
    )

    assert response.status_code == 302
    assert Comment.objects.get().body == "The wall was cracked last winter already."


def test_a_second_reader_on_a_cached_page_votes_with_htmx(article):
    comment = CommentFactory(article=article)
    a_cached_page(article.get_absolute_url())
    reader = browser(REMOTE_ADDR="203.0.113.7")
    reader.get(article.get_absolute_url())

    response = reader.post(
        f"/comments/{comment.pk}/vote/", {"value": "up"}, HTTP_HX_REQUEST="true", **FROM_OUR_PAGE
    )

    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.upvotes == 1


def test_a_vote_without_javascript_from_an_older_browser_goes_through_too(article):
    """A browser without Sec-Fetch-Site still sends Origin with every post."""
    comment = CommentFactory(article=article)
    a_cached_page(article.get_absolute_url())
    reader = browser(REMOTE_ADDR="203.0.113.8")

    response = reader.post(
        f"/comments/{comment.pk}/vote/", {"value": "up"}, HTTP_ORIGIN="http://testserver"
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.upvotes == 1


def test_a_post_from_another_site_is_refused_with_a_page_that_says_so(article):
    reader = browser()

    response = reader.post(
        f"/comments/article/{article.pk}/post/",
        comment_form(article, "Forged."),
        HTTP_SEC_FETCH_SITE="cross-site",
        HTTP_ORIGIN="https://evil.example",
    )

    assert response.status_code == 403
    assert "This form could not be checked" in page_text(response)
    assert "Forged." not in response.content.decode()
    assert not Comment.objects.exists()


def test_what_a_stranger_posted_comes_back_escaped(article):
    reader = browser()
    response = reader.post(
        f"/comments/article/{article.pk}/post/",
        comment_form(article, '<script>alert("x")</script>', email="not an address"),
        **FROM_OUR_PAGE,
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


# --- Fresh when what it shows changes --------------------------------------------------------


def test_an_approved_comment_shows_at_once(article):
    a_cached_page(article.get_absolute_url())
    services.comment_post(
        article=article,
        reader=_guest(),
        body="Fresh news from the quay.",
        author_name="Ben",
        author_email="ben@example.org",
        seconds_taken=60,
    )

    assert "Fresh news from the quay." in page_text(browser().get(article.get_absolute_url()))


def test_a_comment_a_moderator_rejects_disappears_at_once(article):
    comment = CommentFactory(article=article, body="Soon to be rejected.")
    assert "Soon to be rejected." in page_text(a_cached_page(article.get_absolute_url()))

    services.comment_moderate(
        comments=Comment.objects.filter(pk=comment.pk), status=Comment.Status.REJECTED
    )

    assert "Soon to be rejected." not in page_text(browser().get(article.get_absolute_url()))


def test_a_vote_shows_in_the_score_at_once(article):
    comment = CommentFactory(article=article)
    a_cached_page(article.get_absolute_url())

    services.vote_cast(comment=comment, reader=_guest(), value=1)

    page = browser().get(article.get_absolute_url()).content.decode()
    assert re.search(rf'id="vote-{comment.pk}".*?class="vote__score"[^>]*>1<', page, re.S)


def test_an_edit_in_the_admin_shows_on_the_home_page_at_once(article):
    admin = User.objects.create_superuser("boss", password="pw")
    a_cached_page("/")
    staff = Client()
    staff.force_login(admin)

    response = staff.post(
        f"/admin/articles/article/{article.pk}/change/",
        _article_form(article, headline="Harbour wall repaired"),
    )

    assert response.status_code == 302, page_text(response)
    assert "Harbour wall repaired" in page_text(browser().get("/"))


def test_a_donation_moves_the_goal_bar_on_every_page_at_once(article):
    campaign = CampaignFactory(goal=Decimal("5000"))
    assert "0 $" in page_text(a_cached_page(article.get_absolute_url()))
    a_cached_page("/")

    donation_record(
        amount=Decimal("822"),
        currency=campaign.currency,
        provider=Donation.Provider.BANK,
        campaign=campaign,
    )

    assert "822 $" in page_text(browser().get(article.get_absolute_url()))
    assert "822 $" in page_text(browser().get("/"))


def test_a_page_expires_when_the_next_scheduled_article_is_due(article):
    ArticleFactory(published_at=timezone.now() + timedelta(seconds=90))
    a_cached_page("/")

    [entry] = pagecache._memory.pages.values()  # this process's copy of the cached page

    assert 85 <= entry["expires"] - time.time() <= 92


# --- Never for someone with a state of their own ---------------------------------------------


def test_a_signed_in_reader_never_gets_the_shared_page(article):
    a_cached_page(article.get_absolute_url())
    reader = browser()
    reader.force_login(User.objects.create_user("kim", password="pw"))

    response = reader.get(article.get_absolute_url())

    assert "kim" in page_text(response)
    assert "private" in response["Cache-Control"]
    assert csrf_inputs(response)  # rendered for this reader: their own token


def test_a_guest_sees_their_own_pending_comment_though_others_get_the_cached_page(article):
    rules = ModerationRules.current()
    rules.hold = ModerationRules.Hold.ALL
    rules.save()
    a_cached_page(article.get_absolute_url())
    guest = browser()

    guest.post(
        f"/comments/article/{article.pk}/post/",
        comment_form(article, "Waiting for a moderator."),
        **FROM_OUR_PAGE,
    )

    assert COOKIE_NAME in guest.cookies
    mine = guest.get(article.get_absolute_url())
    assert "Waiting for a moderator." in page_text(mine)
    assert "awaiting moderation" in page_text(mine)
    assert "Waiting for a moderator." not in page_text(browser().get(article.get_absolute_url()))


def test_the_thank_you_message_after_posting_is_never_lost_to_the_cache(article):
    a_cached_page(article.get_absolute_url())
    guest = browser()

    response = guest.post(
        f"/comments/article/{article.pk}/post/",
        comment_form(article, "Thanks for the piece."),
        follow=True,
        **FROM_OUR_PAGE,
    )

    assert "Thank you: your comment is published." in page_text(response)


def test_the_reader_cookie_is_one_the_cache_knows_to_step_aside_for(settings):
    assert COOKIE_NAME in settings.PAGE_CACHE_PERSONAL_COOKIES


def test_the_page_cache_can_be_turned_off(article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    browser().get(article.get_absolute_url())

    response = browser().get(article.get_absolute_url())

    assert "private" in response["Cache-Control"]
    assert csrf_inputs(response)  # rendered for this reader: their own token


# --- helpers --------------------------------------------------------------------------------


def _guest():
    from comments.identity import Reader

    return Reader(user=None, browser_key="tester-browser", ip="198.51.100.77")


def _article_form(article, **changes):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "category": article.category_id,
        "status": article.status,
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        "comments_open": "on",
        "lead_image_alt": article.lead_image_alt,
        "video_url": article.video_url,
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "passages-MIN_NUM_FORMS": "0",
        "passages-MAX_NUM_FORMS": "1000",
        "discussion_settings-TOTAL_FORMS": "0",
        "discussion_settings-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_change_made_on_another_server_shows_here_once_the_memo_has_expired(
    article, monkeypatch
):
    comment = CommentFactory(article=article, body="Said on one server.")
    # A memo that outlasts a render on a busy machine (it is a second in production).
    monkeypatch.setattr(pagememory, "GENERATION_MEMO_SECONDS", 60)
    a_cached_page(article.get_absolute_url())
    # Another server rejects the comment: only the shared cache learns of it.
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REJECTED)
    key = pagecache.GENERATION_KEY.format(scope=pagecache.article_scope(article.slug))
    cache.set(key, "another-servers-generation", timeout=None)

    # Within the memo this process still serves what it remembers...
    assert "Said on one server." in page_text(browser().get(article.get_absolute_url()))
    # ...and asks the shared cache again once it has expired.
    monkeypatch.setattr(pagememory, "GENERATION_MEMO_SECONDS", 0)
    pagecache._memory.generations.clear()
    assert "Said on one server." not in page_text(browser().get(article.get_absolute_url()))


def test_a_remembered_page_expires_with_its_cache_entry(article, monkeypatch):
    a_cached_page(article.get_absolute_url())
    [entry] = pagecache._memory.pages.values()
    entry["expires"] = 0  # as if its time had run out
    CommentFactory(article=article, body="Arrived meanwhile.")
    cache.clear()  # the shared cache has let it go too

    assert "Arrived meanwhile." in page_text(browser().get(article.get_absolute_url()))


# --- One entry a page, however often it changes ----------------------------------------------


def stored_in_the_shared_cache():
    """The page entries in the shared cache itself (not this process's memory of them)."""
    backend = cache._cache
    if hasattr(backend, "get_client"):  # Redis (CI's second run)
        return sorted(key.decode() for key in backend.get_client().keys("*pagecache:page:*"))
    return sorted(key for key in backend if ":pagecache:page:" in key)  # local memory


def test_a_discussion_that_changes_often_keeps_one_copy_of_its_page(article):
    comment = CommentFactory(article=article, body="Vote on me.")
    url = article.get_absolute_url()
    a_cached_page(url)
    filed = stored_in_the_shared_cache()
    assert len(filed) == 1

    for n in range(1, 6):
        Comment.objects.filter(pk=comment.pk).update(upvotes=n, score=n)
        pagecache.public_pages_changed(pagecache.article_scope(article.slug))
        page = browser().get(url)
        assert f'title="{n} up, 0 down"' in page.content.decode()

    assert stored_in_the_shared_cache() == filed
    assert stored_pages() == 1


def test_pages_for_one_reader_are_compressed_too(article):
    CommentFactory.create_batch(3, article=article)
    reader = Client()
    reader.force_login(User.objects.create_user("tidewatcher"))

    response = reader.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")

    assert "private" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    assert article.headline in gzip.decompress(response.content).decode()
    cached = browser().get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert cached["Content-Encoding"] == "gzip"
    assert article.headline in gzip.decompress(cached.content).decode()  # compressed once
