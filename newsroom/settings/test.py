"""Settings for pytest: fast hashing, uploads in a temporary folder, the same database choice."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "false")

from .base import *  # noqa: F403
from .base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-secret-key-for-the-test-suite-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-media-"))
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
