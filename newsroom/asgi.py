"""ASGI entry point. Production settings unless DJANGO_SETTINGS_MODULE says otherwise.

uvicorn serves it beside gunicorn for the live comment stream (README, "Deploying"); the
streams under /live/ go through newsroom.streams, everything else through Django's handler.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.prod")

site = get_asgi_application()

from newsroom.streams import with_streams  # noqa: E402  (after Django is set up)

application = with_streams(site, prefix="/live/")
