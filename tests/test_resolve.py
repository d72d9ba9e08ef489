"""Cross-document resolution: merge by key, label and type by vote, aliases kept."""
from __future__ import annotations

import json

import pytest

from ioggraph.resolve import resolve


def row(key: str, label: str, kind: str, aliases=(), registry: bool = False) -> dict:
    return {"key": key, "label": label, "type": kind, "aliases": json.dumps(list(aliases)), "registry": registry}


@pytest.mark.parametrize("rows, expected", [
    ([row("ccp", "Chinese Communist Party", "Organization", ["CCP"], True),
      row("ccp", "Chinese Communist Party", "Organization", ["Communist Party"], True)],
     {"ccp": ("Chinese Communist Party", "Organization", ["CCP", "Communist Party"])}),
    ([row("paraguay", "Paraguay", "Organization"), row("paraguay", "Paraguay", "Government"),
      row("paraguay", "Paraguay", "Government")],
     {"paraguay": ("Paraguay", "Government", [])}),
    ([row("lai", "Lai", "Person"), row("lai-ching-te", "Lai Ching-te", "Person", ["Lai"])],
     {"lai": ("Lai", "Person", []), "lai-ching-te": ("Lai Ching-te", "Person", ["Lai"])}),
    ([row("kinmen-residents", "Kinmen residents", "Group", ["residents of Kinmen"]),
      row("kinmen-residents", "Kinmen Residents", "Group")],
     {"kinmen-residents": ("Kinmen residents", "Group", ["residents of Kinmen"])}),
])
def test_resolve(rows: list[dict], expected: dict) -> None:
    got = {k: (a.label, a.type, a.aliases) for k, a in resolve(rows).items()}
    assert got == expected
