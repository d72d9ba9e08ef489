"""Registry loading (file, line and key on every error) and registry matching, on spacy.blank."""
from __future__ import annotations

from pathlib import Path

import pytest

from ioggraph.errors import SchemaError
from ioggraph.model import ACTOR_TYPES
from ioggraph.nlp.registry_match import RegistryMatcher
from ioggraph.registry import load_registry


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_registry_is_consistent() -> None:
    reg = load_registry()
    assert {"ccp", "dpp", "tao", "base-311", "lai-ching-te", "russia", "irgc", "doppelganger"} <= set(reg)
    assert all(a.type in ACTOR_TYPES for a in reg.values())
    assert list(reg) == sorted(reg)


def test_roles_have_date_ranges() -> None:
    lai = load_registry()["lai-ching-te"]
    assert [r.title for r in lai.roles_on("2023-06-01") if r.of == "taiwan"] == ["Vice President"]
    assert [r.title for r in lai.roles_on("2024-06-01") if r.of == "taiwan"] == ["President"]
    assert len(lai.roles_on(None)) == len(lai.roles)


def test_user_file_overrides_and_adds(tmp_path: Path) -> None:
    path = write(tmp_path, """actors:
  - id: dpp
    name: Democratic Progressive Party
    type: Organization
    aliases: [DPP, Green camp]
  - id: acme-troll-farm
    name: Acme Troll Farm
    type: Organization
    part_of: russia
""")
    reg = load_registry([path])
    assert "Green camp" in reg["dpp"].aliases
    assert reg["acme-troll-farm"].part_of == "russia"


BAD = [
    ("actors:\n  - id: x\n    name: X\n    type: Company\n", 4, "type"),
    ("actors:\n  - id: x\n    type: Person\n", 2, "name"),
    ("actors:\n  - id: Bad_Id\n    name: X\n    type: Person\n", 2, "id"),
    ("actors:\n  - id: x\n    name: X\n    type: Person\n  - id: x\n    name: Y\n    type: Person\n", 5, "id"),
    ("actors:\n  - id: x\n    name: X\n    type: Person\n    alias: [Y]\n", 5, "alias"),
    ("actors:\n  - id: x\n    name: X\n    type: Person\n    aliases: [[1]]\n", 5, "aliases"),
    ("actors:\n  - id: x\n    name: X\n    type: Person\n    roles:\n      - {title: Chief, start: '2024-13-01'}\n", 6, "start"),
    ("actors:\n  - id: x\n    name: X\n    type: Person\n    roles:\n      - {title: Chief, start: 2024-13-01}\n", None, None),
    ("actors:\n  - id: x\n    name: X\n    type: Person\n    roles:\n      - title: Chief\n        start: 2024-05-01\n        end: 2023-01-01\n",
     8, "end"),
    ("actors:\n  - id: x\n    name: X\n    type: Person\n    part_of: nowhere\n", 2, "part_of"),
    ("actors: [\n", None, None),
    ("people: []\n", None, "actors"),
]


@pytest.mark.parametrize("text, line, key", BAD)
def test_bad_registry_names_file_line_and_key(tmp_path: Path, text: str, line: int | None, key: str | None) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SchemaError) as err:
        load_registry([path])
    assert str(path) in str(err.value)
    if line is not None:
        assert err.value.line == line
    if key is not None:
        assert err.value.key == key


@pytest.fixture(scope="module")
def matcher(blank_nlp):
    return RegistryMatcher(blank_nlp, load_registry())


MATCHES = [
    ("The DPP won.", [("DPP", "dpp")]),
    ("The dpp won.", []),                                        # short all-caps aliases: case-sensitive
    ("the chinese communist party said", [("chinese communist party", "ccp")]),
    ("The IRA posted memes.", [("IRA", "ira")]),
    ("Putin spoke.", []),                                        # bare surname, no full name before
    ("Vladimir Putin spoke. Later Putin left.", [("Vladimir Putin", "vladimir-putin"), ("Putin", "vladimir-putin")]),
    ("President Xi Jinping met Lai.", [("President Xi Jinping", "xi-jinping")]),
    ("王沪宁 presided.", [("王沪宁", "wang-huning")]),
    ("Base 311 and the 61716 Unit.", [("Base 311", "base-311"), ("61716 Unit", "base-311")]),
]


@pytest.mark.parametrize("text, expected", MATCHES)
def test_registry_matching(blank_nlp, matcher, text: str, expected: list[tuple[str, str]]) -> None:
    doc = blank_nlp(text)
    got = [(doc[c.start:c.end].text, c.key) for c in matcher(doc)]
    assert got == expected
