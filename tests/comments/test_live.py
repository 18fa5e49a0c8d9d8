"""Live updates: what the services record for the stream, the stream itself (Server-Sent
Events from an async view), its fan-out and limits, and the comments it announces."""

import asyncio
import contextlib
import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings as settings_module
from django.db import connection
from django.test import AsyncClient
from django.utils import timezone

from comments import live, services
from comments.identity import COOKIE_NAME, Reader
from comments.models import Comment, LiveEvent
from tests.factories import ArticleFactory, CommentFactory, reader_cookie
from tests.utils import PAGE_QUERY_LIMIT

pytestmark = pytest.mark.django_db

Status = Comment.Status
HELD_BODY = "Look: https://a.example and https://b.example"  # two links: held by the rules


@pytest.fixture(autouse=True)
def publish_at_once(set_rules):
    set_rules(hold="none")  # links still hold a comment (HELD_BODY)


@pytest.fixture(autouse=True)
def live_settings(settings):
    # The embedded fan-out (a poll of the table) whatever the test database, quick polls.
    settings.LIVE_FANOUT = "poll"
    settings.LIVE_POLL_SECONDS = 0.05
    settings.LIVE_URL = ""
    settings.LIVE_ALLOW_ORIGIN = ""
    return settings


def guest(key="ana-browser", ip="203.0.113.1"):
    return Reader(user=None, browser_key=key, ip=ip)


def post(article, body="The harbour wall needs repair.", **kwargs):
    kwargs.setdefault("author_name", "Ana Lima")
    kwargs.setdefault("author_email", "ana@example.org")
    kwargs.setdefault("seconds_taken", 30.0)
    kwargs.setdefault("reader", guest())
    return services.comment_post(article=article, body=body, **kwargs)


def events():
    return list(LiveEvent.objects.order_by("pk").values_list("comment_id", "kind"))


# --- What the services record --------------------------------------------------------------


def test_a_published_comment_is_announced_and_a_held_one_is_not():
    article = ArticleFactory()

    published = post(article)
    held = post(article, HELD_BODY, reader=guest("bea-browser"), author_email="bea@example.org")

    assert held.status == Status.PENDING
    assert events() == [(published.pk, "new")]


def test_approving_announces_and_withdrawing_announces_a_removal(moderator):
    held = CommentFactory(pending=True)
    queryset = Comment.objects.filter(pk=held.pk)

    services.comment_moderate(comments=queryset, status=Status.APPROVED, moderator=moderator)
    services.comment_moderate(
        comments=queryset, status=Status.REJECTED, moderator=moderator, reason="spam"
    )
    services.comment_moderate(comments=queryset, status=Status.SPAM, moderator=moderator)

    # Rejecting a rejected comment again (as spam) changes nothing readers see.
    assert events() == [(held.pk, "new"), (held.pk, "remove")]


def test_edits_and_deletions_of_published_comments_are_announced():
    comment = CommentFactory(browser_key="ana-browser")

    services.comment_edit(comment=comment, reader=guest(), body="Better words.")
    services.comment_delete(comment=comment, reader=guest())

    assert events() == [(comment.pk, "edit"), (comment.pk, "delete")]


def test_an_edit_that_is_held_again_withdraws_the_comment():
    comment = CommentFactory(browser_key="ana-browser")

    services.comment_edit(comment=comment, reader=guest(), body=HELD_BODY)

    assert events() == [(comment.pk, "remove")]


def test_nothing_unpublished_is_announced_whoever_asks():
    held = CommentFactory(pending=True)
    spam = CommentFactory(spam=True)

    for kind in ("new", "edit", "feature", "delete"):
        live.comments_changed(comment_ids=[held.pk, spam.pk], kind=kind)

    assert events() == []


# --- The stream ----------------------------------------------------------------------------


def stream_url(article):
    return f"/live/article/{article.pk}/"


async def next_event(stream):
    """The next event of a stream (keep-alive comments and the retry line skipped)."""
    while True:
        chunk = await asyncio.wait_for(anext(stream), timeout=5)
        text = chunk.decode() if isinstance(chunk, bytes) else chunk
        if text.startswith("id:"):
            lines = dict(line.split(": ", 1) for line in text.strip().splitlines())
            return int(lines["id"]), lines["event"], json.loads(lines["data"]), text


async def disconnect(response):
    """The reader goes away: the server cancels what was waiting for the stream's next event,
    as Django's ASGI handler does when the connection closes."""
    stream = aiter(response.streaming_content)
    while True:  # past what the stream has to send at once, to where it waits
        waiting = asyncio.ensure_future(anext(stream))
        done, _ = await asyncio.wait([waiting], timeout=0.05)
        if not done:
            break
    waiting.cancel()
    with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
        await waiting


def run(scenario):
    async_to_sync(scenario)()


def test_a_published_comment_reaches_an_open_stream_and_a_held_one_never_does(
    django_capture_on_commit_callbacks,
):
    article = ArticleFactory()
    thread = CommentFactory(article=article)

    def post_held_then_published():
        with django_capture_on_commit_callbacks(execute=True):
            held = post(article, HELD_BODY, author_email="secret@example.org")
            reply = post(article, "A published reply.", parent=thread, reader=guest("b"))
        return held, reply

    async def scenario():
        response = await AsyncClient().get(stream_url(article))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"
        assert response["X-Accel-Buffering"] == "no"
        stream = aiter(response.streaming_content)
        held, reply = await sync_to_async(post_held_then_published)()

        _, name, data, text = await next_event(stream)

        assert held.status == Status.PENDING
        assert name == "comment"
        assert data == {"kind": "new", "comment": reply.pk, "parent": thread.pk}
        # Ids only: no text, no address, no name of anyone.
        assert str(held.pk) not in text
        assert "example.org" not in text and "203.0.113" not in text
        assert "published reply" not in text
        await disconnect(response)

    run(scenario)


def test_a_change_written_by_another_process_reaches_the_stream():
    """Nothing wakes this process's hub (another server wrote the row): its poll finds it."""
    article = ArticleFactory()

    async def scenario():
        response = await AsyncClient().get(stream_url(article))
        stream = aiter(response.streaming_content)
        await anext(stream)  # the retry line: the stream is open and listening
        comment = await sync_to_async(CommentFactory)(article=article)
        await LiveEvent.objects.acreate(article=article, comment=comment, kind="new")

        _, _, data, _ = await next_event(stream)

        assert data["comment"] == comment.pk
        await disconnect(response)

    run(scenario)


def test_a_reader_who_reconnects_gets_what_came_after_the_last_event_it_saw():
    article = ArticleFactory()
    seen, missed = CommentFactory(article=article), CommentFactory(article=article)
    other_article = CommentFactory()
    for comment in (seen, other_article, missed):
        LiveEvent.objects.create(article=comment.article, comment=comment, kind="new")
    last = LiveEvent.objects.get(comment=seen).pk

    async def scenario():
        client = AsyncClient()
        for headers in ({"Last-Event-ID": str(last)}, {}):
            url = stream_url(article) if headers else f"{stream_url(article)}?last={last}"
            response = await client.get(url, headers=headers)
            _, _, data, _ = await next_event(aiter(response.streaming_content))
            assert data["comment"] == missed.pk
            await disconnect(response)

    run(scenario)


def test_a_page_just_opened_gets_the_changes_of_the_last_seconds():
    article = ArticleFactory()
    old, recent = CommentFactory(article=article), CommentFactory(article=article)
    LiveEvent.objects.create(article=article, comment=old, kind="new")
    LiveEvent.objects.filter(comment=old).update(created_at=timezone.now() - timedelta(hours=1))
    LiveEvent.objects.create(article=article, comment=recent, kind="new")

    async def scenario():
        response = await AsyncClient().get(stream_url(article))
        _, _, data, _ = await next_event(aiter(response.streaming_content))
        assert data["comment"] == recent.pk
        await disconnect(response)

    run(scenario)


def test_one_address_may_hold_only_so_many_streams(settings):
    settings.LIVE_STREAMS_PER_IP = 2
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # as our proxy sets it
    article = ArticleFactory()

    async def scenario():
        client = AsyncClient()
        here, there = {"X-Real-IP": "198.51.100.7"}, {"X-Real-IP": "198.51.100.8"}
        first = await client.get(stream_url(article), headers=here)
        second = await client.get(stream_url(article), headers=here)
        third = await client.get(stream_url(article), headers=here)
        elsewhere = await client.get(stream_url(article), headers=there)

        assert (first.status_code, second.status_code) == (200, 200)
        assert third.status_code == 429
        assert third["Retry-After"]
        assert elsewhere.status_code == 200

        # A stream that ends gives its place back.
        await disconnect(first)
        again = await client.get(stream_url(article), headers=here)
        assert again.status_code == 200
        for response in (second, elsewhere, again):
            await disconnect(response)

    run(scenario)


def test_no_stream_for_a_discussion_quiet_for_two_weeks():
    long_ago = timezone.now() - timedelta(days=30)
    quiet = ArticleFactory(published_at=long_ago)
    CommentFactory(article=quiet, created_at=long_ago)
    lively = ArticleFactory(published_at=long_ago)
    CommentFactory(article=lively)

    async def scenario():
        client = AsyncClient()
        assert (await client.get(stream_url(quiet))).status_code == 204
        response = await client.get(stream_url(lively))
        assert response.status_code == 200
        await disconnect(response)

    run(scenario)


@pytest.mark.parametrize("trait", [{"draft": True}, {"scheduled": True}])
def test_no_stream_for_an_unpublished_article(trait):
    article = ArticleFactory(**trait)

    async def scenario():
        assert (await AsyncClient().get(stream_url(article))).status_code == 404

    run(scenario)


def test_the_wsgi_app_holds_no_stream(client):
    """Through gunicorn or runserver a stream would hold a worker thread for its whole life
    (and kept the test run's own server from stopping): 204, and the page keeps polling."""
    article = ArticleFactory()
    CommentFactory(article=article)

    response = client.get(stream_url(article))

    assert response.status_code == 204
    assert not response.streaming


def test_the_stream_is_only_read(client):
    assert client.post(stream_url(ArticleFactory())).status_code == 405


# --- The comments it announces -------------------------------------------------------------


def live_comments(client, article, *ids):
    return client.get(f"/comments/article/{article.pk}/live/?ids={','.join(map(str, ids))}")


def test_the_announced_comments_are_drawn_with_their_parent(client, django_assert_max_num_queries):
    article = ArticleFactory()
    thread = CommentFactory(article=article)
    reply = CommentFactory(parent=thread, body="<script>alert(1)</script> **Agreed**")

    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        response = live_comments(client, article, reply.pk, thread.pk)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-live-comment="{reply.pk}" data-parent="{thread.pk}"' in html
    assert f'data-live-comment="{thread.pk}" data-parent=""' in html
    assert f'id="comment-{reply.pk}"' in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **Agreed**" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_held_rejected_and_other_articles_comments_are_never_drawn(client):
    article = ArticleFactory()
    held = CommentFactory(article=article, pending=True, body="Held words")
    rejected = CommentFactory(article=article, rejected=True, body="Rejected words")
    elsewhere = CommentFactory(body="Another article's words")
    deleted = CommentFactory(article=article, deleted=True)

    html = live_comments(client, article, held.pk, rejected.pk, elsewhere.pk, deleted.pk)
    html = html.content.decode()

    assert "Held words" not in html and "Rejected words" not in html
    assert "Another article" not in html
    assert f'data-live-comment="{deleted.pk}"' in html
    assert "This comment was deleted." in html


def test_a_reader_sees_their_own_comment_drawn_as_their_own(client):
    article = ArticleFactory()
    mine = CommentFactory(article=article, browser_key="ana-browser")
    client.cookies[COOKIE_NAME] = reader_cookie("ana-browser")

    html = live_comments(client, article, mine.pk).content.decode()

    assert f"/comments/{mine.pk}/edit/" in html


def test_bad_ids_are_ignored_and_an_unpublished_article_is_not_found(client):
    article = ArticleFactory()

    assert live_comments(client, article, "x", "-1", "9" * 30).status_code == 200
    assert live_comments(client, ArticleFactory(draft=True), 1).status_code == 404


def test_the_article_page_says_where_its_stream_is(client, settings):
    settings.LIVE_URL = "http://127.0.0.1:8001"
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'data-live-url="http://127.0.0.1:8001/live/article/{article.pk}/"' in html
    assert f'data-live-comments-url="/comments/article/{article.pk}/live/"' in html


# --- Fan-out across processes: Redis pub/sub, PostgreSQL LISTEN/NOTIFY ----------------------
# Only the wake-up that crosses processes may deliver here: the in-process one is switched
# off and the hub's safety read of the table is a minute away, longer than next_event waits.


@pytest.fixture
def only_the_cross_process_wakeup(monkeypatch):
    monkeypatch.setattr(live, "wake_local_hubs", lambda: None)
    monkeypatch.setattr(live, "SAFETY_POLL_SECONDS", 60)


def published_elsewhere(article):
    comment = CommentFactory(article=article)
    live.comments_changed(comment_ids=[comment.pk], kind="new")
    return comment


@pytest.mark.skipif(not settings_module.REDIS_URL, reason="needs REDIS_URL: CI's second pass")
def test_redis_wakes_the_stream_servers(
    live_settings, only_the_cross_process_wakeup, django_capture_on_commit_callbacks
):
    live_settings.LIVE_FANOUT = "redis"
    article = ArticleFactory()

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            return published_elsewhere(article)

    async def scenario():
        response = await AsyncClient().get(stream_url(article))
        stream = aiter(response.streaming_content)
        await anext(stream)
        await asyncio.sleep(0.3)  # the hub has subscribed
        comment = await sync_to_async(publish)()
        _, _, data, _ = await next_event(stream)
        assert data["comment"] == comment.pk
        await disconnect(response)

    run(scenario)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's NOTIFY: runs in CI's second pass"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_notify_wakes_the_stream_servers(live_settings, only_the_cross_process_wakeup):
    live_settings.LIVE_FANOUT = "postgres"
    article = ArticleFactory()

    async def scenario():
        response = await AsyncClient().get(stream_url(article))
        stream = aiter(response.streaming_content)
        await anext(stream)
        await asyncio.sleep(0.3)  # the hub is listening

        # Committed on a connection of its own, as another server would.
        def on_another_connection():
            try:
                return published_elsewhere(article)
            finally:
                connection.close()

        comment = await sync_to_async(on_another_connection, thread_sensitive=False)()
        _, _, data, _ = await next_event(stream)
        assert data["comment"] == comment.pk
        await disconnect(response)

    run(scenario)
