"""graphology's serialized JSON, the file Gephi Lite opens ("Open a local file" -> .json).

Reads a contract graph (docs/ARCHITECTURE.md); :func:`serialize` returns the dict and :func:`render`
the UTF-8 bytes (sorted keys, deterministic). Shape (graphology ``graph.export()``)::

    {"attributes": {...}, "options": {"type": "directed", "multi": true, "allowSelfLoops": true},
     "nodes": [{"key": id, "attributes": {...}}], "edges": [{"key": id, "source", "target", "attributes"}]}

Every node and edge has a ``key`` (graphology refuses the file otherwise). Node attributes are the
flat columns of GraphML/GEXF plus ``x``/``y`` (ForceAtlas2, :mod:`ioggraph.export.layout`),
``size`` and ``color`` (hex); the actor type is ``actor_type`` and the contract's edge ``kind`` is
``edge_kind``: in sigma.js (Gephi Lite's renderer) ``type`` picks the drawing program. Edges carry
``weight`` (evidence quotes), ``size`` (thickness from the weight), ``color`` and every quote.
"""
from __future__ import annotations

import json
from typing import Any

import networkx as nx

from ioggraph.export import _common as c
from ioggraph.export.layout import positions

__all__ = ["serialize", "render", "hex_colour"]


def hex_colour(rgb: tuple[int, int, int]) -> str:
    """(31, 119, 180) -> ``#1f77b4``."""
    return "#%02x%02x%02x" % rgb


def _node_attributes(G: nx.MultiDiGraph, node: Any, sizes: dict, pos: dict) -> dict:
    attrs = {("actor_type" if name == "type" else name): value for name, _k, value in c.node_columns(G, node, sizes)}
    x, y = pos.get(node, (0.0, 0.0))
    attrs.update(x=x, y=y, size=sizes[node], color=hex_colour(c.colour(G.nodes[node])))
    return attrs


def _edge_attributes(G: nx.MultiDiGraph, data: dict) -> dict:
    attrs = {name: value for name, _k, value in c.edge_columns(data, G)}
    attrs["size"] = c.edge_thickness(data)
    attrs["color"] = hex_colour(c.edge_colour(G, data))
    return attrs


def serialize(G: nx.MultiDiGraph) -> dict:
    """The graphology serialized graph (nodes sorted by key, edges by key)."""
    ids, sizes, pos = c.node_ids(G), c.node_sizes(G), positions(G)
    graph_attrs = {k: c.clean_text(G.graph[k]) for k in ("name", "generator", "disarm") if isinstance(G.graph.get(k), str)}
    if c.has_techniques(G):
        graph_attrs["attribution"] = c.ATTRIBUTION
    nodes = [{"key": ids[n], "attributes": _node_attributes(G, n, sizes, pos)} for n in sorted(G.nodes, key=lambda n: ids[n])]
    edges = c.sorted_edges(G)
    edge_records = [{"key": key, "source": ids[u], "target": ids[v], "attributes": _edge_attributes(G, data)}
                    for (u, v, _k, data), key in zip(edges, c.edge_ids(edges))]
    return {"attributes": graph_attrs, "options": {"type": "directed", "multi": True, "allowSelfLoops": True},
            "nodes": nodes, "edges": edge_records}


def render(G: nx.MultiDiGraph) -> bytes:
    """Serialise :func:`serialize` as deterministic UTF-8 JSON."""
    return (json.dumps(serialize(G), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
