"""Live updates: what readers who have an article open see change, pushed to them over
Server-Sent Events (the stream view is in comments/live_views.py, served by the ASGI server).

Writing. The services call `comments_changed(...)` inside the transaction that publishes,
edits, deletes, withdraws or features comments. It writes one `LiveEvent` row a comment
(only for comments the public page shows, whatever the caller passes) and, once the
transaction commits, wakes the stream processes.

Fan-out. Each ASGI process has one `Hub`: the streams open in it, grouped by article, and one
task that reads the new `LiveEvent` rows (one indexed query for all streams of the process)
and hands each to the streams of its article. What wakes that task:
- Redis pub/sub when REDIS_URL is set (every app and stream server shares it);
- PostgreSQL's LISTEN/NOTIFY on PostgreSQL without Redis (NOTIFY is sent at commit);
- otherwise (SQLite, the embedded default) nothing crosses processes: the task asks the
  table for rows after the last id it saw once a second. That is one cheap query a second
  a stream process, whatever the number of streams, and it works whichever process wrote
  the comment (gunicorn's workers, runserver, a management command).
Within one process a change also wakes the hub directly (an in-process channel). The table
is the truth in every case: a missed wake-up costs a second of delay (the task also reads
the table every few seconds with Redis or PostgreSQL), never an event.

The stream carries ids and kinds only ("comment 42, a reply to 17, was published"); the page
fetches the comments' HTML from an ordinary view (live_views.live_comments) when the reader
asks to see them, rendered for that reader like the rest of the page.
"""

import asyncio
import contextvars
import logging
from collections import defaultdict, deque
from datetime import timedelta

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .models import Comment, LiveEvent

logger = logging.getLogger(__name__)

Kind = LiveEvent.Kind
# Events older than this are deleted (a reader away longer reloads the page anyway).
EVENTS_KEPT = timedelta(days=1)
# Out-of-order commits: a transaction that took id 41 may commit after the one that took 42.
# The hub reads back this many ids behind the last it saw, and skips those it has sent.
LOOKBACK = 100
# The PostgreSQL channel (NOTIFY) a commit wakes the stream processes on.
PG_CHANNEL = "newsroom_live"
# With Redis or PostgreSQL waking the hubs, they still read the table this often, in case a
# wake-up was lost (a reconnection).
SAFETY_POLL_SECONDS = 5


def fanout():
    """How changes reach the stream processes: "redis", "postgres" or "poll"."""
    chosen = getattr(settings, "LIVE_FANOUT", "")
    if chosen:
        return chosen
    if getattr(settings, "REDIS_URL", ""):
        return "redis"
    if connection.vendor == "postgresql":
        return "postgres"
    return "poll"


def redis_channel():
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "newsroom")
    return f"{prefix}:live:{settings.REDIS_URL.rsplit('/', 1)[-1]}"


# --- Writing --------------------------------------------------------------------------------

# Which comments an event of each kind may name: only what the public page shows.
_SHOWN = {
    Kind.NEW: [Comment.Status.APPROVED],
    Kind.EDIT: [Comment.Status.APPROVED],
    Kind.FEATURE: [Comment.Status.APPROVED],
    Kind.DELETE: [Comment.Status.DELETED],
}


def comments_changed(*, comment_ids, kind):
    """Record that these comments changed as readers see them (call it inside the
    transaction that changes them). A held, rejected or spam comment is never announced
    as new, edited or featured, whoever asks: the stream cannot leak it."""
    kind = Kind(kind)
    comments = Comment.objects.filter(pk__in=list(comment_ids))
    if kind in _SHOWN:
        comments = comments.filter(status__in=_SHOWN[kind])
    rows = list(comments.order_by("pk").values_list("pk", "article_id"))
    if not rows:
        return 0
    with transaction.atomic():
        LiveEvent.objects.bulk_create(
            LiveEvent(article_id=article_id, comment_id=pk, kind=kind) for pk, article_id in rows
        )
        _prune()
        _wake_after_commit()
    return len(rows)


def _prune():
    # A cheap, indexed delete of old rows about once in a hundred changes.
    if LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() % 100 == 0:
        LiveEvent.objects.filter(created_at__lt=timezone.now() - EVENTS_KEPT).delete()


def _wake_after_commit():
    way = fanout()
    if way == "postgres":
        # Delivered by PostgreSQL when (and only if) the transaction commits.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [PG_CHANNEL])
    elif way == "redis":
        transaction.on_commit(_publish_to_redis)
    transaction.on_commit(wake_local_hubs)


_redis_client = None


def _publish_to_redis():
    global _redis_client
    try:
        if _redis_client is None:
            import redis

            _redis_client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
            )
        _redis_client.publish(redis_channel(), b"")
    except Exception:
        # The change is committed and in the table; the hubs' next read finds it.
        logger.warning("Could not wake the live streams through Redis", exc_info=True)


# --- Reading: one hub a process -------------------------------------------------------------

_hubs = {}  # event loop -> Hub (tests run several loops in one process)


def wake_local_hubs():
    for loop, hub in list(_hubs.items()):
        if loop.is_closed():
            _hubs.pop(loop, None)
        else:
            loop.call_soon_threadsafe(hub.wake.set)


def hub():
    loop = asyncio.get_running_loop()
    if loop not in _hubs:
        _hubs[loop] = Hub()
    return _hubs[loop]


def _latest_id():
    return LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _rows_after(last_id, *, article_id=None, limit=500):
    rows = LiveEvent.objects.filter(pk__gt=last_id).order_by("pk")
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    return [
        {
            "id": row[0],
            "article": row[1],
            "comment": row[2],
            "kind": row[3],
            "parent": row[4],
        }
        for row in rows.values_list(
            "pk", "article_id", "comment_id", "kind", "comment__parent_id"
        )[:limit]
    ]


def _rows_since(*, article_id, seconds):
    since = timezone.now() - timedelta(seconds=seconds)
    first = (
        LiveEvent.objects.filter(article_id=article_id, created_at__gte=since)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return [] if first is None else _rows_after(first - 1, article_id=article_id)


latest_id = sync_to_async(_latest_id)
rows_after = sync_to_async(_rows_after)
rows_since = sync_to_async(_rows_since)


class Hub:
    """The streams of this process, by article, and the task that feeds them."""

    def __init__(self):
        self.streams = defaultdict(set)
        self.wake = asyncio.Event()
        self.task = None
        self.last_id = 0
        self.sent = deque(maxlen=4 * LOOKBACK)

    @property
    def count(self):
        return sum(len(queues) for queues in self.streams.values())

    async def join(self, article_id):
        """A queue that receives the events of this article from now on."""
        queue = asyncio.Queue()
        self.streams[article_id].add(queue)
        if self.task is None or self.task.done():
            self.last_id = await latest_id()
            self.sent.clear()
            # In a context of its own: it outlives the request that started it, and must not
            # use that request's thread for its queries (asgiref would refuse once it ends).
            self.task = asyncio.create_task(self._run(), context=contextvars.Context())
        return queue

    def leave(self, article_id, queue):
        queues = self.streams.get(article_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self.streams[article_id]

    async def _run(self):
        way = fanout()
        listener = None
        if way == "redis":
            listener = asyncio.create_task(self._listen_redis())
        elif way == "postgres":
            listener = asyncio.create_task(self._listen_postgres())
        interval = settings.LIVE_POLL_SECONDS if way == "poll" else SAFETY_POLL_SECONDS
        try:
            while self.streams:
                try:
                    await asyncio.wait_for(self.wake.wait(), interval)
                except TimeoutError:
                    pass
                self.wake.clear()
                if self.streams:
                    await self._deliver()
        except Exception:
            logger.exception("The live hub stopped; it restarts with the next stream")
        finally:
            if listener is not None:
                listener.cancel()

    async def _deliver(self):
        try:
            rows = await rows_after(max(self.last_id - LOOKBACK, 0))
        except DatabaseError:
            # The database went away or closed this idle connection: a new one next time.
            logger.warning("The live hub could not read the changes", exc_info=True)
            await sync_to_async(connection.close)()
            return
        sent = set(self.sent)
        for row in rows:
            if row["id"] in sent:
                continue
            self.sent.append(row["id"])
            self.last_id = max(self.last_id, row["id"])
            for queue in self.streams.get(row["article"], ()):
                queue.put_nowait(row)

    async def _listen_redis(self):
        import redis.asyncio as aioredis

        while True:
            client = aioredis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
            try:
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                await pubsub.subscribe(redis_channel())
                self.wake.set()  # catch up on what came while we were not listening
                async for _message in pubsub.listen():
                    self.wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live streams lost Redis; retrying", exc_info=True)
                await asyncio.sleep(1)
            finally:
                await client.aclose()

    async def _listen_postgres(self):
        import psycopg

        params = await sync_to_async(_pg_params)()
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    **params, autocommit=True
                ) as listening:
                    await listening.execute(f"LISTEN {PG_CHANNEL}")
                    self.wake.set()
                    async for _notice in listening.notifies():
                        self.wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live streams lost PostgreSQL's LISTEN; retrying", exc_info=True)
                await asyncio.sleep(1)


def _pg_params():
    params = connection.get_connection_params()
    for django_only in ("cursor_factory", "context", "server_side_binding", "pool"):
        params.pop(django_only, None)
    return params
