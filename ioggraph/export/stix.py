"""STIX 2.1 bundle that OpenCTI merges with its DISARM data; valid under stix2-validator (strict).

Reads a contract graph (docs/ARCHITECTURE.md); :func:`bundle` returns the bundle as a dict and
:func:`render` as JSON bytes (sorted keys, 2-space indent), identical for the same graph.

* DISARM techniques are DISARM's own attack-patterns (:mod:`ioggraph.export.stix_disarm`): DISARM's
  STIX id, name, ``kill_chain_phases`` (``mitre-attack``), ``external_references`` (``source_name``
  ``mitre-attack``, ``external_id``, url), ``x_mitre_id``, DISARM as author and DISARM's marking, so an
  import merges with the technique already there. Project codes (``IOG-...``) are attack-patterns of
  their own kill chain ``ioggraph``, referenced with ``source_name`` ``ioggraph``.
* Actors: see :mod:`ioggraph.export.stix_actors` (operators are threat actors, persons individuals,
  audiences identities of class ``group``, never ``class``, which OpenCTI turns into a Sector).
* Channels of tactic edges ("social media") are ``infrastructure`` (amplification) the actor uses.
* Each edge becomes relationships: ``uses`` (actor -> each technique, actor -> channel), ``targets``
  (operator -> identity), ``attributed-to`` (operator ``member_of``/``part_of`` an identity), else
  ``related-to``; the relation and every quote with its document go in ``description`` (ending with
  "Disputed by: X." when the accused denies it),
  ``confidence`` is 0..100, the edge key is an ``ioggraph`` external reference.
* One ``report`` per document with its title, url and ``published`` date: the article's date, else
  its file's date (:func:`ioggraph.export.dates.add_file_dates`), the source stated in
  ``description``. ``created``/``modified`` come from those dates, never from the clock or 1970; a
  graph with no date at all raises :class:`~ioggraph.errors.ExportError`.
* Our ids are UUIDv5 under :data:`NAMESPACE` (deterministic; stix2-validator's ``uuid-check``
  prefers UUIDv4). The DISARM attribution is in the ``ioggraph`` identity's description.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import networkx as nx

from ioggraph.errors import ExportError
from ioggraph.export import _common as c
from ioggraph.export.dates import document_date
from ioggraph.export.stix_actors import actor_object, tactic_agents
from ioggraph.export.stix_disarm import (DISARM_BUNDLE_DATE, DISARM_MARKING_STATEMENT, attack_pattern_fields,
                                         disarm_stix)

__all__ = ["NAMESPACE", "stix_id", "bundle", "render"]

NAMESPACE = uuid.UUID("6f1b3c1e-2f5a-5d0b-9a57-1a0e6c2d9b41")  # fixed: ioggraph STIX ids
ATTRIBUTING = {"member_of", "part_of"}


def stix_id(kind: str, key: str) -> str:
    """Deterministic STIX id: ``<kind>--<uuid5(NAMESPACE, "<kind>:<key>")>``."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


PRODUCER_ID = stix_id("identity", "ioggraph")
# x_mitre_id is declared by a top-level property extension, as STIX 2.1 asks of custom properties.
MITRE_ID_EXTENSION = stix_id("extension-definition", "x_mitre_id")


def _ts(iso: str | None) -> str | None:
    return f"{iso}T00:00:00.000Z" if iso else None


class _Builder:
    """Holds the document dates and makes SDOs whose stamps come from them."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self.doc_dates = {doc: document_date(G, doc) for doc in G.graph.get("documents") or {}}
        known = sorted(d for d, _src in self.doc_dates.values() if d)
        if not known:
            raise ExportError("STIX needs a date for at least one document (report 'published'), but no document "
                              "has a 'date' or 'file_date'; give articles a date (.jsonl 'date') or export with "
                              "--corpus DIR so file dates can be read.")
        self.base = known[0]

    def dates_of(self, docs: Any) -> list[str]:
        return [d for d in (self.doc_dates.get(str(doc), (None, ""))[0] for doc in docs or ()) if d]

    def sdo(self, kind: str, key: str, docs: Any = (), **props: Any) -> dict:
        stamps = sorted(self.dates_of(docs)) or [self.base]
        obj = {"type": kind, "spec_version": "2.1", "id": stix_id(kind, key), "created": _ts(stamps[0]),
               "modified": _ts(stamps[-1]), "created_by_ref": PRODUCER_ID}
        obj.update({k: v for k, v in props.items() if v not in (None, "", [])})
        return obj


def _attack_pattern(b: _Builder, node: Any, data: dict) -> dict:
    """DISARM's attack-pattern for a DISARM id, else a project-code attack-pattern (kill chain ``ioggraph``)."""
    ident = str(node)
    fields = attack_pattern_fields(ident)
    if fields is not None:
        return {"type": "attack-pattern", "spec_version": "2.1", "created": DISARM_BUNDLE_DATE,
                "modified": DISARM_BUNDLE_DATE, "created_by_ref": disarm_stix().identity_id,
                "object_marking_refs": [disarm_stix().marking_id], **fields,
                "extensions": {MITRE_ID_EXTENSION: {"extension_type": "toplevel-property-extension"}}}
    phase = re.sub(r"[^a-z0-9]+", "-", str(data.get("tactic_name") or "").lower()).strip("-")
    tactic = f"ioggraph code under DISARM tactic {c.clean_text(data['tactic'])}" if data.get("tactic") else None
    return b.sdo("attack-pattern", ident, name=c.clean_text(data.get("label") or ident),
                 external_references=[{"source_name": "ioggraph", "external_id": c.clean_text(ident)}],
                 kill_chain_phases=[{"kill_chain_name": "ioggraph", "phase_name": phase}] if phase else None,
                 description=tactic)


def _objects(b: _Builder) -> tuple[list[dict], dict[Any, dict]]:
    """SDOs for every node; and node -> its SDO."""
    G, agents, by_node = b.G, tactic_agents(b.G), {}
    for node, data in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])):
        if data.get("kind") == "technique":
            by_node[node] = _attack_pattern(b, node, data)
            continue
        dates = sorted(b.dates_of(data.get("docs")))
        seen = (_ts(dates[0]), _ts(dates[-1])) if dates else (None, None)
        by_node[node] = actor_object(node, data, node in agents,
                                     lambda kind, key, **p: b.sdo(kind, key, data.get("docs"), **p), seen)
    return list(by_node.values()), by_node


def _targets(G: nx.MultiDiGraph, u: Any, v: Any, data: dict, types: dict) -> list[tuple[str, Any]]:
    """(relationship_type, node or ("channel", name)) pairs one edge turns into."""
    out: list[tuple[str, Any]] = []
    src, dst = types.get(u), types.get(v)
    if data.get("kind") == "tactic":
        techs = list(dict.fromkeys([t for t in [data.get("technique"), *(data.get("techniques") or ())] if t]))
        out += [("uses", t) for t in techs if types.get(t) == "attack-pattern"]
        if dst in ("identity", "threat-actor"):
            out.append(("targets" if dst == "identity" else "related-to", v))
        out += [("uses", ("channel", ch)) for ch in sorted(set(data.get("channels") or ()))]
        return out
    relation = str(data.get("relation") or "")
    if dst == "attack-pattern":
        return [("uses" if src == "threat-actor" else "related-to", v)]
    if src == "threat-actor" and dst == "identity" and relation == "targets":
        return [("targets", v)]
    if src == "threat-actor" and dst == "identity" and relation in ATTRIBUTING:
        return [("attributed-to", v)]
    return [("related-to", v)]


def _description(data: dict) -> str:
    """Relation name, then each quote with its document and offsets, then who disputes the claim."""
    quotes = [f'"{c.clean_text(e.get("quote", ""))}" ({c.clean_text(e.get("doc", ""))} '
              f'{e.get("start")}-{e.get("end")})' for e in data.get("evidence") or ()]
    text = c.clean_text(data.get("relation") or "related") + (": " + " ; ".join(quotes) if quotes else "")
    disputed = [c.clean_text(who) for who in data.get("disputed_by") or ()]
    return text + (" Disputed by: " + ", ".join(disputed) + "." if disputed else "")


def _channel(b: _Builder, name: str, docs: list[str]) -> dict:
    return b.sdo("infrastructure", f"channel:{name}", docs, name=c.clean_text(name),
                 infrastructure_types=["amplification"], description="channel named in the evidence")


def _relationships(b: _Builder, by_node: dict) -> tuple[list[dict], dict[str, set]]:
    """SROs (and channel infrastructure) for every edge; per document the ids its quotes support."""
    types = {n: o["type"] for n, o in by_node.items()}
    out, channels, by_doc = [], {}, {}
    for u, v, key, data in c.sorted_edges(b.G):
        docs = sorted({str(e.get("doc")) for e in data.get("evidence") or () if e.get("doc")})
        for rel_type, target in _targets(b.G, u, v, data, types):
            if isinstance(target, tuple):
                target_obj = channels.setdefault(target[1], _channel(b, target[1], docs))
            else:
                target_obj = by_node[target]
            sro = b.sdo("relationship", f"{key}:{rel_type}:{u}:{target}", docs, relationship_type=rel_type,
                        source_ref=by_node[u]["id"], target_ref=target_obj["id"], description=_description(data),
                        confidence=max(0, min(100, round(100 * float(data.get("confidence") or 0)))),
                        external_references=[{"source_name": "ioggraph", "external_id": c.clean_text(key),
                                              "description": c.clean_text(data.get("relation") or "related")}])
            out.append(sro)
            for doc in docs:
                by_doc.setdefault(doc, set()).update({sro["id"], by_node[u]["id"], target_obj["id"]})
    return out + list(channels.values()), by_doc


def _report(b: _Builder, doc: str, refs: set[str]) -> dict:
    """One ``report`` per document, referencing the objects it supports."""
    meta = (b.G.graph.get("documents") or {}).get(doc) or {}
    ref = {"source_name": "ioggraph-document", "external_id": c.clean_text(doc)}
    if c.is_iri(meta.get("url")):
        ref["url"] = meta["url"]
    elif meta.get("url"):
        ref["description"] = "source: " + c.clean_text(meta["url"])
    if re.fullmatch(r"[0-9a-f]{64}", str(meta.get("sha256") or "")):
        ref["hashes"] = {"SHA-256": meta["sha256"]}
    date, source = b.doc_dates.get(doc, (None, ""))
    note = f"published: {source}" if date else f"published: no date known for this document; earliest date in the graph"
    return b.sdo("report", doc, [doc], name=c.clean_text(meta.get("title") or doc).strip() or doc,
                 report_types=["threat-report"], published=_ts(date or b.base), object_refs=sorted(refs),
                 description=f"Article {c.clean_text(doc)}; {note}.", external_references=[ref])


def _fixed_objects(b: _Builder, with_disarm: bool) -> list[dict]:
    """The ioggraph identity (author of our objects) and, when DISARM techniques ship, DISARM's identity and marking."""
    producer = {"type": "identity", "spec_version": "2.1", "id": PRODUCER_ID, "created": _ts(b.base),
                "modified": _ts(b.base), "name": "ioggraph", "identity_class": "system",
                "description": "Knowledge graph of influence operations extracted from news articles. "
                               + c.ATTRIBUTION}
    if not with_disarm:
        return [producer]
    ds = disarm_stix()
    disarm = {"type": "identity", "spec_version": "2.1", "id": ds.identity_id, "created": DISARM_BUNDLE_DATE,
              "modified": DISARM_BUNDLE_DATE, "name": "DISARM Foundation", "identity_class": "organization"}
    marking = {"type": "marking-definition", "spec_version": "2.1", "id": ds.marking_id, "created": DISARM_BUNDLE_DATE,
               "created_by_ref": ds.identity_id, "name": "DISARM Foundation", "definition_type": "statement",
               "definition": {"statement": DISARM_MARKING_STATEMENT}}
    extension = {"type": "extension-definition", "spec_version": "2.1", "id": MITRE_ID_EXTENSION,
                 "created": _ts(b.base), "modified": _ts(b.base), "created_by_ref": PRODUCER_ID,
                 "name": "x_mitre_id", "version": "1.0", "extension_types": ["toplevel-property-extension"],
                 "extension_properties": ["x_mitre_id"],
                 "schema": "x_mitre_id (string): the DISARM technique id (T0126.002), as in MITRE ATT&CK bundles; "
                           "OpenCTI merges attack-patterns on it."}
    return [producer, disarm, marking, extension]


def bundle(G: nx.MultiDiGraph) -> dict:
    """The STIX 2.1 bundle for ``G`` as a dict (objects sorted by id)."""
    b = _Builder(G)
    objects, by_node = _objects(b)
    sros, by_doc = _relationships(b, by_node)
    for node, data in G.nodes(data=True):
        for doc in data.get("docs") or ():
            by_doc.setdefault(str(doc), set()).add(by_node[node]["id"])
    reports = [_report(b, doc, refs) for doc, refs in sorted(by_doc.items()) if refs]
    with_disarm = any(o.get("x_mitre_id") for o in objects)
    everything = _fixed_objects(b, with_disarm) + objects + sros + reports
    everything.sort(key=lambda o: o["id"])
    return {"type": "bundle", "id": stix_id("bundle", "|".join(o["id"] for o in everything)), "objects": everything}


def stream(G: nx.MultiDiGraph, piece_chars: int = 1 << 20) -> Iterator[bytes]:
    """:func:`bundle` as deterministic UTF-8 JSON, in pieces of about ``piece_chars`` characters that
    ``export`` writes as they come (at 50,000 articles, ``json.dumps`` with indentation held the
    bundle's text and its millions of pieces at once: most of a 3.9 GB peak)."""
    return c.json_pieces(bundle(G), piece_chars=piece_chars)


def render(G: nx.MultiDiGraph) -> bytes:
    """Serialise :func:`bundle` as deterministic UTF-8 JSON."""
    return b"".join(stream(G))
