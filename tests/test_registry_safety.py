"""Hostile registry files: billion laughs, huge values, invisible characters in names."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from ioggraph.errors import SchemaError
from ioggraph.registry import load_registry

LAUGHS = "a: &a [" + ",".join(["lol"] * 9) + "]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
) + "actors: *i\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _entry(name: str = "Acme", **extra: str) -> str:
    lines = [f"  - id: acme", f"    name: {name}", "    type: Organization"]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    return "actors:\n" + "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly_with_a_short_message(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(SchemaError, match=r"mine.yaml, line 2: invalid YAML: YAML aliases \(\*a\) are not allowed") as err:
        load_registry([write(tmp_path, LAUGHS)])
    assert time.monotonic() - started < 2
    assert len(str(err.value)) < 1024


@pytest.mark.parametrize("text, message", [
    (_entry(name='"' + "x" * 5000 + '"'), None),  # long names are fine
    ("actors:\n  - " + "y" * 5000 + "\n", r"expected an actor mapping \(id, name, type, ...\), got 'yyy"),
    (_entry(type_="x"), "unknown key"),
    ("actors:\n  - id: acme\n    name: [" + ", ".join(["z" * 50] * 100) + "]\n    type: Organization\n", "expected str, got list"),
])
def test_values_in_messages_are_cut(tmp_path: Path, text: str, message: str | None) -> None:
    if message is None:
        assert "acme" in load_registry([write(tmp_path, text)])
        return
    with pytest.raises(SchemaError, match=message) as err:
        load_registry([write(tmp_path, text)])
    assert len(str(err.value)) < 600


@pytest.mark.parametrize("key, value, problem", [
    ("name", '"Acme\\u202eevil"', "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("name", '"Acme\\nCorp"', "U+000A (control character)"),
    ("aliases", '["ok", "bad\\u2028alias"]', "U+2028 (LINE SEPARATOR)"),
    ("metonyms", '["\\x1bred"]', "U+001B (control character)"),
])
def test_invisible_characters_in_names_are_refused(tmp_path: Path, key: str, value: str, problem: str) -> None:
    text = _entry(**({key: value} if key != "name" else {})) if key != "name" else _entry(name=value)
    with pytest.raises(SchemaError) as err:
        load_registry([write(tmp_path, text)])
    assert f"key '{key}'" in str(err.value) and problem in str(err.value) and ", line " in str(err.value)
