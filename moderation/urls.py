from django.urls import path

from . import views

app_name = "moderation"

urlpatterns: list = [
    # The commenter's history: an account, a guest's email address, an IP address.
    path("people/account/<id:pk>/", views.person_account, name="person-account"),
    path("people/email/", views.person_email, name="person-email"),
    path("people/ip/<str:ip>/", views.person_ip, name="person-ip"),
]
