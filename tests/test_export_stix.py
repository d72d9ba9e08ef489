"""STIX 2.1 export: stix2-validator finds no error, stix2 parses it, ids and stamps are stable."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from export_fixtures import GRAPH_NAMES, load_graph
from ioggraph.export import stix
from ioggraph.export._common import ATTRIBUTION


def _by_type(bundle):
    out = {}
    for obj in bundle["objects"]:
        out.setdefault(obj["type"], []).append(obj)
    return out


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_stix2_validator_reports_no_error(graph, tmp_path):
    validator = pytest.importorskip("stix2validator", reason="pip install -r requirements/export-test.txt")
    path = tmp_path / "bundle.json"
    path.write_bytes(stix.render(load_graph(graph)))
    results = validator.validate_file(str(path), validator.ValidationOptions(version="2.1"))
    messages = [str(e) for r in results.object_results for e in r.errors] + [str(e) for e in results.fatal or []]
    assert not any("Cannot locate a schema" in m for m in messages), (
        "this stix2-validator ships without its JSON schemas (3.3.1, cti-stix-validator#248); "
        "install requirements/export-test.txt (stix2-validator<3.3)")
    assert results.is_valid, messages
    # only the expected warnings: UUIDv5 ids (determinism) and DISARM links without a hash
    codes = {w.split(":", 2)[1].strip()[:5] for r in results.object_results for w in map(str, r.warnings)}
    assert codes <= {"{103}", "{302}"}, codes


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_stix2_library_parses_the_bundle(graph):
    stix2 = pytest.importorskip("stix2", reason="pip install -r requirements/export-test.txt")
    parsed = stix2.parse(stix.render(load_graph(graph)).decode("utf-8"), allow_custom=False)
    assert len(parsed.objects) == len(stix.bundle(load_graph(graph))["objects"])


def test_objects_for_the_small_graph():
    objects = _by_type(stix.bundle(load_graph("small")))
    names = {t: sorted(o["name"] for o in objs if "name" in o) for t, objs in objects.items()}
    assert names["threat-actor"] == ["Central Propaganda Department", "Chinese Communist Party",
                                     "United Front Work Department", "Wang Huning"]
    assert names["identity"] == ["Kinmen residents", "Xiamen", "ioggraph"]
    assert Counter(r["relationship_type"] for r in objects["relationship"]) == Counter(
        {"related-to": 3, "targets": 3, "uses": 2})
    assert len(objects["report"]) == 2
    assert objects["marking-definition"][0]["definition"]["statement"] == ATTRIBUTION


def test_attack_pattern_references_disarm():
    patterns = {p["name"]: p for p in _by_type(stix.bundle(load_graph("small")))["attack-pattern"]}
    ref = patterns["Facilitate Logistics or Support for Attendance"]["external_references"][0]
    assert ref == {"source_name": "DISARM", "external_id": "T0126.002",
                   "url": "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/"
                          "techniques/T0126.002.md"}
    assert patterns["Leak identity documents"]["external_references"][0]["source_name"] == "ioggraph"


def test_ids_and_timestamps_are_derived_not_random():
    bundle = stix.bundle(load_graph("small"))
    actor = next(o for o in bundle["objects"] if o.get("name") == "Chinese Communist Party")
    assert actor["id"] == stix.stix_id("threat-actor", "ccp")
    assert (actor["created"], actor["modified"]) == ("2024-03-01T00:00:00.000Z", "2024-04-02T00:00:00.000Z")
    report = next(o for o in bundle["objects"] if o["type"] == "report" and o["name"] == "Leaked documents")
    assert report["published"] == "2024-04-02T00:00:00.000Z"
    assert stix.bundle(load_graph("small")) == bundle


def test_hostile_url_is_not_written_as_a_url():
    reports = _by_type(stix.bundle(load_graph("hostile")))["report"]
    refs = [r for rep in reports for r in rep["external_references"]]
    assert not any("<" in r.get("url", "") for r in refs)
    assert any("example.org/a?b=1&c=<2>" in r.get("description", "") for r in refs)
    assert "\\u0001" not in json.dumps(reports)
