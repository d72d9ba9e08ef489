"""The JSON contract: networkx node-link data, shaped and sorted.

Reads a contract graph (docs/ARCHITECTURE.md). :func:`node_link` returns the dict;
:func:`render` returns it as UTF-8 bytes (``ensure_ascii=False``, ``indent=2``,
``sort_keys=True``, trailing newline), byte-identical for the same graph; :func:`stream` gives the
same bytes in pieces, which ``export`` writes as they come.

JSON is the lossless format: text is not cleaned (control characters are JSON-escaped),
``documents`` is kept, and lists stay lists.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

import networkx as nx

from ioggraph.export._common import json_pieces

__all__ = ["node_link", "render", "stream"]

_ACTOR_DEFAULTS: dict[str, Any] = {"label": None, "type": None, "aliases": [], "mentions": []}
_EDGE_DEFAULTS: dict[str, Any] = {"relation": None, "technique": None, "confidence": None, "evidence": []}


def _with_defaults(record: dict, defaults: dict[str, Any]) -> dict:
    """Copy of ``record`` where every contract key is present (lists copied, never shared)."""
    out = dict(record)
    for key, value in defaults.items():
        if out.get(key) is None:
            out[key] = list(value) if isinstance(value, list) else value
    return out


def node_link(G: nx.MultiDiGraph) -> dict:
    """``networkx.node_link_data(G, edges="edges")`` with contract keys filled in.

    Nodes are sorted by id and edges by (key, source, target), so the result does not depend on
    insertion order. Actor nodes always carry ``label``, ``type``, ``aliases`` and ``mentions``;
    every edge carries ``relation``, ``technique`` (or null), ``confidence`` and ``evidence``.
    """
    data = nx.node_link_data(G, edges="edges")
    data["graph"] = dict(G.graph)
    nodes = []
    for record in data["nodes"]:
        if record.get("kind", "actor") == "actor":
            record = _with_defaults(record, _ACTOR_DEFAULTS)
        nodes.append(record)
    data["nodes"] = sorted(nodes, key=lambda n: str(n["id"]))
    edges = [_with_defaults(e, _EDGE_DEFAULTS) for e in data["edges"]]
    data["edges"] = sorted(edges, key=lambda e: (str(e.get("key")), str(e["source"]), str(e["target"])))
    return data


def _default(value: Any) -> Any:
    """JSON fallback: dates as ISO strings, sets/tuples as sorted lists, else ``str``."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def stream(G: nx.MultiDiGraph, piece_chars: int = 1 << 20) -> Iterator[bytes]:
    """:func:`render` as pieces of about ``piece_chars`` characters, made as they are written (the
    whole text of a large graph is never held at once); joined, the same bytes."""
    return json_pieces(node_link(G), default=_default, piece_chars=piece_chars)


def render(G: nx.MultiDiGraph) -> bytes:
    """Serialise :func:`node_link` of ``G`` as deterministic UTF-8 JSON."""
    return b"".join(stream(G))
