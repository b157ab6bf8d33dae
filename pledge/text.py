"""Cleaning what people type, so that it is stored inert and tidy."""

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
