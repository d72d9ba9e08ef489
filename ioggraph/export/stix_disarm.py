"""DISARM's own STIX ids, so that our attack-patterns merge with the DISARM objects a CTI tool holds.

Reads ``schemas/disarm/stix_ids.csv`` (DISARM Foundation, CC BY-SA 4.0, see
``schemas/disarm/LICENSE.md``): ``disarm_id,stix_type,stix_id,name,kill_chain_name,phase_name,
source_name,url`` for every V1.6 attack-pattern and tactic, the DISARM identity, marking and matrix.
:func:`disarm_stix` returns them; :func:`attack_pattern_fields` the properties DISARM's bundle gives
a technique (id, name, ``kill_chain_phases``, ``external_references`` with ``source_name``
``mitre-attack``), plus ``x_mitre_id``, the field OpenCTI builds its merge key from.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ioggraph.errors import SchemaError
from ioggraph.schemas import schemas_dir

__all__ = ["DisarmStix", "disarm_stix", "attack_pattern_fields", "DISARM_BUNDLE_DATE"]

DISARM_BUNDLE_DATE = "2024-11-22T00:00:00.000Z"  # DISARM V1.6 STIX bundle release
DISARM_MARKING_STATEMENT = "CC-BY-SA-4.0 DISARM Foundation"  # the statement of DISARM's own marking
_COLUMNS = ("disarm_id", "stix_type", "stix_id", "name", "kill_chain_name", "phase_name", "source_name", "url")


@dataclass(frozen=True)
class DisarmStix:
    """The STIX ids DISARM publishes: per technique/tactic id, and the identity, marking and matrix."""

    objects: dict[str, dict[str, str]]  # disarm id (T0002, TA01) -> csv row
    identity_id: str
    marking_id: str
    matrix_id: str


@lru_cache(maxsize=1)
def disarm_stix() -> DisarmStix:
    """Load ``schemas/disarm/stix_ids.csv`` once; SchemaError names the file when it is incomplete."""
    path = schemas_dir() / "disarm" / "stix_ids.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or tuple(rows[0]) != _COLUMNS:
        raise SchemaError(path, f"expected the columns {','.join(_COLUMNS)}; restore the file from git")
    singles = {r["stix_type"]: r["stix_id"] for r in rows if not r["disarm_id"]}
    missing = {"identity", "marking-definition", "x-mitre-matrix"} - set(singles)
    if missing:
        raise SchemaError(path, f"no row for DISARM's {', '.join(sorted(missing))}; restore the file from git")
    objects = {r["disarm_id"]: r for r in rows if r["disarm_id"]}
    return DisarmStix(objects, singles["identity"], singles["marking-definition"], singles["x-mitre-matrix"])


def attack_pattern_fields(technique_id: str) -> dict | None:
    """DISARM's attack-pattern properties for ``technique_id`` (None when DISARM has no such id)."""
    row = disarm_stix().objects.get(technique_id)
    if row is None or row["stix_type"] != "attack-pattern":
        return None
    return {
        "id": row["stix_id"], "name": row["name"], "x_mitre_id": technique_id,
        "kill_chain_phases": [{"kill_chain_name": row["kill_chain_name"], "phase_name": row["phase_name"]}],
        "external_references": [{"source_name": row["source_name"], "external_id": technique_id, "url": row["url"]}],
    }
