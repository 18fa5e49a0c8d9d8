"""Local development: DEBUG on unless DJANGO_DEBUG says otherwise, a throwaway secret key."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: F403
from .base import SECRET_KEY

if not SECRET_KEY:
    # Only for a developer's machine: production refuses to start without a real key.
    SECRET_KEY = "django-insecure-local-development-key-not-for-production"
