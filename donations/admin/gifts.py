"""Donations: the form that puts a gift on a campaign, the list (donors' addresses only for
those allowed to see them), the report by story, the CSV export and the yearly statements;
and the Stripe events as they were handled."""

import csv
from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .. import selectors, services
from ..models import Donation, ProcessedEvent
from ..money import format_money
from .campaigns import GoalCacheMixin

EMAIL_PERMISSION = "donations.view_donor_email"
PENDING = Donation.Status.PENDING


def can_see_emails(request):
    return request.user.has_perm(EMAIL_PERMISSION)


class DonationForm(forms.ModelForm):
    class Meta:
        model = Donation
        fields = [
            "campaign",
            "amount",
            "currency",
            "status",
            "created",
            "provider",
            "provider_reference",
            "frequency",
            "fee",
            "donor_name",
            "name_public",
            "email",
            "message",
        ]

    def clean(self):
        # A donation counts towards a campaign only in that campaign's currency.
        cleaned = super().clean()
        campaign = cleaned.get("campaign")
        currency = cleaned.get("currency") or self.instance.currency
        created = cleaned.get("created") or self.instance.created
        if campaign is not None and currency and campaign.currency != currency:
            self.add_error("currency", f"“{campaign.title}” counts gifts in {campaign.currency}.")
        elif campaign is None and currency and created:
            # Every gift counts: left empty, the campaign running on the gift's date.
            campaign = services.campaign_for(when=created, currency=currency)
            cleaned["campaign"] = campaign
        status = cleaned.get("status") or self.instance.status
        if (
            campaign is None
            and status == Donation.Status.CONFIRMED
            and cleaned.get("name_public")
            and not self.errors
        ):
            self.add_error(
                "campaign",
                _(
                    "No campaign in %(currency)s runs on %(date)s, so this gift, shown among "
                    "the supporters, would count towards no goal. Choose a campaign, or "
                    "keep the donor's name private."
                )
                % {"currency": currency, "date": date_format(timezone.localdate(created))},
            )
        return cleaned


class ReportPeriodForm(forms.Form):
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def period(self):
        """The dates asked for, or the last 30 days; a reversed period is put right."""
        today = timezone.localdate()
        start, end = today - timedelta(days=30), today
        if self.is_bound and self.is_valid():
            start = self.cleaned_data["start"] or start
            end = self.cleaned_data["end"] or end
        return (start, end) if start <= end else (end, start)


@admin.register(Donation)
class DonationAdmin(GoalCacheMixin, admin.ModelAdmin):
    form = DonationForm
    list_display = [
        "created",
        "amount_display",
        "donor",
        "campaign",
        "provider",
        "status",
        "frequency",
        "email",
    ]
    list_display_links = ["created", "amount_display"]
    list_filter = [
        ("campaign", admin.RelatedOnlyFieldListFilter),
        "status",
        "provider",
        "frequency",
        "created",
    ]
    list_select_related = ["campaign"]
    search_fields = ["donor_name", "email", "message", "provider_reference"]
    date_hierarchy = "created"
    list_per_page = 50
    actions = ["export_csv", "send_statements"]
    autocomplete_fields = ["campaign"]
    fieldsets = [
        (None, {"fields": ["campaign", "amount", "currency", "status", "created"]}),
        (_("Payment"), {"fields": ["provider", "provider_reference", "frequency", "fee"]}),
        (_("Donor"), {"fields": ["donor_name", "name_public", "email", "message"]}),
    ]
    # What Stripe reported is kept as it came; fundraisers may still change the status.
    STRIPE_READONLY = [
        "amount",
        "currency",
        "provider",
        "provider_reference",
        "frequency",
        "fee",
        "stripe_payment_intent",
        "first_payment",
    ]

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        return fields if can_see_emails(request) else [f for f in fields if f != "email"]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        # Searching by address would reveal it to people who may not see it.
        return fields if can_see_emails(request) else [f for f in fields if f != "email"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.provider == Donation.Provider.STRIPE:
            fieldsets = [
                *fieldsets,
                (_("Stripe"), {"fields": ["stripe_payment_intent", "first_payment"]}),
            ]
        if can_see_emails(request):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "email"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.provider == Donation.Provider.STRIPE:
            return self.STRIPE_READONLY
        return []

    def has_delete_permission(self, request, obj=None):
        # Money that came through Stripe stays on record; a refund is a status.
        if obj is not None and obj.provider == Donation.Provider.STRIPE and obj.status != PENDING:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(provider=Donation.Provider.STRIPE).exclude(status=PENDING).exists():
            raise PermissionDenied("Donations recorded from Stripe cannot be deleted.")
        super().delete_queryset(request, queryset)

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [
            path("report/", report, name="donations_donation_report"),
            *super().get_urls(),
        ]

    def report_view(self, request):
        """Gifts and amounts by the story (and section) their donors came from, over a
        period; as CSV with ?format=csv."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ReportPeriodForm(request.GET or None)
        start, end = form.period()
        pages, sections = selectors.gifts_by_source(start=start, end=end)
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="gifts-by-story-{start}-{end}.csv"'
            )
            writer = csv.writer(response)
            writer.writerow(["page", "title", "section", "currency", "gifts", "amount"])
            for row in pages:
                writer.writerow(
                    [
                        _spreadsheet_safe(v)
                        for v in [
                            row["source_path"] or "(unknown)",
                            row["source_title"],
                            row["source_section"],
                            row["currency"],
                            row["gifts"],
                            f"{row['amount']:.2f}",
                        ]
                    ]
                )
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Gifts by story"),
            "form": form,
            "start": start,
            "end": end,
            "pages": pages,
            "sections": sections,
            "csv_query": urlencode({"start": start, "end": end, "format": "csv"}),
        }
        return TemplateResponse(request, "admin/donations/report.html", context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A gift recorded (or confirmed) by hand gets its receipt too, once.
        services.donation_receipt_queue(donation=obj)

    @admin.action(
        description=_("Email the donors of the selected gifts their yearly statement"),
        permissions=["change"],
    )
    def send_statements(self, request, queryset):
        years = sorted({d.year for d in queryset.dates("created", "year")})
        queued = sum(
            services.giving_statements_queue(year=year, donations=queryset) for year in years
        )
        self.message_user(
            request,
            _(
                "%(count)s statement(s) queued for %(years)s; donors who already had that "
                "year's statement get none again."
            )
            % {"count": queued, "years": ", ".join(map(str, years)) or _("no year")},
        )

    @admin.display(description=_("Amount"), ordering="amount")
    def amount_display(self, donation):
        return format_money(donation.amount, donation.currency)

    @admin.display(description=_("Donor"), ordering="donor_name")
    def donor(self, donation):
        if not donation.donor_name:
            return "—"
        return donation.donor_name + ("" if donation.name_public else " (private)")

    @admin.action(description=_("Export the selected donations as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        with_email = can_see_emails(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="donations-{stamp}.csv"'
        writer = csv.writer(response)
        header = [
            "created",
            "amount",
            "currency",
            "status",
            "provider",
            "provider reference",
            "campaign",
            "frequency",
            "fee covered",
            "donor name",
            "name public",
        ]
        writer.writerow([*header, *(["email"] if with_email else []), "message"])
        for donation in queryset.select_related("campaign").order_by("created", "pk"):
            row = [
                timezone.localtime(donation.created).isoformat(timespec="seconds"),
                f"{donation.amount:.2f}",
                donation.currency,
                donation.status,
                donation.provider,
                donation.provider_reference,
                donation.campaign.title if donation.campaign else "",
                donation.frequency,
                f"{donation.fee:.2f}",
                donation.donor_name,
                "yes" if donation.name_public else "no",
                *([donation.email] if with_email else []),
                donation.message,
            ]
            writer.writerow([_spreadsheet_safe(value) for value in row])
        return response


def _spreadsheet_safe(value):
    """Text a stranger typed must not run as a formula when the file opens in a spreadsheet."""
    text = str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


@admin.register(ProcessedEvent)
class ProcessedEventAdmin(admin.ModelAdmin):
    """Stripe events as they were handled: for looking into a payment, never for editing."""

    list_display = ["processed_at", "event_type", "event_id", "outcome"]
    list_filter = ["event_type"]
    search_fields = ["event_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
