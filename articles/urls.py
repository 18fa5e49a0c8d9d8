from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<slug:slug>/rss/", feeds.CategoryFeed(), name="category-rss"),
    path("category/<slug:slug>/atom/", feeds.CategoryAtomFeed(), name="category-atom"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("contributors/<slug:slug>/", views.ContributorView.as_view(), name="contributor"),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
]
