"""The discussion's pages, and what a reader does about a comment they read: vote on it,
report it. Each action works as a plain form post that redirects; with htmx it answers with
a fragment of the page instead. Posting, editing and deleting one's own comment, and the
forms for them: posting_views.py."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article

from . import closing, feedback, selectors, services
from .forms import CommentForm, ReportForm, SubscribeForm
from .identity import existing_reader, reader_from_request, remember_reader
from .models import Comment, DiscussionTexts, ModerationRules, Vote

# The comment bubble asks at most once a minute; a shared cache may answer for half of it.
COUNT_MAX_AGE = 30


def comment_url(comment, *, viewer=None, rules=None):
    """Where a comment is shown: the page of its article's threads that holds it, or the
    page of its whole thread when it is a reply beyond those the thread shows at first."""
    place = selectors.place_of(comment, viewer=viewer, rules=rules)
    if place.thread_root is not None:
        url = reverse("comments:thread", kwargs={"pk": place.thread_root})
    else:
        url = comment.article.get_absolute_url()
        if place.page > 1:
            url = f"{url}?page={place.page}"
    return f"{url}#{comment.anchor}"


def discussion_context(request, article, **extra):
    """The comment section's context, shared by the article page and the htmx fragments."""
    reader = existing_reader(request)
    rules = ModerationRules.current()
    page = selectors.page_number(request.GET.get("page"))
    discussion = None
    if page is not None:
        discussion = selectors.discussion_for(
            article=article,
            viewer=reader,
            sort=request.GET.get("sort"),
            page=page,
            feedback_only=request.GET.get("comments") == "feedback",
            rules=rules,
        )
    if discussion is None:
        raise Http404("No such page of comments.")
    state = closing.discussion_state(article, rules=rules)
    passages = feedback.passages_for(article)
    if not state.is_open:
        for passage in passages:  # no feedback buttons in the text of a closed discussion
            passage.is_open = False
    return {
        "article": article,
        "discussion": discussion,
        "discussion_state": state,
        "passages": passages,
        "feedback_count": sum(p.approved_count for p in passages),
        "comment_form": CommentForm(article=article, user=request.user, rules=rules),
        "subscribe_form": SubscribeForm(user=request.user),
        # The bubble's prompt in the page's language (read only when the page shows it).
        "discussion_texts": SimpleLazyObject(DiscussionTexts.current),
        **extra,
    }


def _published_comment(pk):
    """An approved comment under a published article (readers can see no other), or 404."""
    return get_object_or_404(
        Comment.objects.approved().select_related("article"),
        pk=pk,
        article__in=Article.objects.published(),
    )


@require_GET
def permalink(request, pk):
    """A link to one comment that works whatever page of the threads it is on."""
    reader = existing_reader(request)
    comment = get_object_or_404(
        Comment.objects.visible_to(reader).select_related("article"), pk=pk
    )
    if not comment.article.is_published:
        raise Http404("No such comment.")
    if comment.is_deleted and not selectors.holds_replies(comment):
        # Nothing of it is shown any more: its placeholder stays only to hold replies.
        raise Http404("No such comment.")
    return HttpResponseRedirect(comment_url(comment))


@require_GET
def thread(request, pk):
    """One thread with all its replies: where "Show more replies" leads without JavaScript
    (a page of its own) and what htmx puts in place of the thread cut short."""
    reader = existing_reader(request)
    root = selectors.comment_known_to(pk=pk, reader=reader)
    if root is None or root.parent_id is not None:
        raise Http404("No such thread.")
    context = {
        "article": root.article,
        "root": root,
        "entries": selectors.thread_for(root=root, viewer=reader),
    }
    if request.htmx:
        return render(request, "comments/thread.html#thread", context)
    return render(request, "comments/thread.html", context)


@require_POST
@never_cache
def vote(request, pk):
    comment = _published_comment(pk)
    reader = reader_from_request(request)
    value = {"up": Vote.UP, "down": Vote.DOWN}.get(request.POST.get("value", ""))
    error = ""
    if value is None:
        error = _("Choose Vote up or Vote down.")
        result = None
    else:
        try:
            result = services.vote_cast(comment=comment, reader=reader, value=value)
        except services.VoteRefused as refusal:
            error, result = refusal.message, None
    if request.htmx:
        comment.refresh_from_db(fields=["upvotes", "downvotes", "score"])
        entry = selectors.Entry(comment=comment, my_vote=result.my_vote if result else 0)
        response = render(
            request,
            "comments/vote.html",
            {"entry": entry, "error": error},
            using="jinja2",
        )
    else:
        if error:
            messages.error(request, error)
        response = HttpResponseRedirect(comment_url(comment))
    return remember_reader(response, reader)


@require_http_methods(["GET", "POST"])
@never_cache
def report(request, pk):
    comment = _published_comment(pk)
    reader = reader_from_request(request)
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        notice = form.notice
        try:
            services.comment_report(
                comment=comment, reader=reader, reason=form.cleaned_data["reason"], notice=notice
            )
        except services.CommentRefused as refusal:
            form.add_error(None, refusal)
        else:
            if notice is not None:
                messages.success(
                    request,
                    _(
                        "Thank you. We received your notice and emailed you a confirmation; "
                        "we will email you our decision."
                    ),
                )
            else:
                messages.success(request, _("Thank you. A moderator will look at this comment."))
            return remember_reader(HttpResponseRedirect(comment_url(comment)), reader)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "comments/report.html", {"comment": comment, "form": form}, status=status
    )


@require_GET
@cache_control(public=True, max_age=COUNT_MAX_AGE)
def comment_count(request, article_id):
    """How many approved comments an article has, for the comment bubble's "N new comments".

    One indexed query, the same answer for everyone (no cookie read, none set), so a CDN may
    keep it for COUNT_MAX_AGE seconds.
    """
    count = (
        Comment.objects.approved()
        .filter(article_id=article_id, article__in=Article.objects.published())
        .count()
    )
    return JsonResponse({"count": count})
