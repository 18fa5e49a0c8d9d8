"""What is kept of text a stranger typed (newsroom/text.py): no bidi trick, no invisible
name, and nothing of any script lost."""

import pytest

from newsroom.text import normalise, normalise_line

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
BIDI_CONTROLS = [
    "\u202a",  # LEFT-TO-RIGHT EMBEDDING
    "\u202b",  # RIGHT-TO-LEFT EMBEDDING
    "\u202c",  # POP DIRECTIONAL FORMATTING
    "\u202d",  # LEFT-TO-RIGHT OVERRIDE
    RLO,
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u2067",  # RIGHT-TO-LEFT ISOLATE
    "\u2068",  # FIRST STRONG ISOLATE
    "\u2069",  # POP DIRECTIONAL ISOLATE
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u061c",  # ARABIC LETTER MARK
]


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_bidi_controls_are_removed(control):
    assert normalise(f"Ana{control}gnp.exe") == "Anagnp.exe"
    assert normalise_line(f"Ana{control} Lima") == "Ana Lima"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        # Invisible characters go.
        ("zero\u200bwidth", "zerowidth"),
        ("\ufeffbom", "bom"),
        ("word\u2060joiner", "wordjoiner"),
        ("private\ue000use", "privateuse"),
        ("soft\u00adhyphen", "softhyphen"),
        # Other spaces are spaces, separators line breaks.
        ("no\u00a0break", "no break"),
        ("ideographic\u3000space", "ideographic space"),
        ("line\u2028separator", "line\nseparator"),
        # Scripts and emoji keep what they are spelt with.
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),
        ("\U0001f469\u200d\U0001f4bb", "\U0001f469\u200d\U0001f4bb"),
        ("\u05e9\u05dc\u05d5\u05dd", "\u05e9\u05dc\u05d5\u05dd"),
        ("Zo\u00eb e\u0301", "Zo\u00eb e\u0301"),
        # Nothing visible is nothing.
        ("\u200d\u200c", ""),
        (f"{RLO}\u200b\u2066", ""),
        ("\u0301", ""),
        ("\u00a0 \t\n", ""),
    ],
)
def test_normalise(typed, kept):
    assert normalise(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Ana   Lima  ", "Ana Lima"),
        ("Ana\nLima", "Ana Lima"),
        ("Ana\tLima", "Ana Lima"),
        ("Ana\u2029Lima", "Ana Lima"),
        (f"{RLO}{RLO}", ""),
        (None, ""),
    ],
)
def test_a_name_is_one_line(typed, kept):
    assert normalise_line(typed) == kept
