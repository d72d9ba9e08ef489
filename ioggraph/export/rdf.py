"""RDF: the graph as linked data, with provenance on n-ary ``Assertion`` nodes (no RDF-star).

Reads a contract graph (docs/ARCHITECTURE.md). :func:`build` returns an ``rdflib.Graph`` that
conforms to ``schemas/shapes.ttl`` (vocabulary in ``schemas/ontology.ttl``);
:func:`pieces` yields the same triples as a fixed sequence of small graphs that share no triple, and
:func:`render_turtle`, :func:`render_ntriples` and :func:`render_jsonld` write them piece by piece
(an iterator of bytes, identical for the same graph: each piece as rdflib's ``longturtle`` sorts it,
as sorted N-Triples lines, or as JSON-LD node objects sorted by ``@id``), so an export holds one
piece in memory, not the whole rdflib graph (13 GB at 50,000 articles when it did).

* Actors ``id:actor/<slug>``: ``a iog:Actor, iog:<Type>``; ``rdfs:label``/``skos:prefLabel``
  tagged ``@zh``/``@ja``/``@ko`` by script, ``@en`` for Latin script; ``skos:altLabel`` aliases.
* Techniques ``id:technique/<ID>``: ``skos:Concept`` + ``iog:Technique`` with ``skos:notation``,
  ``skos:broader`` parent, ``rdfs:seeAlso`` the DISARM page; DISARM attribution on the scheme.
* Each edge: a direct triple ``source iog:<relationInCamelCase> target`` (one property per
  relation) and an ``iog:Assertion`` (a ``rdf:Statement``) ``id:assertion/<key>`` with
  ``rdf:subject/predicate/object``, confidence, modality, reporters, disputers (``iog:disputedBy``,
  who denies the claim) and one ``iog:Evidence``
  per quote (document, offsets, quote), linked by PROV-O ``prov:wasDerivedFrom``.
* Text is cleaned like the XML formats (control characters stripped, CRLF -> LF). Names and
  titles carry a language tag by script; quotes and reporters are plain strings (a quote from
  an English article that names 王沪宁 is not Chinese).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from ioggraph.export import _common as c

__all__ = ["IOG", "ID", "build", "pieces", "render_turtle", "render_ntriples", "render_jsonld", "relation_property"]

IOG = Namespace("https://w3id.org/ioggraph/ontology#")  # placeholder base, not yet registered
ID = Namespace("https://w3id.org/ioggraph/id/")
PREFIXES = {"iog": IOG, "id": ID, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD,
            "prov": PROV, "dcterms": DCTERMS}
ACTOR_TYPES = ("Person", "Organization", "Government", "MilitaryUnit", "Media", "Group", "Location")
_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TECH_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCRIPTS = (("ja", re.compile("[\u3040-\u30ff]")), ("ko", re.compile("[\uac00-\ud7af]")),
            ("zh", re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")),
            ("en", re.compile("[A-Za-z\u00c0-\u024f]")))
_RESERVED = {"relation", "confidence", "modality", "quote", "start", "end", "technique", "evidence"}


def slug(text: str) -> str:
    """``text`` as ``[a-z0-9-]+``; a hash suffix keeps different texts apart."""
    if _SLUG_OK.match(text):
        return text
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "x"
    return f"{base}-{c.short_hash(text)}"


def actor_iri(node: Any) -> URIRef:
    """IRI of an actor node."""
    return ID[f"actor/{slug(str(node))}"]


def technique_iri(node: Any) -> URIRef:
    """IRI of a technique node (its DISARM id or project code when IRI-safe)."""
    text = str(node)
    return ID[f"technique/{text if _TECH_OK.match(text) else slug(text)}"]


def document_iri(path: str) -> URIRef:
    """IRI of a document: slug of its path plus a hash of the exact path."""
    base = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")[:60] or "doc"
    return ID[f"document/{base}-{c.short_hash(path)}"]


def relation_property(relation: str) -> URIRef:
    """``funds_trips`` -> ``iog:fundsTrips`` (one property per relation type)."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", relation) if w] or ["related", "to"]
    name = words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    if name in _RESERVED or not name[0].isalpha():
        name = "rel" + name[:1].upper() + name[1:]
    return IOG[name]


def text_literal(text: Any) -> Literal:
    """A cleaned literal tagged by script (CJK -> zh/ja/ko, Latin -> en, else untagged)."""
    value = c.clean_text(text)
    for lang, pattern in _SCRIPTS:
        if pattern.search(value):
            return Literal(value, lang=lang)
    return Literal(value)


def _node_iri(G: nx.MultiDiGraph, node: Any) -> URIRef:
    """Actor or technique IRI by the node's kind."""
    return technique_iri(node) if G.nodes[node].get("kind") == "technique" else actor_iri(node)


def _add_actor(g: Graph, node: Any, data: dict) -> None:
    """Type, labels, aliases, registry flag, dates and mentioning documents of one actor."""
    iri = actor_iri(node)
    g.add((iri, RDF.type, IOG.Actor))
    typ = data.get("type")
    if typ in ACTOR_TYPES:
        g.add((iri, RDF.type, IOG[typ]))
    for prop in (RDFS.label, SKOS.prefLabel):
        g.add((iri, prop, text_literal(data.get("label") or node)))
    g.add((iri, IOG.slug, Literal(str(node))))
    for alias in data.get("aliases") or ():
        if c.clean_text(alias):
            g.add((iri, SKOS.altLabel, text_literal(alias)))
    if data.get("registry") is not None:
        g.add((iri, IOG.registry, Literal(bool(data["registry"]))))
    g.add((iri, IOG.mentionCount, Literal(len(data.get("mentions") or ()))))
    for prop, key in ((IOG.firstDate, "first_date"), (IOG.lastDate, "last_date")):
        if data.get(key):
            g.add((iri, prop, _date_literal(data[key])))
    for doc in data.get("docs") or ():
        g.add((iri, IOG.mentionedIn, document_iri(doc)))


def _add_technique(g: Graph, node: Any, data: dict) -> None:
    """A DISARM technique (or project code) as a SKOS concept."""
    iri = technique_iri(node)
    disarm = bool(data.get("disarm", c.DISARM_ID.match(str(node))))
    for cls in (IOG.Technique, SKOS.Concept):
        g.add((iri, RDF.type, cls))
    g.add((iri, SKOS.notation, Literal(str(node))))
    for prop in (RDFS.label, SKOS.prefLabel):
        g.add((iri, prop, text_literal(data.get("label") or node)))
    g.add((iri, SKOS.inScheme, ID["scheme/disarm" if disarm else "scheme/ioggraph"]))
    for prop, key in ((IOG.tactic, "tactic"), (IOG.tacticName, "tactic_name")):
        if data.get(key):
            g.add((iri, prop, Literal(c.clean_text(data[key]))))
    if data.get("parent"):
        g.add((iri, SKOS.broader, technique_iri(data["parent"])))
    url = data.get("url") or (c.DISARM_PAGE.format(node) if disarm and c.DISARM_ID.match(str(node)) else None)
    if c.is_iri(url):
        g.add((iri, RDFS.seeAlso, URIRef(url)))


def _date_literal(value: str) -> Literal:
    """ISO date -> xsd:date, ISO date-time -> xsd:dateTime, anything else a plain string."""
    text = c.clean_text(value)
    if _DATE.match(text):
        return Literal(text, datatype=XSD.date)
    if _DATE.match(text[:10]) and "T" in text:
        return Literal(text, datatype=XSD.dateTime)
    return Literal(text)


def _add_document(g: Graph, path: str, meta: dict) -> None:
    """A source document (``prov:Entity``) with path, title, date, URL, hash and size."""
    iri = document_iri(path)
    for cls in (IOG.Document, PROV.Entity):
        g.add((iri, RDF.type, cls))
    g.add((iri, IOG.path, Literal(c.clean_text(path))))
    if meta.get("title"):
        g.add((iri, DCTERMS.title, text_literal(meta["title"])))
    if meta.get("date"):
        g.add((iri, DCTERMS.date, _date_literal(meta["date"])))
    url = meta.get("url")
    if c.is_iri(url):
        g.add((iri, DCTERMS.source, URIRef(url)))
    elif url:
        g.add((iri, IOG.sourceText, Literal(c.clean_text(url))))
    if meta.get("sha256"):
        g.add((iri, IOG.sha256, Literal(str(meta["sha256"]))))
    if meta.get("chars") is not None:
        g.add((iri, IOG.chars, Literal(int(meta["chars"]))))


def _confidence(value: Any) -> Literal:
    """Confidence as an xsd:decimal with at most 6 places (stable text)."""
    return Literal(Decimal(str(round(float(value or 0.0), 6))), datatype=XSD.decimal)


def _add_evidence(g: Graph, iri: URIRef, index: int, item: dict) -> URIRef:
    """One quote backing an assertion: document, offsets, quote, rule, reporters."""
    ev = URIRef(f"{iri}/evidence/{index}")
    for cls in (IOG.Evidence, PROV.Entity):
        g.add((ev, RDF.type, cls))
    doc = document_iri(str(item.get("doc", "")))
    g.add((ev, PROV.wasDerivedFrom, doc))
    g.add((ev, IOG.start, Literal(int(item.get("start", 0)))))
    g.add((ev, IOG.end, Literal(int(item.get("end", 0)))))
    g.add((ev, IOG.quote, Literal(c.clean_text(item.get("quote", "")))))
    if item.get("confidence") is not None:
        g.add((ev, IOG.confidence, _confidence(item["confidence"])))
    for key, prop in (("rule", IOG.rule), ("modality", IOG.modality)):
        if item.get(key):
            g.add((ev, prop, Literal(c.clean_text(item[key]))))
    for who in item.get("reported_by") or ():
        g.add((ev, IOG.reportedBy, Literal(c.clean_text(who))))
    for who in item.get("disputed_by") or ():
        g.add((ev, IOG.disputedBy, Literal(c.clean_text(who))))
    return ev


def _edge_pieces(G: nx.MultiDiGraph, edge: tuple, edge_id: str, shared: Graph) -> Iterator[Graph]:
    """An edge as small graphs: its ``iog:Assertion``, then its evidence :data:`PIECE` quotes at a time.

    Triples other edges may also state (the direct ``source property target`` triple, ``usesTechnique``,
    the property's declaration) go to ``shared`` instead, so that no triple is written twice."""
    u, v, _key, data = edge
    s, o = _node_iri(G, u), _node_iri(G, v)
    prop = relation_property(str(data.get("relation") or "related_to"))
    shared.add((s, prop, o))
    g = _graph()
    iri = ID[f"assertion/{slug(edge_id) if not _TECH_OK.match(edge_id) else edge_id}"]
    for cls in (IOG.Assertion, RDF.Statement, PROV.Entity):
        g.add((iri, RDF.type, cls))
    g.add((iri, RDF.subject, s))
    g.add((iri, RDF.predicate, prop))
    g.add((iri, RDF.object, o))
    g.add((iri, IOG.relation, Literal(c.clean_text(data.get("relation") or "related_to"))))
    g.add((iri, IOG.confidence, _confidence(data.get("confidence"))))
    g.add((iri, IOG.modality, Literal(str(data.get("modality") or "asserted"))))
    g.add((iri, IOG.asserted, Literal(bool(data.get("asserted", True)))))
    if data.get("kind"):
        g.add((iri, IOG.kind, Literal(str(data["kind"]))))
    for tech in data.get("techniques") or ([data["technique"]] if data.get("technique") else []):
        g.add((iri, IOG.technique, technique_iri(tech)))
        shared.add((s, IOG.usesTechnique, technique_iri(tech)))
    for key, p in (("reported_by", IOG.reportedBy), ("disputed_by", IOG.disputedBy), ("channels", IOG.channel),
                   ("rules", IOG.rule)):
        for value in data.get(key) or ():
            g.add((iri, p, Literal(c.clean_text(value))))
    derived: set[URIRef] = set()   # documents the assertion already names (an edge's quotes share them)
    for index, item in enumerate(data.get("evidence") or ()):
        if index and index % PIECE == 0:
            yield g
            g = _graph()
        g.add((iri, IOG.evidence, _add_evidence(g, iri, index, item)))
        doc = document_iri(str(item.get("doc", "")))
        if doc not in derived:
            derived.add(doc)
            g.add((iri, PROV.wasDerivedFrom, doc))
    yield g
    _declare_property(shared, prop, data)


def _declare_property(g: Graph, prop: URIRef, data: dict) -> None:
    """Declare a relation property inline so that relations missing from the ontology still type."""
    parent = IOG.influenceActivity if data.get("kind") == "tactic" else IOG.relatedTo
    if prop != parent:
        g.add((prop, RDFS.subPropertyOf, parent))
    g.add((prop, RDFS.label, Literal(str(data.get("relation") or "related_to").replace("_", " "), lang="en")))


def _add_schemes(g: Graph, G: nx.MultiDiGraph) -> None:
    """The dataset node and the concept schemes, with the DISARM attribution when techniques ship."""
    dataset = ID["dataset"]
    g.add((dataset, RDF.type, PROV.Entity))
    g.add((dataset, DCTERMS.creator, Literal(c.clean_text(G.graph.get("generator") or c.GENERATOR))))
    if not c.has_techniques(G):
        return
    g.add((dataset, DCTERMS.rights, Literal(c.ATTRIBUTION, lang="en")))
    disarm, project = ID["scheme/disarm"], ID["scheme/ioggraph"]
    g.add((disarm, RDF.type, SKOS.ConceptScheme))
    g.add((disarm, DCTERMS.title, Literal(str(G.graph.get("disarm") or "DISARM Red Framework"), lang="en")))
    g.add((disarm, DCTERMS.rights, Literal(c.ATTRIBUTION, lang="en")))
    g.add((disarm, DCTERMS.license, URIRef(c.DISARM_LICENSE_URL)))
    g.add((disarm, DCTERMS.source, URIRef("https://github.com/DISARMFoundation/DISARMframeworks")))
    g.add((project, RDF.type, SKOS.ConceptScheme))
    g.add((project, DCTERMS.title, Literal("ioggraph project technique codes", lang="en")))


PIECE = 500   # documents, nodes or quotes of one edge per streamed piece (memory of an export: one piece)


def _graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def pieces(G: nx.MultiDiGraph) -> Iterator[Graph]:
    """The RDF graph for ``G`` as a sequence of small graphs, in a fixed order, that share no triple.

    Schemes, documents, nodes, then each edge (its assertion and its quotes, :data:`PIECE` at a
    time), then the triples several edges state. A writer holds one piece at a time, so the
    export of a store of any size needs the memory of the networkx graph and one piece."""
    head = _graph()
    _add_schemes(head, G)
    yield head
    for batch in _batches(sorted((G.graph.get("documents") or {}).items())):
        g = _graph()
        for path, meta in batch:
            _add_document(g, path, meta or {})
        yield g
    for batch in _batches(sorted(G.nodes(data=True), key=lambda nd: str(nd[0]))):
        g = _graph()
        for node, data in batch:
            (_add_technique if data.get("kind") == "technique" else _add_actor)(g, node, data)
        yield g
    edges = c.sorted_edges(G)
    referenced = {t for _u, _v, _k, d in edges for t in (d.get("techniques") or [d.get("technique")]) if t}
    g = _graph()
    for tech in sorted(referenced - set(map(str, G.nodes))):
        _add_technique(g, tech, {})  # referenced by an edge but not a node: keep the graph closed
    yield g
    shared = _graph()
    for edge, edge_id in zip(edges, c.edge_ids(edges)):
        yield from _edge_pieces(G, edge, edge_id, shared)
    yield shared


def _batches(items: list) -> Iterator[list]:
    for start in range(0, len(items), PIECE):
        yield items[start:start + PIECE]


def build(G: nx.MultiDiGraph) -> Graph:
    """The RDF graph for ``G`` in one rdflib graph (no blank nodes, so serialisations are stable)."""
    g = _graph()
    for piece in pieces(G):
        g += piece
    return g


def render_turtle(G: nx.MultiDiGraph) -> Iterator[bytes]:
    """Turtle: every prefix, then each piece as rdflib's ``longturtle`` sorts it (stable across runs).

    A subject may head more than one block (an actor's own triples, then the relations it is the
    source of): Turtle allows it and every parser merges them."""
    yield "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(PREFIXES.items())).encode("utf-8")
    for piece in pieces(G):
        text = piece.serialize(format="longturtle", encoding="utf-8").decode("utf-8")
        body = text.split("\n\n", 1)[1] if text.startswith("PREFIX ") else text
        if body.strip():
            yield ("\n" + body).encode("utf-8")


def render_ntriples(G: nx.MultiDiGraph) -> Iterator[bytes]:
    """N-Triples, the lines of each piece sorted (one per line; the order does not change the graph).

    Split on ``\n`` only: rdflib escapes ``\n`` and ``\r`` inside literals but writes U+2028,
    U+2029, U+0085 and \x1c-\x1e as they are, and ``str.splitlines()`` would cut a triple there.
    """
    for piece in pieces(G):
        text = piece.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = sorted(line for line in text.split("\n") if line.strip())
        if lines:
            yield ("\n".join(lines) + "\n").encode("utf-8")


def _sort_jsonld(value: Any) -> Any:
    """Sort JSON-LD node arrays by @id and value arrays by their JSON text (sets are unordered)."""
    if isinstance(value, dict):
        return {k: _sort_jsonld(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def render_jsonld(G: nx.MultiDiGraph) -> Iterator[bytes]:
    """JSON-LD compacted with our prefixes: one ``@graph`` of node objects, each piece's nodes sorted by
    ``@id`` and their value arrays sorted, keys sorted, 2-space indent. A subject may have more than
    one node object (see :func:`render_turtle`); JSON-LD merges them."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=2, sort_keys=True)
    yield (head[:-2] + ',\n  "@graph": [').encode("utf-8")
    first = True
    for piece in pieces(G):
        if not len(piece):
            continue
        data = json.loads(piece.serialize(format="json-ld", context=context, auto_compact=True))
        nodes = data.get("@graph") if "@graph" in data else [{k: v for k, v in data.items() if k != "@context"}]
        for node in _sort_jsonld(nodes):
            text = json.dumps(node, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n    ")
            yield (("\n    " if first else ",\n    ") + text).encode("utf-8")
            first = False
    yield "\n  ]\n}\n".encode("utf-8")
