"""Signals an app sends for others to hear. They live on the ground floor, so that the app
that sends one need not know which apps listen (those are above it)."""

from django.dispatch import Signal

# An IP address was written to the database (with a comment, a vote, a report, a
# subscription); `sender` is the model that holds it. The privacy app listens: it makes sure
# that addresses past the retention period are being forgotten.
ip_address_stored = Signal()
