"""The moderators' desk: the queues, one comment, the decisions on them, the audit log.

Every decision is a form post that redirects back to the same place in the queue; with htmx
it answers with the comment's card instead. Pages only show.
"""

import csv
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from comments import services as comment_services
from comments.models import Comment

from . import links, selectors, services
from .access import moderator_required
from .cards import render_cards
from .forms import MAX_BULK, ActionForm, BulkForm, LogFilterForm, QueueFilterForm
from .history import history_of_comment_author

Status = Comment.Status


def _queue_or_404(slug):
    queue = selectors.QUEUES.get(slug)
    if queue is None:
        raise Http404(_("There is no such queue."))
    return queue


def _page_number(request):
    value = request.GET.get("page", "1")
    # ASCII digits only: "²" is a digit to str.isdigit() and no number to int().
    return int(value) if value.isascii() and value.isdigit() and 0 < len(value) < 7 else 1


@require_GET
@never_cache
@moderator_required
def queue(request, queue="pending"):
    queue = _queue_or_404(queue)
    filter_form = QueueFilterForm(request.GET)
    filters = filter_form.filters()
    result = selectors.queue_page(queue=queue, filters=filters, page_number=_page_number(request))
    query = {
        k: v
        for k, v in {
            "section": filters.section.slug if filters.section else "",
            "article": filters.article.pk if filters.article else "",
            "q": filters.search,
        }.items()
        if v
    }
    return render(
        request,
        "moderation/queue.html",
        {
            "result": result,
            "queue": queue,
            "tabs": [(q, result.counts[q.slug]) for q in selectors.QUEUES.values()],
            "filter_form": filter_form,
            "filters": filters,
            "query": urlencode(query),
            "query_items": query,
            "here": request.get_full_path(),
            "page_ids": ",".join(str(card.comment.pk) for card in result.cards),
            "reject_reasons": ActionForm.base_fields["reason"].choices,
            "can_ban": request.user.has_perm("comments.add_ban"),
            "bulk_actions": BulkForm.ACTIONS,
        },
    )


@require_GET
@never_cache
@moderator_required
def comment_page(request, pk):
    card = selectors.desk_comment(pk)
    if card is None:
        raise Http404(_("There is no such comment."))
    return render(
        request,
        "moderation/comment.html",
        {
            "card": card,
            "cards": [card],
            "history": history_of_comment_author(card.comment),
            "here": request.get_full_path(),
            "can_ban": request.user.has_perm("comments.add_ban"),
        },
    )


@require_GET
@never_cache
def open_link(request, token):
    """An alert email's signed link: opens the comment, after signing in if need be."""
    try:
        pk = links.comment_from_token(token)
    except links.BadLink as bad:
        return render(request, "moderation/bad_link.html", {"message": bad.message}, status=400)
    return _open_comment(request, pk)


@moderator_required
def _open_comment(request, pk):
    return HttpResponseRedirect(reverse("moderation:comment", kwargs={"pk": pk}))


def _next_anchor(request):
    """The card after the one decided (`card-<id>`), where the moderator goes on."""
    value = request.POST.get("next_anchor", "")
    return value if re.fullmatch(r"card-[0-9]{1,12}", value) else ""


def _back(request, default, anchor=""):
    """Where the moderator was (a page of the desk), else `default`."""
    target = request.POST.get("next") or ""
    if not (
        target.startswith(reverse("moderation:index"))
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        target = default
    target = target.split("#", 1)[0]
    return HttpResponseRedirect(f"{target}#{anchor}" if anchor else target)


def _decide(*, action, comments, moderator, data):
    """Carry out one decision on some comments; returns a message for the moderator."""
    count = comments.count()
    if action == "approve":
        # A comment its author withdrew has no text left to publish.
        done = comment_services.comment_moderate(
            comments=comments.exclude(status=Status.DELETED).exclude(status=Status.APPROVED),
            status=Status.APPROVED,
            moderator=moderator,
        )
        return ngettext("%(n)d comment approved.", "%(n)d comments approved.", done) % {"n": done}
    if action == "reject":
        done = services.comment_reject(
            comments=comments.exclude(status=Status.REJECTED),
            moderator=moderator,
            reason=data["reason"],
            explanation=data.get("explanation", ""),
        )
        return ngettext("%(n)d comment rejected.", "%(n)d comments rejected.", done) % {"n": done}
    if action == "spam":
        done = comment_services.comment_moderate(
            comments=comments.exclude(status=Status.SPAM), status=Status.SPAM, moderator=moderator
        )
        return ngettext(
            "%(n)d comment marked as spam.", "%(n)d comments marked as spam.", done
        ) % {"n": done}
    if action in {"feature", "unfeature"}:
        featured = action == "feature"
        done, refused = 0, ""
        for comment in comments.select_related("article"):
            if (comment.featured_at is not None) == featured:
                continue  # already as asked: only what changes counts
            try:
                comment_services.comment_feature(
                    comment=comment, moderator=moderator, featured=featured
                )
            except comment_services.CommentRefused as refusal:
                refused = " ".join(refusal.messages)
                continue
            done += 1
        if refused and not done:
            return refused
        if action == "feature":
            return ngettext("%(n)d comment featured.", "%(n)d comments featured.", done) % {
                "n": done
            }
        return ngettext(
            "%(n)d comment no longer featured.", "%(n)d comments no longer featured.", done
        ) % {"n": done}
    if action == "ban":
        bans, spam = services.authors_ban(
            comments=comments, moderator=moderator, reason=data.get("ban_reason", "")
        )
        return _("%(bans)d author(s) banned; %(spam)d of %(count)d comment(s) marked as spam.") % {
            "bans": bans,
            "spam": spam,
            "count": count,
        }
    raise ValueError(action)


def _may(request, action):
    return action != "ban" or request.user.has_perm("comments.add_ban")


@require_POST
@moderator_required
def act(request, pk):
    """One decision on one comment, from its card."""
    comment = get_object_or_404(Comment, pk=pk)
    form = ActionForm(request.POST)
    default = reverse("moderation:comment", kwargs={"pk": pk})
    if not form.is_valid():
        error = " ".join(e for errors in form.errors.values() for e in errors)
        if request.htmx:
            return _card_response(request, pk, error=error, status=422)
        messages.error(request, error)
        return _back(request, default, anchor=f"card-{pk}")
    action = form.cleaned_data["action"]
    if not _may(request, action):
        messages.error(request, _("Banning needs the permission to add bans."))
        return _back(request, default, anchor=f"card-{pk}")
    try:
        message = _decide(
            action=action,
            comments=Comment.objects.filter(pk=comment.pk),
            moderator=request.user,
            data=form.cleaned_data,
        )
    except ValidationError as refused:
        message, ok = " ".join(refused.messages), False
    else:
        ok = True
    if request.htmx:
        return _card_response(
            request, pk, notice=message if ok else "", error="" if ok else message
        )
    (messages.success if ok else messages.error)(request, message)
    # Back to the queue, at the next comment: this one is done.
    return _back(request, default, anchor=_next_anchor(request))


def _card_response(request, pk, *, notice="", error="", status=200):
    """The decided comment's card alone, for htmx to put in place of the old one."""
    card = selectors.desk_comment(pk)
    card.next_anchor = _next_anchor(request)
    here = request.POST.get("next", "")
    html = render_cards(
        [card],
        csrf=get_token(request),
        here=here,
        can_ban=request.user.has_perm("comments.add_ban"),
        # On the comment's own page there is no bulk form to tick it for.
        select=reverse("moderation:comment", kwargs={"pk": pk}) not in here,
        notice=notice,
        error=error,
    )
    return HttpResponse(html, status=status)


@require_POST
@moderator_required
def bulk(request):
    """One decision on the ticked comments, on all those of the page, or on all matching."""
    form = BulkForm(request.POST)
    default = reverse("moderation:index")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(request, default)
    data = form.cleaned_data
    action = data["action"]
    if not _may(request, action):
        messages.error(request, _("Banning needs the permission to add bans."))
        return _back(request, default)
    scope = data["scope"]
    if scope == "all":
        queue = _queue_or_404(data["queue"])
        filters = QueueFilterForm(
            {"section": data["section"], "article": data["article"], "q": data["q"]}
        ).filters()
        matching = selectors.queue_comments(queue, filters).order_by("pk").values("pk")
        ids = list(matching.values_list("pk", flat=True)[: MAX_BULK + 1])
        if len(ids) > MAX_BULK:
            messages.error(
                request,
                _("More than %(max)d comments match: narrow the queue first.") % {"max": MAX_BULK},
            )
            return _back(request, default)
    else:
        ids = data["ids"] if scope == "selected" else data["page_ids"]
    try:
        message = _decide(
            action=action,
            comments=Comment.objects.filter(pk__in=ids),
            moderator=request.user,
            data=data,
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, message)
    return _back(request, default)


@require_GET
@never_cache
@moderator_required
def log(request):
    form = LogFilterForm(request.GET)
    decisions = selectors.decisions_log(**form.filters())
    page = Paginator(decisions, selectors.LOG_PER_PAGE).get_page(_page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """A spreadsheet must not take a reader's text for a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


LOG_COLUMNS = [
    "time",
    "decision",
    "reason",
    "explanation",
    "moderator",
    "comment",
    "article",
    "author",
    "subject",
]


def _log_row(decision):
    comment = decision.comment
    subject = decision.subject_email or decision.subject_ip or ""
    if decision.subject_user_id and decision.subject_user:
        subject = decision.subject_user.get_username()
    return [
        decision.created_at.isoformat(timespec="seconds"),
        decision.get_action_display(),
        decision.get_reason_display() if decision.reason else "",
        decision.explanation_shown(),
        decision.moderator.get_username() if decision.moderator else _("(the rules)"),
        comment.pk if comment else "",
        comment.article.headline if comment else "",
        comment.author_name if comment else "",
        subject,
    ]


@require_GET
@never_cache
@moderator_required
def log_csv(request):
    """The audit log as CSV, streamed: the whole log needs no more memory than a few rows."""
    form = LogFilterForm(request.GET)
    decisions = selectors.decisions_log(**form.filters())
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(LOG_COLUMNS)
        for decision in decisions.iterator(chunk_size=1000):
            yield writer.writerow([_cell(value) for value in _log_row(decision)])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return StreamingHttpResponse(
        rows(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="moderation-log-{stamp}.csv"'},
    )
