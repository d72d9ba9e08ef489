"""Exports that hostile text cannot break: N-Triples sorted by triple, CSV without formulas."""
from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph

from export_fixtures import load_graph
from ioggraph import export
from ioggraph.export.csv_export import escape_formula, render_edges, render_nodes

SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e", "\x0c", "\x0b"]


def _with_text(text: str):
    G = load_graph("small")
    node = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "actor")[0]
    G.nodes[node]["label"] = text
    G.nodes[node]["aliases"] = [text, "@SUM(1+1)*cmd|' /C calc'!A0"]
    for _u, _v, _k, data in G.edges(keys=True, data=True):
        for ev in data.get("evidence", []):
            ev["quote"] = text
    return G


@pytest.mark.parametrize("sep", SEPARATORS)
def test_ntriples_survive_line_separators(sep: str) -> None:
    G = _with_text(f"before{sep}after")
    data = export.render(G, "nt")
    parsed = Graph().parse(data=data.decode("utf-8"), format="nt")
    assert len(parsed) == len(data.decode("utf-8").rstrip("\n").split("\n"))
    assert data == export.render(G, "nt")  # still deterministic


@pytest.mark.parametrize("cell, escaped", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("China", "China"), ("", ""), ("a=b", "a=b"),
])
def test_escape_formula(cell: str, escaped: str) -> None:
    assert escape_formula(cell) == escaped


def test_csv_cells_never_start_a_formula() -> None:
    G = _with_text("=cmd|' /C calc'!A0")
    for table in (render_nodes(G), render_edges(G)):
        rows = list(csv.reader(io.StringIO(table.decode("utf-8"), newline="")))
        header = rows[0]
        numeric = {i for i, name in enumerate(header) if name in ("mentions", "Weight", "confidence", "size")}
        for row in rows[1:]:
            for i, cell in enumerate(row):
                if i not in numeric:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (header[i], cell)
    assert "'=cmd|' /C calc'!A0" in render_nodes(G).decode("utf-8")
