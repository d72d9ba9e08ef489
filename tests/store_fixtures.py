"""Helpers for tests of stores written by older versions."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_without_table(db: Path, dest: Path, table: str) -> Path:
    """A copy of the store ``db`` at ``dest`` without ``table`` (as an older version wrote it)."""
    src = sqlite3.connect(db)
    src.backup(dst := sqlite3.connect(dest))
    src.close()
    dst.execute(f"DROP TABLE {table}")
    dst.commit()
    dst.close()
    return dest
