"""The store of record: one SQLite file holding documents, mentions, actors and relations.

Per-document tables (``documents``, ``doc_actors``, ``mentions``, ``relations``) are written as
each document is parsed; ``actors`` (one row per real-world actor) is derived from them by
:mod:`ioggraph.resolve`, for the actor keys the build touched, before the build commits, with the
numbers of its mentions and of the documents mentioning it (what the actor card shows). ``edges``
(one row per graph edge: source, target, relation, technique) holds each edge's aggregates (number
of quotes, best confidence and modality, techniques, reporters, disputers, channels) so that
``query --actor`` reads an actor's edges without reading all their relation rows; the edges of the
relation rows a transaction inserted or deleted are recomputed before it commits (:func:`writer`).

A build changes the store in place inside **one SQLite write transaction** (:func:`writer`):
journal mode WAL, ``synchronous=FULL`` (the commit is on disk when the build reports success; a
build commits once, so the extra fsync costs nothing measurable). A build killed at any point
(kill -9, power loss, disk full) leaves the previous committed build: SQLite ignores WAL frames
that were never committed, and a WAL belongs to its own database file (salted header), so it is
never replayed into another store. Only one build writes a store at a time (:mod:`ioggraph.store_lock`).
Checks that the path is an ioggraph store live in :mod:`ioggraph.store_check`.

Older stores are migrated by the build that opens them (:func:`migrate`): store schema 1 (before
``relations.disputed_by``) gets the column by ``ALTER TABLE`` and its pipeline stamp is cleared, so
that build parses every document again and fills it. Readers of an older store see no disputes.
Store schema 2 (before ``actors.mentions``/``actors.documents``) gets the columns and their counts;
readers of such a store count the ``mentions_key_doc`` index instead.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from itertools import groupby
from pathlib import Path

from ioggraph.errors import StoreError, StoreFull
from ioggraph.model import Article, DocResult
from ioggraph.resolve import ResolvedActor, resolve
from ioggraph.store_check import SCHEMA_VERSION, check_readable, check_writable
from ioggraph.store_lock import DEFAULT_WAIT, build_lock

__all__ = ["SCHEMA_VERSION", "actor_counts", "actor_id", "connect", "counts", "delete_documents", "get_meta",
           "has_actor_names", "known_hashes", "migrate", "open_existing", "refresh_actors", "refresh_edges",
           "set_meta", "write_document", "writer"]

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
    trigger TEXT NOT NULL, target_is_technique INTEGER NOT NULL, disputed_by TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL,
    registry INTEGER NOT NULL, doc_keys TEXT NOT NULL, mentions INTEGER, documents INTEGER);
CREATE TABLE IF NOT EXISTS actor_names (name TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (name, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges (
    key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, relation TEXT NOT NULL, technique TEXT,
    target_is_technique INTEGER NOT NULL, evidence_count INTEGER NOT NULL, confidence REAL NOT NULL,
    modality TEXT NOT NULL, techniques TEXT NOT NULL, reported_by TEXT NOT NULL, disputed_by TEXT NOT NULL,
    channels TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS edges_source ON edges(source);
CREATE INDEX IF NOT EXISTS edges_target ON edges(target);
CREATE INDEX IF NOT EXISTS actor_names_id ON actor_names(id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
DROP INDEX IF EXISTS mentions_key;
CREATE INDEX IF NOT EXISTS mentions_key_doc ON mentions(key, doc_id);
CREATE INDEX IF NOT EXISTS doc_actors_key ON doc_actors(key);
DROP INDEX IF EXISTS relations_doc;
CREATE INDEX IF NOT EXISTS relations_doc_start ON relations(doc_id, start);
DROP INDEX IF EXISTS relations_source;
CREATE INDEX IF NOT EXISTS relations_edge ON relations(source, target, relation, technique, doc_id, start);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target);
"""
# Lookups and the index serving each: documents by path (UNIQUE); a document's rows (mentions_doc,
# relations_doc_start, doc_actors PK); an actor's mentions, and how many documents hold them, without
# reading the table (mentions_key_doc); the doc_actors of one key
# when actors are refreshed (doc_actors_key); an actor's edges both ways (edges_source/_target), an
# edge's rows in stored order (relations_edge; its prefix serves "source = ?") and an actor's rows as
# target (relations_target); actors by id (PK); an actor by any normalised name or alias (actor_names
# PK, derived like actors). relations_edge replaces relations_source (source alone).
# relations_doc_start also serves the graph's ORDER BY doc_id, start; it replaces relations_doc
# (doc_id alone), which stores of ioggraph <= 0.2 have; mentions_key_doc replaces mentions_key (key alone).
JOURNAL_MODE = "wal"
SYNCHRONOUS = "FULL"
BUSY_MS = 2000


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection with the store's pragmas: WAL journal, synchronous FULL, foreign keys."""
    con = sqlite3.connect(str(path), timeout=BUSY_MS / 1000, isolation_level=None)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA foreign_keys = ON")
    mode = con.execute(f"PRAGMA journal_mode = {JOURNAL_MODE}").fetchone()[0]
    if mode.lower() != JOURNAL_MODE:
        con.close()
        raise StoreError(f"'{path}': SQLite could not switch the store to WAL journal mode (got {mode!r}); "
                         "put the store on a local file system (not a network share) and build again.")
    con.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    return con


def open_existing(path: Path) -> sqlite3.Connection:
    """Open a store for reading; StoreError with the fix when it is missing or foreign."""
    check_readable(Path(path))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    return con


@contextmanager
def writer(path: Path, *, wait: float = DEFAULT_WAIT) -> Iterator[sqlite3.Connection]:
    """Hold the build lock and yield a connection inside one write transaction; commit on success.

    Any exception (KeyboardInterrupt included) rolls back, so the store keeps its previous build.
    """
    path = Path(path)
    check_writable(path)
    with build_lock(path, wait=wait):
        _remove_legacy_temp(path)
        con = _translate(lambda: connect(path), path)
        try:
            _translate(lambda: con.execute("BEGIN IMMEDIATE"), path)
            _translate(lambda: _create_schema(con), path)
            _translate(lambda: migrate(con), path)
            set_meta(con, "schema_version", SCHEMA_VERSION)
            _backfill_names(con)
            _backfill_edges(con)
            yield con
            refresh_edges(con)
            _translate(lambda: con.execute("COMMIT"), path)
        except BaseException as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise _store_error(exc, path) from None
            raise
        finally:
            con.close()


def _create_schema(con: sqlite3.Connection) -> None:
    """The DDL inside the open transaction (executescript would COMMIT it first)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            con.execute(statement)


RELATION_COLUMNS_ADDED = {"disputed_by": "TEXT NOT NULL DEFAULT '[]'"}  # since store schema 2
# since store schema 3: an actor's number of mentions and of documents mentioning it, kept by refresh_actors
# (the card showed them by counting index entries: 23 ms for the busiest actor of 50,000 articles)
ACTOR_COLUMNS_ADDED = {"mentions": "INTEGER", "documents": "INTEGER"}


def migrate(con: sqlite3.Connection) -> list[str]:
    """Add the ``relations`` and ``actors`` columns an older store lacks; return their names. When a
    relations column is added, the pipeline stamp is dropped so that the build re-parses every document
    (old rows hold no value); the actors' counts are computed from ``mentions``."""
    added = _add_columns(con, "relations", RELATION_COLUMNS_ADDED)
    if added:
        con.execute("DELETE FROM meta WHERE key = 'pipeline'")
    counts_added = _add_columns(con, "actors", ACTOR_COLUMNS_ADDED)
    if counts_added:
        _count_mentions(con)
    return added + counts_added


def _add_columns(con: sqlite3.Connection, table: str, columns: dict[str, str]) -> list[str]:
    """``ALTER TABLE`` ``table`` to add those of ``columns`` (name -> declaration) it lacks; their names."""
    have = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
    added = [name for name in columns if name not in have]
    for name in added:
        con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {columns[name]}")
    return added


def _remove_legacy_temp(path: Path) -> None:
    """Temporary copies left by builds of ioggraph <= 0.2 (the copy-the-file transaction)."""
    for suffix in (".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _translate(call, path: Path):
    try:
        return call()
    except sqlite3.OperationalError as exc:
        raise _store_error(exc, path) from None


def _store_error(exc: sqlite3.OperationalError, path: Path) -> StoreError:
    text = str(exc)
    if "full" in text:
        return StoreFull(f"The disk holding '{path}' is full ({text}); the store keeps its previous build. "
                         "Free some space (or use --store on another disk) and build again.")
    if "locked" in text or "busy" in text:
        return StoreError(f"'{path}' is locked by another program ({text}); close it and build again.")
    return StoreError(f"SQLite failed on '{path}' ({text}); the store keeps its previous build.")


def get_meta(con: sqlite3.Connection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value "
                "WHERE value != excluded.value", (key, value))


def known_hashes(con: sqlite3.Connection) -> dict[str, str]:
    return {row["path"]: row["sha256"] for row in con.execute("SELECT path, sha256 FROM documents")}


def delete_documents(con: sqlite3.Connection, paths: Iterable[str]) -> set[str]:
    """Delete documents (and, by cascade, their rows); return the actor keys they held. A path not in the
    store holds nothing: one look-up in the documents index passes it over (every new document a build
    writes comes through here first)."""
    keys: set[str] = set()
    for path in paths:
        if con.execute("SELECT 1 FROM documents WHERE path = ?", (path,)).fetchone() is None:
            continue
        keys |= {r[0] for r in con.execute(
            "SELECT key FROM doc_actors WHERE doc_id = (SELECT id FROM documents WHERE path = ?)", (path,))}
        _touch_edges(con, con.execute("SELECT DISTINCT source, target, relation, technique FROM relations "
                                      "WHERE doc_id = (SELECT id FROM documents WHERE path = ?)", (path,)).fetchall())
        con.execute("DELETE FROM documents WHERE path = ?", (path,))
    return keys


def write_document(con: sqlite3.Connection, article: Article, result: DocResult) -> set[str]:
    """Replace everything stored for ``article.path`` with ``result``; return the actor keys touched."""
    keys = delete_documents(con, [article.path])
    cur = con.execute(
        "INSERT INTO documents(path, sha256, size, title, date, url, text) VALUES (?,?,?,?,?,?,?)",
        (article.path, article.sha256, article.size, article.title, article.date, article.url, article.text))
    doc_id = cur.lastrowid
    con.executemany("INSERT INTO doc_actors VALUES (?,?,?,?,?,?)", [
        (doc_id, a.key, a.label, a.type, json.dumps(list(a.aliases), ensure_ascii=False), int(a.registry))
        for a in result.actors.values()])
    con.executemany('INSERT INTO mentions VALUES (?,?,?,?,?,?,?)', [
        (doc_id, m.start, m.end, m.text, m.key, m.type, m.source) for m in result.mentions])
    con.executemany("INSERT INTO relations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        _relation_row(doc_id, asdict(r)) for r in result.relations])
    _touch_edges(con, {(r.source, r.target, r.relation, r.technique) for r in result.relations})
    return keys | set(result.actors)


def _relation_row(doc_id: int, r: dict) -> tuple:
    return (doc_id, r["source"], r["target"], r["relation"], r["kind"], r["start"], r["end"], r["quote"],
            r["rule"], r["technique"], json.dumps(list(r["techniques"])), float(r["confidence"]), r["modality"],
            json.dumps(list(r["reported_by"]), ensure_ascii=False), json.dumps(list(r["channels"]), ensure_ascii=False),
            r["trigger"], int(r["target_is_technique"]), json.dumps(list(r.get("disputed_by") or ()), ensure_ascii=False))


REFRESH_BATCH = 1000   # derived rows (actors, edges) written per executemany


def refresh_actors(con: sqlite3.Connection, keys: Iterable[str]) -> None:
    """Recompute the ``actors`` (and ``actor_names``) rows of ``keys`` from ``doc_actors``.

    An actor depends on its own ``doc_actors`` rows only, so this equals recomputing every actor."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS touched (key TEXT PRIMARY KEY)")
    con.execute("DELETE FROM touched")
    con.executemany("INSERT OR IGNORE INTO touched VALUES (?)", [(k,) for k in keys])
    con.execute("DELETE FROM actors WHERE id IN (SELECT key FROM touched)")
    con.execute("DELETE FROM actor_names WHERE id IN (SELECT key FROM touched)")
    rows = con.execute("SELECT key, label, type, aliases, registry FROM doc_actors "
                       "WHERE key IN (SELECT key FROM touched) ORDER BY key, doc_id")
    batch: list = []
    for _, group in groupby(rows, key=lambda r: r["key"]):   # one actor's rows at a time: memory flat in N
        batch += resolve(list(group)).values()
        if len(batch) >= REFRESH_BATCH:
            _write_actors(con, batch)
            batch = []
    _write_actors(con, batch)
    _count_mentions(con, "WHERE id IN (SELECT key FROM touched)")
    con.execute("DELETE FROM touched")


def _count_mentions(con: sqlite3.Connection, where: str = "") -> None:
    """Set ``actors.mentions`` and ``actors.documents`` (of the actors ``where`` selects) from ``mentions``."""
    con.execute("UPDATE actors SET mentions = (SELECT COUNT(*) FROM mentions m WHERE m.key = actors.id), "  # noqa: S608
                f"documents = (SELECT COUNT(DISTINCT m.doc_id) FROM mentions m WHERE m.key = actors.id) {where}")


def actor_counts(con: sqlite3.Connection, actor: sqlite3.Row) -> tuple[int, int]:
    """(mentions, documents) of an ``actors`` row: kept in the row since store schema 3, else counted in
    the ``mentions_key_doc`` index as :func:`_count_mentions` does (a store built before, opened read-only)."""
    if "mentions" in actor.keys() and actor["mentions"] is not None:
        return actor["mentions"], actor["documents"]
    return tuple(con.execute("SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM mentions WHERE key = ?",
                             (actor["id"],)).fetchone())


def _write_actors(con: sqlite3.Connection, actors: list) -> None:
    con.executemany("INSERT INTO actors (id, label, type, aliases, registry, doc_keys) VALUES (?,?,?,?,?,?)", [
        (a.id, a.label, a.type, json.dumps(a.aliases, ensure_ascii=False), int(a.registry), json.dumps([a.id]))
        for a in actors])
    _write_names(con, actors)


def _write_names(con: sqlite3.Connection, actors: Iterable) -> None:
    from ioggraph.nlp.text import normalise
    con.executemany("INSERT OR IGNORE INTO actor_names VALUES (?, ?)", [
        (normalise(name), a.id) for a in actors for name in (a.label, a.id, *a.aliases)])


def has_actor_names(con: sqlite3.Connection) -> bool:
    """False for a store built before ``actor_names`` existed (opened read-only, so not migrated)."""
    return con.execute("SELECT 1 FROM sqlite_master WHERE name = 'actor_names'").fetchone() is not None


def actor_id(con: sqlite3.Connection, name: str) -> str | None:
    """The actor ``name`` (a label, id or alias, normalised) means: the first such id, as
    :func:`ioggraph.query.find_actor` picks it on the graph; None when no actor has that name."""
    from ioggraph.nlp.text import normalise
    row = con.execute("SELECT id FROM actor_names WHERE name = ? ORDER BY id LIMIT 1", (normalise(name),)).fetchone()
    return row[0] if row else None


def _backfill_names(con: sqlite3.Connection) -> None:
    """Stores built before ``actor_names`` existed get it filled once, from ``actors``."""
    if con.execute("SELECT 1 FROM actor_names LIMIT 1").fetchone() or not con.execute("SELECT 1 FROM actors LIMIT 1").fetchone():
        return
    rows = con.execute("SELECT id, label, type, aliases FROM actors").fetchall()
    _write_names(con, [ResolvedActor(r["id"], r["label"], r["type"], json.loads(r["aliases"])) for r in rows])


def _touch_edges(con: sqlite3.Connection, edges: Iterable[tuple]) -> None:
    """Remember (source, target, relation, technique) of changed relation rows, for :func:`refresh_edges`."""
    from ioggraph.graph import edge_key
    con.execute("CREATE TEMP TABLE IF NOT EXISTS touched_edges (key TEXT PRIMARY KEY, source TEXT, target TEXT, "
                "relation TEXT, technique TEXT)")
    con.executemany("INSERT OR IGNORE INTO touched_edges VALUES (?, ?, ?, ?, ?)",
                    [(edge_key(*e), *e) for e in (tuple(e) for e in edges)])


def refresh_edges(con: sqlite3.Connection) -> int:
    """Recompute the ``edges`` rows of every edge whose relation rows changed in this transaction
    (one edge's rows at a time, streamed in key order); return how many edges were recomputed.

    An edge depends on its own relation rows only, so this equals recomputing every edge."""
    from ioggraph.graph import edge_summary
    if not con.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'touched_edges'").fetchone():
        return 0
    n = con.execute("SELECT COUNT(*) FROM touched_edges").fetchone()[0]
    con.execute("DELETE FROM edges WHERE key IN (SELECT key FROM touched_edges)")
    rows = con.execute(
        "SELECT t.key AS edge, r.* FROM touched_edges t JOIN relations r ON r.source = t.source "
        "AND r.target = t.target AND r.relation = t.relation AND r.technique IS t.technique "
        "ORDER BY t.key, r.doc_id, r.start, r.rowid")
    batch = []
    for key, group in groupby(rows, key=lambda r: r["edge"]):
        e = edge_summary(list(group))
        batch.append((key, e["source"], e["target"], e["relation"], e["technique"], e["target_is_technique"],
                      e["evidence_count"], e["confidence"], e["modality"],
                      *(json.dumps(e[f], ensure_ascii=False) for f in ("techniques", "reported_by", "disputed_by", "channels"))))
        if len(batch) >= REFRESH_BATCH:
            con.executemany("INSERT INTO edges VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    con.executemany("INSERT INTO edges VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    con.execute("DELETE FROM touched_edges")
    return n


def _backfill_edges(con: sqlite3.Connection) -> None:
    """Stores built before ``edges`` existed get every edge computed once, by this build."""
    if con.execute("SELECT 1 FROM edges LIMIT 1").fetchone() or not con.execute("SELECT 1 FROM relations LIMIT 1").fetchone():
        return
    _touch_edges(con, con.execute("SELECT DISTINCT source, target, relation, technique FROM relations"))


def counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = ("documents", "mentions", "actors", "relations")
    return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
