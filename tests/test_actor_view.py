"""query --actor from the actor's neighbourhood equals the card from the whole graph."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ioggraph.actor_view import actor_view
from ioggraph.errors import ActorNotFound
from ioggraph.graph import load_graph
from ioggraph.query import actor_card, find_actor, load_texts
from store_fixtures import copy_without_table

pytestmark = pytest.mark.model


def test_every_actor_card_equals_the_whole_graph_card(seed_store: Path) -> None:
    G = load_graph(seed_store)
    texts = load_texts(seed_store)
    actors = [n for n, d in G.nodes(data=True) if d["kind"] == "actor"]
    assert len(actors) > 20
    for node in actors:
        for name in {G.nodes[node]["label"], node, *G.nodes[node]["aliases"]}:
            assert actor_view(seed_store, name) == actor_card(G, find_actor(G, name), texts), name


@pytest.mark.parametrize("per_statement", [1, 3, 100])   # edges read together in one statement
@pytest.mark.parametrize("probes_per_row", [0, 10**9])   # an edge's first documents by its rows, or by a walk
@pytest.mark.parametrize("limit", [0, 1, 2])
def test_every_actor_card_at_a_limit_equals_the_whole_graph_card(seed_store: Path, limit: int, probes_per_row: int,
                                                                 per_statement: int, monkeypatch) -> None:
    monkeypatch.setattr("ioggraph.actor_view.PROBES_PER_ROW", probes_per_row)
    monkeypatch.setattr("ioggraph.actor_view.EDGES_PER_STATEMENT", per_statement)
    G = load_graph(seed_store)
    texts = load_texts(seed_store)
    for node in (n for n, d in G.nodes(data=True) if d["kind"] == "actor"):
        assert actor_view(seed_store, node, limit=limit) == actor_card(G, node, texts, limit=limit), node


@pytest.mark.parametrize("name", ["Wang Hunnig", "nobody at all"])
def test_unknown_actor_has_the_same_suggestions(seed_store: Path, name: str) -> None:
    G = load_graph(seed_store)
    with pytest.raises(ActorNotFound) as full:
        find_actor(G, name)
    with pytest.raises(ActorNotFound) as view:
        actor_view(seed_store, name)
    assert str(view.value) == str(full.value)


def test_store_without_actor_names_is_still_answered(seed_store: Path, tmp_path: Path) -> None:
    old = copy_without_table(seed_store, tmp_path / "old.db", "actor_names")
    assert actor_view(old, "Wang Huning") == actor_view(seed_store, "Wang Huning")


def test_a_build_fills_actor_names_of_an_older_store(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    from ioggraph.build import build
    db = tmp_path / "g.db"
    build(seed_corpus, db, nlp=nlp)
    con = sqlite3.connect(db)
    names = con.execute("SELECT * FROM actor_names ORDER BY name, id").fetchall()
    con.execute("DROP TABLE actor_names")
    con.commit()
    con.close()
    assert build(seed_corpus, db, nlp=nlp).unchanged == 3
    assert sqlite3.connect(db).execute("SELECT * FROM actor_names ORDER BY name, id").fetchall() == names
