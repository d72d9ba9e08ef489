"""``.html``/``.htm``: saved web pages; the main text without navigation (trafilatura)."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from ioggraph.model import Article, Skipped
from ioggraph.readers import register
from ioggraph.readers.base import ReadFailed, decode, make_article


@register(".html", ".htm", ".xhtml")
def read(path: str, data: bytes) -> Iterator[Article | Skipped]:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its reasons are ours to say (ReadFailed)
    try:
        page = decode(data)
    except ReadFailed:
        page = data.decode("utf-8", "replace")  # trafilatura copes with the page's own charset
    record = {}
    for mode in ({"favor_precision": True}, {"favor_recall": True}):  # clean text first; recall for sparse pages
        out = trafilatura.extract(page, output_format="json", with_metadata=True, include_comments=False,
                                  include_tables=True, **mode)
        record = json.loads(out) if out else {}
        if (record.get("text") or "").strip():
            break
    text = (record.get("text") or "").strip()
    if not text:
        raise ReadFailed("no main text found in the web page (only navigation or scripts?); "
                         "save the article view, or copy its text into a .txt file")
    yield make_article(path, text + "\n", title=record.get("title"), date=record.get("date"),
                       url=record.get("url") or record.get("source"), author=record.get("author"))
