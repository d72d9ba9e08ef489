"""The store of record: one SQLite file holding documents, mentions, actors and relations.

Per-document tables (``documents``, ``doc_actors``, ``mentions``, ``relations``) are written as
each document is parsed; ``actors`` (one row per real-world actor) is derived from them at the end
of every build by :mod:`ioggraph.resolve`. Writes go to a temporary copy that replaces the store
only when the build finished (:func:`transaction`), so an interrupted build leaves the previous
store intact.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from ioggraph.errors import StoreError
from ioggraph.model import Article, DocResult

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    title TEXT, date TEXT, url TEXT, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doc_actors (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, key TEXT NOT NULL,
    label TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL, registry INTEGER NOT NULL,
    PRIMARY KEY (doc_id, key));
CREATE TABLE IF NOT EXISTS mentions (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS relations (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, source TEXT NOT NULL,
    target TEXT NOT NULL, relation TEXT NOT NULL, kind TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, quote TEXT NOT NULL, rule TEXT NOT NULL, technique TEXT, techniques TEXT NOT NULL,
    confidence REAL NOT NULL, modality TEXT NOT NULL, reported_by TEXT NOT NULL, channels TEXT NOT NULL,
    trigger TEXT NOT NULL, target_is_technique INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL,
    registry INTEGER NOT NULL, doc_keys TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS relations_doc ON relations(doc_id);
"""


def connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA foreign_keys = ON")
    con.row_factory = sqlite3.Row
    con.executescript(SCHEMA)
    return con


def open_existing(path: Path) -> sqlite3.Connection:
    """Open a store for reading; StoreError with the fix when it is missing or foreign."""
    if not Path(path).is_file():
        raise StoreError(f"No store at '{path}'. Build one first: `ioggraph build CORPUS --store {path}`.")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        version = get_meta(con, "schema_version")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"'{path}' is not an ioggraph store ({exc}); rebuild it with `ioggraph build`.") from None
    if version != SCHEMA_VERSION:
        raise StoreError(f"'{path}' has store schema {version!r}, expected {SCHEMA_VERSION!r}; rebuild it with `ioggraph build`.")
    return con


@contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """Yield a connection to a temporary copy of the store; replace the store on success only."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    if path.exists():
        shutil.copyfile(path, tmp)
    con = connect(tmp)
    try:
        with con:
            set_meta(con, "schema_version", SCHEMA_VERSION)
            yield con
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, path)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise


def get_meta(con: sqlite3.Connection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def known_hashes(con: sqlite3.Connection) -> dict[str, str]:
    return {row["path"]: row["sha256"] for row in con.execute("SELECT path, sha256 FROM documents")}


def delete_documents(con: sqlite3.Connection, paths: list[str]) -> None:
    con.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p in paths])


def write_document(con: sqlite3.Connection, article: Article, result: DocResult) -> None:
    """Replace everything stored for ``article.path`` with ``result``."""
    delete_documents(con, [article.path])
    cur = con.execute(
        "INSERT INTO documents(path, sha256, size, title, date, url, text) VALUES (?,?,?,?,?,?,?)",
        (article.path, article.sha256, article.size, article.title, article.date, article.url, article.text))
    doc_id = cur.lastrowid
    con.executemany("INSERT INTO doc_actors VALUES (?,?,?,?,?,?)", [
        (doc_id, a.key, a.label, a.type, json.dumps(list(a.aliases), ensure_ascii=False), int(a.registry))
        for a in result.actors.values()])
    con.executemany('INSERT INTO mentions VALUES (?,?,?,?,?,?,?)', [
        (doc_id, m.start, m.end, m.text, m.key, m.type, m.source) for m in result.mentions])
    con.executemany("INSERT INTO relations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        _relation_row(doc_id, asdict(r)) for r in result.relations])


def _relation_row(doc_id: int, r: dict) -> tuple:
    return (doc_id, r["source"], r["target"], r["relation"], r["kind"], r["start"], r["end"], r["quote"],
            r["rule"], r["technique"], json.dumps(list(r["techniques"])), float(r["confidence"]), r["modality"],
            json.dumps(list(r["reported_by"]), ensure_ascii=False), json.dumps(list(r["channels"]), ensure_ascii=False),
            r["trigger"], int(r["target_is_technique"]))


def counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = ("documents", "mentions", "actors", "relations")
    return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
