"""Small pure functions over the graph: find an actor, build its card, print it."""
from __future__ import annotations

import textwrap
from collections import defaultdict
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process

from ioggraph.errors import ActorNotFound
from ioggraph.nlp.text import normalise
from ioggraph.textsafety import visible


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
    raise ActorNotFound(name, suggest(G, names, wanted))


def suggest(G: nx.MultiDiGraph, names: dict[str, str], wanted: str, n: int = 5) -> list[str]:
    """Labels to offer for an unknown name: names with a word starting with it, then close spellings.

    "wang" offers "Wang Huning" (a word of the name starts with it), not "Taiwan" (only similar
    letters); "Chinaa" offers "China" (one letter off).
    """
    if not wanted:
        return []
    by_word = [c for c in names if any(word.startswith(wanted) for word in c.split())]
    by_word.sort(key=lambda c: (len(c.split()), c))
    close = [c for c, _score, _i in process.extract(wanted, list(names), scorer=fuzz.ratio, limit=n, score_cutoff=75)]
    labels = [G.nodes[names[c]]["label"] for c in by_word + close]
    return list(dict.fromkeys(labels))[:n]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def page_of(doc: str, text: str, offset: int) -> int | None:
    """The PDF page of ``offset`` (None for other documents)."""
    if not doc.lower().endswith(".pdf"):
        return None
    from ioggraph.readers.pdf import page_of_text
    return page_of_text(text, offset)


# How many quotes ``query --actor`` lists per relation, and documents in the card's header; the card
# says how many more there are. 0 or None: all of them.
DEFAULT_LIMIT = 10


def actor_card(G: nx.MultiDiGraph, node: str, texts: dict[str, str] | None = None, *,
               limit: int | None = DEFAULT_LIMIT) -> dict[str, Any]:
    """Everything the graph says about one actor, relations grouped by relation type.

    ``limit``: at most that many documents and, per relation, quotes (the first by document and
    offset); ``document_count`` and each relation's ``evidence_count`` say how many there are.
    ``sources`` holds the metadata of the documents the card names.
    """
    limit = limit or None
    data = G.nodes[node]
    groups: dict[str, list[dict]] = defaultdict(list)
    for direction, edges in (("out", G.out_edges(node, keys=True, data=True)), ("in", G.in_edges(node, keys=True, data=True))):
        for u, v, key, attrs in edges:
            other = v if direction == "out" else u
            groups[attrs["relation"]].append(_relation_entry(G, key, direction, other, attrs, texts or {}, limit))
    docs = data.get("docs", [])
    named = set(docs[:limit]) | ({ev["doc"] for items in groups.values() for e in items for ev in e["evidence"]} & set(docs))
    return {
        "id": node, "label": data["label"], "type": data["type"], "aliases": data.get("aliases", []),
        "documents": docs[:limit], "document_count": len(docs), "mentions": len(data.get("mentions", [])),
        "sources": {doc: {k: meta.get(k) for k in ("title", "date", "url")}
                    for doc, meta in G.graph.get("documents", {}).items() if doc in named},
        "relations": sort_relations(groups),
    }


def sort_relations(groups: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Relation types in order, each one's entries by direction, other end and technique."""
    return {rel: sorted(items, key=lambda e: (e["direction"], e["other"], e["technique"] or ""))
            for rel, items in sorted(groups.items())}


def _relation_entry(G: nx.MultiDiGraph, key: str, direction: str, other: str, attrs: dict, texts: dict[str, str],
                    limit: int | None = None) -> dict:
    other_data = G.nodes[other]
    technique = attrs.get("technique")
    evidence = attrs.get("evidence", [])
    return {
        "edge": key, "direction": direction, "other": other_data.get("label", other), "other_id": other,
        "other_type": other_data.get("type"), "technique": technique,
        "technique_name": G.nodes[technique]["label"] if technique in G else None,
        "techniques": attrs.get("techniques", []), "confidence": attrs.get("confidence"),
        "modality": attrs.get("modality"), "reported_by": attrs.get("reported_by", []),
        "disputed_by": attrs.get("disputed_by", []), "channels": attrs.get("channels", []),
        "evidence": [located(ev, texts.get(ev["doc"])) for ev in evidence[:limit]], "evidence_count": len(evidence),
    }


def located(ev: dict, text: str | None) -> dict:
    """The evidence with the line (and PDF page) its quote starts on, when the text is known."""
    return {**ev, "line": line_of(text, ev["start"]) if text else None,
            "page": page_of(ev["doc"], text, ev["start"]) if text else None}


# Reporters that are not a source worth naming: "according to the report" gives "report".
_GENERIC_SOURCES = frozenset({"report", "reports", "the report", "a report", "statement", "the statement", "media"})
WIDTH = 100
MORE_HINT = "--limit N lists N, --limit 0 all"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _wrap(label: str, items: list[str], suffix: str = "") -> list[str]:
    """``  label  a, b, c`` wrapped at WIDTH with continuation lines indented under the first item."""
    head = f"  {label:<10} "
    return textwrap.wrap(", ".join(items) + suffix, width=WIDTH, initial_indent=head,
                         subsequent_indent=" " * len(head), break_long_words=False, break_on_hyphens=False) or [head.rstrip()]


def _sources(item: dict) -> str | None:
    named = [r for r in item["reported_by"] if r.strip().lower() not in _GENERIC_SOURCES]
    if named:
        return "reported by " + ", ".join(named)
    return "according to a report" if item["reported_by"] else None


def format_card(card: dict[str, Any], *, explain: bool = False) -> str:
    """The actor card as text: header, then relations grouped by type with `doc:line  "quote"`.

    Text from documents is shown with bidi overrides and control characters escaped (``\u202e``).
    """
    return visible_lines(_card_lines(card, explain=explain))


def visible_lines(lines: list[str]) -> str:
    return "\n".join(visible(line) for line in lines)


def _card_lines(card: dict[str, Any], *, explain: bool) -> list[str]:
    lines = [f"{card['label']}  [{card['type']}]  id={card['id']}"]
    if card["aliases"]:
        lines += _wrap("aliases:", card["aliases"])
    docs = list(card["documents"])
    more_docs = card.get("document_count", len(docs)) - len(docs)
    if more_docs > 0:  # kept on one line: NUL (in no path) holds its words together through the wrap
        docs.append(f"... and {more_docs:,} more".replace(" ", "\0"))
    lines += [line.replace("\0", " ") for line in _wrap("documents:", docs, f"  ({plural(card['mentions'], 'mention')})")]
    if not card["relations"]:
        lines.append("  no relations")
    cited: list[str] = []
    for relation, items in card["relations"].items():
        lines.append(f"\n  {relation}")
        for item in items:
            arrow = "->" if item["direction"] == "out" else "<-"
            if item["technique"] and item["other_id"] == item["technique"]:
                target = f"{item['technique']} {item['technique_name'] or item['other']}".rstrip()
            else:
                tech = f"  {item['technique']} {item['technique_name'] or ''}".rstrip() if item["technique"] else ""
                target = f"{item['other']}{tech}"
            extra = [f"confidence {item['confidence']}", item["modality"]]
            source = _sources(item)
            if source:
                extra.append(source)
            if item.get("disputed_by"):
                extra.append("disputed by " + ", ".join(item["disputed_by"]))
            lines.append(f"    {arrow} {target}  ({'; '.join(str(e) for e in extra if e)})")
            for ev in item["evidence"]:
                doc = f"{ev['doc']} p.{ev['page']}" if ev.get("page") else ev["doc"]
                where = f"{doc}:{ev['line']}" if ev.get("line") else doc
                cited.append(ev["doc"])
                lines.append(f"       {where}  \"{ev['quote']}\"")
                if explain:
                    lines.append(f"         rule {ev['rule']} fired on: {ev.get('trigger') or '?'}")
            more = item.get("evidence_count", len(item["evidence"])) - len(item["evidence"])
            if more > 0:
                lines.append(f"       ... and {more:,} more {'quote' if more == 1 else 'quotes'}; {MORE_HINT}")
    lines += _source_lines(card.get("sources", {}), cited)
    return lines


def _source_lines(sources: dict[str, dict], cited: list[str]) -> list[str]:
    """``sources`` section: date, title and url of every cited document that has any of them."""
    out = []
    for doc in dict.fromkeys(cited):
        meta = sources.get(doc) or {}
        parts = [meta.get("date"), f"\"{meta['title']}\"" if meta.get("title") else None, meta.get("url")]
        if any(parts):
            out.append(f"    {doc}  " + "  ".join(p for p in parts if p))
    return ["\n  sources", *out] if out else []


def load_texts(store_path) -> dict[str, str]:
    from ioggraph import store
    con = store.open_existing(store_path)
    try:
        return {r["path"]: r["text"] for r in con.execute("SELECT path, text FROM documents")}
    finally:
        con.close()
