"""Long-lived responses under ASGI (the live comment stream, /live/): Django's own ASGI
handler, without the middleware and without a thread for each request.

Django's ASGIHandler gives every request a thread-sensitive context, and the first
synchronous call in it (a middleware, a signal receiver, an ORM query) starts a thread that
lives as long as the request. For pages that is a moment; for a stream held open a quarter
of an hour by each of a thousand readers it is a thousand idle threads (about 0.4 MB each,
bench/README.md, "live.py"). Here the synchronous calls of all streams take turns on one
thread (asgiref's single-thread executor), which suits the few short queries a stream makes
when it opens. The middleware is left out because none of it applies to a stream: no
session, no user, no form, no page; the stream view sets its own headers.
"""

from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response


class StreamHandler(ASGIHandler):
    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response_async)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Only HTTP streams are served here, not {scope['type']}.")
        await self.handle(scope, receive, send)


def with_streams(site, *, prefix):
    """An ASGI application: paths under `prefix` to the StreamHandler, the rest to `site`."""
    streams = StreamHandler()

    async def application(scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(prefix):
            await streams(scope, receive, send)
        else:
            await site(scope, receive, send)

    return application
