"""The support box and the organisation that issues receipts: one row each."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.admin import SingleRowAdmin, TextsPerLanguageAdmin

from .. import selectors
from ..models import Organisation, SupportBox


@admin.register(SupportBox)
class SupportBoxAdmin(TextsPerLanguageAdmin, SingleRowAdmin):
    """The one support box (newsroom.admin.SingleRowAdmin), its texts in each language."""

    fieldsets = [
        (None, {"fields": ["heading", "appeal"]}),
        (_("Ways to give"), {"fields": ["paypal_address", "patreon_url", "other_ways"]}),
        (
            _("Donate page"),
            {
                "fields": [
                    "default_frequency",
                    "suggested_amounts",
                    "monthly_amounts",
                    "yearly_amounts",
                    "minimum_amount",
                    "fee_rate",
                    "fee_fixed",
                ]
            },
        ),
        (_("Readers who gave"), {"fields": ["thank_donors_days"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.support_box_forget()


@admin.register(Organisation)
class OrganisationAdmin(SingleRowAdmin):
    """Who issues the receipts (newsroom.admin.SingleRowAdmin)."""

    fields = ["legal_name", "address", "tax_id", "receipt_note"]
