from django.urls import path

from . import feeds, live_views, posting_views, subscription_views, views, warning_views

app_name = "comments"

urlpatterns = [
    path("article/<id:article_id>/post/", posting_views.post_comment, name="post"),
    path("<id:pk>/", views.permalink, name="permalink"),
    path("<id:pk>/thread/", views.thread, name="thread"),
    path("<id:pk>/reply/", posting_views.reply, name="reply"),
    path("<id:pk>/vote/", views.vote, name="vote"),
    path("<id:pk>/edit/", posting_views.edit, name="edit"),
    path("<id:pk>/delete/", posting_views.delete, name="delete"),
    path("<id:pk>/report/", views.report, name="report"),
    path("article/<id:article_id>/subscribe/", subscription_views.subscribe, name="subscribe"),
    path("subscriptions/confirm/<str:token>/", subscription_views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path("warning/", warning_views.warning, name="warning"),
    path("warning/<str:token>/", warning_views.warning_by_link, name="warning-link"),
    path("passage/<id:pk>/feedback/", posting_views.feedback_form, name="feedback"),
    path("article/<id:article_id>/count/", views.comment_count, name="count"),
    path("article/<id:article_id>/live/", live_views.live_comments, name="live-comments"),
    path("article/<id:article_id>/rss/", feeds.ArticleCommentsFeed(), name="article-rss"),
    path("article/<id:article_id>/atom/", feeds.ArticleCommentsAtomFeed(), name="article-atom"),
]
