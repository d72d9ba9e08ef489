"""Text that comes from users' files: quote it briefly, and refuse invisible or line-breaking characters.

Bidi overrides (U+202E ...) make a name display as something else; control characters and line
separators break terminals, CSV, N-Triples and logs. Registry names carrying them are refused.
"""
from __future__ import annotations

import unicodedata

MAX_VALUE_CHARS = 200
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shorten(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages that quote user data."""
    try:
        text = repr(value)
    except RecursionError:  # a self-referencing structure
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} chars)"


def bad_character(text: str) -> str | None:
    """A description of the first control, bidi or line/paragraph-separator character, or None."""
    for ch in text:
        category = unicodedata.category(ch)
        if ch in BIDI_CONTROLS or category in ("Cc", "Zl", "Zp"):
            name = unicodedata.name(ch, "control character")
            return f"U+{ord(ch):04X} ({name})"
    return None


def visible(text: str) -> str:
    """``text`` for a terminal: bidi controls and control characters (except newline) as ``\\u202e`` escapes."""
    if text.isprintable():  # the common case, in C: no Cc, Cf (every bidi control is Cf), Zl or Zp character
        return text
    if not any(ch in BIDI_CONTROLS or (unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch != "\n") for ch in text):
        return text
    return "".join(
        f"\\u{ord(ch):04x}" if ch in BIDI_CONTROLS or (unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch != "\n") else ch
        for ch in text)
