"""``query --actor`` without loading the whole graph: the actor's neighbourhood, read by index.

:func:`actor_graph` builds the part of the contract graph that :func:`ioggraph.query.actor_card`
reads for one actor (its node, its edges both ways with all their evidence, the label and type of
the nodes at their other ends, their technique nodes), from ``actor_names``, ``mentions`` and
``relations`` by index, so the cost follows the actor's own size, not the store's. The card is the
same as from :func:`ioggraph.graph.load_graph` (tested).
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx

from ioggraph import store
from ioggraph.graph import _add_techniques, _edges, _technique_catalogue, graph_from_connection
from ioggraph.query import actor_card, find_actor


def actor_view(store_path: Path, name: str) -> dict[str, Any]:
    """The actor card of ``name`` (ActorNotFound with suggestions when no actor matches)."""
    con = store.open_existing(Path(store_path))
    try:
        if not _has_names(con):  # a store from before actor_names: the slow, whole-graph way
            G = graph_from_connection(con)
            return actor_card(G, find_actor(G, name), _texts(con, None))
        node = _find(con, name)
        G, doc_ids = actor_graph(con, node)
        return actor_card(G, node, _texts(con, doc_ids))
    finally:
        con.close()


def _has_names(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE name = 'actor_names'").fetchone() is not None


def _find(con: sqlite3.Connection, name: str) -> str:
    from ioggraph.nlp.text import normalise
    row = con.execute("SELECT id FROM actor_names WHERE name = ? ORDER BY id LIMIT 1", (normalise(name),)).fetchone()
    if row:
        return row[0]
    G = nx.MultiDiGraph()  # a miss: suggestions need every name (rare, and slow only on huge stores)
    for r in con.execute("SELECT id, label, aliases FROM actors ORDER BY id"):
        G.add_node(r["id"], kind="actor", label=r["label"], aliases=json.loads(r["aliases"]))
    return find_actor(G, name)


def actor_graph(con: sqlite3.Connection, node: str) -> tuple[nx.MultiDiGraph, set[int]]:
    """The actor's neighbourhood graph and the ids of the documents its evidence comes from."""
    rows = con.execute("SELECT * FROM relations WHERE source = ? OR target = ? "
                       "ORDER BY doc_id, start, source, target, relation", (node, node)).fetchall()
    mentions = con.execute('SELECT doc_id, start, "end", text FROM mentions WHERE key = ?', (node,)).fetchall()
    doc_ids = {r["doc_id"] for r in rows} | {m["doc_id"] for m in mentions}
    docs = _docs(con, doc_ids)
    G = nx.MultiDiGraph()
    # the card's sources section reads the documents' metadata
    G.graph["documents"] = {d["path"]: {k: d[k] for k in ("title", "date", "url")} for d in docs.values()}
    _add_actor(G, con, node, mentions, docs)
    others = sorted({r["source"] for r in rows} | {r["target"] for r in rows if not r["target_is_technique"]} - {node})
    for other in others:
        r = con.execute("SELECT label, type FROM actors WHERE id = ?", (other,)).fetchone()
        if r:
            G.add_node(other, kind="actor", label=r["label"], type=r["type"])
    _add_techniques(G, rows, technique_catalogue())
    for key, (u, v, attrs) in sorted(_edges(rows, docs).items()):
        if u in G and v in G:
            G.add_edge(u, v, key=key, **attrs)
    return G, {r["doc_id"] for r in rows}


def technique_catalogue() -> dict[str, dict]:
    """The DISARM + project-code catalogue, parsed once per content of its files (tactics.yaml is large)."""
    from ioggraph.registry_cache import cached
    from ioggraph.schemas import schemas_dir
    files = [*sorted((schemas_dir() / "disarm").glob("*")), schemas_dir() / "tactics.yaml"]
    return cached("techniques", [f for f in files if f.is_file()], _technique_catalogue)


def _docs(con: sqlite3.Connection, ids: set[int]) -> dict[int, dict]:
    out = {}
    for doc_id in sorted(ids):
        r = con.execute("SELECT id, path, date, title, url FROM documents WHERE id = ?", (doc_id,)).fetchone()
        out[doc_id] = dict(r)
    return out


def _add_actor(G: nx.MultiDiGraph, con: sqlite3.Connection, node: str, mentions: list, docs: dict[int, dict]) -> None:
    a = con.execute("SELECT * FROM actors WHERE id = ?", (node,)).fetchone()
    ms = sorted(({"doc": docs[m["doc_id"]]["path"], "start": m["start"], "end": m["end"], "text": m["text"]}
                 for m in mentions), key=lambda m: (m["doc"], m["start"], m["end"]))
    paths = sorted({m["doc"] for m in ms})
    G.add_node(node, kind="actor", label=a["label"], type=a["type"], aliases=json.loads(a["aliases"]),
               mentions=ms, docs=paths, registry=bool(a["registry"]))


def _texts(con: sqlite3.Connection, doc_ids: set[int] | None) -> dict[str, str]:
    if doc_ids is None:
        return {r["path"]: r["text"] for r in con.execute("SELECT path, text FROM documents")}
    out = {}
    for doc_id in sorted(doc_ids):
        r = con.execute("SELECT path, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        out[r["path"]] = r["text"]
    return out
