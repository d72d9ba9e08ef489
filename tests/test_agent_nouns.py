"""Generic agent nouns derived from PETRARCH/Phoenix (schemas/agents.yaml), no model needed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ioggraph.errors import SchemaError
from ioggraph.nlp.agent_nouns import AgentNouns, default_agent_nouns

REPO = Path(__file__).resolve().parent.parent
PHOENIX = REPO.parent / "shared" / "dictionaries" / "Phoenix.agents.txt"


@pytest.mark.parametrize("lemma, sector", [("voter", "CVL"), ("journalist", "MED"), ("legislator", "LEG"),
                                           ("serviceman", "MIL"), ("writer", "MED"), ("Official", "GOV"),
                                           ("banana", None)])
def test_sector_of_a_noun(lemma: str, sector: str | None) -> None:
    assert default_agent_nouns().sector(lemma) == sector


def test_licence_notice_kept() -> None:
    head = (REPO / "schemas" / "agents.yaml").read_text(encoding="utf-8")[:3000]
    assert "Copyright (c) 2014 Open Event Data Alliance" in head
    assert "Open Event Data Alliance" in (REPO / "schemas" / "LICENSE-phoenix.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("body", ["agents: [voter]\n", "nothing: 1\n", "agents: {voter: [CVL]}\n"])
def test_malformed_file_is_named(tmp_path: Path, body: str) -> None:
    path = tmp_path / "agents.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SchemaError, match="agents.yaml.*derive_agents"):
        AgentNouns.load(path)


@pytest.mark.skipif(not PHOENIX.exists(), reason="the Phoenix dictionaries are not beside this checkout")
def test_agents_yaml_regenerates_from_the_dictionary() -> None:
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "derive_agents.py"), str(PHOENIX)],
                         capture_output=True, text=True, check=True).stdout
    assert out == (REPO / "schemas" / "agents.yaml").read_text(encoding="utf-8")
