"""Decisions: candidate activities (:mod:`ioggraph.nlp.candidates`) scored by the trained model
(:mod:`ioggraph.nlp.scorer`) become tactic relations; the rule layer's actor-actor relations pass through.

Reads: candidates, the rule layer's relations, the model and its thresholds.
Writes nothing: :func:`decide` returns relation dicts with the fields of :class:`ioggraph.model.Relation`.
A sentence needs P(it asserts an activity) >= ``thresholds.edge``; its agents are the best options whose
share of the agent probability is >= ``thresholds.agent``. An edge's ``confidence`` is
P(sentence asserts an activity) x that share, as the model says;
``rule`` is ``scorer`` (plus the lexicon rules that proposed it), ``trigger`` names the concepts.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from ioggraph.nlp.candidates import Candidate
from ioggraph.nlp.epistemics import Cues, reporter_heads, reporter_text
from ioggraph.nlp.scorer import ActivityModel

GENERIC_RELATION = "influence_activity"
MAX_TECHNIQUES = 3


def document_features(doc: Doc) -> list[str]:
    """Features of the relevance model: the document's content lemmas (a set)."""
    return sorted({f"w={t.lemma_.lower()}" for t in doc if t.is_alpha and not t.is_stop and len(t) > 2
                   and not t.ent_type_ and t.pos_ != "PROPN"})


def relevance(doc: Doc, model: ActivityModel) -> float:
    return model.relevance.prob(document_features(doc))


def agent_shares(probs: list[float], items: list) -> list[tuple[float, Any]]:
    """Each option's share of the agent probability mass, best first: the agent model scores options one
    by one, and the share says how much this one stands out among the sentence's options."""
    total = sum(probs)
    order = sorted(range(len(items)), key=lambda i: (-probs[i], i))
    return [(round(probs[i] / total, 6) if total > 0 else 0.0, items[i]) for i in order]


def techniques_for(cand: Candidate, model: ActivityModel, rule_techniques: list[str]) -> list[str]:
    """Parents the model ranks: the top one, then any above ``thresholds.technique``."""
    ranked = model.rank_techniques(cand.features)[:MAX_TECHNIQUES]
    chosen = [tid for i, (tid, p) in enumerate(ranked) if i == 0 or p >= model.thresholds.technique]
    return refine_techniques(chosen, rule_techniques)


def refine_techniques(parents: list[str], rule_techniques: list[str]) -> list[str]:
    """Each parent refined to the sub-techniques a rule proposed under it ("presented as researchers" ->
    T0097.107); project codes a rule proposed come last (they never compete with DISARM ids)."""
    out: list[str] = []
    for parent in parents:
        for t in [t for t in rule_techniques if t.startswith(parent + ".")] or [parent]:
            if t not in out:
                out.append(t)
    return out + [t for t in rule_techniques if t.startswith("IOG-") and t not in out]


def decide(doc: Doc, candidates: list[Candidate], rule_relations: list[dict[str, Any]], model: ActivityModel,
           cues: Cues) -> list[dict[str, Any]]:
    """Tactic relations the model accepts, plus the rule layer's actor-actor relations."""
    out = [r for r in rule_relations if r["kind"] == "relation"]
    th = model.thresholds
    if not candidates or relevance(doc, model) < th.relevance:
        return out
    actors = doc._.iog_actors or {}
    for cand in candidates:
        if cand.dropped or model.relevance.prob(cand.context) < th.context:
            continue
        p_sent = model.sentence.prob(cand.features)
        if p_sent < th.edge:
            continue
        scored = agent_shares([model.agent.prob(o.features) for o in cand.options], cand.options)
        picked = [(p, o) for p, o in scored[: th.max_agents] if p >= th.agent]
        if not picked:
            continue
        reporters = _reporters(doc, cand, cues, actors)
        for p_agent, option in picked:
            out += _relations(cand, option.key, round(p_sent * p_agent, 3), model, reporters)
    return out


def add_descriptions(doc: Doc, candidates: list[Candidate], relations: list[dict[str, Any]]) -> None:
    """Make actors of the descriptions that became agents ("pro-Hezbollah accounts"): a Group each, in
    ``doc._.iog_actors`` and ``doc.spans["iog_actors"]``, so that the edge's source is a node."""
    used = {r["source"] for r in relations}
    actors = dict(doc._.iog_actors or {})
    spans = list(doc.spans["iog_actors"]) if "iog_actors" in doc.spans else []
    taken = {i for s in spans for i in range(s.start, s.end)}
    for cand in candidates:
        for key, info in cand.descriptions.items():
            if key not in used:
                continue
            start, end = info["span"]
            if key not in actors:
                actors[key] = {k: v for k, v in info.items() if k != "span"}
            if not any(i in taken for i in range(start, end)):
                spans.append(Span(doc, start, end, label=info["type"], kb_id=key))
                taken.update(range(start, end))
    doc._.iog_actors = actors
    doc.spans["iog_actors"] = sorted(spans, key=lambda s: (s.start, s.end))


def _reporters(doc: Doc, cand: Candidate, cues: Cues, actors: dict) -> list[str]:
    out: list[str] = []
    for rel in cand.rule_relations:
        out += [r for r in rel.get("reported_by") or () if r not in out]
    if out or not cand.triggers:
        return out
    spans = {i: s for s in doc.spans.get("iog_actors", []) for i in range(s.start, s.end)}
    for head in reporter_heads(cand.sent, doc[cand.triggers[0]], cues):
        span = spans.get(head.i)
        label = actors.get(span.kb_id_, {}).get("label", span.text) if span is not None else reporter_text(head)
        if label and label not in out:
            out.append(label)
    return out


def _relations(cand: Candidate, agent: str, confidence: float, model: ActivityModel,
               reporters: list[str]) -> list[dict[str, Any]]:
    own = [r for r in cand.rule_relations if r["source"] == agent]
    rule_techniques = [t for r in (own or cand.rule_relations) for t in r.get("techniques") or ()]
    techniques = techniques_for(cand, model, rule_techniques)
    relation = own[0]["relation"] if own else GENERIC_RELATION
    rules = sorted({r["rule"] for r in own})
    sent, text = cand.sent, cand.sent.doc.text
    start, end = sent.start_char, sent.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    base = {
        "source": agent, "relation": relation, "kind": "tactic", "rule": "+".join(["scorer", *rules]),
        "technique": techniques[0] if techniques else None, "techniques": techniques,
        "confidence": confidence, "modality": cand.modality, "reported_by": [r for r in reporters],
        "channels": sorted({c for r in own for c in r.get("channels") or ()}),
        "trigger": ", ".join(cand.concepts[:6]) or "rule", "start": start, "end": end, "quote": text[start:end],
    }
    targets = sorted({r["target"] for r in own if not r.get("target_is_technique") and r["target"] != agent})
    if not targets:
        return [dict(base, target=base["technique"] or relation, target_is_technique=base["technique"] is not None)]
    return [dict(base, target=t, target_is_technique=False) for t in targets]
