"""DISARM Red Framework V1.6 techniques, plus ioggraph's own project codes.

Reads: ``schemas/disarm/techniques.csv`` and ``schemas/disarm/tactics.csv`` (DISARM Foundation,
CC BY-SA 4.0, see ``schemas/disarm/LICENSE.md``) and the ``project_codes`` of
``schemas/tactics.yaml``.
Writes nothing; :func:`load_techniques` returns plain :class:`Technique` records.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ioggraph.errors import SchemaError
from ioggraph.schemas import load_yaml, require, schemas_dir

DISARM_VERSION = "DISARM Red Framework V1.6"
ATTRIBUTION = ("Contains data from the DISARM Framework (DISARM Red Framework v1.6), (c) DISARM Foundation, "
               "https://github.com/DISARMFoundation/DISARMframeworks, licensed under CC BY-SA 4.0.")
PAGE_URL = "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/{id}.md"
DISARM_ID = re.compile(r"^T\d{4}(?:\.\d{3})?$")
PROJECT_ID = re.compile(r"^IOG-[A-Z0-9-]+$")
PROJECT_TACTIC = ("IOG", "ioggraph project code")


@dataclass(frozen=True)
class Technique:
    """One technique: a DISARM id (``T0126.002``) or a project code (``IOG-ID-DOCS``)."""

    id: str
    name: str
    tactic_id: str
    tactic_name: str
    parent_id: str | None
    url: str | None
    description: str = ""
    nearest: str | None = None      # project codes: the closest DISARM technique

    @property
    def disarm(self) -> bool:
        return self.url is not None


def disarm_dir() -> Path:
    return schemas_dir() / "disarm"


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise SchemaError(path, f"cannot read the DISARM table ({exc}); copy it from the DISARM release") from None


@lru_cache(maxsize=4)
def load_disarm(folder: Path | None = None) -> dict[str, Technique]:
    """DISARM techniques only, keyed by id (``T0002`` ... ``T0153.007``)."""
    folder = folder or disarm_dir()
    tactics = {row["id"]: row["name"] for row in _read_csv(folder / "tactics.csv")}
    out: dict[str, Technique] = {}
    for line, row in enumerate(_read_csv(folder / "techniques.csv"), start=2):
        tid = (row.get("id") or "").strip()
        if not DISARM_ID.match(tid):
            raise SchemaError(folder / "techniques.csv", f"expected a technique id like T0126.002, got {tid!r}",
                              line=line, key="id")
        tactic = row.get("tactic_id") or ""
        out[tid] = Technique(tid, row["name"], tactic, tactics.get(tactic, ""), row.get("parent_id") or None,
                             PAGE_URL.format(id=tid), row.get("summary") or "")
    return out


def load_project_codes(lexicon: Path | None = None, disarm: dict[str, Technique] | None = None) -> dict[str, Technique]:
    """The ``project_codes`` section of the tactic lexicon, checked against DISARM."""
    path = lexicon or schemas_dir() / "tactics.yaml"
    disarm = disarm if disarm is not None else load_disarm()
    data = load_yaml(path) or {}
    out: dict[str, Technique] = {}
    for item in data.get("project_codes") or []:
        code = require(path, item, "id", str)
        if not PROJECT_ID.match(code):
            raise SchemaError(path, f"expected a project code like IOG-ID-DOCS, got {code!r}", line=item.line_of("id"), key="id")
        nearest = require(path, item, "nearest", str, optional=True)
        if nearest and nearest not in disarm:
            raise SchemaError(path, f"unknown DISARM V1.6 technique {nearest!r}", line=item.line_of("nearest"), key="nearest")
        out[code] = Technique(code, require(path, item, "name", str), PROJECT_TACTIC[0], PROJECT_TACTIC[1], None, None,
                              require(path, item, "description", str, optional=True) or "", nearest)
    return out


def load_techniques(lexicon: Path | None = None) -> dict[str, Technique]:
    """Every technique id ioggraph may emit: DISARM V1.6 and the project codes of ``tactics.yaml``."""
    disarm = load_disarm()
    return {**disarm, **load_project_codes(lexicon, disarm)}


def parent(technique_id: str) -> str:
    """``T0126.002`` -> ``T0126``; other ids unchanged."""
    return technique_id.split(".", 1)[0]
