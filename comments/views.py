"""Comment actions. Each works as a plain form post that redirects; with htmx it answers
with a fragment of the page instead."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from articles.models import Article

from . import selectors, services
from .forms import CommentEditForm, CommentForm, ReportForm
from .identity import existing_reader, reader_from_request, remember_reader
from .models import Comment, ModerationRules, Vote


def comment_url(comment, *, show_all=True):
    """Where a comment is on its article's page (all threads shown, so it is always there)."""
    query = "?comments=all" if show_all else ""
    return f"{comment.article.get_absolute_url()}{query}#{comment.anchor}"


def _published_article(article_id):
    return get_object_or_404(Article.objects.published(), pk=article_id)


def discussion_context(request, article, **extra):
    """The comment section's context, shared by the article page and the htmx fragments."""
    reader = existing_reader(request)
    rules = ModerationRules.current()
    return {
        "article": article,
        "discussion": selectors.discussion_for(
            article=article,
            viewer=reader,
            sort=request.GET.get("sort"),
            show_all=request.GET.get("comments") == "all",
            rules=rules,
        ),
        "comment_form": CommentForm(article=article, user=request.user, rules=rules),
        **extra,
    }


@require_POST
@never_cache
def post_comment(request, article_id):
    article = _published_article(article_id)
    rules = ModerationRules.current()
    reader = reader_from_request(request)
    parent = None
    parent_id = request.POST.get("parent") or None
    if parent_id is not None:
        parent = Comment.objects.filter(
            pk=parent_id if str(parent_id).isdecimal() else 0,
            article=article,
            status=Comment.Status.APPROVED,
        ).first()
    form = CommentForm(
        request.POST, article=article, user=request.user, rules=rules, parent=parent
    )
    if form.is_valid():
        if parent_id is not None and parent is None:
            form.add_error(None, "You can only reply to a published comment on this article.")
        else:
            try:
                comment = services.comment_post(
                    article=article,
                    reader=reader,
                    body=form.cleaned_data["body"],
                    author_name=form.cleaned_data.get("name", ""),
                    author_email=form.cleaned_data.get("email", ""),
                    parent=parent,
                    seconds_taken=form.seconds_taken,
                    honeypot=form.cleaned_data.get("homepage", ""),
                    rules=rules,
                )
            except services.CommentRefused as refusal:
                form.add_error(None, refusal)
            else:
                return _after_post(request, reader, comment)

    context = {"article": article, "form": form, "parent": parent}
    if request.htmx:
        # Show the errors in place of the form that was sent, not over the whole section.
        response = render(request, "comments/form_page.html#comment-form", context)
        form_id = f"reply-form-{parent.pk}" if parent else "comment-form"
        return reswap(retarget(response, f"#{form_id}"), "outerHTML")
    return render(request, "comments/form_page.html", context, status=400)


def _after_post(request, reader, comment):
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, "Thank you: your comment is published.")
    elif comment.status == Comment.Status.PENDING:
        messages.info(
            request,
            "Thank you: your comment is awaiting moderation and will appear once approved.",
        )
    else:
        # Spam is not announced as such; the author sees the same as a held comment.
        messages.info(request, "Thank you: your comment is awaiting moderation.")
    if request.htmx:
        article = comment.article
        context = discussion_context(request, article)
        # A new guest's cookie is set on this response; show their pending comment now.
        context["discussion"] = selectors.discussion_for(
            article=article, viewer=reader, rules=context["discussion"].rules
        )
        response = render(request, "comments/section.html", context)
    else:
        response = HttpResponseRedirect(
            comment_url(comment, show_all=comment.parent_id is not None)
        )
    return remember_reader(response, reader)


@require_GET
def permalink(request, pk):
    """A link to one comment that works whatever page of the threads it is on."""
    reader = existing_reader(request)
    comment = get_object_or_404(
        Comment.objects.visible_to(reader).select_related("article"), pk=pk
    )
    if not comment.article.is_published:
        raise Http404("No such comment.")
    if comment.is_deleted and not comment.replies.exists():
        # Nothing of it is shown any more: its placeholder stays only to hold replies.
        raise Http404("This comment was deleted.")
    return HttpResponseRedirect(comment_url(comment))


@require_GET
def reply(request, pk):
    """The reply form: a page of its own without JavaScript, a fragment under the comment
    with htmx."""
    parent = get_object_or_404(
        Comment.objects.approved().select_related("article"),
        pk=pk,
        article__in=Article.objects.published(),
    )
    form = CommentForm(
        article=parent.article, user=request.user, rules=ModerationRules.current(), parent=parent
    )
    context = {"article": parent.article, "form": form, "parent": parent}
    if request.htmx:
        return render(request, "comments/form_page.html#comment-form", context)
    return render(request, "comments/form_page.html", context)


@require_POST
@never_cache
def vote(request, pk):
    comment = get_object_or_404(Comment.objects.approved().select_related("article"), pk=pk)
    reader = reader_from_request(request)
    value = {"up": Vote.UP, "down": Vote.DOWN}.get(request.POST.get("value", ""))
    error = ""
    if value is None:
        error = "Choose Vote up or Vote down."
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
            {"entry": entry, "csrf": get_token(request), "error": error},
            using="jinja2",
        )
    else:
        if error:
            messages.error(request, error)
        response = HttpResponseRedirect(comment_url(comment))
    return remember_reader(response, reader)


def _own_comment(request, pk):
    reader = existing_reader(request)
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if reader is None or not reader.owns(comment) or comment.is_deleted:
        raise PermissionDenied("Only the author of this comment can change it.")
    return reader, comment


@require_http_methods(["GET", "POST"])
@never_cache
def edit(request, pk):
    reader, comment = _own_comment(request, pk)
    rules = ModerationRules.current()
    can_edit = services.comment_can_edit(comment=comment, reader=reader, rules=rules)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body}, rules=rules)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, reader=reader, body=form.cleaned_data["body"], rules=rules
            )
        except services.CommentRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, "Your comment is changed.")
            return HttpResponseRedirect(comment_url(comment))
    status = 400 if request.method == "POST" else 200
    if not can_edit:
        status = 403
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "form": form, "can_edit": can_edit, "rules": rules},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def delete(request, pk):
    reader, comment = _own_comment(request, pk)
    if request.method == "POST":
        services.comment_delete(comment=comment, reader=reader)
        messages.success(request, "Your comment is deleted.")
        return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#comments")
    return render(request, "comments/delete.html", {"comment": comment})


@require_http_methods(["GET", "POST"])
@never_cache
def report(request, pk):
    comment = get_object_or_404(Comment.objects.approved().select_related("article"), pk=pk)
    reader = reader_from_request(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(
                comment=comment, reader=reader, reason=form.cleaned_data["reason"]
            )
        except services.CommentRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, "Thank you. A moderator will look at this comment.")
            return remember_reader(HttpResponseRedirect(comment_url(comment)), reader)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "comments/report.html", {"comment": comment, "form": form}, status=status
    )
