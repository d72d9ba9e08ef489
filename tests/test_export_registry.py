"""ioggraph.export: registry, names and aliases, atomic writes, determinism of every format."""
from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from export_fixtures import GRAPH_NAMES, load_graph
from ioggraph import export
from ioggraph.errors import IoggraphError, UnknownFormat

CANONICAL = ["json", "graphml", "gexf", "ttl", "nt", "jsonld", "stix", "csv", "graphology", "html", "navigator"]
SINGLE = [f for f in CANONICAL if f != "csv"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name, canonical", [
    ("json", "json"), ("graphml", "graphml"), ("gexf", "gexf"), ("ttl", "ttl"), ("turtle", "ttl"),
    ("nt", "nt"), ("ntriples", "nt"), ("jsonld", "jsonld"), ("json-ld", "jsonld"), ("stix", "stix"),
    ("csv", "csv"), ("TTL", "ttl"), (" Turtle ", "ttl"),
])
def test_names_and_aliases(name, canonical):
    assert export.get(name).name == canonical


def test_canonical_names():
    assert export.names() == CANONICAL
    assert set(CANONICAL) <= set(export.FORMATS)


@pytest.mark.parametrize("bad", ["xml", "", "pdf", "graphmlx"])
def test_unknown_format_lists_known_names(bad, tmp_path):
    with pytest.raises(UnknownFormat) as info:
        export.write(load_graph("small"), bad, tmp_path / "out")
    message = str(info.value)
    assert isinstance(info.value, IoggraphError)
    for name in CANONICAL + ["turtle"]:
        assert name in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("fmt", SINGLE)
def test_two_writes_are_byte_identical(graph, fmt, tmp_path):
    G = load_graph(graph)
    first, second = tmp_path / "a.out", tmp_path / "b.out"
    assert export.write(G, fmt, first) == [first]
    export.write(load_graph(graph), fmt, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().endswith(b"\n")


def _shuffled(G: nx.MultiDiGraph, seed: int) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in another order."""
    rng = random.Random(seed)
    nodes, edges = list(G.nodes(data=True)), list(G.edges(keys=True, data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("fmt", SINGLE)
def test_output_does_not_depend_on_insertion_order(graph, fmt):
    G = load_graph(graph)
    assert export.render(_shuffled(G, 7), fmt) == export.render(G, fmt)


_HASHSEED_SCRIPT = """
import hashlib, sys
sys.path[:0] = [{root!r}, {tests!r}]
from export_fixtures import load_graph
from ioggraph import export
for fmt in {formats!r}:
    for name in ("small", "hostile"):
        print(fmt, name, hashlib.sha256(export.render(load_graph(name), fmt)).hexdigest())
"""


def test_output_does_not_depend_on_hash_seed():
    script = _HASHSEED_SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"), formats=SINGLE)
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]


def test_csv_writes_nodes_and_edges_beside_the_stem(tmp_path):
    written = export.write(load_graph("small"), "csv", tmp_path / "graph.csv")
    assert written == [tmp_path / "graph.nodes.csv", tmp_path / "graph.edges.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.edges.csv", "graph.nodes.csv"]


def test_csv_refuses_a_file_object():
    with pytest.raises(IoggraphError, match="several files"):
        export.write(load_graph("small"), "csv", io.BytesIO())


@pytest.mark.parametrize("handle", [io.BytesIO, io.StringIO])
def test_write_to_a_file_object(handle):
    buffer = handle()
    assert export.write(load_graph("small"), "json", buffer) == []
    value = buffer.getvalue()
    expected = export.render(load_graph("small"), "json")
    assert (value if isinstance(value, bytes) else value.encode("utf-8")) == expected


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "graph.json"
    target.write_text("old\n")

    def boom(handle, data):  # fail after the temporary file was opened
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "fsync", lambda fd: boom(None, None))
    with pytest.raises(OSError, match="disk full"):
        export.write(load_graph("small"), "json", target)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]


def test_atomic_write_creates_parent_and_leaves_no_temp(tmp_path):
    target = tmp_path / "deep" / "er" / "graph.ttl"
    export.write(load_graph("small"), "turtle", target)
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


def test_render_refuses_split_formats():
    with pytest.raises(IoggraphError, match="several files"):
        export.render(load_graph("small"), "csv")
