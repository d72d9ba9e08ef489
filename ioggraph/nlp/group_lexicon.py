"""The group lexicon (``schemas/groups.yaml``, plus the agent nouns of ``schemas/agents.yaml``) as a
plain object: which nouns head a group, which words qualify one, and the type a collective names.
No spaCy beyond reading a token's text, tag and lemma.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from ioggraph.errors import SchemaError
from ioggraph.model import ACTOR_TYPES
from ioggraph.nlp.agent_nouns import AgentNouns, default_agent_nouns
from ioggraph.schemas import load_yaml, require, require_list_of_str


@dataclass(frozen=True)
class GroupLexicon:
    nouns: frozenset[str]
    adjectives: frozenset[str]
    standalone: frozenset[str]
    drop: frozenset[str]
    place_words: frozenset[str]
    of_heads: frozenset[str]
    participles: frozenset[str]
    not_agent_heads: frozenset[str] = frozenset()
    collective: dict[str, str] = field(default_factory=dict)
    operations: frozenset[str] = frozenset()
    campaigns: frozenset[str] = frozenset()
    no_compound_heads: frozenset[str] = frozenset()
    operation_modifiers: frozenset[str] = frozenset()
    modifier_only: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    agents: AgentNouns = field(default_factory=lambda: AgentNouns({}))

    @classmethod
    def load(cls, path: Path, agents: AgentNouns | None = None) -> GroupLexicon:
        data = load_yaml(path)
        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in require_list_of_str(path, data, key))
        collective = require(path, data, "collective", dict, optional=True) or {}
        bad = sorted(str(k) for k, v in collective.items() if v not in ACTOR_TYPES)
        if bad:
            raise SchemaError(path, f"collective nouns {bad} need an actor type, one of {sorted(ACTOR_TYPES)}",
                              key="collective")
        return cls(words("nouns"), words("adjectives"), words("standalone"), words("drop"),
                   words("place_words"), words("of_heads"), words("participles"), words("not_agent_heads"),
                   {str(k).lower(): v for k, v in collective.items()}, words("operations"), words("campaigns"),
                   words("no_compound_heads"), words("operation_modifiers"), words("modifier_only"),
                   words("platforms"), words("units"), words("links"), agents or default_agent_nouns())

    def head_kind(self, tok: Token) -> str | None:
        """The actor type a phrase headed by ``tok`` names ("Group", or a collective's type), or None
        when ``tok`` heads no group: a listed noun, a plural agent noun, a collective or an operation."""
        lower = tok.lower_
        if lower in self.collective and tok.is_lower and tok.tag_ in {"NN", "NNS"}:
            return self.collective[lower]  # "Caixin Media" is a name, not the media
        if lower in self.nouns:
            return "Group"
        if lower in self.operations or lower in self.campaigns:
            return "Group" if tok.is_lower else None  # "the German Press Agency Network" is a name
        if tok.tag_ not in {"NNS", "NNPS"} or lower in self.not_agent_heads:
            return None
        lemma = tok.lemma_.lower()
        if lemma != lower and lemma not in self.not_agent_heads and self.agents.sector(lemma) is not None:
            return "Group"
        return None
