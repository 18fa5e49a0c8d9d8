"""gunicorn settings for production: `gunicorn -c python:newsroom.gunicorn_conf newsroom.wsgi`.

Every value can be overridden from the environment (and gunicorn's own GUNICORN_CMD_ARGS).
"""

import multiprocessing
import os

from gunicorn.http import wsgi as gunicorn_wsgi

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is killed and logged: no page here should.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak can never take a server down, but rarely:
# at 2,000 requests a busy worker restarted every two seconds, and its requests waited for
# the new one to load (p99 55-192 ms instead of ~10 ms, issue 14). The jitter (a tenth)
# keeps the workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = int(
    os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max(max_requests // 10, 0)))
)
# Load the app once in the master, so workers start fast and share memory.
preload_app = True
# Workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs to stdout/stderr for the process manager (systemd, a container runtime) to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Which proxies may tell us the scheme (X-Forwarded-Proto): the local one by default.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No "Server: gunicorn" banner in responses. gunicorn has no setting for it and writes the
# line itself; its responses leave it out from here on (tests/newsroom/test_gunicorn.py).
_default_headers = gunicorn_wsgi.Response.default_headers


def _default_headers_without_server(response):
    return [line for line in _default_headers(response) if not line.lower().startswith("server:")]


gunicorn_wsgi.Response.default_headers = _default_headers_without_server
