"""Building the store: incremental, atomic, deterministic, and robust to bad files."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ioggraph.build import build
from ioggraph.errors import BuildIncomplete, CorpusError
from ioggraph.export import write
from ioggraph.export.dates import add_file_dates
from ioggraph.graph import load_graph

pytestmark = pytest.mark.model
SEED = "002_59e295258330e8d1.txt"


def test_rebuild_parses_only_changed_and_drops_deleted(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    store = tmp_path / "g.db"
    first = build(seed_corpus, store, nlp=nlp)
    assert len(first.parsed) == 3 and first.actors > 10
    again = build(seed_corpus, store, nlp=nlp)
    assert (again.parsed, again.unchanged) == ([], 3)
    path = seed_corpus / SEED
    path.write_text(path.read_text(encoding="utf-8") + "\nChina denies everything.\n", encoding="utf-8")
    (seed_corpus / "000_288ca03303477d56.txt").unlink()
    changed = build(seed_corpus, store, nlp=nlp)
    assert changed.parsed == [SEED]
    assert changed.removed == ["000_288ca03303477d56.txt"]
    assert sorted(load_graph(store).graph["documents"]) == ["001_f977d078cdb8bfdf.txt", SEED]


def test_bad_files_are_reported_and_the_rest_is_built(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    (seed_corpus / "image.txt").write_bytes(b"GIF89a\x00\x01")
    (seed_corpus / "empty.txt").write_bytes(b"")
    (seed_corpus / "cp1252.txt").write_bytes("\u201cquoted\u201d".encode("cp1252"))
    report = build(seed_corpus, tmp_path / "g.db", nlp=nlp)
    assert {s.path: s.reason.split(" (")[0] for s in report.skipped} == {
        "cp1252.txt": "not valid UTF-8", "empty.txt": "empty file", "image.txt": "binary file"}
    assert len(report.parsed) == 3


def test_strict_refuses_and_leaves_store_unchanged(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    store = tmp_path / "g.db"
    build(seed_corpus, store, nlp=nlp)
    before = store.read_bytes()
    (seed_corpus / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildIncomplete, match="empty.txt"):
        build(seed_corpus, store, nlp=nlp, strict=True)
    assert store.read_bytes() == before


def test_interrupted_build_keeps_previous_store(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    store = tmp_path / "g.db"
    build(seed_corpus, store, nlp=nlp)
    before = store.read_bytes()
    for f in seed_corpus.glob("*.txt"):
        f.write_text(f.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")

    def interrupt(done: int, total: int, path: str) -> None:
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        build(seed_corpus, store, nlp=nlp, progress=interrupt)
    assert store.read_bytes() == before
    assert not (tmp_path / "g.db.tmp").exists()
    assert sqlite3.connect(store).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "nope", "does not exist"),
    (lambda p: p, "holds no .txt"),
])
def test_bad_corpus_is_an_error(tmp_path: Path, nlp, make, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        build(make(tmp_path), tmp_path / "g.db", nlp=nlp)


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "ttl", "stix", "graphology", "html", "navigator"])
def test_two_builds_give_byte_identical_exports(seed_corpus: Path, tmp_path: Path, nlp, fmt: str) -> None:
    outputs = []
    for n in (1, 2):
        store = tmp_path / f"g{n}.db"
        build(seed_corpus, store, nlp=nlp)
        out = tmp_path / f"graph{n}.{fmt}"
        G = load_graph(store)
        add_file_dates(G, [seed_corpus])  # undated .txt articles: STIX dates them by their files
        write(G, fmt, out)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_actor_dates_span_the_documents_that_mention_it(tmp_path: Path, nlp) -> None:
    corpus = tmp_path / "dated"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(
        '{"id": "a", "date": "2024-01-10", "text": "Beijing has financed trips for local Taiwanese legislators."}\n'
        '{"id": "b", "date": "2023-05-02", "text": "China has financed trips for local Taiwanese legislators."}\n'
        '{"id": "c", "text": "China has financed trips for local Taiwanese legislators."}\n', encoding="utf-8")
    store = tmp_path / "g.db"
    build(corpus, store, nlp=nlp)
    china = load_graph(store).nodes["china"]
    assert (china["first_date"], china["last_date"]) == ("2023-05-02", "2024-01-10")
