"""Load and check the tactic lexicon (``schemas/tactics.yaml``) into frozen :class:`Rule` records.

Reads: the YAML file and the DISARM technique table (:mod:`ioggraph.disarm`).
Writes nothing. Every problem raises :class:`~ioggraph.errors.SchemaError` naming file, line and key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ioggraph.disarm import load_disarm, load_project_codes
from ioggraph.errors import SchemaError
from ioggraph.schemas import Node, load_yaml, require, require_list_of_str

KINDS = ("tactic", "relation")
DEFAULT_AGENT_PREPS = ("by",)
DEFAULT_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Trigger:
    """A cue: ``head`` lemma plus other words that must appear near it (``"carry out"``)."""

    head: str
    extra: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Rule:
    """One lexicon entry; see the header of ``schemas/tactics.yaml``."""

    id: str
    relation: str
    techniques: tuple[str, ...]
    description: str = ""
    kind: str = "tactic"
    verbs: tuple[Trigger, ...] = ()
    nouns: tuple[Trigger, ...] = ()
    objects: frozenset[str] = frozenset()
    noun_objects: frozenset[str] = frozenset()
    verb_conditions: dict[str, frozenset[str]] = field(default_factory=dict)
    agent_preps: tuple[str, ...] = DEFAULT_AGENT_PREPS
    require_target: bool = False
    target_types: frozenset[str] = frozenset()
    deep: bool = False
    implicit_agent: bool = False
    passive_agent: bool = False
    object_techniques: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_techniques: tuple[str, ...] = ()
    context_words: frozenset[str] = frozenset()
    confidence: float = DEFAULT_CONFIDENCE

    @property
    def technique(self) -> str | None:
        return self.techniques[0] if self.techniques else None


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[Rule, ...]
    support_verbs: frozenset[str]
    channel_words: frozenset[str] = frozenset()
    roles: dict[str, str] = field(default_factory=dict)            # role noun -> relation
    relation_verbs: dict[str, str] = field(default_factory=dict)   # verb lemma -> relation
    channel_techniques: dict[str, str] = field(default_factory=dict)  # channel phrase -> technique
    path: Path | None = None


def verb_trigger(text: str) -> Trigger:
    """``"carry out"`` -> head ``carry`` (verbs: the first word is the head)."""
    words = text.lower().split()
    return Trigger(words[0], tuple(words[1:]), text)


def noun_trigger(text: str) -> Trigger:
    """``"fake news site"`` -> head ``site`` (nouns: the last word is the head)."""
    words = text.lower().split()
    return Trigger(words[-1], tuple(words[:-1]), text)


def load_lexicon(path: Path) -> Lexicon:
    """Parse and check the whole lexicon."""
    data = load_yaml(path)
    if not isinstance(data, Node):
        raise SchemaError(path, "expected a mapping with 'rules' at the top level")
    known = {**load_disarm(), **load_project_codes(path)}
    items = require(path, data, "rules", list)
    rules = tuple(parse_rule(path, item, known) for item in items)
    seen: set[str] = set()
    for item, rule in zip(items, rules):
        if rule.id in seen:
            raise SchemaError(path, f"duplicate rule id {rule.id!r}", line=item.line_of("id"), key="id")
        seen.add(rule.id)
    words = {k: frozenset(v.lower() for v in require_list_of_str(path, data, k)) for k in ("support_verbs", "channel_words")}
    channels = _word_map(path, data, "channel_techniques")
    for tid in sorted(set(channels.values()) - set(known)):
        raise SchemaError(path, f"unknown technique {tid!r}", line=data.line_of("channel_techniques"),
                          key="channel_techniques")
    return Lexicon(rules, words["support_verbs"], words["channel_words"], _word_map(path, data, "roles"),
                   _word_map(path, data, "relation_verbs"), channels, path)


def _word_map(path: Path, data: Node, key: str) -> dict[str, str]:
    """``{relation: [words]}`` -> ``{word: relation}``."""
    raw = require(path, data, key, dict, optional=True) or {}
    out = {}
    for relation, words in raw.items():
        for word in require_list_of_str(path, raw, relation):
            out[word.lower()] = str(relation)
    return out


def parse_rule(path: Path, item: Node, known: dict) -> Rule:
    """One rule mapping -> :class:`Rule` (technique ids checked against ``known``)."""
    rule_id = require(path, item, "id", str)
    techniques = _known_ids(path, item, "techniques", known, f"rule {rule_id!r}: ")
    kind = require(path, item, "kind", str, optional=True) or "tactic"
    if kind not in KINDS:
        raise SchemaError(path, f"expected one of {KINDS}, got {kind!r}", line=item.line_of("kind"), key="kind")
    verbs = tuple(verb_trigger(v) for v in require_list_of_str(path, item, "verbs"))
    nouns = tuple(noun_trigger(v) for v in require_list_of_str(path, item, "nouns"))
    if not verbs and not nouns:
        raise SchemaError(path, f"rule {rule_id!r} needs 'verbs' or 'nouns'", line=item.line, key="verbs")
    return Rule(
        id=rule_id, relation=require(path, item, "relation", str), techniques=techniques,
        description=require(path, item, "description", str, optional=True) or "", kind=kind,
        verbs=verbs, nouns=nouns,
        objects=frozenset(w.lower() for w in require_list_of_str(path, item, "objects")),
        noun_objects=frozenset(w.lower() for w in require_list_of_str(path, item, "noun_objects")),
        verb_conditions=_conditions(path, item),
        agent_preps=require_list_of_str(path, item, "agent_preps") or DEFAULT_AGENT_PREPS,
        require_target=bool(require(path, item, "require_target", bool, optional=True)),
        target_types=frozenset(require_list_of_str(path, item, "target_types")),
        deep=bool(require(path, item, "deep", bool, optional=True)),
        implicit_agent=bool(require(path, item, "implicit_agent", bool, optional=True)),
        passive_agent=bool(require(path, item, "passive_agent", bool, optional=True)),
        object_techniques=_object_techniques(path, item, known),
        default_techniques=_known_ids(path, item, "default_techniques", known, f"rule {rule_id!r}: "),
        context_words=frozenset(w.lower() for w in require_list_of_str(path, item, "context_words")),
        confidence=float(require(path, item, "confidence", (int, float), optional=True) or DEFAULT_CONFIDENCE),
    )


def _known_ids(path: Path, item: Node, key: str, known: dict, where: str = "",
               ids: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The technique ids under ``key`` (or ``ids`` found there), each checked against ``known``."""
    ids = require_list_of_str(path, item, key) if ids is None else ids
    for tid in ids:
        if tid not in known:
            raise SchemaError(path, f"{where}unknown technique {tid!r}; expected a DISARM V1.6 id "
                              "(schemas/disarm/techniques.csv) or a project code", line=item.line_of(key), key=key)
    return ids


def _object_techniques(path: Path, item: Node, known: dict) -> dict[str, tuple[str, ...]]:
    """``object_techniques: {researcher: [T0097.107], pro: [T0136.004, T0136]}`` (ids checked)."""
    raw = require(path, item, "object_techniques", dict, optional=True) or {}
    out = {}
    for word, ids in raw.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise SchemaError(path, f"expected a list of technique ids for word {word!r}, got {ids!r}",
                              line=item.line_of("object_techniques"), key="object_techniques")
        out[str(word).lower()] = _known_ids(path, item, "object_techniques", known, f"word {word!r}: ", tuple(ids))
    return out


def _conditions(path: Path, item: Node) -> dict[str, frozenset[str]]:
    raw = require(path, item, "verb_conditions", dict, optional=True) or {}
    out = {}
    for verb, words in raw.items():
        if not isinstance(words, list):
            raise SchemaError(path, f"expected a list for verb {verb!r}, got {words!r}",
                              line=item.line_of("verb_conditions"), key="verb_conditions")
        out[str(verb).lower()] = frozenset(str(w).lower() for w in words)
    return out
