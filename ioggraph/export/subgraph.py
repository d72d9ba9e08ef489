"""Cut a part of the graph out for a view or an export: one actor, one technique, a period, a confidence.

Reads a contract graph; :func:`subgraph` returns a new contract graph (the input is not changed).
Filters combine (all must hold):

* ``actor``: the actor (name, id or alias, as ``query --actor``) with its edges and their other ends;
* ``technique``: tactic edges whose techniques include the id or one of its sub-techniques
  (``T0097`` keeps ``T0097.202``), with both ends;
* ``since`` / ``until``: evidence from articles dated in the range (ISO dates, inclusive); undated
  articles are left out when a range is given;
* ``min_confidence``: evidence with at least this confidence (0..1).

An edge whose evidence is all filtered out is dropped; the edge's ``confidence`` becomes the maximum
over the evidence kept. Nodes without edges are dropped by the picture formats (``keep_isolated``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ioggraph.errors import IoggraphError
from ioggraph.export.dates import iso_date

__all__ = ["Filters", "subgraph"]


@dataclass(frozen=True)
class Filters:
    """What to keep; every field None means 'no filter'."""

    actor: str | None = None
    technique: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None

    def active(self) -> bool:
        return any(v is not None for v in (self.actor, self.technique, self.since, self.until, self.min_confidence))

    def describe(self) -> str:
        """``actor=Wang Huning, since=2024-01-01`` (empty when nothing is filtered)."""
        return ", ".join(f"{k}={v}" for k, v in vars(self).items() if v is not None)


def _check_date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise IoggraphError(f"--{name} expects an ISO date such as 2024-03-01, got '{value}'.") from None


def _keep_evidence(G: nx.MultiDiGraph, ev: dict, f: Filters, since: str | None, until: str | None) -> bool:
    if f.min_confidence is not None and float(ev.get("confidence") or 0) < f.min_confidence:
        return False
    if since or until:
        date = iso_date(((G.graph.get("documents") or {}).get(ev.get("doc")) or {}).get("date"))
        if date is None or (since and date < since) or (until and date > until):
            return False
    return True


def _technique_matches(data: dict, technique: str) -> bool:
    techs = [t for t in [data.get("technique"), *(data.get("techniques") or ())] if t]
    return any(t == technique or t.startswith(technique + ".") for t in techs)


def subgraph(G: nx.MultiDiGraph, filters: Filters) -> nx.MultiDiGraph:
    """The part of ``G`` that ``filters`` keep (``G`` itself when no filter is set)."""
    if not filters.active():
        return G
    since, until = _check_date("since", filters.since), _check_date("until", filters.until)
    if filters.min_confidence is not None and not 0 <= filters.min_confidence <= 1:
        raise IoggraphError(f"--min-confidence expects a number from 0 to 1, got {filters.min_confidence}.")
    center: Any = None
    if filters.actor is not None:
        from ioggraph.query import find_actor
        center = find_actor(G, filters.actor)
    if filters.technique is not None and not any(_technique_matches(d, filters.technique) for *_e, d in G.edges(data=True)):
        raise IoggraphError(f"No edge uses technique '{filters.technique}'; give a DISARM id such as T0097 or T0126.002.")
    H = nx.MultiDiGraph(**G.graph)
    H.graph["filters"] = filters.describe()
    for u, v, key, data in G.edges(keys=True, data=True):
        if center is not None and center not in (u, v):
            continue
        if filters.technique is not None and not _technique_matches(data, filters.technique):
            continue
        evidence = [e for e in data.get("evidence") or () if _keep_evidence(G, e, filters, since, until)]
        if not evidence:
            continue
        attrs = dict(data, evidence=evidence, confidence=max(float(e.get("confidence") or 0) for e in evidence))
        for node in (u, v):
            if node not in H:
                H.add_node(node, **G.nodes[node])
        H.add_edge(u, v, key=key, **attrs)
    if center is not None and center not in H:
        H.add_node(center, **G.nodes[center])
    return _sorted(H)


def _sorted(H: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes inserted sorted by id and edges by key (the contract's order)."""
    out = nx.MultiDiGraph(**H.graph)
    out.add_nodes_from(sorted(H.nodes(data=True), key=lambda nd: str(nd[0])))
    out.add_edges_from(sorted(H.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1]))))
    return out
