"""Is this path an ioggraph store we may read or build into? Refuse early, with the fix.

Cases: the folder is missing, the path is a folder, the file is not SQLite, it is SQLite but holds
another program's tables, or it was written by a newer ioggraph (store schema version). An empty
file, or an SQLite file without any table (what a first build killed before its commit leaves), is
a new store.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ioggraph.errors import StoreError

SCHEMA_VERSION = "3"  # 2: relations.disputed_by; 3: actors.mentions/documents (a build migrates older stores)
SQLITE_MAGIC = b"SQLite format 3\x00"


def check_writable(path: Path) -> None:
    """StoreError unless a build may create or update the store at ``path``."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise StoreError(f"The folder of the store '{path}' does not exist; create it (mkdir -p {parent}) "
                         "or choose another --store.")
    if path.is_dir():
        raise StoreError(f"--store '{path}' is a folder; give a file name such as {path / 'ioggraph.db'}.")
    if path.exists():
        _check_contents(path)


def check_readable(path: Path) -> None:
    """StoreError unless ``path`` holds a store some build committed."""
    if path.is_dir():
        raise StoreError(f"--store '{path}' is a folder; give the store file, e.g. {path / 'ioggraph.db'}.")
    if not path.is_file():
        raise StoreError(f"No store at '{path}'. Build one first: `ioggraph build CORPUS --store {path}`.")
    if _check_contents(path) is None:
        raise StoreError(f"'{path}' holds no finished build yet; build it: `ioggraph build CORPUS --store {path}`.")


def _check_contents(path: Path) -> str | None:
    """The store's schema version, None for a new (empty) store; StoreError for a foreign file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"Cannot read the store '{path}' ({exc.strerror or exc}); check its permissions.") from None
    if not head:
        return None
    if head != SQLITE_MAGIC:
        raise StoreError(f"'{path}' is not an SQLite database, so not an ioggraph store; choose another --store "
                         "(ioggraph will not overwrite it).")
    version, tables = _read_version(path)
    if version is None and tables:
        raise StoreError(f"'{path}' is an SQLite database of another program (tables: {', '.join(tables[:5])}), "
                         "not an ioggraph store; choose another --store (ioggraph will not change it).")
    if version is not None and _newer(version):
        raise StoreError(f"'{path}' was written by a newer ioggraph (store schema {version}, this one reads "
                         f"{SCHEMA_VERSION}); upgrade ioggraph (pip install -U ioggraph) or build into a new --store.")
    return version


def _read_version(path: Path) -> tuple[str | None, list[str]]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            if "meta" not in tables:
                return None, tables
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return (row[0] if row else None), tables
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"'{path}' is not a readable SQLite database ({exc}); choose another --store, or "
                         "restore it from a backup.") from None


def _newer(version: str) -> bool:
    try:
        return int(version) > int(SCHEMA_VERSION)
    except ValueError:
        return version != SCHEMA_VERSION
