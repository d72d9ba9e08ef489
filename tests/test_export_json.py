"""ioggraph.export.json_export: the node-link JSON contract, lossless and sorted."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from export_fixtures import GRAPH_NAMES, load_graph
from ioggraph import export
from ioggraph.export import json_export

TOP_KEYS = {"directed", "multigraph", "graph", "nodes", "edges"}
ACTOR_KEYS = {"id", "label", "type", "aliases", "mentions"}
EDGE_KEYS = {"source", "target", "relation", "technique", "confidence", "evidence"}


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_contract_shape(graph):
    data = json_export.node_link(load_graph(graph))
    assert TOP_KEYS <= set(data) and data["directed"] and data["multigraph"]
    for node in data["nodes"]:
        if node["kind"] == "actor":
            assert ACTOR_KEYS <= set(node)
            assert isinstance(node["aliases"], list)
            assert all({"doc", "start", "end", "text"} <= set(m) for m in node["mentions"])
    for edge in data["edges"]:
        assert EDGE_KEYS <= set(edge)
        assert all({"doc", "start", "end", "quote"} <= set(e) for e in edge["evidence"])
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])


def test_missing_contract_keys_are_filled():
    G = nx.MultiDiGraph()
    G.add_node("x", kind="actor", label="X", type="Person")
    G.add_edge("x", "x", key="e-1", relation="leads")
    data = json_export.node_link(G)
    assert data["nodes"][0]["aliases"] == [] and data["nodes"][0]["mentions"] == []
    assert data["edges"][0]["technique"] is None and data["edges"][0]["evidence"] == []
    assert "aliases" not in G.nodes["x"]  # the graph itself is not modified


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_round_trip_is_lossless(graph):
    G = load_graph(graph)
    text = json_export.render(G).decode("utf-8")
    H = nx.node_link_graph(json.loads(text), edges="edges")
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True), key=repr) == sorted(G.edges(keys=True, data=True), key=repr)
    assert H.graph == G.graph


def test_hostile_text_survives_unescaped():
    text = json_export.render(load_graph("hostile")).decode("utf-8")
    assert "王沪宁" in text and "\U0001F600" in text  # ensure_ascii=False
    assert "\\u0001" in text and "\\u000b" in text    # control characters escaped, not lost
    assert text.endswith("}\n")


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("piece_chars", [1, 100, 1 << 20])
def test_streamed_json_is_the_rendered_json(graph, piece_chars):
    G = load_graph(graph)
    dumped = json.dumps(json_export.node_link(G), ensure_ascii=False, indent=2, sort_keys=True,
                        default=json_export._default) + "\n"
    assert b"".join(json_export.stream(G, piece_chars)) == dumped.encode("utf-8") == export.render(G, "json")
