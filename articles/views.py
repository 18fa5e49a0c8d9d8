from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from . import selectors, structured_data
from .forms import SearchForm
from .languages import current_language
from .models import Category, Contributor, Publisher, Tag
from .pagination import ListingPaginationMixin

ARTICLES_PER_PAGE = 12
# Parts of the article page that htmx may ask for alone (?fragment=NAME): partials of its
# template. "threads" is the discussion's, which the template draws with the comments' tags.
ARTICLE_FRAGMENTS = frozenset({"threads"})


def canonical_fragment(value, request):
    """?fragment= in the shared page cache's key (newsroom.pagecache): htmx alone gets a part
    of the page; for anything else it is the page without it."""
    return value if value in ARTICLE_FRAGMENTS and request.htmx else None


class ArticleListView(ListingPaginationMixin, ListView):
    """A paginated list of articles, read once: the page's link previews name its first
    article's image before the list is drawn."""

    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(articles)
        return paginator, page, page.object_list, is_paginated


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        return selectors.latest_articles(language=current_language())

    def get_context_data(self, **kwargs):
        schema = structured_data.home_graph(Publisher.current())
        return super().get_context_data(schema=schema, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return selectors.article_for_reader(slug=self.kwargs["slug"], user=self.request.user)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.language != current_language():
            # An article lives under its own language's prefix: asked for under another
            # one, it moves there for good (with the query: a sort, a page of comments).
            url = self.object.get_absolute_url()
            if query := request.META.get("QUERY_STRING"):
                url = f"{url}?{query}"
            return redirect(url, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        credits = list(article.credits.all())
        context["authors"] = [c.contributor for c in credits if c.role == c.Role.AUTHOR]
        context["credit_lines"] = [c for c in credits if c.role != c.Role.AUTHOR]
        # The story's versions (named so as not to be the language switcher's `versions`).
        context["story_versions"] = article.versions()
        context["other_versions"] = [v for v in context["story_versions"] if v.pk != article.pk]
        # The language switcher leads to the story's version in each language (else to that
        # language's home page): newsroom.i18n.language_versions.
        context["language_paths"] = {
            v.language: v.get_absolute_url() for v in context["story_versions"]
        }
        context["x_default_version"] = article.original_version()
        context["is_preview"] = not article.is_published
        context["canonical_url"] = structured_data.absolute_url(article.get_absolute_url())
        context["og_image"] = structured_data.lead_image_url(article)
        context["schema"] = structured_data.article_graph(
            article, authors=context["authors"], publisher=Publisher.current()
        )
        # The article's section is marked in the header, but it is not this page: no
        # aria-current (that is for the link to the page itself).
        context["article_section"] = article.category.slug
        return context

    def get_template_names(self):
        fragment = self.request.GET.get("fragment")
        if self.request.htmx and fragment in ARTICLE_FRAGMENTS:
            return [f"{self.template_name}#{fragment}"]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            # A draft shown to staff must never be stored by a cache on the way.
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response


class CategoryView(ArticleListView):
    template_name = "articles/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return selectors.category_articles(self.category, language=current_language())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, active_section=self.category.slug, **kwargs
        )


class TagView(ArticleListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return selectors.tag_articles(self.tag, language=current_language())

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ContributorView(ArticleListView):
    template_name = "articles/contributor.html"

    def get_queryset(self):
        self.contributor = get_object_or_404(Contributor, slug=self.kwargs["slug"])
        return selectors.contributor_articles(self.contributor, language=current_language())

    def get_context_data(self, **kwargs):
        return super().get_context_data(contributor=self.contributor, **kwargs)


class SearchView(ListingPaginationMixin, ListView):
    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        self.query = selectors.clean_search_query(self.request.GET.get("q", ""))
        return selectors.search_articles(self.query, language=current_language())

    def count_name(self):
        return f"search:{current_language()}:{self.query}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query,
            search_form=SearchForm(initial={"q": self.query}),
            search_depth=selectors.SEARCH_DEPTH,
            **kwargs,
        )
        context["search_capped"] = selectors.search_is_capped(context["paginator"])
        return context
