"""The trained activity scorer, for precision: linear models over the string features of
:mod:`ioggraph.nlp.features`, stored as data (``ioggraph/nlp/models/activity.json``).

Five models, fitted on ``../shared/eval/train`` by :mod:`ioggraph.train` (``ioggraph train``):

* ``relevance``: P(the document is about an influence operation), from its content lemmas (a document whose three
  strongest activity sentences are surer than that counts as relevant to their mean:
  :func:`ioggraph.nlp.decide.document_relevance`);
* ``passage``: P(the sentences around a candidate report an influence activity) (unrelated stories
  run together in one file score low);
* ``sentence``: P(the candidate sentence asserts an influence activity);
* ``agent``: P(this actor runs it | the sentence asserts one), over the sentence's agent options;
* ``techniques``: one model per DISARM parent technique seen in train (one-vs-rest), over the sentence;

and a calibration: P(an edge is right: its agent and its quote) from P(sentence) x P(agent), a logistic
map fitted on train's out-of-fold edges (Platt scaling), so that an edge's ``confidence`` is a probability.

The model file also holds the decision thresholds (chosen on dev, see the ``record`` it carries) and
the hash of the data it was fitted on. Scoring is a dictionary lookup per feature (the technique models:
one row of a numpy matrix per feature, all models at once).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from ioggraph.errors import ActivityModelError

MODEL_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = MODEL_DIR / "activity.json"
FORMAT = "ioggraph-activity-model/1"


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression: P = sigmoid(bias + sum of weights of the present features)."""

    bias: float
    weights: dict[str, float]

    def logit(self, features: tuple[str, ...] | list[str]) -> float:
        return self.bias + sum(map(self.weights.get, features, repeat(0.0)))   # in feature order

    def prob(self, features: tuple[str, ...] | list[str]) -> float:
        return _sigmoid(self.logit(features))

    def to_dict(self) -> dict[str, Any]:
        return {"bias": self.bias, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(float(data["bias"]), {str(k): float(v) for k, v in data["weights"].items()})


@dataclass(frozen=True)
class Thresholds:
    relevance: float = 0.5        # below: the document gives no tactic edge
    context: float = 0.3          # P(passage) below this: the passage (an unrelated story) gives none
    edge: float = 0.3             # P(sentence asserts an activity) needed for any edge
    agent: float = 0.1            # P(agent | activity) needed for an actor to be named the agent
    technique: float = 0.35       # P(technique | activity) needed beyond the top one
    max_agents: int = 2           # agents per sentence at most
    min_confidence: float = 0.0   # an edge's calibrated confidence must reach this


@dataclass(frozen=True)
class ActivityModel:
    relevance: LinearModel
    passage: LinearModel
    sentence: LinearModel
    agent: LinearModel
    techniques: dict[str, LinearModel]
    thresholds: Thresholds
    data_sha256: str = ""
    calibration: tuple[float, float] = (1.0, 0.0)   # (a, b): confidence = sigmoid(a * logit(raw) + b)

    def confidence(self, p_sentence: float, p_agent: float) -> float:
        """P(the edge is right) for a sentence of P(activity) ``p_sentence`` and an agent of ``p_agent``."""
        return calibrate(p_sentence * p_agent, self.calibration)

    def rank_techniques(self, features: tuple[str, ...] | list[str]) -> list[tuple[str, float]]:
        """(technique, P) for every technique model, best first: the rows of weights of the features present
        (0.0 for a model that does not weigh one) added up in feature order, all models at once."""
        tids, biases, row_of, matrix = self._technique_rows
        # row 0 holds zeros: the sums start at 0.0 as logit()'s do; accumulate adds row after row, in order
        picked = [0, *filter(None, map(row_of.get, features))]
        sums = np.add.accumulate(matrix[picked], axis=0)[-1].tolist()
        scored = [(tid, _sigmoid(b + s)) for tid, b, s in zip(tids, biases, sums)]
        return sorted(scored, key=lambda kv: (-kv[1], kv[0]))

    @cached_property
    def _technique_rows(self) -> tuple[tuple[str, ...], tuple[float, ...], dict[str, int], np.ndarray]:
        """(technique ids, their biases, feature -> its row, a matrix whose row holds the weight of each
        technique model for that feature, 0.0 where a model does not weigh it; row 0 is all zeros).
        Adding 0.0 leaves a sum as it is (a sum that starts at 0.0 is never -0.0), and float64 is
        Python's float, so the sums are those of adding only the weights the models hold, in feature order."""
        tids = tuple(self.techniques)
        out: dict[str, list[float]] = {}
        for j, tid in enumerate(tids):
            for f, w in self.techniques[tid].weights.items():
                out.setdefault(f, [0.0] * len(tids))[j] = w
        matrix = np.array([[0.0] * len(tids), *out.values()], dtype=np.float64).reshape(len(out) + 1, len(tids))
        return (tids, tuple(self.techniques[t].bias for t in tids), {f: i for i, f in enumerate(out, 1)}, matrix)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "data_sha256": self.data_sha256,
            "thresholds": self.thresholds.__dict__, "calibration": list(self.calibration),
            "relevance": self.relevance.to_dict(), "passage": self.passage.to_dict(),
            "sentence": self.sentence.to_dict(),
            "agent": self.agent.to_dict(),
            "techniques": {k: m.to_dict() for k, m in sorted(self.techniques.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActivityModel:
        return cls(LinearModel.from_dict(data["relevance"]), LinearModel.from_dict(data["passage"]),
                   LinearModel.from_dict(data["sentence"]),
                   LinearModel.from_dict(data["agent"]),
                   {k: LinearModel.from_dict(v) for k, v in data["techniques"].items()},
                   Thresholds(**data.get("thresholds", {})), str(data.get("data_sha256", "")),
                   tuple(float(x) for x in data.get("calibration", (1.0, 0.0))))


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def calibrate(raw: float, ab: tuple[float, float]) -> float:
    """Platt scaling on the logit of ``raw`` (identity for (1, 0)), rounded as edges carry it."""
    return round(_sigmoid(ab[0] * logit(raw) + ab[1]), 3)


def dumps(model: ActivityModel) -> str:
    """Deterministic JSON (sorted keys, weights rounded): same data -> byte-identical file."""
    return json.dumps(model.to_dict(), sort_keys=True, indent=0, separators=(",", ":")) + "\n"


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> ActivityModel:
    """The shipped model (or ``path``); SchemaError with the fix when it is missing or malformed."""
    file = Path(path) if path else DEFAULT_MODEL
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ActivityModelError(f"{file}: the trained activity model is missing; run `make train` "
                          "(ioggraph train) to fit it from ../shared/eval/train.") from None
    except (OSError, ValueError) as exc:
        raise ActivityModelError(f"{file}: cannot read the activity model ({str(exc)[:200]}); run `make train`.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ActivityModelError(f"{file}: expected an activity model of format '{FORMAT}'; run `make train`.")
    try:
        return ActivityModel.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ActivityModelError(f"{file}: malformed activity model ({str(exc)[:200]}); run `make train`.") from None
