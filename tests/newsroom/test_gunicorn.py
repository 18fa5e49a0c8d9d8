"""The production server itself (gunicorn with newsroom/gunicorn_conf.py), as `make serve`
and a real deployment start it: what its responses tell a stranger about it."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    ours = ("DJANGO_", "SITE_", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "GUNICORN_", "WEB_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        DEFAULT_FROM_EMAIL="Newsroom <newsroom@127.0.0.1>",
        WEB_CONCURRENCY="1",
    )
    command = [GUNICORN, "-c", "python:newsroom.gunicorn_conf", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "newsroom.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start: {process.stderr.read().decode()}")
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        process.stderr.close()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def test_responses_do_not_name_the_server_software(server):
    response = get(server, "/livez")

    assert response.status == 200
    assert response.getheader("Server") is None
    assert "gunicorn" not in str(response.headers).lower()


def test_the_security_headers_reach_the_browser_through_gunicorn(server):
    response = get(server, "/livez")

    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
