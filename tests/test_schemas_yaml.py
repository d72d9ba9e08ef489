"""schemas.parse_yaml: libyaml's fast path gives the very Nodes (values, lines) of the line loader."""
from __future__ import annotations

import re

import pytest
import yaml

from ioggraph.schemas import Node, _LineLoader, parse_yaml, schemas_dir


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Node):
        return a.line == b.line and a.key_lines == b.key_lines and list(a) == list(b) \
            and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("name", sorted(p.name for p in schemas_dir().glob("*.yaml")))
def test_fast_path_equals_line_loader(name: str) -> None:
    text = (schemas_dir() / name).read_text(encoding="utf-8")
    assert _same(parse_yaml(text), yaml.load(text, Loader=_LineLoader))  # noqa: S506


@pytest.mark.parametrize("text, message", [
    ("a: &x [1]\nb: *x\n", "aliases (*x) are not allowed"),     # an anchor: the line loader refuses the alias
    ("a: *x\n", "aliases (*x) are not allowed"),                 # no anchor: libyaml fails, the line loader says why
    ("a: [1\n", "expected ',' or ']'"),
])
def test_errors_are_the_line_loaders(text: str, message: str) -> None:
    with pytest.raises(yaml.YAMLError, match=re.escape(message)):
        parse_yaml(text)


def test_lines_survive() -> None:
    data = parse_yaml("first: 1\nsecond:\n  inner: 2\n")
    assert (data.line_of("second"), data["second"].line_of("inner")) == (2, 3)
