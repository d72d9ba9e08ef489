"""Scale-benchmark measurements on a built store, run in a fresh subprocess by :mod:`ioggraph.bench_scale`.

Tasks: ``touch_rebuild`` (no-change rebuild, then a rebuild after one article changed), ``query``
(``query --actor`` the way the CLI runs it, in-process, for the most and a rarely mentioned actor)
and ``export`` (load the graph, then each format). Each prints ``BENCH-RESULT {json}`` like
:mod:`ioggraph.bench_worker`.
"""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

EXPORT_FORMATS = ("json", "graphml", "gexf", "ttl", "nt", "jsonld", "stix", "csv")


def touch_rebuild(spec: dict[str, Any]) -> dict[str, Any]:
    from ioggraph.bench_worker import _counts, _load_build
    build, nlp, load = _load_build(spec)
    corpus, store = Path(spec["corpus"]), Path(spec["store"])
    start = time.perf_counter()
    noop = build(corpus, store, nlp=nlp)
    noop_s = time.perf_counter() - start
    victim = sorted(corpus.glob("*.txt"))[len(list(corpus.glob("*.txt"))) // 2]
    with victim.open("a", encoding="utf-8") as fh:
        fh.write("\nThe ministry later issued a short correction to this report.\n")
    start = time.perf_counter()
    after = build(corpus, store, nlp=nlp)
    return {"seconds": time.perf_counter() - start, "load_seconds": load, "noop_seconds": noop_s,
            "noop_counts": _counts(noop), "rebuild_counts": _counts(after), "changed_file": victim.name}


def _actors(store: Path) -> tuple[str, str]:
    """The most mentioned actor and one mentioned about 3 times (a typical lookup)."""
    con = sqlite3.connect(store)
    try:
        rows = con.execute("SELECT a.label, COUNT(*) AS n FROM mentions m JOIN actors a ON a.id = m.key "
                           "GROUP BY a.id ORDER BY n DESC, a.id").fetchall()
    finally:
        con.close()
    rare = next((label for label, n in rows if n <= 3), rows[-1][0])
    return rows[0][0], rare


def query(spec: dict[str, Any]) -> dict[str, Any]:
    store = Path(spec["store"])
    top, rare = _actors(store)
    out: dict[str, Any] = {"load_seconds": 0.0, "actors": [top, rare]}
    import ioggraph.actor_view  # noqa: F401  (import time is not query latency)
    for name, key in ((top, "top"), (rare, "rare")):
        start = time.perf_counter()
        _query_once(store, name)
        out[f"{key}_seconds"] = time.perf_counter() - start
    out["seconds"] = out["rare_seconds"]
    start = time.perf_counter()  # the whole command: Python start-up and imports (spaCy) included
    subprocess.run([sys.executable, "-m", "ioggraph", "query", "--actor", rare, "--store", str(store)],
                   check=True, capture_output=True)
    out["cli_seconds"] = time.perf_counter() - start
    return out


def _query_once(store: Path, name: str) -> str:
    """What ``ioggraph query --actor NAME`` computes (see cli.query)."""
    from ioggraph.actor_view import actor_view
    from ioggraph.query import format_card
    return format_card(actor_view(store, name))


def export(spec: dict[str, Any]) -> dict[str, Any]:
    from ioggraph.export import write
    from ioggraph.export.dates import add_file_dates
    from ioggraph.graph import load_graph
    start = time.perf_counter()
    G = load_graph(Path(spec["store"]))
    # as `ioggraph export --corpus DIR` does: STIX reports of undated (generated) articles take their file's date
    add_file_dates(G, [Path(spec["corpus"])], Path(spec["store"]))
    out: dict[str, Any] = {"load_seconds": 0.0, "graph_seconds": time.perf_counter() - start,
                           "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "formats": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in EXPORT_FORMATS:
            start = time.perf_counter()
            write(G, fmt, Path(tmp) / f"graph.{fmt}")
            out["formats"][fmt] = round(time.perf_counter() - start, 3)
    out["seconds"] = out["graph_seconds"] + sum(out["formats"].values())
    return out


TASKS = {"touch_rebuild": touch_rebuild, "query": query, "export": export}
