"""Subgraph filters (view and export): actor, technique, date range, confidence."""
from __future__ import annotations

import pytest

from export_fixtures import load_graph
from ioggraph.errors import ActorNotFound, IoggraphError
from ioggraph.export.subgraph import Filters, subgraph


def _edges(H):
    return sorted((u, v, d["relation"]) for u, v, d in H.edges(data=True))


@pytest.mark.parametrize("filters, expected", [
    (Filters(actor="Wang Huning"), [("wang-huning", "ufwd", "leads")]),
    (Filters(actor="UFWD"), [("central-propaganda-department", "ufwd", "coordinates_with"),
                             ("ufwd", "ccp", "part_of"), ("ufwd", "kinmen-residents", "funds_trips"),
                             ("ufwd", "kinmen-residents", "targets"), ("wang-huning", "ufwd", "leads")]),
    (Filters(technique="T0126"), [("ufwd", "kinmen-residents", "funds_trips")]),
    (Filters(technique="T0126.002"), [("ufwd", "kinmen-residents", "funds_trips")]),
    (Filters(since="2024-04-01"), [("ccp", "IOG-ID-DOCS", "leak_documents"), ("ccp", "kinmen-residents", "targets"),
                                   ("central-propaganda-department", "ufwd", "coordinates_with")]),
    (Filters(until="2024-03-01", actor="ccp"), [("ufwd", "ccp", "part_of")]),
    (Filters(min_confidence=0.75, actor="ccp"), [("ufwd", "ccp", "part_of")]),
])
def test_filters_keep(filters, expected):
    assert _edges(subgraph(load_graph("small"), filters)) == expected


def test_no_filter_is_the_graph_itself():
    G = load_graph("small")
    assert subgraph(G, Filters()) is G


def test_subgraph_says_what_was_filtered_and_keeps_contract_order():
    H = subgraph(load_graph("small"), Filters(actor="UFWD", min_confidence=0.1))
    assert H.graph["filters"] == "actor=UFWD, min_confidence=0.1"
    assert list(H.nodes) == sorted(H.nodes)
    assert "documents" in H.graph


@pytest.mark.parametrize("filters, error, message", [
    (Filters(actor="Nobody At All"), ActorNotFound, "No actor matches"),
    (Filters(technique="T9999"), IoggraphError, "No edge uses technique 'T9999'"),
    (Filters(since="2024-13-01"), IoggraphError, "--since expects an ISO date"),
    (Filters(min_confidence=2.0), IoggraphError, "--min-confidence expects a number from 0 to 1"),
])
def test_bad_filters_say_what_was_expected(filters, error, message):
    with pytest.raises(error, match=message):
        subgraph(load_graph("small"), filters)


@pytest.mark.model
def test_an_actor_read_by_index_exports_what_the_whole_graph_gives(seed_store):
    """``load_graph(store, around=name)`` reads only the actor's part; cut, every format is the same bytes."""
    from ioggraph import export
    from ioggraph.graph import load_graph as from_store
    whole = from_store(seed_store)
    names = sorted({d["label"] for _n, d in whole.nodes(data=True) if d.get("kind") == "actor"})
    assert len(names) > 5
    for name in names:
        for filters in (Filters(actor=name), Filters(actor=name.upper(), min_confidence=0.5)):
            full, part = subgraph(whole, filters), subgraph(from_store(seed_store, around=name.upper()), filters)
            for fmt in ("json", "ttl", "gexf"):
                assert export.render(part, fmt) == export.render(full, fmt), (name, fmt)
    with pytest.raises(ActorNotFound):
        subgraph(from_store(seed_store, around="Nobody At All"), Filters(actor="Nobody At All"))
