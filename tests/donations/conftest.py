"""Helpers for the donations tests: signed Stripe webhooks and a stand-in for Stripe's API.

Webhooks are signed here exactly as Stripe signs them (HMAC-SHA256 of "<t>.<body>" with the
endpoint's secret), and the site verifies them with the real library. The only thing that
never leaves the machine is the request that creates a Checkout session: stripe's own
`api_base` points at a small HTTP server on 127.0.0.1 that answers as Stripe would.
"""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import stripe

from tests.utils import tags

WEBHOOK_SECRET = "whsec_test_newsroom_webhook_secret"
SECRET_KEY = "sk_test_newsroom_secret_key"
WEBHOOK_URL = "/donations/stripe/webhook/"


def signature(payload: str, *, secret=WEBHOOK_SECRET, timestamp=None):
    """The Stripe-Signature header for a body: t=<unix time>,v1=<hex HMAC-SHA256>."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def event(event_type, obj, *, event_id=None):
    """A Stripe event as the webhook receives it (JSON text)."""
    return json.dumps(
        {
            "id": event_id or f"evt_{event_type.replace('.', '_')}_{time.monotonic_ns()}",
            "object": "event",
            "api_version": stripe.api_version,
            "created": int(time.time()),
            "livemode": False,
            "type": event_type,
            "data": {"object": obj},
        }
    )


def bar_says(response):
    """What the goal bar tells a screen reader (its aria-valuetext), spaces made plain;
    empty when the page has no bar."""
    bars = [t for t in tags(response, "div") if t.get("role") == "progressbar"]
    assert len(bars) <= 1
    return bars[0]["aria-valuetext"].replace("\xa0", " ") if bars else ""


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def deliver(client, stripe_keys):
    """POST a payload to the webhook, signed with the endpoint's secret unless told."""

    def post(payload, *, header=None, **sign):
        if header is None:
            header = signature(payload, **sign)
        extra = {"HTTP_STRIPE_SIGNATURE": header} if header else {}
        return client.post(WEBHOOK_URL, data=payload, content_type="application/json", **extra)

    return post


class StripeStub:
    """What the stand-in API saw, and what it answers next."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.session_id = "cs_test_a1b2c3"
        # Where Checkout "is": Stripe's page, or for a browser test a page of the site.
        self.checkout_url = None
        # Subscriptions the stand-in knows: id → the object Stripe would answer with.
        self.subscriptions = {}

    def subscription(self, sub_id, *, cents, currency="usd", interval="month"):
        self.subscriptions[sub_id] = {
            "id": sub_id,
            "object": "subscription",
            "status": "active",
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": f"si_{sub_id}",
                        "object": "subscription_item",
                        "quantity": 1,
                        "price": {
                            "id": f"price_{sub_id}",
                            "object": "price",
                            "currency": currency,
                            "unit_amount": cents,
                            "product": f"prod_{sub_id}",
                            "recurring": {"interval": interval},
                        },
                    }
                ],
            },
        }
        return self.subscriptions[sub_id]

    @property
    def last(self):
        return self.requests[-1]


@pytest.fixture
def stripe_api(monkeypatch, stripe_keys):
    stub = StripeStub()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            stub.requests.append(
                {
                    "method": method,
                    "path": self.path,
                    "form": {key: values[0] for key, values in parse_qs(body).items()},
                    "authorization": self.headers.get("Authorization"),
                    "idempotency_key": self.headers.get("Idempotency-Key"),
                }
            )
            status, answer = stub.status, None
            if status != 200:
                answer = {"error": {"type": "api_error", "message": "Something went wrong."}}
            elif self.path.startswith("/v1/subscriptions/"):
                sub_id = self.path.removeprefix("/v1/subscriptions/").split("?")[0]
                answer = stub.subscriptions.get(sub_id)
                if answer is None:
                    status = 404
                    answer = {"error": {"type": "invalid_request_error", "code": "missing"}}
                elif method == "DELETE":
                    answer["status"] = "canceled"
            else:
                answer = {
                    "id": stub.session_id,
                    "object": "checkout.session",
                    "url": stub.checkout_url
                    or f"https://checkout.stripe.com/c/pay/{stub.session_id}",
                }
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            self._answer("POST")

        def do_GET(self):
            self._answer("GET")

        def do_DELETE(self):
            self._answer("DELETE")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    monkeypatch.setattr(stripe, "api_base", f"http://127.0.0.1:{server.server_port}")
    yield stub
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
