"""One self-contained, offline HTML page to explore the graph (``ioggraph view``, ``export --format html``).

Reads a contract graph (docs/ARCHITECTURE.md, possibly cut by :mod:`ioggraph.export.subgraph`);
:func:`render` returns the page as UTF-8 bytes, identical for the same graph. The page inlines
graphology and sigma.js (``ioggraph/export/vendor/``, MIT, licences shown in the page's "About"),
``view/view.js`` and ``view/view.css``, and the graph as JSON (``<`` escaped, so no quote can close
the script). Positions come from ForceAtlas2 in Python (:mod:`ioggraph.export.layout`).

What the page offers: nodes coloured by type and sized by evidence, edges coloured by DISARM tactic or
relation; a search box with fuzzy matching over names and aliases; click an actor for its card (type,
aliases, documents, relations grouped by type); click an edge (or a relation in a card) for its
evidence quotes with document, character offsets, reported_by, disputed_by and confidence; DISARM tactic and
technique filters; a legend.
"""
from __future__ import annotations

import html as html_lib
import json
from functools import lru_cache
from importlib import resources
from string import Template
from typing import Any

import networkx as nx

from ioggraph.errors import ExportError
from ioggraph.export import _common as c
from ioggraph.export.graphology import hex_colour
from ioggraph.export.layout import positions

__all__ = ["render", "view_data"]

VENDOR = (("graphology", "graphology.umd.min.js", "LICENSE-graphology.txt", "0.26.0"),
          ("sigma.js", "sigma.min.js", "LICENSE-sigma.txt", "3.0.2"))


@lru_cache(maxsize=None)
def _asset(folder: str, name: str) -> str:
    """Text of a file shipped with ioggraph under ``ioggraph/export/<folder>/``."""
    text = resources.files("ioggraph.export").joinpath(folder, name).read_text(encoding="utf-8")
    if folder == "vendor" and name.endswith(".js") and "</script" in text.lower():
        raise ExportError(f"ioggraph/export/vendor/{name} contains '</script' and cannot be inlined; "
                          "restore it with scripts/vendor-js.sh.")
    return text


def _node(G: nx.MultiDiGraph, node: Any, sizes: dict, pos: dict) -> dict:
    data = G.nodes[node]
    x, y = pos.get(node, (0.0, 0.0))
    return {"id": str(node), "label": str(data.get("label") or node), "kind": data.get("kind", "actor"),
            "type": data.get("type"), "aliases": list(data.get("aliases") or ()), "docs": list(data.get("docs") or ()),
            "mentions": len(data.get("mentions") or ()), "tactic": data.get("tactic"),
            "tactic_name": data.get("tactic_name"), "x": x, "y": y, "size": sizes[node],
            "color": hex_colour(c.colour(data))}


def _edge(G: nx.MultiDiGraph, u: Any, v: Any, key: Any, data: dict) -> dict:
    evidence = [{k: e.get(k) for k in ("doc", "start", "end", "quote", "reported_by", "disputed_by", "confidence",
                                       "modality")}
                for e in data.get("evidence") or ()]
    techs = list(dict.fromkeys(t for t in [data.get("technique"), *(data.get("techniques") or ())] if t))
    return {"id": str(key), "source": str(u), "target": str(v), "kind": data.get("kind"),
            "relation": str(data.get("relation") or "related"), "technique": data.get("technique"),
            "techniques": techs, "tactic": c.edge_tactic(G, data), "confidence": data.get("confidence"),
            "modality": data.get("modality"), "channels": list(data.get("channels") or ()),
            "color": hex_colour(c.edge_colour(G, data)), "size": c.edge_thickness(data),
            "evidence": evidence}


def _about(G: nx.MultiDiGraph) -> str:
    parts = [f"Made by {c.GENERATOR} from {len(G.graph.get('documents') or {})} articles."]
    if G.graph.get("filters"):
        parts.append(f"Filtered: {G.graph['filters']}.")
    if c.has_techniques(G):
        parts.append(c.ATTRIBUTION)
    for name, _js, licence, version in VENDOR:
        parts.append(f"{name} {version}:\n{_asset('vendor', licence).strip()}")
    return "\n\n".join(parts)


def view_data(G: nx.MultiDiGraph) -> dict:
    """Everything the page shows, as one JSON-ready dict."""
    sizes, pos = c.node_sizes(G), positions(G)
    nodes = [_node(G, n, sizes, pos) for n in sorted(G.nodes, key=str)]
    edges = [_edge(G, u, v, k, d) for u, v, k, d in c.sorted_edges(G)]
    tactics, techniques, technique_tactic = {}, {}, {}
    for e in edges:
        for tech in e["techniques"]:
            info = c.technique_info(G, tech)
            techniques[tech] = str(info.get("label") or tech)
            if info.get("tactic"):
                technique_tactic[tech] = info["tactic"]
                tactics[info["tactic"]] = {"name": str(info.get("tactic_name") or info["tactic"]),
                                           "color": hex_colour(c.TACTIC_COLOURS.get(info["tactic"], c.DEFAULT_EDGE_COLOUR))}
    relations = {e["relation"]: e["color"] for e in edges if e["kind"] != "tactic"}
    types = {n["type"]: n["color"] for n in nodes if n["type"]}
    docs = {doc: {k: meta.get(k) for k in ("title", "date", "url")} for doc, meta in (G.graph.get("documents") or {}).items()}
    actors = sum(1 for n in nodes if n["kind"] == "actor")
    summary = f"{actors} actors, {len(nodes) - actors} techniques, {len(edges)} edges, {len(docs)} articles"
    if G.graph.get("filters"):
        summary += f" \u00b7 filtered: {G.graph['filters']}"
    return {"nodes": nodes, "edges": edges, "documents": docs, "tactics": tactics, "techniques": techniques,
            "technique_tactic": technique_tactic, "relations": relations, "types": types,
            "summary": summary, "about": _about(G)}


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` escaped as \\u sequences."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(G: nx.MultiDiGraph) -> bytes:
    """The HTML page for ``G`` as UTF-8 bytes."""
    title = "ioggraph: " + (f"{G.graph['filters']}" if G.graph.get("filters") else "influence operations graph")
    page = Template(_asset("view", "view.html")).substitute(
        title=html_lib.escape(title), generator=html_lib.escape(c.GENERATOR), css=_asset("view", "view.css"),
        data=_script_json(view_data(G)), graphology=_asset("vendor", "graphology.umd.min.js"),
        sigma=_asset("vendor", "sigma.min.js"), js=_asset("view", "view.js"))
    return page.encode("utf-8")
