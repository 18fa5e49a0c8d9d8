from django.urls import path

from . import notice_views, views

app_name = "moderation"

urlpatterns: list = [
    # The commenter's history: an account, a guest's email address, an IP address.
    path("people/account/<id:pk>/", views.person_account, name="person-account"),
    path("people/email/", views.person_email, name="person-email"),
    path("people/ip/<str:ip>/", views.person_ip, name="person-ip"),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/export/", notice_views.notice_export, name="notices-export"),
    path("notices/<id:pk>/", notice_views.notice_detail, name="notice"),
]
