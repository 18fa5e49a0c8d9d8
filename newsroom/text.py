"""What a stranger typed (a comment, a name, a donor's message), made fit to keep and to show.

Invisible characters that change how the text around them is laid out are removed: the
bidirectional embeddings, overrides, isolates and marks (a name "Ana", U+202E RIGHT-TO-LEFT
OVERRIDE, "gnp.exe" shows as "Anaexe.png", and the override runs on into what follows it),
zero-width spaces, byte-order marks, other format and control characters, private-use and
unassigned code points. Kept: line breaks and tabs, the zero-width joiner and non-joiner
(Persian, the Indic scripts and emoji are spelt with them), and every letter, mark, number,
punctuation and symbol. Other spaces become plain spaces, line and paragraph separators line
breaks. Text with nothing visible left is empty.

Names are one line. Where they are shown, templates wrap them in <bdi> so that a name in a
right-to-left script cannot reorder the words around it.
"""

import unicodedata

JOINERS = {"\u200c", "\u200d"}  # ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER
LINE_SEPARATORS = {"\u2028", "\u2029"}


def _kept(ch):
    if ch in "\n\t" or ch.isprintable() or ch in JOINERS:
        return ch
    if ch in LINE_SEPARATORS:
        return "\n"
    if unicodedata.category(ch) == "Zs":  # no-break, thin, ideographic... spaces
        return " "
    return ""


def _visible(ch):
    # Letters, numbers, punctuation, symbols: what makes text more than blank.
    return unicodedata.category(ch)[0] in "LNPS"


def normalise(text: str) -> str:
    """Text as it is kept: line endings unified, invisible layout characters removed, the
    ends trimmed; "" when nothing visible is left."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if text.replace("\n", "").replace("\t", "").isprintable():  # the usual case: all kept
        text = text.strip()
    else:
        text = "".join(_kept(ch) for ch in text).strip()
    return text if any(_visible(ch) for ch in text) else ""


def normalise_line(text: str) -> str:
    """A name as it is kept: normalised, and every run of spaces and line breaks one space."""
    return " ".join(normalise(text).split())
