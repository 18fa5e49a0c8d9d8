"""Demo fundraising: a current campaign with a 5,000 $ goal, 822 $ raised, a filled support box.

`load_demo_donations()` is safe to run again and again: the campaign is found by its title,
each demo gift by its reference ("demo-01", ...), and the support box's fields are filled
only while they are still empty (or, for the appeal, still the default text), so that
whatever a fundraiser changed stays as it is.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import selectors, services
from .models import Campaign, Donation, SupportBox
from .money import Currency

CAMPAIGN_TITLE = "Keep the newsroom independent"
GOAL = Decimal("5000")

P = Donation.Provider
# (reference, amount, provider, donor name, shown publicly, message, days ago)
GIFTS = [
    ("demo-01", "250", P.BANK, "The Thursday Reading Circle", True,
     "For the harbour series. We read every part aloud.", 18),
    ("demo-02", "200", P.PAYPAL, "", False, "", 15),
    ("demo-03", "100", P.STRIPE, "Maren Oduya", True,
     "Local reporting that answers its readers' questions. Keep going!", 12),
    ("demo-04", "75", P.CASH, "Ilse", False, "Handed in at the market stall.", 10),
    ("demo-05", "60", P.PATREON, "", False, "", 8),
    ("demo-06", "50", P.STRIPE, "Tomasz Wierzbicki", True, "", 6),
    ("demo-07", "50", P.STRIPE, "", False, "", 4),
    ("demo-08", "25", P.STRIPE, "Ruth & Sam", True,
     "A small thank-you from two night-shift nurses.", 2),
    ("demo-09", "12", P.OTHER, "", False, "", 1),
]  # fmt: skip

SUPPORT_BOX = {
    "appeal": (
        "No owner, no paywall, no advertisers to please: this newsroom is paid for by its "
        "readers. If this reporting helped you, help us keep doing it."
    ),
    "paypal_address": "donate@newsroom.example.org",
    "patreon_url": "https://www.patreon.com/newsroom-example",
    "other_ways": "Bank transfer: Newsroom Cooperative, IBAN XX00 0000 0000 0000 0000 00.",
}


@dataclass(frozen=True)
class DemoDonationsSummary:
    campaign_created: bool
    donations: int
    donations_created: int

    def __str__(self):
        return (
            f"Demo fundraising: campaign “{CAMPAIGN_TITLE}” "
            f"({'new' if self.campaign_created else 'already there'}), "
            f"{self.donations} donations ({self.donations_created} new)."
        )


def load_demo_donations(*, now=None) -> DemoDonationsSummary:
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        campaign, campaign_created = Campaign.objects.get_or_create(
            title=CAMPAIGN_TITLE,
            defaults={
                "goal": GOAL,
                "currency": Currency.USD,
                "start_date": today - timedelta(days=21),
                "end_date": today + timedelta(days=30),
                "active": True,
            },
        )
        if campaign_created:
            selectors.goal_progress_forget()
        created = 0
        for reference, amount, provider, name, public, message, days_ago in GIFTS:
            if Donation.objects.filter(provider=provider, provider_reference=reference).exists():
                continue
            services.donation_record(
                campaign=campaign,
                amount=Decimal(amount),
                currency=campaign.currency,
                provider=provider,
                provider_reference=reference,
                donor_name=name,
                name_public=public,
                email=f"{reference}@example.org",
                message=message,
                created=now - timedelta(days=days_ago),
            )
            created += 1
        box = SupportBox.objects.get_or_create(pk=1)[0]
        default_appeal = SupportBox._meta.get_field("appeal").default
        missing = {
            field: value
            for field, value in SUPPORT_BOX.items()
            if getattr(box, field) in ("", default_appeal)
        }
        if missing:
            services.support_box_update(**missing)
    return DemoDonationsSummary(
        campaign_created=campaign_created, donations=len(GIFTS), donations_created=created
    )
