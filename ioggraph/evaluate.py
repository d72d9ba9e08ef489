"""Score a built graph (the node-link JSON contract) against gold annotations.

Metrics, micro-averaged over gold documents (document key = basename of the ``doc`` path):

* **key-actor recall**: gold actors with role perpetrator, target or facilitator that match an actor
  node mentioning the document (label or alias equals the gold name or alias after
  :func:`~ioggraph.gold.norm_name`);
* **actor precision**: actor nodes that are source or target of an edge evidenced in a relevant
  document and match some gold actor of that document (Technique nodes are ignored);
* **activity recall**: gold tactics for which a *tactic* edge from a matching source has evidence in
  the document covering the gold quote (the evidence span overlaps at least half of the quote's span;
  without the article text: the quote is a substring of the evidence quote);
* **technique P/R/F1** over (actor, DISARM id) pairs per document, exact and lenient (parent id:
  ``T0126.002`` -> ``T0126``). Only DISARM ids (``T0000`` or ``T0000.000``) count: project codes
  (``IOG-...``) are left out, and gold tactics with no technique add no pairs (they still count for
  activity recall);
* **tactic edges in non-relevant documents** (should be 0).

This module imports neither spaCy nor click; :func:`run_eval` imports the build lazily.
"""
from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ioggraph.errors import IoggraphError
from ioggraph.eval_report import PRF, DocScore, Ratio, Report, format_report
from ioggraph.gold import KEY_ROLES, Gold, GoldTactic, doc_key, load_gold, norm_name

__all__ = ["Report", "format_report", "load_gold", "run_eval", "score"]

DISARM_ID = re.compile(r"^T\d{4}(\.\d{3})?$")
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class _Evidence:
    doc: str
    start: int | None
    end: int | None
    quote: str


@dataclass
class _Node:
    id: str
    label: str
    technique: bool
    forms: frozenset[str] = frozenset()
    docs: set[str] = field(default_factory=set)


@dataclass
class _Edge:
    source: str
    target: str
    kind: str
    relation: str
    techniques: tuple[str, ...]
    evidence: list[_Evidence]


def _node(raw: dict[str, Any]) -> _Node:
    label = str(raw.get("label") or raw.get("id"))
    technique = raw.get("kind") == "technique" or raw.get("type") == "Technique"
    forms = frozenset(norm_name(f) for f in [label, *(raw.get("aliases") or [])])
    docs = {doc_key(m["doc"]) for m in raw.get("mentions") or [] if m.get("doc")}
    docs |= {doc_key(d) for d in raw.get("docs") or []}
    return _Node(id=str(raw["id"]), label=label, technique=technique, forms=forms, docs=docs)


def _edge(raw: dict[str, Any]) -> _Edge:
    techniques = raw.get("techniques")
    if techniques is None:
        techniques = [raw["technique"]] if raw.get("technique") else []
    evidence = [_Evidence(doc_key(ev.get("doc") or ""), ev.get("start"), ev.get("end"),
                          str(ev.get("quote") or "")) for ev in raw.get("evidence") or []]
    return _Edge(source=str(raw["source"]), target=str(raw["target"]), kind=str(raw.get("kind") or ""),
                 relation=str(raw.get("relation") or ""), techniques=tuple(techniques), evidence=evidence)


def score(data: dict[str, Any], gold: dict[str, Gold], texts: dict[str, str] | None = None) -> Report:
    """Score node-link ``data`` against ``gold``; ``texts`` (doc path -> text) locates gold quotes.

    With ``texts``, only gold documents that have a text are scored (the others are listed in
    ``Report.not_in_corpus``).
    """
    nodes = {n.id: n for n in map(_node, data.get("nodes") or [])}
    edges = [_edge(e) for e in data.get(_edges_key(data)) or []]
    by_key = {doc_key(k): v for k, v in texts.items()} if texts is not None else {}
    report = Report()
    for file in sorted(gold):
        key = doc_key(file)
        if texts is not None and key not in by_key:
            report.not_in_corpus.append(file)
            continue
        report.docs.append(_score_doc(key, gold[file], nodes, edges, by_key.get(key)))
    seen = {d for n in nodes.values() for d in n.docs} | {ev.doc for e in edges for ev in e.evidence}
    seen |= {doc_key(d) for d in (data.get("graph") or {}).get("documents") or {}}
    report.not_in_gold = sorted(seen - {doc_key(f) for f in gold} - {""})
    return report


def _edges_key(data: dict[str, Any]) -> str:
    return "edges" if "edges" in data else "links"


def _score_doc(key: str, gold: Gold, nodes: dict[str, _Node], edges: list[_Edge],
               text: str | None) -> DocScore:
    doc_edges = [(e, evs) for e in edges if (evs := [ev for ev in e.evidence if ev.doc == key])]
    in_graph = bool(doc_edges) or any(key in n.docs for n in nodes.values())
    result = DocScore(doc=gold.file, relevant=gold.relevant, in_graph=in_graph)
    if not gold.relevant:
        result.irrelevant_tactic_edges = [_describe(e, nodes) for e, _ in doc_edges if e.kind == "tactic"]
        return result
    _key_actors(result, gold, [n for n in nodes.values() if key in n.docs and not n.technique])
    _actor_precision(result, gold, nodes, doc_edges)
    _activities(result, gold, nodes, doc_edges, text)
    _techniques(result, gold, nodes, doc_edges)
    return result


def _describe(edge: _Edge, nodes: dict[str, _Node]) -> str:
    def label(i: str) -> str:
        return nodes[i].label if i in nodes else i
    return f"{label(edge.source)} -{edge.relation}-> {label(edge.target)}"


def _matches(node: _Node, gold: Gold) -> list[str]:
    """Names of the gold actors that ``node`` matches, in gold order."""
    return [a.name for a in gold.actors if node.forms & a.forms]


def _key_actors(result: DocScore, gold: Gold, doc_nodes: list[_Node]) -> None:
    for actor in gold.actors:
        if actor.role not in KEY_ROLES:
            continue
        found = any(n.forms & actor.forms for n in doc_nodes)
        result.key_actors += Ratio(int(found), 1)
        if not found:
            result.missed_key_actors.append(actor.name)


def _actor_precision(result: DocScore, gold: Gold, nodes: dict[str, _Node],
                     doc_edges: list[tuple[_Edge, list[_Evidence]]]) -> None:
    ids = sorted({i for e, _ in doc_edges for i in (e.source, e.target)})
    for node in (nodes[i] for i in ids if i in nodes and not nodes[i].technique):
        good = bool(_matches(node, gold))
        result.actor_precision += Ratio(int(good), 1)
        if not good:
            result.spurious_actors.append(node.label)


def _activities(result: DocScore, gold: Gold, nodes: dict[str, _Node],
                doc_edges: list[tuple[_Edge, list[_Evidence]]], text: str | None) -> None:
    for tactic in gold.tactics:
        forms = gold.by_name[tactic.actor].forms
        evidence = [ev for e, evs in doc_edges if e.kind == "tactic" and e.source in nodes
                    and nodes[e.source].forms & forms for ev in evs]
        spans = list(_find_all(text, tactic.quote)) if text is not None else []
        found = any(_covers(ev, spans, tactic.quote) for ev in evidence)
        result.activities += Ratio(int(found), 1)
        if not found:
            result.missed_activities.append(_short(tactic))


def _short(tactic: GoldTactic, width: int = 70) -> str:
    quote = tactic.quote if len(tactic.quote) <= width else tactic.quote[: width - 1] + "\u2026"
    return f'{tactic.actor}: "{quote}"'


def _find_all(text: str, quote: str) -> Iterable[tuple[int, int]]:
    start = text.find(quote)
    while start >= 0:
        yield start, start + len(quote)
        start = text.find(quote, start + 1)


def _covers(ev: _Evidence, spans: list[tuple[int, int]], quote: str) -> bool:
    """Evidence covers at least half of a located gold quote; else compare the quote strings."""
    if spans and isinstance(ev.start, int) and isinstance(ev.end, int):
        return any(min(ev.end, e) - max(ev.start, s) >= MIN_OVERLAP * (e - s) for s, e in spans)
    have, want = _squash(ev.quote), _squash(quote)
    return bool(want) and (want in have or (bool(have) and have in want
                                            and len(have) >= MIN_OVERLAP * len(want)))


def _squash(text: str) -> str:
    return " ".join(norm_name(text).split())


def _parent(technique: str) -> str:
    return technique.split(".", 1)[0]


def _identity(technique: str) -> str:
    return technique


def _techniques(result: DocScore, gold: Gold, nodes: dict[str, _Node],
                doc_edges: list[tuple[_Edge, list[_Evidence]]]) -> None:
    for fold, attr in ((_identity, "techniques"), (_parent, "techniques_lenient")):
        want = {(t.actor, fold(x)) for t in gold.tactics for x in t.techniques if DISARM_ID.match(x)}
        have = _predicted_pairs(gold, nodes, doc_edges, want, fold)
        setattr(result, attr, PRF(tp=len(have & want), fp=len(have - want), fn=len(want - have)))
        if fold is _identity:
            result.wrong_technique_pairs = [f"{a} {t}" for a, t in sorted(have - want)]
            result.missed_technique_pairs = [f"{a} {t}" for a, t in sorted(want - have)]


def _predicted_pairs(gold: Gold, nodes: dict[str, _Node], doc_edges: list[tuple[_Edge, list[_Evidence]]],
                     want: set[tuple[str, str]], fold: Callable[[str], str]) -> set[tuple[str, str]]:
    """(actor, technique) pairs; the actor is the matched gold name (one that makes the pair right
    when the node matches several) or else the node label."""
    pairs: set[tuple[str, str]] = set()
    for edge, _ in doc_edges:
        node = nodes.get(edge.source)
        if node is None or node.technique:
            continue
        names = _matches(node, gold) or [node.label]
        for technique in (fold(t) for t in edge.techniques if t and DISARM_ID.match(t)):
            name = next((n for n in names if (n, technique) in want), names[0])
            pairs.add((name, technique))
    return pairs


def read_texts(corpus: Path) -> dict[str, str]:
    """Document path -> text, read exactly as the build reads it (so offsets agree)."""
    from ioggraph.corpus import iter_articles
    from ioggraph.model import Article

    return {a.path: a.text for a in iter_articles(Path(corpus)) if isinstance(a, Article)}


def run_eval(gold_dir: Path, *, corpus_dir: Path | None = None, store: Path | None = None,
             model: str | None = None, registry_files: Iterable[Path] = (), n_process: int = 1,
             progress: Callable[..., Any] | None = None) -> Report:
    """Build ``corpus_dir`` into a temporary store (or read ``store``) and score it against ``gold_dir``."""
    gold = load_gold(gold_dir)
    if store is None and corpus_dir is None:
        raise IoggraphError("Nothing to evaluate: give --corpus DIR to build, or --store PATH to read.")
    from ioggraph.export.json_export import node_link
    from ioggraph.graph import load_graph

    texts = read_texts(Path(corpus_dir)) if corpus_dir is not None else None
    with tempfile.TemporaryDirectory(prefix="ioggraph-eval-") as tmp:
        if store is None:
            from ioggraph.build import build

            store = Path(tmp) / "eval.db"
            build(Path(corpus_dir), store, model=model, registry_files=list(registry_files),
                  n_process=n_process, progress=progress)
        data = node_link(load_graph(Path(store)))
    return score(data, gold, texts)
