"""Cross-document actor resolution: document actor keys -> one actor per real-world actor.

Documents already key their actors by registry id or by the slug of the normalised name (see
:mod:`ioggraph.nlp.aliases` for in-document aliasing), so actors merge across documents by
registry id or by normalised name, never by a surname alone. The label is the registry name, or
the most frequent label (then the longest); the type is the registry type, or the majority vote.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ioggraph.model import ACTOR_TYPES


@dataclass
class ResolvedActor:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    registry: bool = False


def resolve(rows: list[sqlite3.Row] | list[dict]) -> dict[str, ResolvedActor]:
    """Merge ``doc_actors`` rows (key, label, type, aliases JSON, registry) by key."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    registry: dict[str, bool] = defaultdict(bool)
    for row in rows:
        key = row["key"]
        labels[key][row["label"]] += 1
        types[key][row["type"]] += 1
        aliases[key] |= set(json.loads(row["aliases"]))
        registry[key] |= bool(row["registry"])
    out = {}
    for key in sorted(labels):
        label = _pick_label(labels[key])
        out[key] = ResolvedActor(
            id=key, label=label, type=_pick_type(types[key], registry[key]),
            aliases=_distinct(aliases[key] | set(labels[key]), label), registry=registry[key])
    return out


def _pick_label(counter: Counter[str]) -> str:
    # most frequent, then longest, then sentence case over Title Case ("Kinmen residents")
    return sorted(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0].istitle(), kv[0]))[0][0]


def _distinct(names: set[str], label: str) -> list[str]:
    """Aliases that differ from the label (and each other) by more than case."""
    seen = {label.casefold()}
    out = []
    for name in sorted(names):
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _pick_type(counter: Counter[str], registry: bool) -> str:
    order = {t: i for i, t in enumerate(ACTOR_TYPES)}
    return sorted(counter.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99)))[0][0]
