"""Labelled examples for the activity scorer, from the same code that runs at build time.

The pipeline (with the scorer off) parses each training article; :func:`ioggraph.nlp.candidates.propose`
lists candidate sentences and agent options; the gold (``eval/GUIDELINES.md``) labels them: a sentence
is positive when it covers at least half of a gold quote, an agent option when its name or alias
matches that tactic's actor, techniques are the gold ids' parents.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ioggraph.errors import IoggraphError
from ioggraph.gold import Gold, doc_key, norm_name

MIN_OVERLAP = 0.5


@dataclass
class DocExamples:
    """Labelled examples of one document (features only: no spaCy objects survive)."""

    name: str
    relevant: bool
    doc_features: list[str]
    sentences: list[tuple[list[str], int, list[str]]] = field(default_factory=list)   # feats, label, parents
    agents: list[list[tuple[list[str], int]]] = field(default_factory=list)          # per sentence: options
    # what decide() needs to rebuild predictions without the Doc:
    spans: list[tuple[int, int]] = field(default_factory=list)
    option_keys: list[list[str]] = field(default_factory=list)
    dropped: list[bool] = field(default_factory=list)
    context: list[list[str]] = field(default_factory=list)
    conjoined: list[dict[str, list[str]]] = field(default_factory=list)
    passages: list[int] = field(default_factory=list)     # 1: a gold quote lies in the candidate's window
    rule_techniques: list[list[list[str]]] = field(default_factory=list)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: list[dict[str, Any]] = field(default_factory=list)   # the rule layer's actor-actor relations
    places: dict[str, dict[str, Any]] = field(default_factory=dict)  # countries named, nodes if relevant (iog_places)
    described: set[str] = field(default_factory=set)   # keys of ``actors`` that are agent descriptions (nodes if agents)
    text: str = ""


def actor_forms(info: dict[str, Any]) -> frozenset[str]:
    return frozenset(norm_name(f) for f in [info.get("label", ""), *(info.get("aliases") or [])])


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, start = [], text.find(quote)
    while start >= 0:
        out.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return out


def covers(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(min(end, e) - max(start, s) >= MIN_OVERLAP * (e - s) for s, e in spans)


def examples_of(doc, name: str, gold: Gold | None) -> DocExamples:
    """Candidates of a processed Doc, labelled by ``gold`` (unlabelled when gold is None)."""
    from ioggraph.nlp.decide import document_features
    from ioggraph.nlp.tactics import candidates_of

    cands, rule_relations = candidates_of(doc)
    actors = doc._.iog_actors or {}
    ex = DocExamples(name, bool(gold.relevant) if gold else True, document_features(doc),
                     actors={k: dict(v) for k, v in actors.items()},
                     relations=[r for r in rule_relations if r["kind"] == "relation"], text=doc.text,
                     places={k: dict(v) for k, v in (doc._.iog_places or {}).items()})
    located = []
    for tactic in (gold.tactics if gold else ()):
        forms = gold.by_name[tactic.actor].forms
        located.append((quote_spans(doc.text, tactic.quote), forms, tactic))
    for cand in cands:
        for key, info in cand.descriptions.items():
            if key not in ex.actors:
                ex.actors[key] = {k: v for k, v in info.items() if k != "span"}
                ex.described.add(key)
        s, e = cand.sent.start_char, cand.sent.end_char
        hits = [(forms, t) for spans, forms, t in located if covers(s, e, spans)]
        parents = sorted({x.split(".")[0] for _, t in hits for x in t.techniques if x.startswith("T")})
        ex.sentences.append((list(cand.features), int(bool(hits)), parents))
        ex.agents.append([(list(o.features), int(any(actor_forms(ex.actors.get(o.key, {})) & f for f, _ in hits)))
                          for o in cand.options])
        ex.spans.append((s, e))
        ex.option_keys.append([o.key for o in cand.options])
        ex.dropped.append(bool(cand.dropped))
        ex.context.append(list(cand.context))
        ex.conjoined.append(dict(cand.conjoined))
        ex.passages.append(int(any(covers(*cand.window, spans) for spans, _, _ in located)))
        ex.rule_techniques.append([[t for t in r.get("techniques") or ()] for r in cand.rule_relations])
    return ex


def corpus_examples(nlp, corpus: Path, gold: dict[str, Gold], progress: Callable[[str], None] | None = None) -> list[DocExamples]:
    from ioggraph.corpus import iter_articles
    from ioggraph.model import Article

    by_key = {doc_key(k): v for k, v in gold.items()}
    articles = sorted((a for a in iter_articles(corpus) if isinstance(a, Article) and doc_key(a.path) in by_key),
                      key=lambda a: a.path)
    if not articles:
        raise IoggraphError(f"No article under '{corpus}' has a gold file; expected e.g. 012_x.txt beside gold 012_x.yaml.")
    out = []
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=8)):
        out.append(examples_of(doc, doc_key(article.path), by_key[doc_key(article.path)]))
        if progress:
            progress(article.path)
    return out


def data_hash(corpus: Path, gold_dir: Path) -> str:
    h = hashlib.sha256()
    for folder in (corpus, gold_dir):
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file():
                h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()
