"""Generic agent nouns ("voters", "journalists", "servicemen", "policymakers") and their sectors.

Pure data access, no spaCy: ``schemas/agents.yaml`` is derived from the PETRARCH/Phoenix agents
dictionary (MIT, see ``schemas/LICENSE-phoenix.txt``) by ``scripts/derive_agents.py``; it maps a
singular head noun to a CAMEO sector code (GOV, MIL, COP, MED, CVL, ...). Groups use it to know
which nouns name people in a role (:mod:`ioggraph.nlp.groups`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ioggraph.errors import SchemaError
from ioggraph.schemas import load_yaml, schemas_dir


@dataclass(frozen=True)
class AgentNouns:
    sectors: dict[str, str]

    @classmethod
    def load(cls, path: Path | None = None) -> AgentNouns:
        path = path or schemas_dir() / "agents.yaml"
        data = load_yaml(path)
        agents = data.get("agents") if isinstance(data, dict) else None
        if not isinstance(agents, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in agents.items()):
            raise SchemaError(path, "expected a mapping 'agents:' of noun -> sector code (regenerate it with "
                                    "scripts/derive_agents.py)", line=getattr(data, "line", 1), key="agents")
        return cls({k.lower(): v for k, v in agents.items()})

    def sector(self, lemma: str) -> str | None:
        """The sector of a noun given its lemma (singular), or None when it names no agent."""
        return self.sectors.get(lemma.lower())


@lru_cache(maxsize=1)
def default_agent_nouns() -> AgentNouns:
    return AgentNouns.load()
