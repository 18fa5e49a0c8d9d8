"""Settings for pytest: fast hashing, uploads in a temporary folder, the same database choice."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "false")

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL, SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-secret-key-for-the-test-suite-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploads made by tests go to a temporary folder that disappears with the test run.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# WhiteNoise looks for collected files here; an empty folder keeps it quiet in tests.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-static-"))
atexit.register(shutil.rmtree, STATIC_ROOT, ignore_errors=True)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The shared page cache is off in tests, so that a test may change rows directly and read the
# page again; tests/newsroom/test_pagecache.py turns it on for the tests that are about it.
PAGE_CACHE_SECONDS = 0
# The suite runs in one process: without Redis its cache is that process's memory, emptied
# before every test (tests/conftest.py), and query budgets count what pages ask of the
# database for their content. The site's own default, the database cache that every process
# shares, is tried by tests/newsroom/test_shared_cache.py, with two real servers.
if not REDIS_URL:
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests sign people in with client.login(), which has no request for django-axes to judge;
# tests/accounts/test_lockout.py turns the lockout on for the tests that are about it.
AXES_ENABLED = False
# Tasks run at once, inside the test, so that tests see their effects (and the mail outbox).
# The one end-to-end test of the worker switches back to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
