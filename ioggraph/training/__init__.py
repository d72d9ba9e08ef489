"""``ioggraph train``: fit the activity scorer (:mod:`ioggraph.nlp.scorer`) on gold-annotated articles.

Three steps, one module each: :mod:`~ioggraph.training.examples` (labelled candidates from the build's
own code), :mod:`~ioggraph.training.fit` (the logistic regressions) and :mod:`~ioggraph.training.offline`
(decisions on stored examples: cross-validation by article, calibration, thresholds chosen on dev).
Training needs scikit-learn (``pip install 'ioggraph[train]'``); scoring at build time does not.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ioggraph.errors import IoggraphError

__all__ = ["run_training"]


def run_training(gold_dir: Path, corpus_dir: Path, *, output: Path | None = None, dev_gold: Path | None = None,
                 dev_corpus: Path | None = None, model: str | None = None, folds: int = 5,
                 progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Fit on (``gold_dir``, ``corpus_dir``); calibrate confidence on out-of-fold scores (``folds``, by
    article), which also give the cross-validated figures; with a dev set choose thresholds on it and record
    its scores; write the model and ``<stem>.record.json`` beside it; return the record."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise IoggraphError("Training needs scikit-learn: pip install 'ioggraph[train]' (make train does it).") from None
    from ioggraph.gold import load_gold
    from ioggraph.nlp import load_pipeline
    from ioggraph.nlp.scorer import DEFAULT_MODEL, dumps
    from ioggraph.nlp.scorer import load_model as load_activity_model
    from ioggraph.training import fit as fitting
    from ioggraph.training.examples import corpus_examples, data_hash
    from ioggraph.training.offline import (calibration, choose_thresholds, cross_validate, evaluate, figures,
                                           fit_calibration, headroom, out_of_fold, score)

    if folds < 2:
        raise IoggraphError(f"--folds must be at least 2 (got {folds}): the calibration is fitted out of fold.")
    output = Path(output) if output else DEFAULT_MODEL
    nlp = load_pipeline(model, scorer=False)
    gold = load_gold(gold_dir)
    train = corpus_examples(nlp, Path(corpus_dir), gold, progress)
    sha = data_hash(Path(corpus_dir), Path(gold_dir))
    fitted = fitting.fit(train, data_sha256=sha)
    held_out = out_of_fold(train, folds)      # each article scored by models that never saw it
    fitted = replace(fitted, calibration=fit_calibration(held_out, gold))
    record: dict[str, Any] = {
        "data": {"train": str(Path(corpus_dir).parent.name or corpus_dir), "train_documents": len(train),
                 "train_sha256": sha, "spacy_model": model or "default"},
        "hyperparameters": {"C_sentence": fitting.C_SENTENCE, "C_agent": fitting.C_AGENT,
                            "C_technique": fitting.C_TECHNIQUE, "C_relevance": fitting.C_RELEVANCE,
                            "min_count": fitting.MIN_COUNT, "min_technique_examples": fitting.MIN_TECHNIQUE_EXAMPLES},
    }
    if dev_gold and dev_corpus:
        dgold = load_gold(dev_gold)
        dev = corpus_examples(nlp, Path(dev_corpus), dgold, progress)
        fitted = replace(fitted, thresholds=choose_thresholds(fitted, dev, dgold))
        report, preds = evaluate(dev, fitted, dgold)
        record["dev"] = {"documents": len(dev), "sha256": data_hash(Path(dev_corpus), Path(dev_gold)),
                         **figures(report), "calibration": calibration(dev, preds, dgold),
                         "headroom": headroom([(e, score(e, fitted)) for e in dev], dgold, fitted.thresholds)}
    record["thresholds"] = dict(fitted.thresholds.__dict__)
    record["calibration"] = {"platt": list(fitted.calibration), "fitted_on": f"train, out of fold ({folds} folds)"}
    report, preds = cross_validate(held_out, gold, fitted.thresholds, fitted.calibration)
    record["train_cross_validated"] = {"folds": folds, **figures(report),
                                       "calibration": calibration([e for e, _ in held_out], preds, gold),
                                       "headroom": headroom([(e, replace(s, calibration=fitted.calibration))
                                                             for e, s in held_out], gold, fitted.thresholds)}
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(dumps(fitted), encoding="utf-8")
    tmp.replace(output)
    record_path = output.with_name(output.stem + ".record.json")
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    load_activity_model.cache_clear()
    return dict(record, model_path=str(output), record_path=str(record_path))
