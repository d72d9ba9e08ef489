"""Store -> ``networkx.MultiDiGraph`` following the graph contract in docs/ARCHITECTURE.md.

One edge per (source, target, relation, technique), carrying every piece of evidence; nodes and
edges are inserted in sorted order so that every export is byte-identical between builds.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import networkx as nx

from ioggraph import __version__, store

DISARM_NAME = "DISARM Red Framework V1.6"
_MODALITY_RANK = {"asserted": 0, "planned": 1, "hedged": 2}


def load_graph(store_path: Path, *, around: str | None = None) -> nx.MultiDiGraph:
    """Read the store at ``store_path`` into the contract graph.

    ``around``: an actor's name; then only what a subgraph around that actor can use is read (see
    :func:`graph_around`), not the whole store."""
    con = store.open_existing(Path(store_path))
    try:
        return graph_from_connection(con) if around is None else graph_around(con, around)
    finally:
        con.close()


_RELATIONS = "SELECT rowid AS row_id, * FROM relations"
_ORDER = ("doc_id", "start", "source", "target", "relation", "row_id")   # rowid: ties keep one order


def graph_from_connection(con: sqlite3.Connection) -> nx.MultiDiGraph:
    rows = con.execute(f"{_RELATIONS} ORDER BY {', '.join(_ORDER)}").fetchall()
    return _graph(con, rows, keys=None)


def graph_around(con: sqlite3.Connection, name: str) -> nx.MultiDiGraph:
    """The actor called ``name`` (as ``query --actor`` finds it), its edges, their other ends and the
    techniques they use, with every document's metadata: read by index, so its cost follows the actor,
    not the store. Cut with ``subgraph(G, Filters(actor=name))`` it gives what the whole graph gives.
    A name the store does not know reads the whole graph (its names are needed for suggestions)."""
    center = store.actor_id(con, name) if store.has_actor_names(con) else None
    if center is None:
        return graph_from_connection(con)
    rows = con.execute(f"{_RELATIONS} WHERE source = ?", (center,)).fetchall()
    rows += con.execute(f"{_RELATIONS} WHERE target = ? AND source != ?", (center, center)).fetchall()
    rows.sort(key=lambda r: tuple(r[k] for k in _ORDER))
    keys = {center} | {r["source"] for r in rows} | {r["target"] for r in rows if not r["target_is_technique"]}
    return _graph(con, rows, keys=keys)


def _graph(con: sqlite3.Connection, rows: list[sqlite3.Row], keys: set[str] | None) -> nx.MultiDiGraph:
    """The contract graph of relation ``rows`` (in :data:`_ORDER`) and the actors ``keys`` (None: all)."""
    docs = {r["id"]: dict(r) for r in con.execute("SELECT id, path, sha256, title, date, url, length(text) AS chars FROM documents ORDER BY path")}
    G = nx.MultiDiGraph(name="ioggraph", generator=f"ioggraph {__version__}", disarm=DISARM_NAME)
    G.graph["documents"] = {d["path"]: {k: d[k] for k in ("sha256", "title", "date", "url", "chars")} for d in docs.values()}
    _add_actors(G, con, docs, keys)
    _add_techniques(G, rows)
    for key, (u, v, attrs) in sorted(_edges(rows, docs).items()):
        if u in G and v in G:
            G.add_edge(u, v, key=key, **attrs)
    return G


def _add_actors(G: nx.MultiDiGraph, con: sqlite3.Connection, docs: dict[int, dict], keys: set[str] | None = None) -> None:
    mentions = defaultdict(list)
    if keys is None:
        rows = con.execute('SELECT doc_id, start, "end", text, key FROM mentions')
        actors = con.execute("SELECT * FROM actors ORDER BY id").fetchall()
    else:
        wanted = sorted(keys)
        rows = (m for k in wanted for m in con.execute('SELECT doc_id, start, "end", text, key FROM mentions WHERE key = ?', (k,)))
        actors = [a for k in wanted for a in con.execute("SELECT * FROM actors WHERE id = ?", (k,))]
    for m in rows:
        mentions[m["key"]].append({"doc": docs[m["doc_id"]]["path"], "start": m["start"], "end": m["end"], "text": m["text"]})
    date_of = {d["path"]: d["date"] for d in docs.values() if d["date"]}
    for a in actors:
        ms = sorted(mentions.get(a["id"], []), key=lambda m: (m["doc"], m["start"], m["end"]))
        if not ms:
            continue
        doc_paths = sorted({m["doc"] for m in ms})
        dates = sorted(date_of[p] for p in doc_paths if p in date_of)
        G.add_node(a["id"], kind="actor", label=a["label"], type=a["type"], aliases=json.loads(a["aliases"]),
                   mentions=ms, docs=doc_paths, registry=bool(a["registry"]),
                   first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None)


def _add_techniques(G: nx.MultiDiGraph, rows: list[sqlite3.Row], catalogue: dict[str, dict] | None = None) -> None:
    used = sorted({t for r in rows for t in json.loads(r["techniques"])} | {r["technique"] for r in rows if r["technique"]})
    catalogue = _technique_catalogue() if catalogue is None else catalogue
    for tid in used:
        info = catalogue.get(tid, {})
        G.add_node(tid, kind="technique", type="Technique", label=info.get("name", tid),
                   tactic=info.get("tactic_id"), tactic_name=info.get("tactic_name"),
                   parent=info.get("parent_id"), url=info.get("url"), disarm=tid.startswith("T"))


def _technique_catalogue() -> dict[str, dict]:
    try:
        from ioggraph.disarm import load_techniques
    except ImportError:
        return {}
    out = {}
    for tid, t in load_techniques().items():
        out[tid] = {k: getattr(t, k, None) for k in ("name", "tactic_id", "tactic_name", "parent_id", "url")}
    return out


def edge_key(source: str, target: str, relation: str, technique: str | None) -> str:
    digest = hashlib.sha1(f"{source}|{target}|{relation}|{technique or ''}".encode()).hexdigest()
    return f"e-{digest[:12]}"


def _edges(rows: list[sqlite3.Row], docs: dict[int, dict]) -> dict[str, tuple[str, str, dict]]:
    out: dict[str, tuple[str, str, dict]] = {}
    seen: dict[str, set[tuple]] = defaultdict(set)  # each edge's evidence, to keep each piece once
    for r in rows:
        key = edge_key(r["source"], r["target"], r["relation"], r["technique"])
        if key not in out:
            out[key] = (r["source"], r["target"], {
                "kind": r["kind"], "relation": r["relation"], "technique": r["technique"], "techniques": [],
                "confidence": 0.0, "asserted": False, "modality": "hedged", "reported_by": [], "disputed_by": [],
                "channels": [], "rules": [], "evidence": []})
        _merge(out[key][2], r, docs[r["doc_id"]]["path"], seen[key])
    for _, _, attrs in out.values():
        attrs["evidence"].sort(key=lambda e: (e["doc"], e["start"], e["end"], e["rule"]))
        for field in ("techniques", "reported_by", "disputed_by", "channels", "rules"):
            attrs[field] = sorted(set(attrs[field]))
    return out


def edge_summary(rows: list[sqlite3.Row]) -> dict:
    """What the ``edges`` table keeps of one edge, from all its relation rows (in stored order): the
    aggregates of :func:`_edges` and the number of its distinct quotes, without the quotes."""
    [(source, target, attrs)] = _edges(rows, {r["doc_id"]: {"path": r["doc_id"]} for r in rows}).values()
    return {"source": source, "target": target, "relation": attrs["relation"], "technique": attrs["technique"],
            "target_is_technique": max(r["target_is_technique"] for r in rows), "evidence_count": len(attrs["evidence"]),
            **{k: attrs[k] for k in ("confidence", "modality", "techniques", "reported_by", "disputed_by", "channels")}}


def evidence_of(r: sqlite3.Row, doc: str) -> dict:
    """The evidence one relation row gives its edge: document path, offsets, quote and how it was read."""
    return {"doc": doc, "start": r["start"], "end": r["end"], "quote": r["quote"], "rule": r["rule"],
            "trigger": r["trigger"], "reported_by": json.loads(r["reported_by"]), "disputed_by": _disputed_by(r),
            "confidence": r["confidence"], "modality": r["modality"]}


def evidence_ident(evidence: dict) -> tuple:
    """A hashable identity of an evidence record (its lists as tuples): an edge lists each one once."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in evidence.values())


def _merge(attrs: dict, r: sqlite3.Row, doc: str, seen: set[tuple]) -> None:
    evidence = evidence_of(r, doc)
    ident = evidence_ident(evidence)
    if ident in seen:
        return
    seen.add(ident)
    attrs["evidence"].append(evidence)
    attrs["techniques"] += json.loads(r["techniques"]) or ([r["technique"]] if r["technique"] else [])
    attrs["reported_by"] += evidence["reported_by"]
    attrs["disputed_by"] += evidence["disputed_by"]
    attrs["channels"] += json.loads(r["channels"])
    attrs["rules"].append(r["rule"])
    attrs["confidence"] = round(max(attrs["confidence"], r["confidence"]), 3)
    if _MODALITY_RANK[r["modality"]] < _MODALITY_RANK[attrs["modality"]]:
        attrs["modality"] = r["modality"]
    attrs["asserted"] = attrs["modality"] != "hedged"


def _disputed_by(r: sqlite3.Row) -> list[str]:
    """Who denies the claim of this row; a store of schema 1 (built before disputes) holds none."""
    return json.loads(r["disputed_by"]) if "disputed_by" in r.keys() else []
