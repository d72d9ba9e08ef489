"""The trained activity scorer, for precision: linear models over the string features of
:mod:`ioggraph.nlp.features`, stored as data (``ioggraph/nlp/models/activity.json``).

Four models, fitted on ``../shared/eval/train`` by :mod:`ioggraph.train` (``ioggraph train``):

* ``relevance``: P(the document is about an influence operation), from its content lemmas;
* ``sentence``: P(the candidate sentence asserts an influence activity);
* ``agent``: P(this actor runs it | the sentence asserts one), over the sentence's agent options;
* ``techniques``: one model per DISARM parent technique seen in train (one-vs-rest), over the sentence.

The model file also holds the decision thresholds (chosen on dev, see the ``record`` it carries) and
the hash of the data it was fitted on. Scoring is a dictionary lookup per feature: no numpy needed.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ioggraph.errors import ActivityModelError

MODEL_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = MODEL_DIR / "activity.json"
FORMAT = "ioggraph-activity-model/1"


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression: P = sigmoid(bias + sum of weights of the present features)."""

    bias: float
    weights: dict[str, float]

    def logit(self, features: tuple[str, ...] | list[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in features)

    def prob(self, features: tuple[str, ...] | list[str]) -> float:
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"bias": self.bias, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(float(data["bias"]), {str(k): float(v) for k, v in data["weights"].items()})


@dataclass(frozen=True)
class Thresholds:
    relevance: float = 0.5        # below: the document gives no tactic edge
    context: float = 0.3          # below: the passage around a sentence (an unrelated story) gives none
    edge: float = 0.3             # P(sentence asserts an activity) needed for any edge
    agent: float = 0.1            # an agent's share of P(agent | activity) needed for it to be named
    technique: float = 0.35       # P(technique | activity) needed beyond the top one
    max_agents: int = 2           # agents per sentence at most


@dataclass(frozen=True)
class ActivityModel:
    relevance: LinearModel
    sentence: LinearModel
    agent: LinearModel
    techniques: dict[str, LinearModel]
    thresholds: Thresholds
    data_sha256: str = ""

    def rank_techniques(self, features: tuple[str, ...] | list[str]) -> list[tuple[str, float]]:
        scored = [(tid, m.prob(features)) for tid, m in self.techniques.items()]
        return sorted(scored, key=lambda kv: (-kv[1], kv[0]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "data_sha256": self.data_sha256,
            "thresholds": self.thresholds.__dict__,
            "relevance": self.relevance.to_dict(), "sentence": self.sentence.to_dict(),
            "agent": self.agent.to_dict(),
            "techniques": {k: m.to_dict() for k, m in sorted(self.techniques.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActivityModel:
        return cls(LinearModel.from_dict(data["relevance"]), LinearModel.from_dict(data["sentence"]),
                   LinearModel.from_dict(data["agent"]),
                   {k: LinearModel.from_dict(v) for k, v in data["techniques"].items()},
                   Thresholds(**data.get("thresholds", {})), str(data.get("data_sha256", "")))


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
