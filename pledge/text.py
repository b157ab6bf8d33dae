"""Cleaning what people type, so that it is stored inert and tidy."""

import re
import unicodedata

# Bidirectional controls can reorder how a name reads; nobody types them on purpose.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def clean_line(value):
    """Return a one-line text: NFC, no control or bidi characters, single spaces."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    if value.isascii() and value.isprintable():
        return " ".join(value.split())  # nothing to normalise or drop: most of what is typed
    value = unicodedata.normalize("NFC", value)
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in value
        if ch not in _BIDI_CONTROLS and (unicodedata.category(ch) not in ("Cf", "Cs", "Co") or ch == "\u200d")
    )
    return " ".join(kept.split())


# What a text of paragraphs keeps out: control characters but the line ends and tabs (a NUL
# is also what PostgreSQL cannot store), lone surrogates, and the bidirectional controls.
_NOT_IN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(_BIDI_CONTROLS)) + "]"
)


def clean_text(value):
    """Return a text of several lines as it was typed, less the characters nobody types (_NOT_IN_TEXT).

    Unlike clean_line, the lines and their spacing stay: a text saved again unchanged is
    the same text (a signed document's version does not move).
    """
    if value is None:
        return None
    return _NOT_IN_TEXT.sub("", str(value))
