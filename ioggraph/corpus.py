"""Read a corpus folder into :class:`~ioggraph.model.Article` records.

Reads every supported file below the root (recursively, sorted, hidden files ignored). A file that
cannot be used (unreadable, binary, empty, not UTF-8) becomes a :class:`~ioggraph.model.Skipped`
record naming the file and the reason; the caller decides whether that is fatal (``--strict``).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from ioggraph.errors import CorpusError
from ioggraph.model import Article, Skipped

TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md"})
JSONL_SUFFIXES: frozenset[str] = frozenset({".jsonl"})
SUPPORTED: frozenset[str] = TEXT_SUFFIXES | JSONL_SUFFIXES
_BINARY_SNIFF = 8192


def list_files(root: Path) -> list[Path]:
    """Supported files below ``root``, sorted; raises CorpusError for a bad root."""
    if not root.exists():
        raise CorpusError(f"Corpus folder '{root}' does not exist; give a folder of .txt articles.")
    if not root.is_dir():
        raise CorpusError(f"Corpus '{root}' is not a folder; give a folder of .txt articles.")
    files = [
        p for p in root.rglob("*")
        if p.suffix.lower() in SUPPORTED and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def decode(data: bytes) -> str:
    """Decode article bytes as UTF-8 (a BOM is dropped); raise ValueError with a fix otherwise."""
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise ValueError("binary file (contains NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save it as UTF-8, e.g. `iconv -f cp1252 -t utf-8`"
        ) from None


def read_file(root: Path, path: Path) -> Iterator[Article | Skipped]:
    """Yield the article(s) in one file, or one Skipped record saying why not."""
    rel = path.relative_to(root).as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(rel, f"unreadable ({exc.strerror or exc})")
        return
    try:
        text = decode(data)
    except ValueError as exc:
        yield Skipped(rel, str(exc))
        return
    if not text.strip():
        yield Skipped(rel, "empty file")
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_articles(rel, text)
        return
    yield _article(rel, text)


def iter_articles(root: Path) -> Iterator[Article | Skipped]:
    """Every article below ``root`` in a stable order, with Skipped records for bad files."""
    for path in list_files(root):
        yield from read_file(root, path)


def _article(rel: str, text: str, **meta: str | None) -> Article:
    raw = text.encode("utf-8")
    return Article(
        path=rel, text=text, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw),
        title=meta.get("title"), date=meta.get("date"), url=meta.get("url"),
    )


def _jsonl_articles(rel: str, text: str) -> Iterator[Article | Skipped]:
    """One article per JSON line: {"text": ..., "id"?, "title"?, "date"?, "url"?}."""
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            body = rec["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            yield Skipped(f"{rel}#{n}", f"line {n}: expected a JSON object with a 'text' key ({exc})")
            continue
        if not isinstance(body, str) or not body.strip():
            yield Skipped(f"{rel}#{n}", f"line {n}: empty 'text'")
            continue
        ident = str(rec.get("id") or n)
        meta = {k: (str(rec[k]) if rec.get(k) is not None else None) for k in ("title", "date", "url")}
        yield _article(f"{rel}#{ident}", body, **meta)
