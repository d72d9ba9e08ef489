"""Small pure functions over the graph: find an actor, build its card, print it."""
from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Any

import networkx as nx

from ioggraph.errors import ActorNotFound
from ioggraph.nlp.text import normalise


def actor_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Normalised name or alias -> node id, over actor nodes."""
    names: dict[str, str] = {}
    for node, data in sorted(G.nodes(data=True)):
        if data.get("kind") != "actor":
            continue
        for name in (data["label"], node, *data.get("aliases", [])):
            names.setdefault(normalise(name), node)
    return names


def find_actor(G: nx.MultiDiGraph, name: str) -> str:
    """The node id whose label, id or alias matches ``name`` case-insensitively.

    Raises ActorNotFound with the closest names when nothing matches.
    """
    names = actor_names(G)
    wanted = normalise(name)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(G.nodes[names[c]]["label"] for c in close))
    raise ActorNotFound(name, suggestions)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def actor_card(G: nx.MultiDiGraph, node: str, texts: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the graph says about one actor, relations grouped by relation type."""
    data = G.nodes[node]
    groups: dict[str, list[dict]] = defaultdict(list)
    for direction, edges in (("out", G.out_edges(node, keys=True, data=True)), ("in", G.in_edges(node, keys=True, data=True))):
        for u, v, key, attrs in edges:
            other = v if direction == "out" else u
            groups[attrs["relation"]].append(_relation_entry(G, key, direction, other, attrs, texts or {}))
    return {
        "id": node, "label": data["label"], "type": data["type"], "aliases": data.get("aliases", []),
        "documents": data.get("docs", []), "mentions": len(data.get("mentions", [])),
        "relations": {rel: sorted(items, key=lambda e: (e["direction"], e["other"], e["technique"] or ""))
                      for rel, items in sorted(groups.items())},
    }


def _relation_entry(G: nx.MultiDiGraph, key: str, direction: str, other: str, attrs: dict, texts: dict[str, str]) -> dict:
    other_data = G.nodes[other]
    technique = attrs.get("technique")
    evidence = []
    for ev in attrs.get("evidence", []):
        text = texts.get(ev["doc"])
        evidence.append({**ev, "line": line_of(text, ev["start"]) if text else None})
    return {
        "edge": key, "direction": direction, "other": other_data.get("label", other), "other_id": other,
        "other_type": other_data.get("type"), "technique": technique,
        "technique_name": G.nodes[technique]["label"] if technique in G else None,
        "techniques": attrs.get("techniques", []), "confidence": attrs.get("confidence"),
        "modality": attrs.get("modality"), "reported_by": attrs.get("reported_by", []),
        "channels": attrs.get("channels", []), "evidence": evidence,
    }


def format_card(card: dict[str, Any], *, explain: bool = False) -> str:
    """The actor card as text: header, then relations grouped by type with `doc:line  "quote"`."""
    lines = [f"{card['label']}  [{card['type']}]  id={card['id']}"]
    if card["aliases"]:
        lines.append(f"  aliases:   {', '.join(card['aliases'])}")
    lines.append(f"  documents: {', '.join(card['documents'])}  ({card['mentions']} mentions)")
    if not card["relations"]:
        lines.append("  no relations")
    for relation, items in card["relations"].items():
        lines.append(f"\n  {relation}")
        for item in items:
            arrow = "->" if item["direction"] == "out" else "<-"
            tech = f"  {item['technique']} {item['technique_name'] or ''}".rstrip() if item["technique"] else ""
            extra = [f"confidence {item['confidence']}", item["modality"]]
            if item["reported_by"]:
                extra.append("reported by " + ", ".join(item["reported_by"]))
            lines.append(f"    {arrow} {item['other']}{tech}  ({'; '.join(extra)})")
            for ev in item["evidence"]:
                where = f"{ev['doc']}:{ev['line']}" if ev.get("line") else ev["doc"]
                lines.append(f"       {where}  \"{ev['quote']}\"")
                if explain:
                    lines.append(f"         rule {ev['rule']} fired on: {ev.get('trigger') or '?'}")
    return "\n".join(lines)


def load_texts(store_path) -> dict[str, str]:
    from ioggraph import store
    con = store.open_existing(store_path)
    try:
        return {r["path"]: r["text"] for r in con.execute("SELECT path, text FROM documents")}
    finally:
        con.close()
