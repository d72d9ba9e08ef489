"""`candidates`: frequent non-registry actors as a registry snippet (pairs, and a built store)."""
from __future__ import annotations

from pathlib import Path

import yaml

from ioggraph.candidates import candidates, sentence_at
from ioggraph.model import Mention
from ioggraph.registry import load_registry

TEXT = "Marco Alcaraz spoke in Taipei. China is a threat, Alcaraz said.\nKinmen residents worry."


def pairs() -> list[tuple[str, Mention]]:
    return [
        (TEXT, Mention(0, 13, "Marco Alcaraz", "marco-alcaraz", "Person", "ner")),
        (TEXT, Mention(50, 57, "Alcaraz", "marco-alcaraz", "Person", "alias")),
        (TEXT, Mention(31, 36, "China", "china", "Government", "registry")),
        (TEXT, Mention(64, 80, "Kinmen residents", "kinmen-residents", "Group", "group")),
    ]


def test_lists_frequent_non_registry_actors_with_evidence() -> None:
    data = yaml.safe_load(candidates(pairs(), min_count=2))
    assert [a["id"] for a in data["actors"]] == ["marco-alcaraz"]
    entry = data["actors"][0]
    assert entry["name"] == "Marco Alcaraz" and entry["type"] == "Person" and entry["aliases"] == ["Alcaraz"]
    assert "2 mentions in 1 document(s)" in entry["description"]
    assert "Marco Alcaraz spoke in Taipei." in entry["description"]


def test_min_count_one_and_registry_left_out() -> None:
    ids = [a["id"] for a in yaml.safe_load(candidates(pairs(), min_count=1))["actors"]]
    assert ids == ["marco-alcaraz", "kinmen-residents"]


def test_nothing_frequent_is_still_valid_yaml() -> None:
    assert yaml.safe_load(candidates(pairs(), min_count=9)) == {"actors": []}


def test_sentence_at() -> None:
    assert sentence_at(TEXT, 50, 57) == "China is a threat, Alcaraz said."
    assert sentence_at(TEXT, 64, 80) == "Kinmen residents worry."


def test_output_loads_as_a_registry(tmp_path: Path) -> None:
    path = tmp_path / "candidates.yaml"
    path.write_text(candidates(pairs(), min_count=1), encoding="utf-8")
    reg = load_registry([path])
    assert reg["marco-alcaraz"].aliases == ("Alcaraz",)


def test_reads_a_built_store(seed_store: Path) -> None:
    data = yaml.safe_load(candidates(seed_store, min_count=2))
    ids = {a["id"] for a in data["actors"]}
    assert "kinmen-residents" in ids and "marco-alcaraz" in ids
    assert not ids & set(load_registry())
