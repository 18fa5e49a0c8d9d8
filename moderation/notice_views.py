"""The desk's pages for notices of illegal content (EU Digital Services Act): the list, one
notice with its decision, and the transparency export. Moderators only (staff with the
permission to change comments, and a second factor)."""

import csv
from datetime import UTC, datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from comments.models import IllegalContentNotice
from comments.notice_emails import author_address

from . import notices
from .access import moderator_required
from .notice_forms import ExportForm, NoticeDecisionForm

PER_PAGE = 50


class _Echo:
    def write(self, value):
        return value


@require_GET
@moderator_required
def notice_list(request):
    decided = request.GET.get("decided") == "1"
    counts = IllegalContentNotice.objects.aggregate(
        pending=Count("pk", filter=Q(decision="")), decided=Count("pk", filter=~Q(decision=""))
    )
    shown = IllegalContentNotice.objects.select_related("comment", "decided_by")
    shown = shown.exclude(decision="") if decided else shown.filter(decision="")
    shown = shown.order_by("-decided_at", "-pk") if decided else shown.order_by("created_at", "pk")
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/notices/list.html",
        {
            "page": page,
            "decided": decided,
            "counts": counts,
            "export_form": ExportForm.this_year(),
        },
    )


@require_http_methods(["GET", "POST"])
@moderator_required
def notice_detail(request, pk):
    notice = get_object_or_404(
        IllegalContentNotice.objects.select_related(
            "comment__article", "comment__user", "decided_by", "report"
        ),
        pk=pk,
    )
    form = None
    if not notice.is_decided:
        form = NoticeDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                notice = notices.notice_decide(
                    notice=notice, moderator=request.user, **form.cleaned_data
                )
            except notices.NoticeAlreadyDecided:
                messages.warning(request, _("Another moderator decided this notice first."))
            else:
                messages.success(
                    request,
                    _(
                        "Decided. The statement of reasons is on its way to the notifier and "
                        "the author."
                    )
                    if _author_told(notice)
                    else _("Decided. The statement of reasons is on its way to the notifier."),
                )
            return HttpResponseRedirect(reverse("moderation:notice", kwargs={"pk": notice.pk}))
    elif request.method == "POST":
        messages.warning(request, _("This notice is decided already."))
        return HttpResponseRedirect(reverse("moderation:notice", kwargs={"pk": notice.pk}))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/notices/detail.html",
        {"notice": notice, "form": form, "author_address": _author_address(notice)},
        status=status,
    )


def _author_address(notice):
    return author_address(notice.comment)


def _author_told(notice):
    return bool(_author_address(notice))


@require_GET
@moderator_required
def notice_export(request):
    """The notices received in a period, their decisions and the time each took, as CSV
    streamed row by row (for the yearly transparency report)."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "moderation/notices/export.html", {"export_form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    period = notices.Period(
        start=datetime.combine(start, time.min, tzinfo=UTC),
        end=datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in notices.export_rows(period)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="illegal-content-notices-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    )
    return response
