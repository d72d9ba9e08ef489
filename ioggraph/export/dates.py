"""Dates of documents for exports: the article's own date, else its file's date (stated as such).

Reads ``G.graph["documents"]`` (docs/ARCHITECTURE.md). :func:`add_file_dates` adds two keys to a
document that has no ``date``: ``file_date`` (ISO date of the file's last modification, or of the
store's when the file is not found) and ``file_date_source`` (which of the two). Nothing else in the
graph changes. :func:`document_date` picks the date an export uses and says where it came from.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Iterable

import networkx as nx

__all__ = ["add_file_dates", "document_date", "iso_date"]

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def iso_date(value: object) -> str | None:
    """``2024-03-01...`` -> ``2024-03-01``; None when ``value`` does not start with an ISO date."""
    match = _ISO.match(str(value or ""))
    return match.group(1) if match else None


def _mtime_date(path: Path) -> str | None:
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).date().isoformat()


def add_file_dates(G: nx.MultiDiGraph, corpus_dirs: Iterable[Path] = (), store: Path | None = None) -> None:
    """Give every undated document a ``file_date``: its file under one of ``corpus_dirs``, else the store's."""
    store_date = _mtime_date(store) if store else None
    dirs = [Path(d) for d in corpus_dirs]
    for doc, meta in (G.graph.get("documents") or {}).items():
        if iso_date(meta.get("date")):
            continue
        found = next((d for d in (_mtime_date(base / doc) for base in dirs) if d), None)
        if found:
            meta["file_date"], meta["file_date_source"] = found, "file modification date"
        elif store_date:
            meta["file_date"], meta["file_date_source"] = store_date, "store modification date (file not found)"


def document_date(G: nx.MultiDiGraph, doc: str) -> tuple[str | None, str]:
    """(ISO date, source) of ``doc``: the article date, else its ``file_date``; (None, "") when neither."""
    meta = (G.graph.get("documents") or {}).get(doc) or {}
    if iso_date(meta.get("date")):
        return iso_date(meta["date"]), "article date"
    if iso_date(meta.get("file_date")):
        return iso_date(meta["file_date"]), str(meta.get("file_date_source") or "file date")
    return None, ""
