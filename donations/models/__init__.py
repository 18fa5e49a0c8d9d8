"""The donations app's tables: campaigns (campaigns.py); gifts and the payment provider's
events (gifts.py); the support box and the organisation that issues receipts, one row each
(single_rows.py)."""

from .campaigns import Campaign, CampaignQuerySet
from .gifts import MAX_ONLINE_AMOUNT, Donation, Frequency, ProcessedEvent
from .single_rows import Organisation, SupportBox

__all__ = [
    "MAX_ONLINE_AMOUNT",
    "Campaign",
    "CampaignQuerySet",
    "Donation",
    "Frequency",
    "Organisation",
    "ProcessedEvent",
    "SupportBox",
]
