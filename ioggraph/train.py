"""``ioggraph train``: fit the activity scorer (:mod:`ioggraph.nlp.scorer`) on gold-annotated articles.

Examples come from the same code that runs at build time: the pipeline parses each training article,
:func:`ioggraph.nlp.candidates.propose` lists candidate sentences and agent options, and the gold
(``eval/GUIDELINES.md``) labels them: a sentence is positive when it covers at least half of a gold
quote, an agent option when its name or alias matches that tactic's actor, techniques are the gold
ids' parents. Logistic regressions (scikit-learn, liblinear: deterministic) are fitted and written
as data. With a dev set, thresholds are chosen on dev and its scores recorded; the weights never
see dev. Training needs scikit-learn (``pip install 'ioggraph[train]'``); scoring does not.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ioggraph.errors import IoggraphError
from ioggraph.gold import Gold, doc_key, load_gold, norm_name

MIN_COUNT = 2
DIGITS = 3
C_SENTENCE, C_AGENT, C_TECHNIQUE, C_RELEVANCE = 0.5, 0.5, 0.5, 0.5
MIN_TECHNIQUE_EXAMPLES = 3
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
    rule_techniques: list[list[list[str]]] = field(default_factory=list)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: list[dict[str, Any]] = field(default_factory=list)   # the rule layer's actor-actor relations
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
                     relations=[r for r in rule_relations if r["kind"] == "relation"], text=doc.text)
    located = []
    for tactic in (gold.tactics if gold else ()):
        forms = gold.by_name[tactic.actor].forms
        located.append((quote_spans(doc.text, tactic.quote), forms, tactic))
    for cand in cands:
        for key, info in cand.descriptions.items():
            ex.actors.setdefault(key, {k: v for k, v in info.items() if k != "span"})
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
        ex.rule_techniques.append([[t for t in r.get("techniques") or ()] for r in cand.rule_relations])
    return ex


# --- fitting --------------------------------------------------------------------------------------

def _fit(rows: list[list[str]], labels: list[int], c: float) -> dict[str, Any]:
    """One logistic regression over binary string features -> {"bias", "weights"} (rounded)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in rows for f in set(row))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    if len(set(labels)) < 2:
        bias = 6.0 if labels and labels[0] else -6.0
        return {"bias": bias, "weights": {}}
    indptr, indices = [0], []
    for row in rows:
        cols = sorted({vocab[f] for f in row if f in vocab})
        indices += cols
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    clf = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=1000)
    clf.fit(x, np.array(labels))
    names = sorted(vocab, key=vocab.get)
    weights = {f: round(float(w), DIGITS) for f, w in zip(names, clf.coef_[0]) if abs(w) >= 10 ** -DIGITS}
    return {"bias": round(float(clf.intercept_[0]), DIGITS), "weights": weights}


def fit(examples: list[DocExamples], thresholds: dict[str, Any] | None = None, data_sha256: str = ""):
    """An :class:`~ioggraph.nlp.scorer.ActivityModel` from labelled documents."""
    from ioggraph.nlp.scorer import ActivityModel, LinearModel, Thresholds

    rel = _fit([e.doc_features for e in examples], [int(e.relevant) for e in examples], C_RELEVANCE)
    sents = [(f, y, p) for e in examples if e.relevant for f, y, p in e.sentences]
    sentence = _fit([f for f, _, _ in sents], [y for _, y, _ in sents], C_SENTENCE)
    options = [(f, y) for e in examples for (_, y_s, _), opts in zip(e.sentences, e.agents) if y_s for f, y in opts]
    agent = _fit([f for f, _ in options], [y for _, y in options], C_AGENT)
    positives = [(f, p) for f, y, p in sents if y and p]
    counts = Counter(t for _, p in positives for t in p)
    techniques = {}
    for tid in sorted(t for t, n in counts.items() if n >= MIN_TECHNIQUE_EXAMPLES):
        techniques[tid] = LinearModel.from_dict(_fit([f for f, _ in positives], [int(tid in p) for _, p in positives],
                                                     C_TECHNIQUE))
    return ActivityModel(LinearModel.from_dict(rel), LinearModel.from_dict(sentence), LinearModel.from_dict(agent),
                         techniques, Thresholds(**(thresholds or {})), data_sha256)


# --- predictions without the Doc (cross-validation, threshold choice) -----------------------------

def predict(ex: DocExamples, model) -> list[dict[str, Any]]:
    """The tactic relations :func:`ioggraph.nlp.decide.decide` would give, from the stored examples."""
    th = model.thresholds
    out = list(ex.relations)
    if model.relevance.prob(ex.doc_features) < th.relevance:
        return out
    for i, (feats, _, _) in enumerate(ex.sentences):
        if ex.dropped[i] or model.relevance.prob(ex.context[i]) < th.context:
            continue
        p_sent = model.sentence.prob(feats)
        if p_sent < th.edge:
            continue
        from ioggraph.nlp.decide import agent_shares
        scored = agent_shares([model.agent.prob(f) for f, _ in ex.agents[i]], ex.option_keys[i])
        rule_t = [t for ts in ex.rule_techniques[i] for t in ts]
        ranked = model.rank_techniques(feats)
        chosen = [t for j, (t, p) in enumerate(ranked[:3]) if j == 0 or p >= th.technique]
        techs = []
        for parent in chosen:
            techs += [t for t in rule_t if t.startswith(parent + ".")] or [parent]
        for p_a, key in scored[: th.max_agents]:
            if p_a >= th.agent:
                s, e = ex.spans[i]
                out.append({"source": key, "target": techs[0] if techs else "activity", "kind": "tactic",
                            "relation": "influence_activity", "techniques": techs, "start": s, "end": e,
                            "quote": ex.text[s:e], "confidence": round(p_a * p_sent, 3)})
    return out


def node_link(examples: list[DocExamples], predictions: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """A node-link graph (as :func:`ioggraph.evaluate.score` reads it), one node per document actor."""
    nodes, edges = [], []
    for ex, rels in zip(examples, predictions):
        for key, info in sorted(ex.actors.items()):
            nodes.append({"id": f"{ex.name}::{key}", "label": info.get("label", key),
                          "aliases": list(info.get("aliases") or ()), "docs": [ex.name], "kind": "actor"})
        for rel in rels:
            target = rel["target"] if rel.get("target_is_technique", rel["kind"] == "tactic" and rel["target"] not in ex.actors) \
                else f"{ex.name}::{rel['target']}"
            edges.append({"source": f"{ex.name}::{rel['source']}", "target": target, "kind": rel["kind"],
                          "relation": rel["relation"], "techniques": list(rel.get("techniques") or ()),
                          "evidence": [{"doc": ex.name, "start": rel["start"], "end": rel["end"], "quote": rel["quote"]}]})
    return {"nodes": nodes, "edges": edges}


def evaluate(examples: list[DocExamples], model, gold: dict[str, Gold]):
    from ioggraph.evaluate import score
    preds = [predict(ex, model) for ex in examples]
    texts = {ex.name: ex.text for ex in examples}
    return score(node_link(examples, preds), {k: v for k, v in gold.items() if doc_key(k) in texts}, texts), preds


def cross_validate(examples: list[DocExamples], gold: dict[str, Gold], thresholds: dict[str, Any], folds: int = 5):
    """Scores of a model fitted on the other folds, on each fold (folds by article, round robin by name)."""
    from ioggraph.evaluate import score
    ordered = sorted(examples, key=lambda e: e.name)
    preds: dict[str, list[dict[str, Any]]] = {}
    for k in range(folds):
        held = [e for i, e in enumerate(ordered) if i % folds == k]
        model = fit([e for i, e in enumerate(ordered) if i % folds != k], thresholds)
        preds.update({e.name: predict(e, model) for e in held})
    texts = {e.name: e.text for e in ordered}
    return score(node_link(ordered, [preds[e.name] for e in ordered]), gold, texts)


def calibration(examples: list[DocExamples], predictions: list[list[dict[str, Any]]], gold: dict[str, Gold],
                bins: Iterable[float] = (0.0, 0.5, 0.65, 0.8)) -> list[dict[str, Any]]:
    """For tactic edges of confidence >= each bin: how many, and what share are right (agent and quote)."""
    judged = []
    for ex, rels in zip(examples, predictions):
        g = gold.get(ex.name)
        located = [(quote_spans(ex.text, t.quote), g.by_name[t.actor].forms) for t in (g.tactics if g else ())]
        for r in rels:
            if r["kind"] != "tactic":
                continue
            forms = actor_forms(ex.actors.get(r["source"], {}))
            ok = any(covers(r["start"], r["end"], spans) and forms & f for spans, f in located)
            judged.append((r["confidence"], ok))
    out = []
    for low in bins:
        sel = [ok for c, ok in judged if c >= low]
        out.append({"min_confidence": low, "edges": len(sel), "right": sum(sel),
                    "share_right": round(sum(sel) / len(sel), 3) if sel else None})
    return out


# --- the command ----------------------------------------------------------------------------------

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


THRESHOLD_GRID = {"edge": [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5], "agent": [0.2, 0.3, 0.4],
                  "technique": [0.3, 0.4, 0.5], "context": [0.2, 0.4]}


def choose_thresholds(model, dev: list[DocExamples], dev_gold: dict[str, Gold]) -> dict[str, Any]:
    """The grid point with the best mean of activity recall, actor precision and lenient technique F1 on dev,
    with no tactic edge in a non-relevant dev document (the relevance threshold is raised until there is none)."""
    from dataclasses import replace

    best, best_score = dict(model.thresholds.__dict__), -1.0
    for rel in (0.5, 0.6, 0.7, 0.8):
        for edge in THRESHOLD_GRID["edge"]:
            for agent in THRESHOLD_GRID["agent"]:
                for tech, ctx in ((t, c) for t in THRESHOLD_GRID["technique"] for c in THRESHOLD_GRID["context"]):
                    th = dict(best, relevance=rel, edge=edge, agent=agent, technique=tech, context=ctx)
                    report, _ = evaluate(dev, replace(model, thresholds=type(model.thresholds)(**th)), dev_gold)
                    s = _objective(report)
                    if s is not None and s > best_score:
                        best, best_score = th, s
    return best


def _objective(report) -> float | None:
    """Mean of activity recall, actor precision and lenient technique F1; None with edges in non-relevant docs."""
    if report.irrelevant_tactic_edges:
        return None
    return sum(v or 0.0 for v in (report.activity_recall.value, report.actor_precision.value,
                                  report.techniques_lenient.f1)) / 3


def run_training(gold_dir: Path, corpus_dir: Path, *, output: Path | None = None, dev_gold: Path | None = None,
                 dev_corpus: Path | None = None, model: str | None = None, folds: int = 5,
                 progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Fit on (``gold_dir``, ``corpus_dir``), choose thresholds on dev when given, write the model and its
    record (``<output>`` and ``<output stem>.record.json``); return the record."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise IoggraphError("Training needs scikit-learn: pip install 'ioggraph[train]' (make train does it).") from None
    from ioggraph.nlp import load_pipeline
    from ioggraph.nlp.scorer import DEFAULT_MODEL, dumps
    from ioggraph.nlp.scorer import load_model as load_activity_model

    output = Path(output) if output else DEFAULT_MODEL
    nlp = load_pipeline(model, scorer=False)
    gold = load_gold(gold_dir)
    train = corpus_examples(nlp, Path(corpus_dir), gold, progress)
    sha = data_hash(Path(corpus_dir), Path(gold_dir))
    fitted = fit(train, {}, sha)
    record: dict[str, Any] = {"data": {"train_gold": Path(gold_dir).name, "train_documents": len(train),
                                       "train_sha256": sha, "model": model or "default"},
                              "hyperparameters": {"C": [C_SENTENCE, C_AGENT, C_TECHNIQUE, C_RELEVANCE],
                                                  "min_count": MIN_COUNT, "folds": folds}}
    thresholds = dict(fitted.thresholds.__dict__)
    if dev_gold and dev_corpus:
        dgold = load_gold(dev_gold)
        dev = corpus_examples(nlp, Path(dev_corpus), dgold, progress)
        thresholds = choose_thresholds(fitted, dev, dgold)
        from dataclasses import replace
        from ioggraph.nlp.scorer import Thresholds
        fitted = replace(fitted, thresholds=Thresholds(**thresholds))
        report, preds = evaluate(dev, fitted, dgold)
        record["dev"] = {"documents": len(dev), **_figures(report),
                         "calibration": calibration(dev, preds, {doc_key(k): v for k, v in dgold.items()})}
    fitted = replace_thresholds(fitted, thresholds)
    record["thresholds"] = thresholds
    if folds > 1:
        cv = cross_validate(train, {doc_key(k): v for k, v in gold.items()}, thresholds, folds)
        record["train_cross_validated"] = _figures(cv)
    output.parent.mkdir(parents=True, exist_ok=True)
    text = dumps(fitted)
    tmp = output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    record_path = output.with_name(output.stem + ".record.json")
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    load_activity_model.cache_clear()
    record["model_path"], record["record_path"] = str(output), str(record_path)
    return record


def replace_thresholds(model, thresholds: dict[str, Any]):
    from dataclasses import replace
    from ioggraph.nlp.scorer import Thresholds
    return replace(model, thresholds=Thresholds(**thresholds))


def _figures(report) -> dict[str, Any]:
    return {"key_actor_recall": report.key_actor_recall.value, "actor_precision": report.actor_precision.value,
            "activity_recall": report.activity_recall.value,
            "technique_f1": report.techniques.f1, "technique_lenient_f1": report.techniques_lenient.f1,
            "technique_lenient_precision": report.techniques_lenient.precision,
            "technique_lenient_recall": report.techniques_lenient.recall,
            "tactic_edges_in_nonrelevant": report.irrelevant_tactic_edges}
