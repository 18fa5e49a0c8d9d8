"""/live/: the live streams, which the ASGI server holds open (README, "Deploying")."""

from django.urls import path

from . import live_views

app_name = "live"

urlpatterns = [
    path("article/<id:article_id>/", live_views.stream, name="stream"),
]
