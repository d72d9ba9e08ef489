"""Which STIX object an actor becomes, chosen for what OpenCTI (pycti 7) creates from it.

Reads one actor node of the contract graph; writes nothing. pycti's import rules (read in
``pycti/entities/opencti_threat_actor.py`` and ``opencti_identity.py``): a ``threat-actor`` with
``resource_level: "individual"`` becomes a Threat-Actor-Individual, any other threat-actor a
Threat-Actor-Group; an ``identity`` becomes an Individual (``identity_class`` individual), a
Sector (class), a System (system) or else an Organization.

=================  ===========================================  ==================================
actor type         agent of a tactic edge                        otherwise
=================  ===========================================  ==================================
Person             threat-actor, resource_level individual       identity individual
Organization,      threat-actor (organization; MilitaryUnit      identity organization
Media, Military    nation-state)
Government         threat-actor nation-state, government         identity organization
Group (audiences)  threat-actor, resource_level team             identity ``group`` (an Organization
                                                                 in OpenCTI, never a Sector)
Location           threat-actor                                  identity ``unknown``
=================  ===========================================  ==================================
"""
from __future__ import annotations

from typing import Any, Callable

import networkx as nx

from ioggraph.export import _common as c

__all__ = ["tactic_agents", "actor_object", "IDENTITY_CLASS", "RESOURCE_LEVEL"]

IDENTITY_CLASS = {"Person": "individual", "Group": "group", "Location": "unknown"}  # else organization
RESOURCE_LEVEL = {"Person": "individual", "Government": "government", "Group": "team"}  # else organization
NATION_STATE = {"Government", "MilitaryUnit"}


def tactic_agents(G: nx.MultiDiGraph) -> set[Any]:
    """Actors that are the source of at least one tactic edge (the operators)."""
    return {u for u, _v, d in G.edges(data=True) if d.get("kind") == "tactic"}


def aliases(data: dict) -> list[str]:
    """Cleaned, non-empty, unique aliases in order."""
    cleaned = (c.clean_text(x).strip() for x in data.get("aliases") or ())
    return list(dict.fromkeys(a for a in cleaned if a))


def actor_object(node: Any, data: dict, is_agent: bool, sdo: Callable[..., dict],
                 seen: tuple[str | None, str | None] = (None, None)) -> dict:
    """The ``threat-actor`` or ``identity`` for one actor; ``sdo(type, key, **props)`` fills the rest.

    ``seen`` is (first, last) STIX timestamp of the documents mentioning it (threat actors only).
    """
    name = c.clean_text(data.get("label") or node).strip() or str(node)
    typ = str(data.get("type"))
    ref = {"source_name": "ioggraph", "external_id": c.clean_text(node)}
    if is_agent:
        return sdo("threat-actor", str(node), name=name, aliases=aliases(data),
                   threat_actor_types=["nation-state" if typ in NATION_STATE else "unknown"],
                   resource_level=RESOURCE_LEVEL.get(typ, "organization"), first_seen=seen[0], last_seen=seen[1],
                   description=f"ioggraph {typ}", external_references=[ref])
    aka = "; ".join(aliases(data))
    return sdo("identity", str(node), name=name, identity_class=IDENTITY_CLASS.get(typ, "organization"),
               description=f"ioggraph {typ}" + (f"; also known as: {aka}" if aka else ""),
               external_references=[ref])
