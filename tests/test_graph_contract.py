"""The JSON export of the seed graph follows the contract, and every quote is verbatim."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioggraph.export import write
from ioggraph.graph import load_graph
from ioggraph.model import ACTOR_TYPES

pytestmark = pytest.mark.model
SEEDS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def data(seed_store: Path, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("json") / "graph.json"
    write(load_graph(seed_store), "json", out)
    return json.loads(out.read_text(encoding="utf-8"))


def text_of(doc: str) -> str:
    return (SEEDS / doc).read_text(encoding="utf-8")


def test_top_level(data: dict) -> None:
    assert {"directed", "multigraph", "graph", "nodes", "edges"} <= set(data)
    assert data["directed"] is True and data["multigraph"] is True


def test_actor_nodes(data: dict) -> None:
    actors = [n for n in data["nodes"] if n.get("kind") == "actor"]
    assert actors
    for node in actors:
        assert {"id", "label", "type", "aliases", "mentions"} <= set(node)
        assert node["type"] in ACTOR_TYPES
        assert isinstance(node["aliases"], list)
        for m in node["mentions"]:
            assert text_of(m["doc"])[m["start"]:m["end"]] == m["text"]


def test_edges_carry_verbatim_evidence(data: dict) -> None:
    assert data["edges"], "the seed graph has relations"
    for edge in data["edges"]:
        assert {"source", "target", "relation", "technique", "confidence", "evidence"} <= set(edge)
        assert 0 <= edge["confidence"] <= 1
        assert edge["technique"] is None or isinstance(edge["technique"], str)
        assert edge["evidence"]
        for ev in edge["evidence"]:
            assert text_of(ev["doc"])[ev["start"]:ev["end"]] == ev["quote"]


@pytest.mark.parametrize("junk", ["Comment Template", "Taiwan Today"])
def test_no_actor_from_boilerplate(data: dict, junk: str) -> None:
    labels = {n["label"] for n in data["nodes"]} | {a for n in data["nodes"] for a in n.get("aliases", [])}
    assert junk not in labels


@pytest.mark.parametrize("unrelated", ["Central Weather Administration", "National Museum of Taiwan Literature",
                                       "Kang Chiao International School", "Pacific Tsunami Warning Center"])
def test_unrelated_stories_give_no_edge(data: dict, unrelated: str) -> None:
    """Actors of unrelated stories run together in one file are kept as nodes (extraction keeps every
    actor), but no edge touches them."""
    ids = {n["id"] for n in data["nodes"] if n["label"] == unrelated or unrelated in n.get("aliases", [])}
    assert not [e for e in data["edges"] if e["source"] in ids or e["target"] in ids]
