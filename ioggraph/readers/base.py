"""What every reader shares: decoding text bytes, checking dates, making an :class:`Article`.

A reader turns the bytes of one file into articles. It raises :class:`ReadFailed` with a reason
a user can act on when the file cannot be used; the corpus layer turns that into a ``Skipped``.
"""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import unicodedata

from ioggraph.model import Article
from ioggraph.textsafety import shorten

_BINARY_SNIFF = 8192
# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class ReadFailed(Exception):
    """The file cannot be read as an article; ``str(exc)`` is the reason shown to the user."""


def decode(data: bytes) -> str:
    """Article bytes as text: UTF-8, or UTF-16/32 when a byte-order mark says so (the BOM is dropped)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadFailed(f"not valid {encoding.upper()} after its byte-order mark "
                                 f"(offset {exc.start + len(bom)}); re-save it as UTF-8") from None
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise ReadFailed("binary file (contains NUL bytes); expected UTF-8 text "
                         "(UTF-16/32 files need a byte-order mark)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadFailed(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save it as UTF-8, e.g. `iconv -f cp1252 -t utf-8`"
        ) from None


def check_date(value: object) -> tuple[str | None, str | None]:
    """(ISO date ``YYYY-MM-DD`` or None, a note when ``value`` was given but is not a valid date)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = str(value).strip()
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
        try:
            return parse(text).isoformat(), None
        except ValueError:
            continue
    return None, f"invalid date {shorten(text, 60)} dropped (expected YYYY-MM-DD)"


def clean_meta(value: object) -> str | None:
    """A metadata string on one line without control characters, or None when empty."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    return text[:1000] or None


def make_article(path: str, text: str, *, title: object = None, date: object = None, url: object = None,
                 author: object = None, pages: tuple[int, ...] = (), notes: tuple[str, ...] = ()) -> Article:
    """An Article for ``text`` with checked metadata; an invalid date is dropped and noted."""
    raw = text.encode("utf-8", "surrogatepass")
    iso, problem = check_date(date)
    return Article(
        path=path, text=text, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw),
        title=clean_meta(title), date=iso, url=clean_meta(url), author=clean_meta(author),
        pages=tuple(pages), notes=tuple(notes) + ((problem,) if problem else ()),
    )


def require_text(text: str, what: str = "file") -> str:
    """``text`` unless it is blank."""
    if not text.strip():
        raise ReadFailed(f"empty {what}" if what == "file" else f"no text in the {what}")
    return text
