"""What every other settings module builds on: where the checkout is, whether DEBUG is on,
the site's name and public address."""

from pathlib import Path

from .env import env_bool, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Each environment module sets DEBUG before importing this one through DEBUG_DEFAULT.
DEBUG = env_bool("DJANGO_DEBUG", default=False)

# The public address of the site: every absolute link starts with it (newsroom/links.py),
# never with a request's Host. Required in production (prod.py).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Newsroom")
