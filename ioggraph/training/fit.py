"""Fitting the activity scorer's five logistic regressions (scikit-learn, liblinear: deterministic).

Features are binary strings; those seen in fewer than ``MIN_COUNT`` training rows are dropped, weights
are rounded to ``DIGITS`` decimals so that the same data gives a byte-identical model file, and weights
smaller than ``PRUNE`` are dropped (they move no probability by more than a fraction of a percent).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ioggraph.nlp.scorer import ActivityModel, LinearModel, Thresholds
from ioggraph.training.examples import DocExamples

MIN_COUNT = 2
DIGITS = 3
PRUNE = 0.01
# C_AGENT: 0.03 gave the best top-1 agent on train, 5-fold by article (0.684; 0.665 at 0.1, 0.624 at 0.3)
C_SENTENCE, C_AGENT, C_TECHNIQUE, C_RELEVANCE = 0.3, 0.03, 0.5, 0.5
MIN_TECHNIQUE_EXAMPLES = 3


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
    weights = {f: round(float(w), DIGITS) for f, w in zip(names, clf.coef_[0]) if abs(w) >= PRUNE}
    return {"bias": round(float(clf.intercept_[0]), DIGITS), "weights": weights}


def fit(examples: list[DocExamples], thresholds: Thresholds | None = None, data_sha256: str = "") -> ActivityModel:
    """An :class:`~ioggraph.nlp.scorer.ActivityModel` from labelled documents."""
    rel = _fit([e.doc_features for e in examples], [int(e.relevant) for e in examples], C_RELEVANCE)
    passage = _fit([c for e in examples for c in e.context], [y for e in examples for y in e.passages], C_RELEVANCE)
    sents = [(f, y, p) for e in examples for f, y, p in e.sentences]
    sentence = _fit([f for f, _, _ in sents], [y for _, y, _ in sents], C_SENTENCE)
    options = [(f, y) for e in examples for (_, y_s, _), opts in zip(e.sentences, e.agents) if y_s for f, y in opts]
    agent = _fit([f for f, _ in options], [y for _, y in options], C_AGENT)
    positives = [(f, p) for f, y, p in sents if y and p]
    counts = Counter(t for _, p in positives for t in p)
    techniques = {}
    for tid in sorted(t for t, n in counts.items() if n >= MIN_TECHNIQUE_EXAMPLES):
        techniques[tid] = LinearModel.from_dict(_fit([f for f, _ in positives], [int(tid in p) for _, p in positives],
                                                     C_TECHNIQUE))
    return ActivityModel(LinearModel.from_dict(rel), LinearModel.from_dict(passage), LinearModel.from_dict(sentence),
                         LinearModel.from_dict(agent),
                         techniques, thresholds or Thresholds(), data_sha256)
