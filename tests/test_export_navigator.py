"""DISARM Navigator layer: required fields and types of the ATT&CK Navigator layer format 4.5.

The table below is the 4.5 specification's (mitre-attack/attack-navigator, layers/spec/v4.5/layerformat.md):
property, type, required. Every object in the layer is checked against it.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from export_fixtures import GRAPH_NAMES, load_graph
from ioggraph import export
from ioggraph.export import navigator

REPO = Path(__file__).resolve().parent.parent
LAYER = {"name": (str, True), "versions": (dict, False), "description": (str, False), "domain": (str, True),
         "sorting": (int, False), "layout": (dict, False), "hideDisabled": (bool, False), "techniques": (list, False),
         "gradient": (dict, False), "legendItems": (list, False), "metadata": (list, False), "links": (list, False),
         "filters": (dict, False), "customDataURL": (str, False), "showTacticRowBackground": (bool, False),
         "tacticRowBackground": (str, False), "selectTechniquesAcrossTactics": (bool, False),
         "selectSubtechniquesWithParent": (bool, False), "selectVisibleTechniques": (bool, False)}
VERSIONS = {"attack": (str, False), "navigator": (str, True), "layer": (str, True)}
TECHNIQUE = {"techniqueID": (str, True), "tactic": (str, False), "comment": (str, False), "enabled": (bool, False),
             "score": ((int, float), False), "color": (str, False), "metadata": (list, False), "links": (list, False),
             "showSubtechniques": (bool, False)}
GRADIENT = {"colors": (list, True), "minValue": ((int, float), True), "maxValue": ((int, float), True)}
LEGEND = {"label": (str, True), "color": (str, True)}
METADATA = {"name": (str, True), "value": (str, True)}
LINK = {"label": (str, True), "url": (str, True)}
LAYOUT = {"layout": (str, False), "showID": (bool, False), "showName": (bool, False),
          "showAggregateScores": (bool, False), "countUnscored": (bool, False), "aggregateFunction": (str, False),
          "expandedSubtechniques": (str, False)}


def conforms(obj: dict, spec: dict) -> list[str]:
    """Problems of ``obj`` against a spec table: missing required fields, unknown fields, wrong types."""
    problems = [f"missing {k}" for k, (_t, req) in spec.items() if req and k not in obj]
    problems += [f"unknown {k}" for k in obj if k not in spec]
    problems += [f"{k} is {type(v).__name__}" for k, v in obj.items()
                 if k in spec and (not isinstance(v, spec[k][0]) or (spec[k][0] is int and isinstance(v, bool)))]
    return problems


def layer_problems(layer: dict) -> list[str]:
    problems = conforms(layer, LAYER) + conforms(layer.get("versions", {}), VERSIONS)
    problems += conforms(layer.get("layout", {}), LAYOUT) + conforms(layer.get("gradient", {}), GRADIENT)
    problems += [p for item in layer.get("legendItems", []) for p in conforms(item, LEGEND)]
    problems += [p for item in layer.get("metadata", []) for p in conforms(item, METADATA)]
    for tech in layer.get("techniques", []):
        problems += conforms(tech, TECHNIQUE)
        problems += [p for item in tech.get("metadata", []) for p in conforms(item, METADATA)]
        problems += [p for item in tech.get("links", []) for p in conforms(item, LINK)]
        problems += [f"bad url {i['url']}" for i in tech.get("links", []) if not i["url"].startswith("https://")]
    if layer.get("versions", {}).get("layer") != "4.5":
        problems.append("layer version is not 4.5")
    if layer["gradient"]["maxValue"] <= layer["gradient"]["minValue"]:
        problems.append("gradient maxValue must be > minValue")
    return problems


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_layer_follows_the_4_5_specification(graph):
    layer = json.loads(export.render(load_graph(graph), "navigator"))
    assert layer_problems(layer) == []
    assert layer["domain"] == "DISARM"


def test_scores_comments_and_tactics():
    layer = navigator.layer(load_graph("small"))
    by_id = {t["techniqueID"]: t for t in layer["techniques"]}
    assert by_id["T0126.002"]["score"] == 1
    assert by_id["T0126.002"]["comment"] == "Actors: United Front Work Department (1 quote)"
    assert by_id["T0126.002"]["tactic"] == "drive-offline-activity"
    assert by_id["T0126"]["showSubtechniques"] is True and "score" not in by_id["T0126"]
    assert "IOG-ID-DOCS" not in by_id  # project codes are listed in the metadata instead
    assert any(m["value"].startswith("IOG-ID-DOCS") for m in layer["metadata"])


def test_tactics_are_disarm_phase_names():
    with (REPO / "schemas" / "disarm" / "stix_ids.csv").open(encoding="utf-8") as handle:
        phases = {r["phase_name"] for r in csv.DictReader(handle) if r["phase_name"]}
    for graph in GRAPH_NAMES:
        assert {t["tactic"] for t in navigator.layer(load_graph(graph))["techniques"]} <= phases


def test_scores_count_quotes_over_edges():
    G = load_graph("hostile")
    layer = navigator.layer(G)
    tech = next(t for t in layer["techniques"] if t["techniqueID"] == "T0097.202")
    quotes = sum(len(d.get("evidence") or []) or 1 for _u, _v, d in G.edges(data=True)
                 if d.get("kind") == "tactic" and "T0097.202" in (d.get("techniques") or [d.get("technique")]))
    assert tech["score"] == quotes
