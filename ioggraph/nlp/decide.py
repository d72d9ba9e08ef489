"""Decisions: candidate activities (:mod:`ioggraph.nlp.candidates`) scored by the trained model
(:mod:`ioggraph.nlp.scorer`) become tactic relations; the rule layer's actor-actor relations pass through.

Reads: candidates, the rule layer's relations, the model and its thresholds.
Writes nothing: :func:`decide` returns relation dicts with the fields of :class:`ioggraph.model.Relation`.
A sentence needs P(it asserts an activity) >= ``thresholds.edge``; its agents are the best options (at most
``thresholds.max_agents``) whose P(this actor runs it | the sentence asserts an activity) is >=
``thresholds.agent``. An edge's ``confidence`` is P(sentence) x P(agent), mapped by the model's calibration
(fitted on train, out of fold) to the probability that the edge is right: its agent and its quote;
``rule`` is ``scorer`` (plus the lexicon rules that proposed it), ``trigger`` names the concepts.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from ioggraph.nlp import token_index
from ioggraph.nlp.candidates import AgentOption, Candidate, content_lemmas
from ioggraph.nlp.epistemics import Cues, reporter_heads, reporter_text
from ioggraph.nlp.scorer import ActivityModel

GENERIC_RELATION = "influence_activity"
MAX_TECHNIQUES = 3


def document_features(doc: Doc) -> list[str]:
    """Features of the relevance model: the document's content lemmas (a set)."""
    return sorted(content_lemmas(doc))


def relevance(doc: Doc, model: ActivityModel) -> float:
    return model.relevance.prob(document_features(doc))


STRONG_SENTENCES = 3   # a document's strongest candidate sentences that can make it relevant


def document_relevance(p_document: float, sentence_probs: list[float]) -> float:
    """How surely a document is about an influence operation: the document model's P, or the mean of
    its ``STRONG_SENTENCES`` most probable activity sentences (fewer count as 0) when that is higher.

    The document model reads the content words only; a story about an indictment for vote buying or a
    staged video campaign can read like ordinary politics to it while three of its sentences plainly
    assert activities. On train, out of fold, the document model alone sends 8 relevant articles below
    its threshold and the mean of three sentences none of the 19 non-relevant articles above it."""
    top = sorted(sentence_probs, reverse=True)[:STRONG_SENTENCES]
    return max(p_document, sum(top) / STRONG_SENTENCES)


def sentence_probs(candidates: list[Candidate], model: ActivityModel) -> list[float]:
    """P(the sentence asserts an activity) of each candidate (0 for a dropped one: negated, a headline)."""
    return [0.0 if cand.dropped else model.sentence.prob(cand.features) for cand in candidates]


def passes_relevance(p_document: float, p_sents: list[float], dropped: list[bool], threshold: float) -> bool:
    """:func:`document_relevance` over the candidates that were not dropped, against ``threshold``
    (the build's decision, and the training replay's)."""
    return document_relevance(p_document, [p for p, d in zip(p_sents, dropped) if not d]) >= threshold


def is_relevant(doc: Doc, candidates: list[Candidate], p_sents: list[float], model: ActivityModel) -> bool:
    """Whether the document is about an influence operation (``p_sents``: :func:`sentence_probs`)."""
    return passes_relevance(relevance(doc, model), p_sents, [bool(c.dropped) for c in candidates],
                            model.thresholds.relevance)


def agent_probs(probs: list[float], items: list) -> list[tuple[float, Any]]:
    """(P(agent | activity), option), best first. Each option is scored on its own, so that two actors
    who both ran it ("Lee and Song recruited ...", co-defendants) can both be likely."""
    order = sorted(range(len(items)), key=lambda i: (-probs[i], i))
    return [(round(probs[i], 6), items[i]) for i in order]


def pick_agents(scored: list[tuple[float, str]], conjoined: dict[str, list[str]], th) -> list[tuple[float, str]]:
    """Agents by P(agent), best first, at most ``th.max_agents`` picks, each with P >= ``th.agent``.
    Actors coordinated in the sentence ("The UFWD and the TAO ran ...") are one pick: the group's
    probability is its most likely member's, and every member is an agent at that probability."""
    probs = {k: p for p, k in scored}
    groups: dict[tuple[str, ...], float] = {}
    for _, key in scored:
        group = tuple(sorted({key, *conjoined.get(key, ())} & probs.keys()))
        groups.setdefault(group, max(probs[k] for k in group))
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))[: th.max_agents]
    picked: dict[str, float] = {}
    for group, share in ranked:
        if share >= th.agent:
            for key in group:
                picked.setdefault(key, share)
    return sorted(((s, k) for k, s in picked.items()), key=lambda x: (-x[0], x[1]))


def model_parents(cand: Candidate, model: ActivityModel) -> list[str]:
    """Parents the model ranks for the candidate's sentence (:func:`chosen_parents`). They do not depend
    on the agent."""
    return chosen_parents(model.rank_techniques(cand.features)[:MAX_TECHNIQUES], model.thresholds.technique)


def chosen_parents(ranked: list[tuple[str, float]], threshold: float) -> list[str]:
    """Of the parents ranked best first, the top one, then any with P >= ``threshold``."""
    return [tid for i, (tid, p) in enumerate(ranked) if i == 0 or p >= threshold]


def edge_techniques(parents: list[str], rule_techniques: list[str]) -> list[str]:
    """An edge's techniques: the model's ``parents``, then the parents a rule proposed
    (:func:`with_rule_parents`), each refined to a sub-technique a rule proposed."""
    return refine_techniques(with_rule_parents(parents, rule_techniques), rule_techniques)


def with_rule_parents(parents: list[str], rule_techniques: list[str]) -> list[str]:
    """``parents`` (the model's), then the DISARM parents of the techniques the lexicon's rules proposed
    for the sentence. A rule reads the object words ("fake accounts" -> T0090, "paid influencers" ->
    T0100) that the technique model, one linear model per parent over the whole sentence, often ranks
    below another parent. On train, out of fold, adding them raised lenient technique F1 from 0.219 to
    0.265 with higher precision (0.315 -> 0.335)."""
    ruled = sorted({t.split(".")[0] for t in rule_techniques if t.startswith("T")} - set(parents))
    return list(parents) + ruled


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
           cues: Cues, *, p_sents: list[float], relevant: bool) -> list[dict[str, Any]]:
    """Tactic relations the model accepts, plus the rule layer's actor-actor relations (``p_sents``:
    :func:`sentence_probs` of the candidates, ``relevant``: :func:`is_relevant`)."""
    out = [r for r in rule_relations if r["kind"] == "relation"]
    th = model.thresholds
    if not candidates or not relevant:
        return out
    actors = doc._.iog_actors or {}
    spans = {i: s for s in doc.spans.get("iog_actors", []) for i in range(s.start, s.end)}
    for cand, p_sent in zip(candidates, p_sents):
        if cand.dropped or model.passage.prob(cand.context) < th.context:
            continue
        if p_sent < th.edge:
            continue
        scored = agent_probs([model.agent.prob(o.features) for o in cand.options], [o.key for o in cand.options])
        picked = pick_agents(scored, cand.conjoined, th)
        if not picked:
            continue
        reporters = _reporters(doc, cand, cues, actors, spans)
        parents = None      # the model's technique ranking: once per candidate, when an agent needs it
        options = {o.key: o for o in cand.options}
        for p_agent, key in picked:
            confidence = model.confidence(p_sent, p_agent)
            if confidence >= th.min_confidence:
                if parents is None:
                    parents = model_parents(cand, model)
                label = actors.get(key, cand.descriptions.get(key, {})).get("label", key)
                out += _relations(cand, key, confidence, model, reporters, parents,
                                  agent_note(options.get(key), label))
    return out


def agent_note(option: AgentOption | None, label: str) -> str:
    """How an agent the quote does not name was found, appended to the edge's ``trigger`` (shown by
    ``query --explain``), so that an analyst can check it: '' when the quote names it."""
    if option is None or option.back == 0:
        return ""
    if option.back is not None:
        return f" [agent '{label}' named {option.back} sentence{'s' if option.back > 1 else ''} before the quote]"
    if option.source == "document":
        return f" [agent '{label}': the document's main actor, not named in the quote]"
    return f" [agent '{label}' not named in the quote: the rule layer resolved it]"


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


def _reporters(doc: Doc, cand: Candidate, cues: Cues, actors: dict, spans: dict) -> list[str]:
    out: list[str] = []
    for rel in cand.rule_relations:
        out += [r for r in rel.get("reported_by") or () if r not in out]
    if out or not cand.triggers:
        return out
    for head in reporter_heads(cand.sent, doc[cand.triggers[0]], cues):
        span = spans.get(head.i)
        label = actors.get(span.kb_id_, {}).get("label", span.text) if span is not None else reporter_text(head)
        if label and label not in out:
            out.append(label)
    return out


def _relations(cand: Candidate, agent: str, confidence: float, model: ActivityModel,
               reporters: list[str], parents: list[str], note: str = "") -> list[dict[str, Any]]:
    own = [r for r in cand.rule_relations if r["source"] == agent]
    rule_techniques = [t for r in (own or cand.rule_relations) for t in r.get("techniques") or ()]
    techniques = edge_techniques(parents, rule_techniques)
    relation = own[0]["relation"] if own else GENERIC_RELATION
    rules = sorted({r["rule"] for r in own})
    quote = token_index.span_text(cand.sent).rstrip()   # the Doc's text sliced, kept per Doc
    start = cand.sent.start_char
    end = start + len(quote)
    base = {
        "source": agent, "relation": relation, "kind": "tactic", "rule": "+".join(["scorer", *rules]),
        "technique": techniques[0] if techniques else None, "techniques": techniques,
        "confidence": confidence, "modality": cand.modality, "reported_by": [r for r in reporters],
        "channels": sorted({c for r in own for c in r.get("channels") or ()}),
        "trigger": (", ".join(cand.concepts[:6]) or "rule") + note, "start": start, "end": end, "quote": quote,
    }
    targets = sorted({r["target"] for r in own if not r.get("target_is_technique") and r["target"] != agent})
    if not targets:
        return [dict(base, target=base["technique"] or relation, target_is_technique=base["technique"] is not None)]
    return [dict(base, target=t, target_is_technique=False) for t in targets]
