"""The store changes in place inside one transaction: faults, kill -9, concurrent builds, foreign files."""
from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ioggraph import store
from ioggraph.build import build
from ioggraph.cli import cli
from ioggraph.errors import StoreBusy, StoreError, StoreFull
from ioggraph.export import write
from ioggraph.graph import load_graph
from ioggraph.store_lock import build_lock, lock_path

pytestmark = pytest.mark.model


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return list(con.iterdump())
    finally:
        con.close()


def export_json(path: Path, out: Path) -> bytes:
    write(load_graph(path), "json", out)
    return out.read_bytes()


def change_corpus(corpus: Path) -> None:
    """Two files changed, one removed, one added: the next build writes 3 documents and deletes 1."""
    files = sorted(corpus.glob("*.txt"))
    for f in files[:2]:
        f.write_text(f.read_text(encoding="utf-8") + "\nOfficials said the campaign used fake accounts.\n", encoding="utf-8")
    files[2].unlink()
    (corpus / "new.txt").write_text("China has financed trips for local Taiwanese legislators.\n", encoding="utf-8")


def killed_build(corpus: Path, db: Path, nlp, point: str) -> int:
    """Run a build in a forked child that SIGKILLs itself at ``point``; return the signal."""
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.environ["IOGGRAPH_FAULT"] = point
            build(corpus, db, nlp=nlp)
        finally:
            os._exit(3)  # the point was never reached
    _, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)


@pytest.mark.parametrize("point", ["locked", "planned", "doc-1", "doc-2", "actors"])
def test_kill_9_leaves_the_previous_build(seed_corpus: Path, tmp_path: Path, nlp, point: str) -> None:
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    before = dump(db)
    change_corpus(seed_corpus)
    nodes = load_graph(db).number_of_nodes()
    assert killed_build(seed_corpus, db, nlp, point) == signal.SIGKILL
    assert load_graph(db).number_of_nodes() == nodes  # a read-only reader sees the previous build
    assert dump(db) == before
    report = build(seed_corpus, db, nlp=nlp)  # the leftover WAL and lock file do not get in the way
    assert sorted(report.parsed) == ["000_288ca03303477d56.txt", "001_f977d078cdb8bfdf.txt", "new.txt"]
    fresh = tmp_path / "fresh.db"
    build(seed_corpus, fresh, nlp=nlp)
    assert export_json(db, tmp_path / "a.json") == export_json(fresh, tmp_path / "b.json")


def test_incremental_actors_equal_a_full_recompute(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    change_corpus(seed_corpus)
    build(seed_corpus, db, nlp=nlp)
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    incremental = [tuple(r) for r in con.execute("SELECT * FROM actors ORDER BY id")]
    con.execute("BEGIN")
    store.refresh_actors(con, [r[0] for r in con.execute("SELECT DISTINCT key FROM doc_actors")] + ["gone"])
    assert [tuple(r) for r in con.execute("SELECT * FROM actors ORDER BY id")] == incremental
    con.rollback()
    keys = {r[0] for r in con.execute("SELECT DISTINCT key FROM doc_actors")}
    assert {r[0] for r in con.execute("SELECT id FROM actors")} == keys
    counted = {r[0]: (r[1], r[2]) for r in con.execute(
        "SELECT key, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions GROUP BY key")}
    kept = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, mentions, documents FROM actors")}
    assert kept == {k: counted.get(k, (0, 0)) for k in kept} and max(m for m, _ in kept.values()) > 1


def test_a_store_of_schema_2_is_read_and_its_counts_added_by_the_next_build(seed_corpus: Path, tmp_path: Path,
                                                                             nlp) -> None:
    from ioggraph.actor_view import actor_view
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    card = actor_view(db, "China")
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE actors DROP COLUMN mentions")
    con.execute("ALTER TABLE actors DROP COLUMN documents")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    assert actor_view(db, "China") == card          # counted in the index instead
    change_corpus(seed_corpus)
    build(seed_corpus, db, nlp=nlp)
    con = sqlite3.connect(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == store.SCHEMA_VERSION
    assert con.execute("SELECT COUNT(*) FROM actors WHERE mentions IS NULL OR documents IS NULL").fetchone()[0] == 0
    con.close()


def test_deleting_paths_not_stored_changes_nothing(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    """A path the store does not hold (every new document a build writes) is passed over."""
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    before = dump(db)
    with store.writer(db) as con:
        assert store.delete_documents(con, ["not/stored.txt", "other.txt"]) == set()
    assert dump(db) == before


def test_second_build_stops_naming_the_first(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    before = dump(db)
    with build_lock(db):
        with pytest.raises(StoreBusy, match=rf"Another build is writing .*pid {os.getpid()} on \S+, started 20"):
            build(seed_corpus, db, nlp=nlp, wait=0.3)
    assert dump(db) == before
    assert lock_path(db).read_text() == ""


def test_second_build_waits_for_the_first(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    db = tmp_path / "g.db"
    held = threading.Event()

    def hold() -> None:
        with build_lock(db):
            held.set()
            time.sleep(0.5)
    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    report = build(seed_corpus, db, nlp=nlp, wait=10)
    thread.join()
    assert len(report.parsed) == 3


def test_cli_busy_store_is_one_error_line(seed_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with build_lock(db):
        result = CliRunner().invoke(cli, ["build", str(seed_corpus), "--store", str(db), "--wait", "0"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: Another build is writing") and "Traceback" not in result.output


def sqlite_foreign(p: Path) -> Path:
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    return p


def sqlite_newer(p: Path) -> Path:
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    con.commit()
    con.close()
    return p


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing" / "g.db", r"folder of the store .* does not exist; create it \(mkdir -p"),
    (lambda d: d, r"is a folder; give a file name"),
    (lambda d: (d / "notes.db").write_text("my notes") and d / "notes.db", r"is not an SQLite database"),
    (lambda d: sqlite_foreign(d / "photos.db"), r"SQLite database of another program \(tables: photos\)"),
    (lambda d: sqlite_newer(d / "new.db"), r"newer ioggraph \(store schema 99, this one reads 3\); upgrade"),
])
def test_store_that_is_not_ours_is_refused(seed_corpus: Path, tmp_path: Path, nlp, make, message: str) -> None:
    path = make(tmp_path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StoreError, match=message):
        build(seed_corpus, path, nlp=nlp)
    if before is not None:
        assert path.read_bytes() == before
    for args in (["query", "--actor", "China"], ["build", str(seed_corpus)], ["export", "--format", "json", "-o", str(path) + ".json"]):
        result = CliRunner().invoke(cli, [*args, "--store", str(path)])
        assert result.exit_code == 1 and result.output.startswith("Error: ") and "Traceback" not in result.output, args


def test_n_process_below_one_is_refused(seed_corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(seed_corpus), "--store", str(tmp_path / "g.db"), "--n-process", "0"])
    assert result.exit_code == 2 and "--n-process" in result.output


def test_disk_full_keeps_the_previous_build(seed_corpus: Path, tmp_path: Path, nlp, monkeypatch) -> None:
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    before = dump(db)
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    connect = store.connect

    def small_disk(path: Path) -> sqlite3.Connection:
        con = connect(path)
        con.execute(f"PRAGMA max_page_count = {pages}")  # what a full disk looks like to SQLite
        return con
    monkeypatch.setattr(store, "connect", small_disk)
    (seed_corpus / "more.txt").write_text("China financed trips. " + "x" * 100_000 + "\n", encoding="utf-8")  # one long token: cheap to parse
    with pytest.raises(StoreFull, match="is full .*keeps its previous build. Free some space"):
        build(seed_corpus, db, nlp=nlp)
    monkeypatch.undo()
    assert dump(db) == before


def test_legacy_temp_files_and_a_stale_wal_do_not_break_a_build(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    (tmp_path / "g.db.tmp").write_bytes(b"half a copy")
    (tmp_path / "g.db.tmp-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 500)
    (tmp_path / "g.db-wal").write_bytes(b"not a wal from this store" * 40)
    before = dump(db)
    report = build(seed_corpus, db, nlp=nlp)
    assert report.unchanged == 3 and dump(db) == before
    assert not (tmp_path / "g.db.tmp").exists() and not (tmp_path / "g.db.tmp-journal").exists()


@pytest.mark.parametrize("sql, index", [
    ("SELECT * FROM documents WHERE path = 'x'", "sqlite_autoindex_documents_1"),
    ("SELECT * FROM mentions WHERE key = 'x'", "mentions_key_doc"),
    ("SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM mentions WHERE key = 'x'", "COVERING INDEX mentions_key_doc"),
    ("SELECT * FROM mentions WHERE doc_id = 1", "mentions_doc"),
    ("SELECT * FROM relations WHERE source = 'x'", "relations_edge"),
    ("SELECT doc_id FROM relations WHERE source = 'x' AND target = 'y' AND relation = 'z' AND technique IS NULL",
     "COVERING INDEX relations_edge"),
    ("SELECT * FROM edges WHERE source = 'x' OR target = 'x'", "edges_source"),
    ("SELECT * FROM edges WHERE source = 'x' OR target = 'x'", "edges_target"),
    ("SELECT * FROM relations WHERE target = 'x'", "relations_target"),
    ("SELECT * FROM relations WHERE doc_id = 1", "relations_doc_start"),
    ("SELECT * FROM doc_actors WHERE key = 'x'", "doc_actors_key"),
    ("SELECT * FROM actors WHERE id = 'x'", "sqlite_autoindex_actors_1"),
])
def test_every_lookup_has_an_index(seed_store: Path, sql: str, index: str) -> None:
    con = store.open_existing(seed_store)
    plan = " ".join(str(tuple(r)) for r in con.execute("EXPLAIN QUERY PLAN " + sql))
    assert index in plan


def test_store_is_wal_and_full_sync(seed_store: Path) -> None:
    con = store.connect(seed_store)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
