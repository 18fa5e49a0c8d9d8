from django.urls import path

from . import subscription_views, views

app_name = "comments"

urlpatterns = [
    path("article/<int:article_id>/post/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/report/", views.report, name="report"),
    path("article/<int:article_id>/subscribe/", subscription_views.subscribe, name="subscribe"),
    path("subscriptions/confirm/<str:token>/", subscription_views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path("passage/<int:pk>/feedback/", views.feedback_form, name="feedback"),
    path("article/<int:article_id>/count/", views.comment_count, name="count"),
]
