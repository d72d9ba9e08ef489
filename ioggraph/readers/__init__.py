"""Readers by file suffix: the bytes of one file in, articles out.

Each module here reads one kind of file and registers itself with :func:`register`:

=========  =====================================================================
``.txt``   UTF-8 (or UTF-16/32 with a byte-order mark) plain text
``.md``    Markdown rendered to plain text; YAML front matter gives title, date, url, author
``.jsonl`` one article per line: ``text`` and optional ``id``, ``title``, ``date``, ``url``, ``author``
``.html``  saved web pages: main text (trafilatura) with title, date, url, author
``.pdf``   text per page (pypdf); ``Article.pages`` maps offsets to page numbers
``.docx``  Word documents (python-docx): paragraphs and tables, core properties as metadata
=========  =====================================================================

A reader is ``read(path: str, data: bytes) -> Iterator[Article | Skipped]``; it raises
:class:`~ioggraph.readers.base.ReadFailed` when the whole file cannot be used. Offsets in the
graph always refer to the extracted text that the store keeps.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from ioggraph.model import Article, Skipped

Reader = Callable[[str, bytes], Iterator[Article | Skipped]]
READERS: dict[str, Reader] = {}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Class the decorated function as the reader of files ending in ``suffixes`` (".html")."""
    def decorate(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = func
        return func
    return decorate


def reader_for(suffix: str) -> Reader | None:
    return READERS.get(suffix.lower())


def supported() -> tuple[str, ...]:
    return tuple(sorted(READERS))


from ioggraph.readers import docx, html, jsonl, md, pdf, txt  # noqa: E402,F401  (registration)
