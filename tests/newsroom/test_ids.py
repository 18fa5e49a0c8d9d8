"""What counts as a database id when one arrives from outside (newsroom/ids.py)."""

import pytest
from django import forms

from newsroom.ids import MAX_ID, IdField, parse_id


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1", 1),
        ("42", 42),
        (42, 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (str(2**64), None),
        ("9" * 400, None),
        ("0", None),
        ("-1", None),
        ("007", None),
        ("+7", None),
        (" 7", None),
        ("7.0", None),
        ("1e3", None),
        ("\u0667", None),  # ARABIC-INDIC DIGIT SEVEN
        ("", None),
        (None, None),
        (True, None),
        (0, None),
        (MAX_ID + 1, None),
    ],
)
def test_parse_id(raw, number):
    assert parse_id(raw) == number


class ReplyForm(forms.Form):
    parent = IdField(required=False)


@pytest.mark.parametrize(
    ("sent", "valid", "parent"),
    [
        ("12", True, 12),
        (" 12 ", False, None),  # the form writes none of these
        ("", True, None),
        (str(MAX_ID + 1), False, None),
        ("-12", False, None),
        ("\u0661\u0662", False, None),
    ],
)
def test_an_id_field_takes_ids_and_refuses_the_rest_with_a_form_error(sent, valid, parent):
    form = ReplyForm({"parent": sent})

    assert form.is_valid() is valid
    assert form.cleaned_data.get("parent") == parent
