"""A DISARM Navigator layer: the techniques the graph saw, scored by evidence, with their actors.

Reads a contract graph (docs/ARCHITECTURE.md); :func:`layer` returns the layer dict and
:func:`render` the UTF-8 JSON. Format: the ATT&CK Navigator layer format **4.5**
(``mitre-attack/attack-navigator``, ``layers/spec/v4.5/layerformat.md``), which DISARM's Navigator
(a fork of ATT&CK Navigator) reads, with ``domain`` ``"DISARM"``.

* One technique object per DISARM technique on a tactic edge: ``score`` = number of evidence quotes,
  ``tactic`` = DISARM's kill-chain phase name (``establish-assets``), ``comment`` = the actors using it
  with their quote counts, ``links`` to the DISARM page, ``metadata`` = the relations seen. A parent
  of a seen sub-technique gets ``showSubtechniques``.
* Project codes (``IOG-...``) are not DISARM techniques: they are listed in the layer ``metadata``.
* The DISARM attribution (CC BY-SA 4.0) is in ``description`` and ``metadata``.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from ioggraph import __version__
from ioggraph.export import _common as c
from ioggraph.export.stix_disarm import disarm_stix

__all__ = ["layer", "render", "LAYER_VERSION", "NAVIGATOR_VERSION", "DOMAIN"]

LAYER_VERSION = "4.5"
NAVIGATOR_VERSION = "4.9.1"  # the layer format 4.5 needs a Navigator >= 4.9.0
DOMAIN = "DISARM"
GRADIENT = {"colors": ["#fff7bc", "#fe9929", "#cc4c02"], "minValue": 0}


def _usage(G: nx.MultiDiGraph) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Per technique id: quotes per actor label, and quotes per relation."""
    actors: dict[str, Counter] = defaultdict(Counter)
    relations: dict[str, Counter] = defaultdict(Counter)
    for u, _v, data in G.edges(data=True):
        if data.get("kind") != "tactic":
            continue
        quotes = max(1, len(data.get("evidence") or ()))
        label = c.clean_text(G.nodes[u].get("label") or u)
        techs = dict.fromkeys(t for t in [data.get("technique"), *(data.get("techniques") or ())] if t)
        for tech in techs:
            actors[tech][label] += quotes
            relations[tech][c.clean_text(data.get("relation") or "")] += quotes
    return actors, relations


def _technique(tech: str, actors: Counter, relations: Counter, row: dict) -> dict:
    ranked = sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "techniqueID": tech, "tactic": row["phase_name"], "score": sum(actors.values()),
        "comment": "Actors: " + "; ".join(f"{name} ({n} quote{'s' if n > 1 else ''})" for name, n in ranked),
        "enabled": True,
        "links": [{"label": f"DISARM {tech}", "url": row["url"]}],
        "metadata": [{"name": "relation", "value": f"{rel} ({n})"} for rel, n in sorted(relations.items()) if rel],
    }


def layer(G: nx.MultiDiGraph) -> dict:
    """The Navigator layer for ``G`` (techniques sorted by id)."""
    rows = disarm_stix().objects
    actors, relations = _usage(G)
    known = sorted(t for t in actors if t in rows and rows[t]["stix_type"] == "attack-pattern")
    techniques = [_technique(t, actors[t], relations[t], rows[t]) for t in known]
    parents = {t.split(".")[0] for t in known if "." in t}
    for item in techniques:
        if item["techniqueID"] in parents:
            item["showSubtechniques"] = True
    for parent in sorted(parents - set(known)):
        techniques.append({"techniqueID": parent, "tactic": rows[parent]["phase_name"], "showSubtechniques": True})
    techniques.sort(key=lambda t: t["techniqueID"])
    codes = sorted(t for t in actors if t not in rows)
    metadata: list[dict[str, Any]] = [{"name": "generator", "value": c.GENERATOR},
                                      {"name": "DISARM data", "value": c.ATTRIBUTION}]
    metadata += [{"name": "project code (not in DISARM)", "value": f"{t}: {'; '.join(sorted(actors[t]))}"} for t in codes]
    top = max((t.get("score", 0) for t in techniques), default=0)
    return {
        "name": "ioggraph: DISARM techniques seen", "domain": DOMAIN,
        "versions": {"layer": LAYER_VERSION, "navigator": NAVIGATOR_VERSION},
        "description": (f"{len(known)} DISARM techniques from {len(G.graph.get('documents') or {})} articles, "
                        "scored by the number of evidence quotes; the comment lists the actors. " + c.ATTRIBUTION),
        "sorting": 3, "hideDisabled": False,
        "layout": {"layout": "side", "showID": True, "showName": True, "expandedSubtechniques": "annotated"},
        "techniques": techniques,
        "gradient": {**GRADIENT, "maxValue": max(top, 1)},
        "legendItems": [{"label": "more evidence quotes", "color": GRADIENT["colors"][-1]}],
        "metadata": metadata,
    }


def render(G: nx.MultiDiGraph) -> bytes:
    """Serialise :func:`layer` as deterministic UTF-8 JSON."""
    return (json.dumps(layer(G), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
