"""``query --actor`` without loading the whole graph: the actor's card, read by index.

:func:`card_from_store` gives the same card as :func:`ioggraph.query.actor_card` over the whole
graph of :func:`ioggraph.graph.load_graph` (tested), reading only rows of the actor: its name
(``actor_names``), the number of its mentions and documents (counted in the ``mentions_key_doc``
index, without reading the table), its edges with their aggregates from the derived ``edges``
table (``edges_source``/``edges_target``; confidence, modality, techniques, reporters, disputers,
channels, number of quotes), and per edge only the rows of its first ``limit`` documents by path
(found in ``relations_edge``) with the texts of the documents quoted (for their line and page). What grows with an
actor's mentions is SQLite counting index entries; the rest follows the number of its edges.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from ioggraph import store
from ioggraph.graph import (_technique_catalogue, edge_key, edge_summary, evidence_ident, evidence_of,
                            graph_from_connection)
from ioggraph.query import DEFAULT_LIMIT, actor_card, find_actor, located, sort_relations
from ioggraph.registry_cache import cached
from ioggraph.schemas import schemas_dir


def actor_view(store_path: Path, name: str, *, limit: int | None = DEFAULT_LIMIT) -> dict[str, Any]:
    """The actor card of ``name`` (ActorNotFound with suggestions when no actor matches).

    ``limit``: documents listed, and quotes per relation (0 or None: all); the card counts the rest.
    """
    con = store.open_existing(Path(store_path))
    try:
        if not store.has_actor_names(con):  # a store from before actor_names: the slow, whole-graph way
            G = graph_from_connection(con)
            return actor_card(G, find_actor(G, name), _texts(con, None), limit=limit)
        return card_from_store(con, _find(con, name), limit=limit)
    finally:
        con.close()


def _find(con: sqlite3.Connection, name: str) -> str:
    found = store.actor_id(con, name)
    if found is not None:
        return found
    G = nx.MultiDiGraph()  # a miss: suggestions need every name (rare, and slow only on huge stores)
    for r in con.execute("SELECT id, label, aliases FROM actors ORDER BY id"):
        G.add_node(r["id"], kind="actor", label=r["label"], aliases=json.loads(r["aliases"]))
    return find_actor(G, name)


def card_from_store(con: sqlite3.Connection, node: str, *, limit: int | None = DEFAULT_LIMIT) -> dict[str, Any]:
    """The card of actor id ``node`` (see :func:`ioggraph.query.actor_card`), from the ``edges`` table.

    Documents and quotes are the first ``limit`` by document path (and offsets), as in the
    whole-graph card, whatever order the documents were stored in.
    """
    limit = limit or None
    a = con.execute("SELECT * FROM actors WHERE id = ?", (node,)).fetchone()
    mentions, n_docs = store.actor_counts(con, a)
    docs = _first_documents(con, node, n_docs, limit)
    summaries = _edge_summaries(con, node)
    used = {t for e in summaries for t in [*e["techniques"], e["technique"]] if t}
    techniques = technique_catalogue()
    others = _actors(con, ({e["source"] for e in summaries} | {e["target"] for e in summaries}) - used)
    edges = []
    for e in summaries:
        for direction, end, other in (("out", e["source"], e["target"]), ("in", e["target"], e["source"])):
            if end == node:
                edges.append({**e, "edge": edge_key(e["source"], e["target"], e["relation"], e["technique"]),
                              "direction": direction, "other_id": other})
    n_documents = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] if limit is not None else 0
    evidence = _first_evidence(con, summaries, limit, n_documents)
    cited = {ev["doc_id"] for rows in evidence.values() for ev in rows}
    texts = _texts(con, cited)
    groups: dict[str, list[dict]] = defaultdict(list)
    for e in _graph_order(edges):
        other = e["other_id"]
        if other in used:
            info = {"label": techniques.get(other, {}).get("name", other), "type": "Technique"}
        elif other in others:
            info = others[other]
        else:
            continue  # an edge to an actor that is not in the store's actors (as the whole graph drops it)
        technique = e["technique"]
        groups[e["relation"]].append({
            "edge": e["edge"], "direction": e["direction"], "other": info["label"], "other_id": other,
            "other_type": info["type"], "technique": technique,
            "technique_name": techniques.get(technique, {}).get("name", technique) if technique in used else None,
            **{k: e[k] for k in ("techniques", "confidence", "modality", "reported_by", "disputed_by", "channels")},
            "evidence": [located({k: v for k, v in ev.items() if k != "doc_id"}, texts.get(ev["doc"]))
                         for ev in evidence[e["edge"]]],
            "evidence_count": e["evidence_count"],
        })
    named = {d["doc_id"]: d for d in docs}
    for chunk in _chunks(sorted(cited - set(named))):  # quoted documents beyond the first ``limit``: their metadata
        named.update((r["doc_id"], dict(r)) for r in con.execute(
            "SELECT d.id AS doc_id, d.path, d.title, d.date, d.url FROM documents d "  # noqa: S608
            f"WHERE d.id IN ({','.join('?' * len(chunk))}) "
            "AND EXISTS (SELECT 1 FROM mentions m WHERE m.key = ? AND m.doc_id = d.id)", (*chunk, node)))
    return {
        "id": node, "label": a["label"], "type": a["type"], "aliases": json.loads(a["aliases"]),
        "documents": [d["path"] for d in docs], "document_count": n_docs, "mentions": mentions,
        "sources": {d["path"]: {k: d[k] for k in ("title", "date", "url")}
                    for d in sorted(named.values(), key=lambda d: d["path"])},
        "relations": sort_relations(groups),
    }


def _first_documents(con: sqlite3.Connection, node: str, n_docs: int, limit: int | None) -> list[dict]:
    """The first ``limit`` documents (by path) that mention ``node``.

    An actor in many documents walks the documents in path order and stops at ``limit`` (an actor
    in a third of them needs about 3 × limit steps); one in few reads its documents directly."""
    cols = "d.id AS doc_id, d.path, d.title, d.date, d.url"
    if limit is not None and n_docs > 4 * limit:
        total = con.execute("SELECT MAX(id) FROM documents").fetchone()[0] or 0
        if limit * total / n_docs < n_docs:
            return [dict(r) for r in con.execute(
                f"SELECT {cols} FROM documents d WHERE EXISTS "  # noqa: S608
                "(SELECT 1 FROM mentions m WHERE m.key = ? AND m.doc_id = d.id) ORDER BY d.path LIMIT ?", (node, limit))]
    return [dict(r) for r in con.execute(
        f"SELECT {cols} FROM documents d WHERE d.id IN (SELECT doc_id FROM mentions WHERE key = ?) "  # noqa: S608
        "ORDER BY d.path LIMIT ?", (node, -1 if limit is None else limit))]


_LISTS = ("techniques", "reported_by", "disputed_by", "channels")


def _edge_summaries(con: sqlite3.Connection, node: str) -> list[dict]:
    """The aggregates of every edge from or to ``node``: read from ``edges``, or, in a store built
    before that table, computed from the actor's relation rows."""
    if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'edges'").fetchone():
        out = []
        for r in con.execute("SELECT * FROM edges WHERE source = :n OR target = :n", {"n": node}):
            out.append({**dict(r), **{f: json.loads(r[f]) for f in _LISTS}})
        return out
    rows = con.execute("SELECT * FROM relations WHERE source = :n OR target = :n ORDER BY doc_id, start, rowid",
                       {"n": node}).fetchall()
    by_edge: dict[tuple, list] = defaultdict(list)
    for r in rows:
        by_edge[r["source"], r["target"], r["relation"], r["technique"]].append(r)
    return [edge_summary(group) for group in by_edge.values()]


def _graph_order(edges: list[dict]) -> list[dict]:
    """Out-edges, then in-edges, in the order networkx lists a node's edges in the whole graph
    (neighbour by neighbour, in the order of each neighbour's smallest edge key, then by key), so
    that entries that sort equal keep the whole-graph card's order."""
    first: dict[tuple[str, str], str] = {}
    for e in edges:
        first[e["direction"], e["other_id"]] = min(e["edge"], first.get((e["direction"], e["other_id"]), e["edge"]))
    return sorted(edges, key=lambda e: (e["direction"] != "out", first[e["direction"], e["other_id"]], e["edge"]))


def _first_evidence(con: sqlite3.Connection, summaries: list[dict], limit: int | None,
                    n_documents: int) -> dict[str, list[dict]]:
    """Each edge's first ``limit`` distinct quotes by document path, offsets and rule, as the whole
    graph's evidence lists them (plus ``doc_id``), by edge key; ``n_documents``: how many the store holds.

    Each document holds at least one distinct quote, so the first ``limit`` quotes are in the first
    ``limit`` documents (by path) that hold the edge, and only their rows are read and sorted. An edge
    in a good share of the store finds those documents by walking them in path order
    (:func:`_first_documents_of_edge`); the others (nearly all) are read together, a few statements for
    all of them rather than two per edge: their documents from ``relations_edge``, then their rows in
    their first documents."""
    wanted: dict[str, tuple] = {}
    first_docs: dict[str, list[int] | None] = {}
    for e in summaries:
        key = edge_key(e["source"], e["target"], e["relation"], e["technique"])
        wanted[key] = (e["source"], e["target"], e["relation"], e["technique"])
        if limit is not None and _walks(e["evidence_count"], limit, n_documents):
            first_docs[key] = _first_documents_of_edge(con, wanted[key], limit)
    rest = sorted(set(wanted) - set(first_docs))
    if limit is not None:
        first_docs.update(_first_documents_of_edges(con, {k: wanted[k] for k in rest}, limit))
    else:
        first_docs.update(dict.fromkeys(rest))
    rows: dict[str, list] = defaultdict(list)
    for r in _edge_rows(con, wanted, first_docs):
        rows[r["edge_key"]].append(r)
    out: dict[str, list[dict]] = {}
    for key in wanted:
        evidence: list[dict] = []
        seen: set[tuple] = set()
        for r in sorted(rows[key], key=lambda r: (r["doc"], r["start"], r["end"], r["rule"], r["rid"])):
            ev = evidence_of(r, r["doc"])
            ident = evidence_ident(ev)
            if ident in seen:
                continue
            seen.add(ident)
            evidence.append({**ev, "doc_id": r["doc_id"]})
            if limit is not None and len(evidence) >= limit:
                break
        out[key] = evidence
    return out


EDGES_PER_STATEMENT = 100   # edges (or edge-document pairs) one statement reads: 6 parameters each
_MATCH = "r.source = w.s AND r.target = w.t AND r.relation = w.rel AND r.technique IS w.tech"


def _first_documents_of_edges(con: sqlite3.Connection, ends: dict[str, tuple], limit: int) -> dict[str, list[int]]:
    """Ids of the first ``limit`` documents by path holding each edge (``ends``: key -> its four ends),
    read from ``relations_edge`` (which holds ``doc_id``) for many edges per statement, ranked in SQLite."""
    found: dict[str, list[int]] = {k: [] for k in ends}
    for chunk in _chunks(sorted(ends), EDGES_PER_STATEMENT):
        values = ",".join(["(?,?,?,?,?)"] * len(chunk))
        for key, doc_id in con.execute(
                f"WITH w(k, s, t, rel, tech) AS (VALUES {values}), "  # noqa: S608
                f"hits AS (SELECT DISTINCT w.k AS k, r.doc_id AS doc_id FROM w JOIN relations r ON {_MATCH}), "
                "ranked AS (SELECT h.k AS k, h.doc_id AS doc_id, ROW_NUMBER() OVER (PARTITION BY h.k ORDER BY d.path) AS n "
                "FROM hits h JOIN documents d ON d.id = h.doc_id) "
                "SELECT k, doc_id FROM ranked WHERE n <= ? ORDER BY k, n",
                [*(v for k in chunk for v in (k, *ends[k])), limit]):
            found[key].append(doc_id)
    return found


def _edge_rows(con: sqlite3.Connection, ends: dict[str, tuple], docs: dict[str, list[int] | None]) -> list:
    """The relation rows of each edge (``ends``: key -> its four ends) in its documents ``docs[key]``
    (None: all of them), with ``edge_key``, ``rid`` (rowid) and ``doc`` (path)."""
    in_docs = [(k, *ends[k], d) for k in sorted(ends) if docs[k] is not None for d in docs[k]]
    whole = [(k, *ends[k]) for k in sorted(ends) if docs[k] is None]
    out: list = []
    for items, columns, by_doc in ((in_docs, "k, s, t, rel, tech, doc", " AND r.doc_id = w.doc"),
                                   (whole, "k, s, t, rel, tech", "")):
        for chunk in _chunks(items, EDGES_PER_STATEMENT):
            values = ",".join([f"({','.join('?' * len(chunk[0]))})"] * len(chunk))
            out += con.execute(
                f"WITH w({columns}) AS (VALUES {values}) "  # noqa: S608
                "SELECT w.k AS edge_key, r.rowid AS rid, r.*, d.path AS doc FROM w "
                f"JOIN relations r ON {_MATCH}{by_doc} JOIN documents d ON d.id = r.doc_id",
                [v for item in chunk for v in item]).fetchall()
    return out


PROBES_PER_ROW = 4


def _walks(rows: int, limit: int, n_documents: int) -> bool:
    """Whether an edge with ``rows`` evidence rows finds its first ``limit`` documents faster by walking
    the documents in path order (their UNIQUE index) and probing ``relations_edge`` for each, until
    ``limit`` hold it (about limit x n_documents / rows probes), than by reading its rows' documents
    and sorting them ("China" in most of 50,000 articles has 10,000 rows an edge). A probe costs about
    a quarter of a row read, joined and sorted (measured on a 50,000-article store: 0.6 against 2.5
    microseconds), so the walk is taken when rows^2 x PROBES_PER_ROW > limit x n_documents; both give
    the same documents."""
    return rows * rows * PROBES_PER_ROW > limit * n_documents


def _first_documents_of_edge(con: sqlite3.Connection, ends: tuple, limit: int) -> list[int]:
    """Ids of the first ``limit`` documents by path that hold the edge ``ends``, walking the documents."""
    match = "r.source = ? AND r.target = ? AND r.relation = ? AND r.technique IS ?"
    return [r[0] for r in con.execute(
        f"SELECT d.id FROM documents d WHERE EXISTS (SELECT 1 FROM relations r WHERE r.doc_id = d.id "  # noqa: S608
        f"AND {match}) ORDER BY d.path LIMIT {int(limit)}", ends)]


def _actors(con: sqlite3.Connection, ids: set[str]) -> dict[str, dict]:
    out = {}
    for chunk in _chunks(sorted(ids)):
        for r in con.execute(f"SELECT id, label, type FROM actors WHERE id IN ({','.join('?' * len(chunk))})",  # noqa: S608
                             chunk):
            out[r["id"]] = {"label": r["label"], "type": r["type"]}
    return out


def _chunks(values: list, size: int = 500) -> list[list]:
    """``values`` in lists of at most ``size`` (SQLite limits the number of ``?`` in one statement)."""
    return [values[i:i + size] for i in range(0, len(values), size)]


def technique_catalogue() -> dict[str, dict]:
    """The DISARM + project-code catalogue, parsed once per content of its files (tactics.yaml is large)."""
    files = [*sorted((schemas_dir() / "disarm").glob("*")), schemas_dir() / "tactics.yaml"]
    return cached("techniques", [f for f in files if f.is_file()], _technique_catalogue)


def _texts(con: sqlite3.Connection, doc_ids: set[int] | None) -> dict[str, str]:
    if doc_ids is None:
        return {r["path"]: r["text"] for r in con.execute("SELECT path, text FROM documents")}
    out = {}
    for chunk in _chunks(sorted(doc_ids)):
        out.update((r["path"], r["text"]) for r in con.execute(
            f"SELECT path, text FROM documents WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk))  # noqa: S608
    return out
