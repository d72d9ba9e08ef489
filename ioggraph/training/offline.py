"""The scorer's decisions on stored examples (no Doc needed): cross-validation, calibration, thresholds.

:func:`score` runs the five models once per document; :func:`predict` then applies thresholds, the
same way :func:`ioggraph.nlp.decide.decide` does at build time, so a grid of thresholds costs no
model evaluation. Predictions are scored with :func:`ioggraph.evaluate.score` over a node-link graph
with one node per document actor.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import product
from typing import Any

from ioggraph.gold import Gold, doc_key
from ioggraph.nlp.decide import (GENERIC_RELATION, MAX_TECHNIQUES, agent_probs, chosen_parents, edge_techniques,
                                  passes_relevance, pick_agents)
from ioggraph.nlp.scorer import ActivityModel, Thresholds, calibrate, logit
from ioggraph.training.examples import DocExamples, actor_forms, covers, quote_spans

# Thresholds chosen on dev by choose_thresholds (every combination is tried). The edge confidence is
# calibrated (P(the edge is right)), and no edge below 0.2 is ever kept: four in five of those are wrong.
THRESHOLD_GRID: dict[str, list[Any]] = {
    "relevance": [0.6, 0.7, 0.8, 0.9], "context": [0.2, 0.4], "edge": [0.2, 0.3, 0.4, 0.5],
    "agent": [0.2, 0.3, 0.4], "technique": [0.2, 0.3, 0.4], "max_agents": [1, 2, 3], "min_confidence": [0.2, 0.3, 0.4],
}


@dataclass(frozen=True)
class Scored:
    """Model outputs for one document's candidates."""

    relevance: float
    context: list[float]
    sentence: list[float]
    agents: list[list[tuple[float, str]]]        # per sentence: (P(agent), key), best first
    techniques: list[list[tuple[str, float]]]    # per sentence: ranked parents
    calibration: tuple[float, float] = field(default=(1.0, 0.0))


def score(ex: DocExamples, model: ActivityModel) -> Scored:
    return Scored(
        model.relevance.prob(ex.doc_features),
        [model.passage.prob(c) for c in ex.context],
        [model.sentence.prob(f) for f, _, _ in ex.sentences],
        [agent_probs([model.agent.prob(f) for f, _ in opts], keys) for opts, keys in zip(ex.agents, ex.option_keys)],
        [model.rank_techniques(f)[:MAX_TECHNIQUES] for f, _, _ in ex.sentences],
        model.calibration,
    )


def relevant(ex: DocExamples, scored: Scored, th: Thresholds) -> bool:
    """What decide.is_relevant says of this document under thresholds ``th``."""
    return passes_relevance(scored.relevance, scored.sentence, ex.dropped, th.relevance)


def predict(ex: DocExamples, scored: Scored, th: Thresholds) -> list[dict[str, Any]]:
    """The relations decide() would give for this document under thresholds ``th``, and for a relevant one
    a ``kind: "place"`` entry per country it names (iog_places makes them nodes, never edges)."""
    out = list(ex.relations)
    if not relevant(ex, scored, th):
        return out
    out += [{"kind": "place", "source": key} for key in sorted(ex.places)]
    for i, (start, end) in enumerate(ex.spans):
        p_sent = scored.sentence[i]
        if ex.dropped[i] or scored.context[i] < th.context or p_sent < th.edge:
            continue
        techniques = edge_techniques(chosen_parents(scored.techniques[i], th.technique),
                                     [t for ts in ex.rule_techniques[i] for t in ts])
        for p_agent, key in pick_agents(scored.agents[i], ex.conjoined[i], th):
            confidence = calibrate(p_sent * p_agent, scored.calibration)
            if confidence < th.min_confidence:
                continue
            out.append({"source": key, "target": techniques[0] if techniques else GENERIC_RELATION,
                        "target_is_technique": True, "kind": "tactic", "relation": GENERIC_RELATION,
                        "techniques": techniques, "start": start, "end": end, "quote": ex.text[start:end],
                        "confidence": confidence})
    return out


def node_link(examples: list[DocExamples], predictions: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """A node-link graph as :func:`ioggraph.evaluate.score` reads it, one node per document actor (an agent
    description only where it is an edge's agent, as :func:`ioggraph.nlp.decide.add_descriptions` does)."""
    nodes, edges = [], []
    for ex, rels in zip(examples, predictions):
        named = {r["source"]: ex.places[r["source"]] for r in rels if r["kind"] == "place"}
        agents = {r["source"] for r in rels}
        actors = {k: v for k, v in ex.actors.items() if k not in ex.described or k in agents}  # as add_descriptions
        for key, info in sorted({**named, **actors}.items()):
            nodes.append({"id": f"{ex.name}::{key}", "label": info.get("label", key), "kind": "actor",
                          "aliases": list(info.get("aliases") or ()), "docs": [ex.name]})
        for rel in rels:
            if rel["kind"] == "place":
                continue
            target = rel["target"] if rel.get("target_is_technique") else f"{ex.name}::{rel['target']}"
            edges.append({"source": f"{ex.name}::{rel['source']}", "target": target, "kind": rel["kind"],
                          "relation": rel["relation"], "techniques": list(rel.get("techniques") or ()),
                          "evidence": [{"doc": ex.name, "start": rel["start"], "end": rel["end"],
                                        "quote": rel["quote"]}]})
    return {"nodes": nodes, "edges": edges}


def report_of(examples: list[DocExamples], predictions: list[list[dict[str, Any]]], gold: dict[str, Gold]):
    from ioggraph.evaluate import score as score_graph
    texts = {ex.name: ex.text for ex in examples}
    return score_graph(node_link(examples, predictions), {k: v for k, v in gold.items() if doc_key(k) in texts}, texts)


def evaluate(examples: list[DocExamples], model: ActivityModel, gold: dict[str, Gold]):
    """(Report, predictions) of ``model`` with its own thresholds on ``examples``."""
    preds = [predict(ex, score(ex, model), model.thresholds) for ex in examples]
    return report_of(examples, preds, gold), preds


def out_of_fold(examples: list[DocExamples], folds: int = 5) -> list[tuple[DocExamples, Scored]]:
    """Each document scored by the models fitted on the other folds (folds by article, round robin), in
    name order; the scores carry no calibration (confidence = P(sentence) x P(agent))."""
    from ioggraph.training.fit import fit
    ordered = sorted(examples, key=lambda e: e.name)
    out: dict[str, Scored] = {}
    for k in range(folds):
        model = fit([e for i, e in enumerate(ordered) if i % folds != k])
        for e in (e for i, e in enumerate(ordered) if i % folds == k):
            out[e.name] = score(e, model)
    return [(e, out[e.name]) for e in ordered]


def cross_validate(scored: list[tuple[DocExamples, Scored]], gold: dict[str, Gold], thresholds: Thresholds,
                   calibration: tuple[float, float] = (1.0, 0.0)):
    """(Report, predictions) of the out-of-fold scores (:func:`out_of_fold`) under ``thresholds`` and
    ``calibration``."""
    preds = [predict(e, replace(s, calibration=calibration), thresholds) for e, s in scored]
    return report_of([e for e, _ in scored], preds, gold), preds


# Thresholds wide enough that the calibration sees edges over the whole range of raw confidence.
CALIBRATION_THRESHOLDS = Thresholds(relevance=0.5, context=0.2, edge=0.2, agent=0.2, technique=1.0, max_agents=3)


def judge(examples: list[DocExamples], predictions: list[list[dict[str, Any]]],
          gold: dict[str, Gold]) -> list[tuple[float, bool]]:
    """(confidence, right) of every tactic edge: right when its agent matches the actor of a gold
    tactic whose quote it covers."""
    by_key = {doc_key(k): v for k, v in gold.items()}
    judged = []
    for ex, rels in zip(examples, predictions):
        g = by_key.get(ex.name)
        located = [(quote_spans(ex.text, t.quote), g.by_name[t.actor].forms) for t in (g.tactics if g else ())]
        for r in rels:
            if r["kind"] == "tactic":
                forms = actor_forms(ex.actors.get(r["source"], {}))
                judged.append((r["confidence"], any(covers(r["start"], r["end"], s) and forms & f for s, f in located)))
    return judged


def fit_calibration(scored: list[tuple[DocExamples, Scored]], gold: dict[str, Gold]) -> tuple[float, float]:
    """Platt scaling: (a, b) of P(right) = sigmoid(a * logit(raw) + b), fitted on out-of-fold edges
    (:data:`CALIBRATION_THRESHOLDS`), so that confidence on unseen articles means what it says."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    preds = [predict(e, replace(s, calibration=(1.0, 0.0)), CALIBRATION_THRESHOLDS) for e, s in scored]
    judged = judge([e for e, _ in scored], preds, gold)
    if len({ok for _, ok in judged}) < 2:
        return (1.0, 0.0)
    x = np.array([[logit(c)] for c, _ in judged])
    clf = LogisticRegression(C=1.0, solver="lbfgs").fit(x, np.array([int(ok) for _, ok in judged]))
    return (round(float(clf.coef_[0][0]), 4), round(float(clf.intercept_[0]), 4))


def calibration(examples: list[DocExamples], predictions: list[list[dict[str, Any]]], gold: dict[str, Gold],
                bins: tuple[float, ...] = (0.0, 0.5, 0.65, 0.8)) -> list[dict[str, Any]]:
    """For tactic edges of confidence >= each bin: how many, and what share is right (agent and quote)."""
    judged = judge(examples, predictions, gold)
    out = []
    for low in bins:
        sel = [ok for c, ok in judged if c >= low]
        out.append({"min_confidence": low, "edges": len(sel), "right": sum(sel),
                    "share_right": round(sum(sel) / len(sel), 3) if sel else None})
    return out


def headroom(scored: list[tuple[DocExamples, Scored]], gold: dict[str, Gold], thresholds: Thresholds) -> dict[str, Any]:
    """Where activities are lost: activity recall and lenient technique F1 as shipped, with the gold agent
    chosen wherever it is among a candidate's options (an oracle agent ranker), and with the gold sentences
    kept as well (oracle sentence scorer); and how often the gold parent technique ranks first / in the top
    three on gold sentences. A report for the record, never a threshold or a feature."""
    def run(agents: bool, sentences: bool) -> dict[str, float | None]:
        preds = []
        for ex, sc in scored:
            ranked = sc.agents
            if agents:
                ranked = []
                for opts, keys, own in zip(ex.agents, ex.option_keys, sc.agents):
                    right = [(1.0, k) for (_, label), k in zip(opts, keys) if label]
                    ranked.append(right + [(0.0, k) for (_, label), k in zip(opts, keys) if not label] if right else own)
            sentence = [1.0 if label else p for p, (_, label, _) in zip(sc.sentence, ex.sentences)] if sentences \
                else sc.sentence
            preds.append(predict(ex, replace(sc, agents=ranked, sentence=sentence), thresholds))
        report = report_of([e for e, _ in scored], preds, gold)
        return {"activity_recall": _round(report.activity_recall.value),
                "technique_lenient_f1": _round(report.techniques_lenient.f1)}

    top1 = top3 = n = 0
    for ex, sc in scored:
        for (_, label, parents), ranked in zip(ex.sentences, sc.techniques):
            if label and parents:
                ids = [p for p, _ in ranked]
                n += 1
                top1 += bool(ids[:1] and ids[0] in parents)
                top3 += bool(set(ids[:3]) & set(parents))
    return {"shipped": run(False, False), "oracle_agent": run(True, False),
            "oracle_agent_and_sentence": run(True, True), "losses": losses(scored, gold, thresholds),
            "technique_on_gold_sentences": {"sentences": n, "top1": _round(top1 / n if n else None),
                                            "top3": _round(top3 / n if n else None)}}


# The decisions a gold activity passes, in build order; losses() names the first one that loses it.
LOSS_STAGES = ("no_candidate", "dropped", "document_not_relevant", "passage_not_relevant",
               "sentence_below_threshold", "agent_not_an_option", "other_agent_chosen", "agent_below_threshold",
               "found")


def losses(scored: list[tuple[DocExamples, Scored]], gold: dict[str, Gold], thresholds: Thresholds) -> dict[str, int]:
    """Gold activities of relevant documents by the first decision that loses them (:data:`LOSS_STAGES`):
    no candidate sentence covers the quote; every covering candidate is negated, hypothetical or a headline;
    the document or the passage is judged not relevant; the sentence scores below the edge threshold; the
    gold agent is not among the sentence's options; another option is chosen; the gold agent is chosen but
    its P(agent) or the edge's confidence falls below a threshold; or it is found. Where several candidates
    cover one quote, the one that gets furthest counts. A report for the record, like :func:`headroom`."""
    by_key = {doc_key(k): v for k, v in gold.items()}
    out = dict.fromkeys(LOSS_STAGES, 0)
    for ex, sc in scored:
        doc_gold = by_key.get(ex.name)
        if doc_gold is None or not doc_gold.relevant:
            continue
        is_relevant = relevant(ex, sc, thresholds)
        for tactic in doc_gold.tactics:
            spans, forms = quote_spans(ex.text, tactic.quote), doc_gold.by_name[tactic.actor].forms
            stages = [_stage(ex, sc, i, forms, is_relevant, thresholds)
                      for i, (start, end) in enumerate(ex.spans) if covers(start, end, spans)]
            out[LOSS_STAGES[max(stages, default=0)]] += 1
    return out


def _stage(ex: DocExamples, sc: Scored, i: int, forms: frozenset[str], is_relevant: bool, th: Thresholds) -> int:
    """How far candidate ``i`` takes an activity whose agent has the names ``forms`` (index in LOSS_STAGES)."""
    if ex.dropped[i]:
        return 1
    if not is_relevant:
        return 2
    if sc.context[i] < th.context:
        return 3
    if sc.sentence[i] < th.edge:
        return 4
    right = {k for k in ex.option_keys[i] if actor_forms(ex.actors.get(k, {})) & forms}
    if not right:
        return 5
    picked = [(p, k) for p, k in pick_agents(sc.agents[i], ex.conjoined[i], th) if k in right]
    if not picked and sc.agents[i][0][1] not in right:
        return 6
    if not any(calibrate(sc.sentence[i] * p, sc.calibration) >= th.min_confidence for p, _ in picked):
        return 7
    return 8


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def choose_thresholds(model: ActivityModel, dev: list[DocExamples], dev_gold: dict[str, Gold]) -> Thresholds:
    """The point of :data:`THRESHOLD_GRID` with the best :func:`objective` on dev and no tactic edge in a
    non-relevant dev document. Only thresholds are chosen on dev; the weights never see it."""
    scored = [score(ex, model) for ex in dev]
    names = sorted(THRESHOLD_GRID)
    best, best_value = model.thresholds, float("-inf")
    for values in product(*(THRESHOLD_GRID[n] for n in names)):
        th = replace(model.thresholds, **dict(zip(names, values)))
        preds = [predict(ex, s, th) for ex, s in zip(dev, scored)]
        value = objective(report_of(dev, preds, dev_gold), calibration(dev, preds, dev_gold))
        if value > best_value + 1e-9:
            best, best_value = th, value
    return best


MIN_ACTOR_PRECISION = 0.85     # the floor for actor precision
MIN_EDGE_PRECISION = 0.35      # share of tactic edges whose agent and quote are right


def objective(report, calibrated: list[dict[str, Any]]) -> float:
    """Mean of activity recall and lenient technique F1, under three floors: actor precision >=
    MIN_ACTOR_PRECISION, share of right tactic edges >= MIN_EDGE_PRECISION, and no tactic edge in a
    non-relevant document. A point below a floor scores its shortfall (negative), so that when no point
    meets them the one nearest to them wins."""
    shortfall = max(0.0, MIN_ACTOR_PRECISION - (report.actor_precision.value or 0.0)) + \
        max(0.0, MIN_EDGE_PRECISION - (calibrated[0]["share_right"] or 0.0)) + report.irrelevant_tactic_edges
    if shortfall > 0:
        return -shortfall
    return ((report.activity_recall.value or 0.0) + (report.techniques_lenient.f1 or 0.0)) / 2


def figures(report) -> dict[str, Any]:
    return {"key_actor_recall": report.key_actor_recall.value, "actor_precision": report.actor_precision.value,
            "activity_recall": report.activity_recall.value, "technique_f1": report.techniques.f1,
            "technique_lenient_precision": report.techniques_lenient.precision,
            "technique_lenient_recall": report.techniques_lenient.recall,
            "technique_lenient_f1": report.techniques_lenient.f1,
            "tactic_edges_in_nonrelevant": report.irrelevant_tactic_edges}
