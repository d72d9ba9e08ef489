"""CSV export: Gephi spreadsheet tables read back with the csv module."""
from __future__ import annotations

import csv

import pytest

from export_fixtures import GRAPH_NAMES, load_graph
from ioggraph import export
from ioggraph.export._common import clean_text


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_tables_round_trip(graph, tmp_path):
    G = load_graph(graph)
    nodes_path, edges_path = export.write(G, "csv", tmp_path / "g.csv")
    nodes, edges = _read(nodes_path), _read(edges_path)
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert {r["Id"]: r["Label"] for r in nodes} == {n: clean_text(d["label"]) for n, d in G.nodes(data=True)}
    assert sorted((r["Source"], r["Target"], r["Id"]) for r in edges) == sorted(
        (u, v, k) for u, v, k in G.edges(keys=True))
    assert all(r["Type"] == "Directed" and float(r["Weight"]) >= 1 for r in edges)
    assert all(r["Label"] == r["relation"] for r in edges)


def test_hostile_cells_keep_newlines_and_lose_controls(tmp_path):
    _nodes, edges_path = export.write(load_graph("hostile"), "csv", tmp_path / "g.csv")
    quotes = [r["quote"] for r in _read(edges_path)]
    assert any("\n" in q and '"press"' in q for q in quotes)
    assert not any("\x01" in q or "\x0b" in q for q in quotes)
