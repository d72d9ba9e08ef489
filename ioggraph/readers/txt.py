"""``.txt``: plain text, UTF-8 or UTF-16/32 with a byte-order mark."""
from __future__ import annotations

from collections.abc import Iterator

from ioggraph.model import Article, Skipped
from ioggraph.readers import register
from ioggraph.readers.base import decode, make_article, require_text


@register(".txt", ".text")
def read(path: str, data: bytes) -> Iterator[Article | Skipped]:
    yield make_article(path, require_text(decode(data)))
