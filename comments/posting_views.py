"""Posting a comment, a reply or inline feedback, and the author changing or deleting their
own; the reply and feedback forms. Each works as a plain form post that redirects; with
htmx it answers with a fragment of the page instead."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from articles.models import Article
from newsroom.ids import parse_id

from . import closing, mentions, notifications, selectors, services
from .forms import CommentEditForm, CommentForm, wants_preview
from .identity import existing_reader, reader_from_request, remember_reader, verified_email
from .models import Comment, ModerationRules, Passage, Subscription
from .subscription_views import subscribe_limited
from .views import comment_url, discussion_context


def _published_article(article_id):
    return get_object_or_404(Article.objects.published(), pk=article_id)


def _posted(model_queryset, raw):
    """The row a hidden id field names, or None (for a missing id or one that is no id)."""
    pk = parse_id(raw)
    return model_queryset.filter(pk=pk).first() if pk is not None else None


@require_POST
@never_cache
def post_comment(request, article_id):
    article = _published_article(article_id)
    rules = ModerationRules.current()
    reader = reader_from_request(request)
    parent_id = request.POST.get("parent") or None
    parent = None
    if parent_id is not None:
        parent = _posted(
            Comment.objects.filter(article=article, status=Comment.Status.APPROVED), parent_id
        )
    passage_id = request.POST.get("passage") or None
    passage = None
    if passage_id is not None:
        passage = _posted(Passage.objects.filter(article=article, is_open=True), passage_id)
    form = CommentForm(
        request.POST,
        article=article,
        user=request.user,
        rules=rules,
        parent=parent,
        passage=passage,
    )
    preview = ""
    if form.is_valid() and wants_preview(request.POST):
        # The text as it will look; nothing is saved or counted against the reader.
        preview = _preview(article, form.cleaned_data["body"], rules)
    elif form.is_valid():
        if parent_id is not None and parent is None:
            form.add_error(None, _("You can only reply to a published comment on this article."))
        elif passage_id is not None and (passage is None or parent_id is not None):
            form.add_error(None, _("This passage is not open for feedback."))
        else:
            try:
                comment = services.comment_post(
                    article=article,
                    reader=reader,
                    body=form.cleaned_data["body"],
                    author_name=form.cleaned_data.get("name", ""),
                    author_email=form.cleaned_data.get("email", ""),
                    parent=parent,
                    passage=passage,
                    seconds_taken=form.seconds_taken,
                    honeypot=form.cleaned_data.get("homepage", ""),
                    rules=rules,
                )
            except services.CommentRefused as refusal:
                form.add_error(None, refusal)
            else:
                notes = []
                if form.cleaned_data.get("notify_replies"):
                    notes.append(_subscribe_to_replies(request, reader, comment, rules))
                return _after_post(request, reader, comment, notes)

    context = {
        "article": article,
        "form": form,
        "parent": parent,
        "passage": passage,
        "preview": preview,
        "discussion_state": closing.discussion_state(article, rules=rules),
    }
    if request.htmx and passage is None and parse_id(passage_id) is not None:
        # The passage closed while the reader wrote: say so in place of its form.
        response = render(request, "comments/feedback.html#feedback-refused", context)
        return reswap(retarget(response, f"#feedback-form-{passage_id}"), "outerHTML")
    if request.htmx:
        # Show the errors in place of the form that was sent, not over the whole section.
        response = render(request, "comments/form_page.html#comment-form", context)
        return reswap(retarget(response, f"#{_form_id(parent, passage)}"), "outerHTML")
    return render(request, "comments/form_page.html", context, status=200 if preview else 400)


def _preview(article, body, rules, comment=None):
    """The comment's text as readers would see it, mentions linked; nothing saved."""
    return mentions.comment_render(
        article=article,
        body=body,
        rules=rules,
        before=comment.created_at if comment else None,
        comment=comment,
    ).html


def _form_id(parent, passage):
    if passage is not None:
        return f"feedback-form-{passage.pk}"
    return f"reply-form-{parent.pk}" if parent is not None else "comment-form"


def _subscribe_to_replies(request, reader, comment, rules):
    """The "Notify me of replies to this comment" box: subscribe, and say what happened."""
    email = comment.author_email
    if not email:
        return _("Add an email address to your account to get replies by email.")
    if subscribe_limited(request, email, rules):
        return _("We could not subscribe you to replies just now: too many requests this hour.")
    subscription, _created = notifications.subscription_create(
        article=comment.article,
        kind=Subscription.Kind.COMMENT,
        comment=comment,
        email=email,
        user=reader.user,
        ip=reader.ip,
    )
    if verified_email(reader.user):
        return _("We will email you replies to this comment.")
    return _(
        "To get replies by email, click the link we are sending to %(email)s; "
        "we send nothing else until then."
    ) % {"email": subscription.email}


def _after_post(request, reader, comment, notes=()):
    if comment.status == Comment.Status.APPROVED:
        text = _("Thank you: your comment is published.")
    elif comment.status == Comment.Status.PENDING:
        text = _("Thank you: your comment is awaiting moderation and will appear once approved.")
    else:
        # Spam is not announced as such; the author sees the same as a held comment.
        text = _("Thank you: your comment is awaiting moderation.")
    if request.htmx and comment.passage_id is not None:
        # Inline feedback was sent from the article's text: thank the reader in its place.
        response = render(
            request,
            "comments/feedback.html#feedback-done",
            {"passage": comment.passage, "text": text, "notes": notes},
        )
        return remember_reader(response, reader)
    if comment.is_approved:
        messages.success(request, text)
    else:
        messages.info(request, text)
    for note in notes:
        messages.info(request, note)
    if request.htmx:
        article = comment.article
        context = discussion_context(request, article)
        # A new guest's cookie is set on this response; show their pending comment now.
        # A reply may be in a thread beyond the first page: the page that holds it then,
        # as the plain post's redirect shows it.
        rules = context["discussion"].rules
        place = selectors.place_of(comment, viewer=reader, rules=rules)
        context["discussion"] = selectors.discussion_for(
            article=article, viewer=reader, rules=rules, page=place.page
        ) or selectors.discussion_for(article=article, viewer=reader, rules=rules)
        response = render(request, "comments/section.html", context)
    else:
        response = HttpResponseRedirect(comment_url(comment, viewer=reader))
    return remember_reader(response, reader)


@require_GET
def reply(request, pk):
    """The reply form: a page of its own without JavaScript, a fragment under the comment
    with htmx."""
    parent = get_object_or_404(
        Comment.objects.approved().select_related("article"),
        pk=pk,
        article__in=Article.objects.published(),
    )
    rules = ModerationRules.current()
    form = CommentForm(article=parent.article, user=request.user, rules=rules, parent=parent)
    context = {
        "article": parent.article,
        "form": form,
        "parent": parent,
        "discussion_state": closing.discussion_state(parent.article, rules=rules),
    }
    if request.htmx:
        return render(request, "comments/form_page.html#comment-form", context)
    return render(request, "comments/form_page.html", context)


def _own_comment(request, pk):
    """The reader's own comment, to change or delete. Someone else's answers 403 only when
    it is public; otherwise as an id that does not exist (404), so that the edit and delete
    addresses cannot tell anyone which held or spam comments there are."""
    reader = existing_reader(request)
    comment = selectors.comment_known_to(pk=pk, reader=reader)
    if comment is None:
        raise Http404("No such comment.")
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
    preview = ""
    if request.method == "POST" and can_edit and form.is_valid() and wants_preview(request.POST):
        preview = _preview(comment.article, form.cleaned_data["body"], rules, comment)
    elif request.method == "POST" and can_edit and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, reader=reader, body=form.cleaned_data["body"], rules=rules
            )
        except services.CommentRefused as refusal:
            form.add_error(None, refusal)
        else:
            if comment.status == Comment.Status.APPROVED:
                messages.success(request, _("Your comment is changed."))
            else:
                messages.info(
                    request,
                    _(
                        "Your comment is changed. It is awaiting moderation and will be shown "
                        "again once a moderator has approved it."
                    ),
                )
            return HttpResponseRedirect(comment_url(comment, viewer=reader))
    status = 400 if request.method == "POST" and not preview else 200
    if not can_edit:
        status = 403
    return render(
        request,
        "comments/edit.html",
        {
            "comment": comment,
            "form": form,
            "can_edit": can_edit,
            "rules": rules,
            "preview": preview,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def delete(request, pk):
    reader, comment = _own_comment(request, pk)
    if request.method == "POST":
        services.comment_delete(comment=comment, reader=reader)
        messages.success(request, _("Your comment is deleted."))
        return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#comments")
    return render(request, "comments/delete.html", {"comment": comment})


@require_GET
def feedback_form(request, pk):
    """The inline feedback form of a passage: a fragment under its paragraph with htmx, a
    page of its own without JavaScript."""
    passage = get_object_or_404(
        Passage.objects.select_related("article"),
        pk=pk,
        article__in=Article.objects.published(),
    )
    article = passage.article
    rules = ModerationRules.current()
    state = closing.discussion_state(article, rules=rules)
    context = {
        "article": article,
        "passage": passage,
        "parent": None,
        "form": None,
        "discussion_state": state,
    }
    if passage.is_open and state.is_open:
        context["form"] = CommentForm(
            article=article, user=request.user, rules=rules, passage=passage
        )
    if request.htmx:
        return render(request, "comments/feedback.html#feedback-form", context)
    return render(request, "comments/feedback.html", context)
