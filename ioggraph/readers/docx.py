"""``.docx``: Word documents via python-docx: paragraphs, then table cells row by row.

Core properties give title, author and date (created). One paragraph per line.
"""
from __future__ import annotations

import io
from collections.abc import Iterator

from ioggraph.model import Article, Skipped
from ioggraph.readers import register
from ioggraph.readers.base import ReadFailed, make_article, require_text


@register(".docx")
def read(path: str, data: bytes) -> Iterator[Article | Skipped]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError/PackageNotFoundError
        raise ReadFailed(f"not a readable .docx ({type(exc).__name__}); re-save it from Word or LibreOffice as .docx") from None
    lines = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
            lines.append(" | ".join(cells))
    text = require_text("\n".join(line for line in lines if line) + "\n", "document")
    props = document.core_properties
    yield make_article(path, text, title=props.title or None, author=props.author or None,
                       date=props.created.date() if props.created else None)
