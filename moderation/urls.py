from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="index"),
    path("queue/<slug:queue>/", views.queue, name="queue"),
    path("comments/<id:pk>/", views.comment_page, name="comment"),
    path("comments/<id:pk>/decide/", views.act, name="act"),
    path("bulk/", views.bulk, name="bulk"),
    path("open/<str:token>/", views.open_link, name="open"),
    path("log/", views.log, name="log"),
    path("log/export.csv", views.log_csv, name="log-csv"),
]
