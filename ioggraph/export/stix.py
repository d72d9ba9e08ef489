"""STIX 2.1 bundle for CTI tools (OpenCTI, MISP, stix2), valid under stix2-validator.

Reads a contract graph (docs/ARCHITECTURE.md); :func:`bundle` returns the bundle as a dict and
:func:`render` as JSON bytes (sorted keys, 2-space indent), identical for the same graph.

* Actors of type Government, Organization, MilitaryUnit, Media or Person that are the source of
  an edge become ``threat-actor``; every other actor becomes an ``identity`` (Person ->
  individual, Group -> class, Location -> unknown, the rest -> organization).
* Techniques become ``attack-pattern`` with an external reference ``{"source_name": "DISARM",
  "external_id", "url"}`` (project codes: source ``ioggraph``), a ``disarm`` kill-chain phase
  named after the tactic, and the DISARM attribution as a statement marking.
* Each edge becomes relationships: a tactic edge ``uses`` its technique; ``targets`` when it
  names a target actor; ``member_of``/``part_of`` between threat actors are ``attributed-to``;
  anything else is ``related-to``. The relation and the quotes are in ``description``, the
  edge key in an ``ioggraph`` external reference, confidence is 0..100.
* One ``report`` per document, with ``object_refs`` to every object its quotes or mentions support.
* Ids are UUIDv5 of our ids under :data:`NAMESPACE` (the validator warns that they are not
  UUIDv4: that is the price of determinism); ``created``/``modified`` come from document dates
  (or :data:`EPOCH`), never from the clock. Our own ids are ``ioggraph`` external references,
  so there are no custom ``x_`` properties. Text is cleaned as in the XML formats; a URL that
  is not a valid URI goes into a description instead of ``url``.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any

import networkx as nx

from ioggraph.export import _common as c

__all__ = ["NAMESPACE", "EPOCH", "stix_id", "bundle", "render"]

NAMESPACE = uuid.UUID("6f1b3c1e-2f5a-5d0b-9a57-1a0e6c2d9b41")  # fixed: ioggraph STIX ids
EPOCH = "1970-01-01T00:00:00.000Z"
PERPETRATOR_TYPES = {"Government", "Organization", "MilitaryUnit", "Media", "Person"}
IDENTITY_CLASS = {"Person": "individual", "Group": "class", "Location": "unknown"}
NATION_STATE = {"Government", "MilitaryUnit"}
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
PRODUCER = {"type": "identity", "spec_version": "2.1", "name": "ioggraph", "identity_class": "system",
            "description": "Knowledge graph of influence operations extracted from news articles."}


def stix_id(kind: str, key: str) -> str:
    """Deterministic STIX id: ``<kind>--<uuid5(NAMESPACE, "<kind>:<key>")>``."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


PRODUCER_ID = stix_id("identity", "ioggraph")
MARKING_ID = stix_id("marking-definition", "disarm-cc-by-sa-4.0")


def _timestamp(value: Any) -> str | None:
    """``2024-03-01...`` -> ``2024-03-01T00:00:00.000Z``; None when not an ISO date."""
    match = _DATE.match(str(value or ""))
    return f"{match.group(1)}T00:00:00.000Z" if match else None


def _stamps(dates: list[Any]) -> dict[str, str]:
    """``created`` = earliest, ``modified`` = latest of the ISO dates given (EPOCH when none)."""
    stamps = sorted(t for t in map(_timestamp, dates) if t)
    return {"created": stamps[0] if stamps else EPOCH, "modified": stamps[-1] if stamps else EPOCH}


def _sdo(kind: str, key: str, dates: list[Any], **props: Any) -> dict:
    """A STIX domain object with the common properties filled in."""
    obj = {"type": kind, "spec_version": "2.1", "id": stix_id(kind, key), **_stamps(dates),
           "created_by_ref": PRODUCER_ID}
    obj.update({k: v for k, v in props.items() if v not in (None, "", [])})
    return obj


def _aliases(data: dict) -> list[str]:
    """Cleaned, non-empty, unique aliases in order."""
    return list(dict.fromkeys(a for a in (c.clean_text(x).strip() for x in data.get("aliases") or ()) if a))


def _actor(node: Any, data: dict, is_threat: bool) -> dict:
    """``threat-actor`` or ``identity`` for one actor node."""
    dates = [data.get("first_date"), data.get("last_date")]
    name = c.clean_text(data.get("label") or node).strip() or str(node)
    typ = str(data.get("type"))
    if is_threat:
        return _sdo("threat-actor", str(node), dates, name=name, aliases=_aliases(data),
                    threat_actor_types=["nation-state" if typ in NATION_STATE else "unknown"],
                    first_seen=_timestamp(data.get("first_date")), last_seen=_timestamp(data.get("last_date")),
                    description=f"ioggraph {typ}", external_references=[_our_ref(node)])
    aka = "; ".join(_aliases(data))
    return _sdo("identity", str(node), dates, name=name, identity_class=IDENTITY_CLASS.get(typ, "organization"),
                description=f"ioggraph {typ}" + (f"; also known as: {aka}" if aka else ""),
                external_references=[_our_ref(node)])


def _our_ref(key: Any, description: str | None = None) -> dict:
    """External reference to our own id (instead of custom ``x_`` properties)."""
    ref = {"source_name": "ioggraph", "external_id": c.clean_text(key)}
    if description:
        ref["description"] = description
    return ref


def _attack_pattern(node: Any, data: dict) -> dict:
    """``attack-pattern`` for a technique node, with its DISARM reference and marking."""
    ident = str(node)
    disarm = bool(data.get("disarm", c.DISARM_ID.match(ident)))
    url = data.get("url") or (c.DISARM_PAGE.format(ident) if disarm and c.DISARM_ID.match(ident) else None)
    ref = {"source_name": "DISARM" if disarm else "ioggraph", "external_id": ident}
    if c.is_iri(url):
        ref["url"] = url
    phase = re.sub(r"[^a-z0-9]+", "-", str(data.get("tactic_name") or "").lower()).strip("-")
    return _sdo("attack-pattern", ident, [], name=c.clean_text(data.get("label") or ident),
                external_references=[ref],
                kill_chain_phases=[{"kill_chain_name": "disarm", "phase_name": phase}] if phase else None,
                object_marking_refs=[MARKING_ID] if disarm else None,
                description=_tactic_text(data))


def _tactic_text(data: dict) -> str | None:
    """``DISARM tactic TA10 (Drive Offline Activity)`` when the technique names its tactic."""
    if not data.get("tactic"):
        return None
    name = f" ({c.clean_text(data['tactic_name'])})" if data.get("tactic_name") else ""
    return f"DISARM tactic {c.clean_text(data['tactic'])}{name}"


def _sro_types(G: nx.MultiDiGraph, u: Any, v: Any, data: dict, kinds: dict) -> list[tuple[str, Any]]:
    """The (relationship_type, target node) pairs one edge turns into."""
    relation, out = str(data.get("relation") or ""), []
    source_kind, target_kind = kinds[u], kinds.get(v)
    tech = data.get("technique")
    if data.get("kind") == "tactic" and tech in kinds:
        out.append(("uses" if source_kind == "threat-actor" else "related-to", tech))
    if target_kind in ("identity", "threat-actor"):
        if source_kind == "threat-actor" and target_kind == "identity" and (
                relation == "targets" or data.get("kind") == "tactic"):
            out.append(("targets", v))
        elif source_kind == "threat-actor" and target_kind == "identity" and relation in ("member_of", "part_of"):
            out.append(("attributed-to", v))
        else:
            out.append(("related-to", v))
    elif target_kind == "attack-pattern" and v != tech:
        out.append(("uses" if source_kind == "threat-actor" else "related-to", v))
    return out


def _description(data: dict) -> str:
    """Relation name, then each quote with its document."""
    quotes = [f'"{c.clean_text(e.get("quote", ""))}" ({c.clean_text(e.get("doc", ""))})'
              for e in data.get("evidence") or ()]
    return c.clean_text(data.get("relation") or "related") + (": " + " ; ".join(quotes) if quotes else "")


def _relationships(G: nx.MultiDiGraph, kinds: dict, ids: dict) -> tuple[list[dict], dict[str, set]]:
    """SROs for every edge, and for each document the ids of the objects its quotes support."""
    sros, by_doc = [], {}
    for u, v, key, data in c.sorted_edges(G):
        docs = sorted({str(e.get("doc")) for e in data.get("evidence") or () if e.get("doc")})
        for rel_type, target in _sro_types(G, u, v, data, kinds):
            sro = _sdo("relationship", f"{key}:{rel_type}:{u}:{target}", [_doc_date(G, d) for d in docs],
                       relationship_type=rel_type, source_ref=ids[u], target_ref=ids[target],
                       description=_description(data), confidence=round(100 * float(data.get("confidence") or 0)),
                       external_references=[_our_ref(key, c.clean_text(data.get("relation") or "related"))])
            sros.append(sro)
            for doc in docs:
                by_doc.setdefault(doc, set()).update({sro["id"], ids[u], ids[target]})
    return sros, by_doc


def _doc_date(G: nx.MultiDiGraph, doc: str) -> Any:
    """The ISO date of document ``doc`` (or None)."""
    return ((G.graph.get("documents") or {}).get(doc) or {}).get("date")


def _report(G: nx.MultiDiGraph, doc: str, refs: set[str]) -> dict:
    """One ``report`` per document, referencing the objects it supports."""
    meta = (G.graph.get("documents") or {}).get(doc) or {}
    ref = {"source_name": "ioggraph-document", "external_id": c.clean_text(doc)}
    if c.is_iri(meta.get("url")):
        ref["url"] = meta["url"]
    elif meta.get("url"):
        ref["description"] = "source: " + c.clean_text(meta["url"])
    if re.fullmatch(r"[0-9a-f]{64}", str(meta.get("sha256") or "")):
        ref["hashes"] = {"SHA-256": meta["sha256"]}
    published = _timestamp(meta.get("date")) or EPOCH
    return _sdo("report", doc, [meta.get("date")], name=c.clean_text(meta.get("title") or doc).strip() or doc,
                report_types=["threat-report"], published=published, object_refs=sorted(refs),
                external_references=[ref])


def _marking() -> dict:
    """The DISARM attribution as a statement marking-definition."""
    return {"type": "marking-definition", "spec_version": "2.1", "id": MARKING_ID, "created": EPOCH,
            "created_by_ref": PRODUCER_ID, "name": "DISARM Framework, CC BY-SA 4.0",
            "definition_type": "statement", "definition": {"statement": c.ATTRIBUTION}}


def _objects(G: nx.MultiDiGraph) -> tuple[list[dict], dict[Any, str], dict[Any, str]]:
    """SDOs for every node, with node -> STIX type and node -> STIX id."""
    sources = {u for u, _v in G.edges()}
    objects, kinds, ids = [], {}, {}
    for node, data in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])):
        if data.get("kind") == "technique":
            obj = _attack_pattern(node, data)
        else:
            obj = _actor(node, data, data.get("type") in PERPETRATOR_TYPES and node in sources)
        objects.append(obj)
        kinds[node], ids[node] = obj["type"], obj["id"]
    return objects, kinds, ids


def bundle(G: nx.MultiDiGraph) -> dict:
    """The STIX 2.1 bundle for ``G`` as a dict (objects sorted by id)."""
    objects, kinds, ids = _objects(G)
    sros, by_doc = _relationships(G, kinds, ids)
    for node, data in G.nodes(data=True):
        for doc in data.get("docs") or ():
            by_doc.setdefault(str(doc), set()).add(ids[node])
    reports = [_report(G, doc, refs) for doc, refs in sorted(by_doc.items()) if refs]
    everything = [{"id": PRODUCER_ID, "created": EPOCH, "modified": EPOCH, **PRODUCER}]
    if any(o["type"] == "attack-pattern" for o in objects):
        everything.append(_marking())
    everything += objects + sros + reports
    everything.sort(key=lambda o: o["id"])
    bundle_id = stix_id("bundle", "|".join(o["id"] for o in everything))
    return {"type": "bundle", "id": bundle_id, "objects": everything}


def render(G: nx.MultiDiGraph) -> bytes:
    """Serialise :func:`bundle` as deterministic UTF-8 JSON."""
    return (json.dumps(bundle(G), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
