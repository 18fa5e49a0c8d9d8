from django.urls import path

from . import notice_views, people_views, views

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
    # The commenter's history: an account, a guest's email address, an IP address.
    path("people/account/<id:pk>/", people_views.person_account, name="person-account"),
    path("people/email/", people_views.person_email, name="person-email"),
    path("people/ip/<str:ip>/", people_views.person_ip, name="person-ip"),
    # Notices of illegal content (EU Digital Services Act).
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/export/", notice_views.notice_export, name="notices-export"),
    path("notices/<id:pk>/", notice_views.notice_detail, name="notice"),
]
