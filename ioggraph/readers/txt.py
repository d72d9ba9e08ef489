"""``.txt``: plain text, UTF-8 or UTF-16/32 with a byte-order mark.

A saved web page renamed ``.txt`` (it starts with ``<!DOCTYPE html`` or ``<html``) is read as a web
page, so its markup and navigation do not become actors; the summary notes it.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from ioggraph.model import Article, Skipped
from ioggraph.readers import register
from ioggraph.readers.base import decode, make_article, require_text

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


@register(".txt", ".text")
def read(path: str, data: bytes) -> Iterator[Article | Skipped]:
    text = require_text(decode(data))
    if _HTML_START.match(text[:4096]):
        from ioggraph.readers import html
        for item in html.read(path, data):
            note = "HTML in a .txt file: read as a web page (main text only)"
            yield dataclasses.replace(item, notes=(note, *item.notes)) if isinstance(item, Article) else item
        return
    yield make_article(path, text)
