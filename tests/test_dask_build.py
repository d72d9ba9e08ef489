"""A build on a Dask LocalCluster of 2 worker processes exports byte for byte what a local build does."""
from __future__ import annotations

from pathlib import Path

import pytest

from ioggraph.bench_corpus import generate
from ioggraph.build import build
from ioggraph.dask_build import DaskUnavailable, parse_target
from ioggraph.export import write
from ioggraph.export.dates import add_file_dates
from ioggraph.graph import load_graph

REPO = Path(__file__).resolve().parent.parent
FORMATS = ("json", "graphml", "gexf", "ttl", "stix")


@pytest.mark.parametrize("spec, expected", [
    ("local:2", ("local", 2)), ("tcp://10.0.0.5:8786", ("address", "tcp://10.0.0.5:8786")),
    ("scheduler:8786", ("address", "scheduler:8786")),
])
def test_parse_target(spec: str, expected: tuple) -> None:
    assert parse_target(spec) == expected


@pytest.mark.parametrize("spec", ["local:0", "local:x", "cluster"])
def test_parse_target_refuses(spec: str) -> None:
    with pytest.raises(DaskUnavailable, match="expected"):
        parse_target(spec)


@pytest.mark.model
def test_local_cluster_build_equals_local_build(seed_corpus: Path, tmp_path: Path, nlp, monkeypatch) -> None:
    """Also: the first worker to start a partition dies (os._exit); Dask reschedules the partition."""
    pytest.importorskip("distributed")
    generate(seed_corpus / "generated", 200, [REPO / "corpus"], seed=13, length=(3, 6))
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    build(seed_corpus, local, nlp=nlp)
    died = tmp_path / "worker-died"
    monkeypatch.setenv("IOGGRAPH_FAULT", f"dask-worker:{died}")  # LocalCluster workers inherit it
    report = build(seed_corpus, dask, nlp=nlp, dask="local:2", batch_size=16)
    assert died.exists() and len(report.parsed) == 203
    for fmt in FORMATS:
        a, b = tmp_path / f"local.{fmt}", tmp_path / f"dask.{fmt}"
        for store, path in ((local, a), (dask, b)):
            G = load_graph(store)
            add_file_dates(G, [seed_corpus])  # undated .txt articles: STIX dates them by their files
            write(G, fmt, path)
        assert a.read_bytes() == b.read_bytes(), fmt


@pytest.mark.model
def test_unreachable_scheduler_leaves_the_store(seed_corpus: Path, tmp_path: Path, nlp, monkeypatch) -> None:
    pytest.importorskip("distributed")
    import ioggraph.dask_build as dask_build
    monkeypatch.setattr(dask_build, "CONNECT_TIMEOUT", 1)
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    (seed_corpus / "new.txt").write_text("China has financed trips for local Taiwanese legislators.\n", encoding="utf-8")
    with pytest.raises(DaskUnavailable, match="Cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        build(seed_corpus, db, nlp=nlp, dask="tcp://127.0.0.1:9")
    assert sorted(load_graph(db).graph["documents"]) == sorted(p.name for p in seed_corpus.glob("0*.txt"))
