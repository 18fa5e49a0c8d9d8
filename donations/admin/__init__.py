"""The fundraisers' desk: campaigns with their progress, donations, the support box.

Donors' email addresses are shown only to users with the `view_donor_email` permission:
the Fundraisers group and superusers. Every save path that changes what the goal bar shows
forgets its cached numbers.

Campaigns (campaigns.py); donations, their report by story and their export, and the
payment provider's events (gifts.py); the support box and the organisation (single_rows.py).
"""

from . import campaigns, gifts, single_rows  # noqa: F401  (registers the admin classes)
