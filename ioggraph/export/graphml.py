"""GraphML that Gephi (desktop and Lite), yEd, networkx and graphology load cleanly.

Reads a contract graph (docs/ARCHITECTURE.md); :func:`render` returns the file as UTF-8 bytes.

Choices, each fixing a pitfall in /work/shared/PITFALLS.md:

* Our own key ids (``n_label``, ``e_label``, ``g_name`` ...), never networkx's ``d0..dN``, so
  Gephi's yEd rule (key ``d3`` = node label, ``d7`` = edge label) cannot hijack a column.
* One declared type per attribute (boolean, int, double or string); lists are joined with
  ``|``; ``None`` and empty strings are left out; ``documents`` (a dict) is not written.
* Node colour as numeric ``r``, ``g``, ``b`` (per type) and a numeric ``size`` (4..24, from
  evidence and degree); edge ``r``, ``g``, ``b`` by DISARM tactic (tactic edges) or relation,
  ``weight`` = number of evidence quotes (double), ``label`` = relation, ``technique``, ``tactic``,
  every ``quote`` (joined with a ``---`` line) and ``quote_count``.
* Isolated nodes are left out by :func:`ioggraph.export.write` unless ``keep_isolated``.
* Unique, non-empty node and edge ids (edge id = the contract's ``e-<hex>`` key).
* Text is stripped of characters XML 1.0 forbids (``\\x01``, ``\\x0b`` ...) and CR/CRLF
  become LF; everything else (quotes, ``<``, ``&``, emoji, CJK) is escaped or kept as is.

Parallel edges: GraphML has no edge type, so every contract edge (one per source, target,
relation, technique) is written as its own ``<edge>`` with a unique id and ``relation``/``label``
attributes. graphology (Gephi Lite) turns the graph into a multigraph when it meets them;
Gephi desktop asks how to merge parallel edges on import: choose "Don't merge". Use GEXF
(which carries ``kind`` = relation) to keep edge types in Gephi desktop.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from ioggraph.export import _common as c

__all__ = ["render"]

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
_COLOUR_KEYS = (("r", "n_r"), ("g", "n_g"), ("b", "n_b"))
_EDGE_COLOUR_KEYS = (("r", "e_r"), ("g", "e_g"), ("b", "e_b"))


def _graph_scalars(G: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """(name, text) of the graph-level scalars written as ``for="graph"`` keys."""
    out = [(k, c.clean_text(G.graph[k])) for k in ("name", "generator", "disarm")
           if isinstance(G.graph.get(k), str) and G.graph[k]]
    if c.has_techniques(G):
        out.append(("attribution", c.ATTRIBUTION))
    return out


def _add_keys(root: ET.Element, graph_keys: list[tuple[str, str]]) -> None:
    """Declare every key: graph scalars, node columns, r/g/b, edge columns."""
    for name, _text in graph_keys:
        ET.SubElement(root, "key", {"id": f"g_{name}", "for": "graph",
                                    "attr.name": name, "attr.type": "string"})
    for name, kind in c.NODE_SCHEMA:
        ET.SubElement(root, "key", {"id": f"n_{name}", "for": "node",
                                    "attr.name": name, "attr.type": kind})
    for name, key_id in _COLOUR_KEYS:
        ET.SubElement(root, "key", {"id": key_id, "for": "node",
                                    "attr.name": name, "attr.type": "int"})
    for name, kind in c.EDGE_SCHEMA:
        ET.SubElement(root, "key", {"id": f"e_{name}", "for": "edge",
                                    "attr.name": name, "attr.type": kind})
    for name, key_id in _EDGE_COLOUR_KEYS:
        ET.SubElement(root, "key", {"id": key_id, "for": "edge",
                                    "attr.name": name, "attr.type": "int"})


def _data(parent: ET.Element, key: str, text: str) -> None:
    """Append ``<data key=...>text</data>``."""
    ET.SubElement(parent, "data", {"key": key}).text = text


def _add_nodes(graph: ET.Element, G: nx.MultiDiGraph, ids: dict[Any, str]) -> None:
    """One ``<node>`` per graph node, sorted by id."""
    sizes = c.node_sizes(G)
    for node in sorted(G.nodes, key=lambda n: ids[n]):
        element = ET.SubElement(graph, "node", {"id": ids[node]})
        for name, kind, value in c.node_columns(G, node, sizes):
            _data(element, f"n_{name}", c.format_scalar(kind, value))
        for (_name, key_id), value in zip(_COLOUR_KEYS, c.colour(G.nodes[node])):
            _data(element, key_id, str(value))


def _add_edges(graph: ET.Element, G: nx.MultiDiGraph, ids: dict[Any, str]) -> None:
    """One ``<edge>`` per contract edge, sorted by key, with a unique id."""
    edges = c.sorted_edges(G)
    for (u, v, _key, data), edge_id in zip(edges, c.edge_ids(edges)):
        element = ET.SubElement(graph, "edge", {"id": edge_id, "source": ids[u], "target": ids[v]})
        for name, kind, value in c.edge_columns(data, G):
            _data(element, f"e_{name}", c.format_scalar(kind, value))
        for (_name, key_id), value in zip(_EDGE_COLOUR_KEYS, c.edge_colour(G, data)):
            _data(element, key_id, str(value))


def build_tree(G: nx.MultiDiGraph) -> ET.Element:
    """The ``<graphml>`` element for ``G`` (no I/O)."""
    root = ET.Element("graphml", {"xmlns": NS, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA_LOCATION})
    graph_keys = _graph_scalars(G)
    _add_keys(root, graph_keys)
    edgedefault = "directed" if G.is_directed() else "undirected"
    graph = ET.SubElement(root, "graph", {"id": "ioggraph", "edgedefault": edgedefault})
    for name, text in graph_keys:
        _data(graph, f"g_{name}", text)
    ids = c.node_ids(G)
    _add_nodes(graph, G, ids)
    _add_edges(graph, G, ids)
    return root


def render(G: nx.MultiDiGraph) -> bytes:
    """Serialise ``G`` as GraphML (UTF-8, indented, deterministic, trailing newline)."""
    return c.xml_bytes(build_tree(G))
