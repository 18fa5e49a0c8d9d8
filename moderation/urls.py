from django.urls import path

from . import notice_views

app_name = "moderation"

urlpatterns: list = [
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/export/", notice_views.notice_export, name="notices-export"),
    path("notices/<id:pk>/", notice_views.notice_detail, name="notice"),
]
