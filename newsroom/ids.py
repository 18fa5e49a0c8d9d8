"""Database ids as they arrive from outside, in an address or a hidden form field.

An id is a whole number from 1 to MAX_ID written in plain ASCII digits, without a sign or
leading zeros: the only ids our rows have. Anything else names no row, and never reaches a
query (SQLite cannot even be sent a number past MAX_ID, and raises OverflowError):

- in an address, the `<id:...>` path converter (registered by the root URL configuration)
  matches nothing else, so the answer is a 404;
- in a form, `IdField` refuses it with a form error;
- elsewhere (a raw POST value), `parse_id()` returns None.
"""

import re

from django import forms

# The largest value of a BIGINT column (PostgreSQL) and of SQLite's INTEGER: the range of our
# BigAutoField primary keys on both databases.
MAX_ID = 2**63 - 1
ID_PATTERN = "[1-9][0-9]{0,18}"  # at most 19 digits; MAX_ID itself has 19
_ID = re.compile(ID_PATTERN)


def parse_id(raw) -> int | None:
    """The id written in `raw` (a string or an int), or None when it cannot be one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 1 <= raw <= MAX_ID else None
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        return None
    number = int(raw)
    return number if number <= MAX_ID else None


class IdConverter:
    """`<id:pk>`: a database id, or no match (404)."""

    regex = ID_PATTERN

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not a database id")
        return number

    def to_url(self, value):
        if parse_id(value) is None:
            raise ValueError(f"{value!r} is not a database id")
        return str(value)


class IdField(forms.IntegerField):
    """A hidden field that carries a row's id; anything else is a form error."""

    widget = forms.HiddenInput
    default_error_messages = {"invalid": "This does not name anything we have."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value)  # exactly as the form wrote it: no spaces, no sign
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number
