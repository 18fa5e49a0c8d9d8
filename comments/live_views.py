"""The live stream of an article's discussion (Server-Sent Events, an async view the ASGI
server holds open) and the comments it announces, drawn for the reader who asks (an
ordinary view, served by the WSGI app like the page). See comments/live.py."""

import asyncio
import json
import time
from datetime import timedelta

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Article
from newsroom.client import client_ip
from newsroom.ids import parse_id

from . import live, selectors
from .identity import existing_reader
from .models import Comment

# A reader who connects without a last event id (a page just loaded) is sent the changes of
# this many seconds back: those the page may have missed between being drawn and connecting.
# The page skips comments it already shows.
REPLAY_SECONDS = 30
# A comment line now and then keeps proxies from closing an idle stream (nginx: 60 s).
KEEPALIVE_SECONDS = 20
# At most this many comments drawn in one request of live_comments.
MAX_IDS = 50


def _wanted(article):
    """A stream for articles with a recent discussion: none for one whose last comment (or,
    without comments, whose publication) is older than LIVE_QUIET_DAYS."""
    since = timezone.now() - timedelta(days=settings.LIVE_QUIET_DAYS)
    if article.published_at and article.published_at >= since:
        return True
    return Comment.objects.filter(article=article, created_at__gte=since).exists()


def _event(row):
    data = {"kind": row["kind"], "comment": row["comment"], "parent": row["parent"]}
    return f"id: {row['id']}\nevent: comment\ndata: {json.dumps(data)}\n\n"


async def _hold_slot(ip):
    """Count one open stream for this IP in the shared cache; False when it has too many.
    The count expires with the longest a stream lasts, so a crashed server leaks none."""
    key = f"live:streams:{ip}"
    await cache.aadd(key, 0, timeout=settings.LIVE_STREAM_SECONDS + 60)
    try:
        count = await cache.aincr(key)
    except ValueError:  # expired between the two calls
        await cache.aset(key, 1, timeout=settings.LIVE_STREAM_SECONDS + 60)
        count = 1
    if count > settings.LIVE_STREAMS_PER_IP:
        await _release_slot(ip)
        return False
    return True


async def _release_slot(ip):
    try:
        await cache.adecr(f"live:streams:{ip}")
    except ValueError:
        pass


def _last_event_id(request):
    raw = request.headers.get("Last-Event-ID") or request.GET.get("last") or ""
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@require_GET
async def stream(request, article_id):
    """The changes to this article's discussion as they happen, for as long as
    LIVE_STREAM_SECONDS (the browser then reconnects, saying the last event it had).

    Only the ASGI server holds streams: asked through the WSGI app (gunicorn, runserver, a
    proxy that does not send /live/ to uvicorn), a stream would hold a worker thread for
    its whole life, so the answer is 204 and the page keeps its once-a-minute check."""
    if not isinstance(request, ASGIRequest):
        return HttpResponse(status=204)
    article = await Article.objects.published().filter(pk=article_id).afirst()
    if article is None:
        # Plain text: an EventSource shows no page, and the site's 404 page needs a thread.
        return HttpResponseNotFound("No such article.", content_type="text/plain")
    if not await sync_to_async(_wanted)(article):
        # 204 tells EventSource not to reconnect; the page keeps its once-a-minute check.
        return HttpResponse(status=204)
    ip = client_ip(request) or "unknown"
    if not await _hold_slot(ip):
        response = HttpResponse(
            "Too many live streams from your address.", status=429, content_type="text/plain"
        )
        response["Retry-After"] = "60"
        return response

    hub = live.hub()
    try:
        queue = await hub.join(article.pk)
        last = _last_event_id(request)
        if last is None:
            backlog = await live.rows_since(article_id=article.pk, seconds=REPLAY_SECONDS)
        else:
            backlog = await live.rows_after(last, article_id=article.pk)
    except BaseException:
        if "queue" in locals():
            hub.leave(article.pk, queue)
        await _release_slot(ip)
        raise

    async def events():
        sent = set()
        ends = time.monotonic() + settings.LIVE_STREAM_SECONDS
        try:
            # Ask the browser to wait a few seconds before it reconnects after a drop.
            yield "retry: 5000\n\n"
            for row in backlog:
                sent.add(row["id"])
                yield _event(row)
            while (left := ends - time.monotonic()) > 0:
                try:
                    row = await asyncio.wait_for(queue.get(), min(KEEPALIVE_SECONDS, left))
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if row["id"] not in sent:
                    sent.add(row["id"])
                    yield _event(row)
        finally:
            hub.leave(article.pk, queue)
            await _release_slot(ip)

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    # Served without the middleware (newsroom/streams.py): its own headers.
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # nginx passes each event on at once rather than filling its buffer first.
    response["X-Accel-Buffering"] = "no"
    if settings.LIVE_ALLOW_ORIGIN:
        # The stream served from its own address (make run, make serve): the pages' origin
        # may read it. It carries nothing of one reader, so no credentials are involved.
        response["Access-Control-Allow-Origin"] = settings.LIVE_ALLOW_ORIGIN
    return response


@require_GET
@never_cache
def live_comments(request, article_id):
    """The comments the stream announced (?ids=1,2,3), each as the threads draw it for this
    reader, with its parent, so that the page can put it in place. A comment the public
    page does not show (held, rejected, spam, or of another article) is left out; the page
    takes that as "remove it"."""
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article.")
    ids = []
    for raw in request.GET.get("ids", "").split(",")[:MAX_IDS]:
        pk = parse_id(raw.strip())
        if pk is not None:
            ids.append(pk)
    comments = (
        Comment.objects.filter(
            article=article,
            pk__in=ids,
            status__in=[Comment.Status.APPROVED, Comment.Status.DELETED],
        )
        .select_related("passage", "reply_to", "user__avatar")
        .order_by("pk")
    )
    entries = [selectors.Entry(comment=comment) for comment in comments]
    selectors._add_viewer(entries, existing_reader(request))
    selectors.add_replying_to(entries)
    return render(
        request,
        "comments/live.html",
        {"entries": entries, "comments_open": article.comments_open, "csrf": ""},
        using="jinja2",
    )
