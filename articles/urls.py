from django.urls import path

from newsroom.pagecache import article_scope, shared_page

from . import feeds, views

# Pages anonymous readers get from the shared cache (newsroom/pagecache.py), with the query
# parameters each reads: the lists are paginated; an article page is also filed under its
# own discussion, which can be sorted, paged and loaded by htmx.
shared = shared_page()
shared_list = shared_page(query=["page"])
shared_article = shared_page(
    lambda request, slug: [article_scope(slug)], query=["sort", "comments", "page", "fragment"]
)

app_name = "articles"

urlpatterns = [
    path("", shared_list(views.HomeView.as_view()), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "articles/<slug:slug>/", shared_article(views.ArticleDetailView.as_view()), name="detail"
    ),
    path("category/<slug:slug>/", shared_list(views.CategoryView.as_view()), name="category"),
    path("category/<slug:slug>/rss/", shared(feeds.CategoryFeed()), name="category-rss"),
    path("category/<slug:slug>/atom/", shared(feeds.CategoryAtomFeed()), name="category-atom"),
    path("tag/<slug:slug>/", shared_list(views.TagView.as_view()), name="tag"),
    path(
        "contributors/<slug:slug>/",
        shared_list(views.ContributorView.as_view()),
        name="contributor",
    ),
    path("feeds/rss/", shared(feeds.LatestArticlesFeed()), name="rss"),
    path("feeds/atom/", shared(feeds.LatestArticlesAtomFeed()), name="atom"),
]
