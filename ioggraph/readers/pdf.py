"""``.pdf``: the text layer page by page (pypdf).

Pages are joined with a line holding a form feed (``\n\f\n``, the page break of plain text);
``Article.pages`` holds the offset where each page starts (:meth:`ioggraph.model.Article.page_of`),
and the stored text alone tells the page of an offset (:func:`page_of_text`), so evidence cites
``report.pdf p.3:41``. A PDF without a text
layer (a scan) is skipped with the advice to run OCR first.
"""
from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from ioggraph.model import Article, Skipped
from ioggraph.readers import register
from ioggraph.readers.base import ReadFailed, make_article, require_text

PAGE_BREAK = "\n\f\n"


def page_of_text(text: str, offset: int) -> int | None:
    """The 1-based page of ``offset`` in text this reader produced (None when it has no page breaks)."""
    if PAGE_BREAK not in text:
        return None
    return text.count(PAGE_BREAK, 0, offset) + 1


@register(".pdf")
def read(path: str, data: bytes) -> Iterator[Article | Skipped]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReadFailed("encrypted PDF; save an unprotected copy (e.g. `qpdf --decrypt in.pdf out.pdf`)")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
    except ReadFailed:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadFailed(f"not a readable PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    text, starts = join_pages(pages)
    if not text.strip():
        raise ReadFailed(f"PDF without a text layer ({len(pages)} page(s), probably scanned); "
                         "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`")
    date = getattr(reader.metadata, "creation_date", None) if reader.metadata else None
    yield make_article(path, require_text(text, "PDF"), title=meta.get("/Title"), author=meta.get("/Author"),
                       date=date, pages=starts)


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """(text of all pages, offset where each page starts)."""
    parts, starts, offset = [], [], 0
    for page in pages:
        body = page.strip("\n").replace("\x00", "").replace("\f", "\n")
        starts.append(offset)
        parts.append(body)
        offset += len(body) + len(PAGE_BREAK)
    return PAGE_BREAK.join(parts), tuple(starts)
