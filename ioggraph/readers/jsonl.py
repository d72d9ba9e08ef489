"""``.jsonl``: one article per line, ``{"text": ..., "id"?, "title"?, "date"?, "url"?, "author"?}``.

A bad line is skipped by name (``feed.jsonl#7``); two lines with the same ``id`` are an error
naming both lines (the second is skipped, the first kept).
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ioggraph.model import Article, Skipped
from ioggraph.readers import register
from ioggraph.readers.base import decode, make_article, require_text
from ioggraph.textsafety import shorten

_LINE_BREAK = "\n"


@register(".jsonl", ".ndjson")
def read(path: str, data: bytes) -> Iterator[Article | Skipped]:
    text = require_text(decode(data))
    seen: dict[str, int] = {}
    # JSON Lines are separated by \n only: str.splitlines() would also split inside strings on U+2028.
    for n, line in enumerate(text.split(_LINE_BREAK), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        item = _article(path, n, line, seen)
        yield item


def _article(path: str, n: int, line: str, seen: dict[str, int]) -> Article | Skipped:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(f"{path}#{n}", f"line {n}: not JSON ({exc.msg} at column {exc.colno}); "
                                      "expected one JSON object with a 'text' key per line")
    if not isinstance(rec, dict):
        return Skipped(f"{path}#{n}", f"line {n}: expected a JSON object with a 'text' key, got a {type(rec).__name__}")
    if "text" not in rec:
        return Skipped(f"{path}#{n}", f"line {n}: no 'text' key; expected a JSON object with a 'text' key "
                                      f"(keys found: {shorten(sorted(rec)[:10])})")
    body = rec["text"]
    if not isinstance(body, str):
        return Skipped(f"{path}#{n}", f"line {n}: 'text' must be a string, got {type(body).__name__} {shorten(body, 60)}")
    if not body.strip():
        return Skipped(f"{path}#{n}", f"line {n}: empty 'text'")
    ident = str(rec["id"]) if rec.get("id") not in (None, "") else str(n)
    if ident in seen:
        return Skipped(f"{path}#{ident}", f"line {n}: duplicate id {shorten(ident, 60)} (first on line {seen[ident]}); "
                                          "give every line its own 'id'")
    seen[ident] = n
    return make_article(f"{path}#{ident}", body, title=rec.get("title"), date=rec.get("date"),
                        url=rec.get("url"), author=rec.get("author"))
