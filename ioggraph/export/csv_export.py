"""Nodes and edges tables for Gephi's spreadsheet import (and pandas, spreadsheets, SQL).

Reads a contract graph (docs/ARCHITECTURE.md). :func:`render_nodes` and :func:`render_edges`
return UTF-8 CSV bytes (RFC 4180 quoting, ``\\r\\n`` line ends, header first, deterministic).
``ioggraph.export.write(G, "csv", "out/graph.csv")`` writes two files next to each other:
``out/graph.nodes.csv`` and ``out/graph.edges.csv`` (the suffix of the given path is dropped).

* nodes: ``Id,Label,`` then the flat node columns (kind, type, aliases, mentions ...) and
  ``Color`` (``#rrggbb``).
* edges: ``Source,Target,Type,Id,Label,Weight,`` then the flat edge columns; ``Type`` is
  ``Directed``, ``Label`` the relation, ``Weight`` the number of evidence items.

Lists are joined with ``|``; text is cleaned as in GraphML (no control characters; newlines kept
inside quoted cells); empty cells mean "no value". A text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice against formula
injection: a spreadsheet would otherwise run it); numbers are written as they are.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

import networkx as nx

from ioggraph.export import _common as c

__all__ = ["render_nodes", "render_edges", "render_files", "SUFFIXES"]

SUFFIXES = (".nodes.csv", ".edges.csv")
_NODE_EXTRA = [n for n, _k in c.NODE_SCHEMA if n != "label"]
_EDGE_EXTRA = [n for n, _k in c.EDGE_SCHEMA if n not in ("label", "weight")]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _cell(kind: str, value: Any) -> str:
    text = c.format_scalar(kind, value)
    return text if kind in ("int", "double", "boolean") else escape_formula(text)


def _table(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """CSV bytes for ``header`` and ``rows``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def render_nodes(G: nx.MultiDiGraph) -> bytes:
    """The nodes table: ``Id,Label,<columns>,Color``, one row per node sorted by id."""
    ids, sizes = c.node_ids(G), c.node_sizes(G)
    rows = []
    for node in sorted(G.nodes, key=lambda n: ids[n]):
        cells = {n: _cell(k, v) for n, k, v in c.node_columns(G, node, sizes)}
        colour = "#%02x%02x%02x" % c.colour(G.nodes[node])
        rows.append([escape_formula(ids[node]), cells.get("label", "")] + [cells.get(n, "") for n in _NODE_EXTRA] + [colour])
    return _table(["Id", "Label"] + _NODE_EXTRA + ["Color"], rows)


def render_edges(G: nx.MultiDiGraph) -> bytes:
    """The edges table: ``Source,Target,Type,Id,Label,Weight,<columns>``, sorted by key."""
    ids = c.node_ids(G)
    edges = c.sorted_edges(G)
    kind = "Directed" if G.is_directed() else "Undirected"
    rows = []
    for (u, v, _key, data), edge_id in zip(edges, c.edge_ids(edges)):
        cells = {n: _cell(k, val) for n, k, val in c.edge_columns(data, G)}
        rows.append([escape_formula(ids[u]), escape_formula(ids[v]), kind, escape_formula(edge_id),
                     cells.get("label", ""), cells.get("weight", "")]
                    + [cells.get(n, "") for n in _EDGE_EXTRA])
    return _table(["Source", "Target", "Type", "Id", "Label", "Weight"] + _EDGE_EXTRA, rows)


def render_files(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """Both tables keyed by the suffix that replaces the output path's suffix."""
    return {SUFFIXES[0]: render_nodes(G), SUFFIXES[1]: render_edges(G)}
