from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.your_account, name="your-account"),
    path("data/", views.your_data, name="your-data"),
    path("claim/", views.claim_comments, name="claim-comments"),
    path("picture/", views.change_avatar, name="change-avatar"),
    path("subscriptions/<id:pk>/delivery/", views.choose_digest, name="choose-digest"),
    path("mentions/", views.choose_mention_emails, name="mention-emails"),
    path("delete/", views.delete_account, name="delete-account"),
]
