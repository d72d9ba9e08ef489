"""RDF exports: parse with rdflib and rapper, conform to schemas/shapes.ttl, SPARQL on top."""
from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from export_fixtures import GRAPH_NAMES, load_graph, require_tool
from ioggraph import export
from ioggraph.errors import IoggraphError
from ioggraph.export import rdf
from ioggraph.export._common import ATTRIBUTION
from ioggraph.sparql import run_sparql

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
RDF_FORMATS = [("ttl", "turtle", "turtle"), ("nt", "nt", "ntriples"), ("jsonld", "json-ld", None)]


def _graph(name: str) -> Graph:
    return rdf.build(load_graph(name))


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("fmt, rdflib_format, _rapper", RDF_FORMATS)
def test_rdflib_parses_back_the_same_graph(graph, fmt, rdflib_format, _rapper):
    data = export.render(load_graph(graph), fmt)
    parsed = Graph().parse(data=data.decode("utf-8"), format=rdflib_format)
    assert isomorphic(parsed, _graph(graph))
    assert not any(isinstance(t, BNode) for triple in parsed for t in triple)


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("fmt, _rdflib, rapper_format", [f for f in RDF_FORMATS if f[2]])
def test_rapper_parses_with_the_same_triple_count(graph, fmt, _rdflib, rapper_format, tmp_path):
    rapper = require_tool("rapper")
    path = tmp_path / f"g.{fmt}"
    export.write(load_graph(graph), fmt, path)
    proc = subprocess.run([rapper, "-i", rapper_format, "-c", str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr and "Error" not in proc.stderr
    assert f"returned {len(_graph(graph))} triples" in proc.stderr


@pytest.mark.parametrize("name", ["ontology.ttl", "shapes.ttl"])
def test_schema_files_parse_with_rapper(name):
    rapper = require_tool("rapper")
    proc = subprocess.run([rapper, "-i", "turtle", "-c", str(SCHEMAS / name)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "Warning" not in proc.stderr, proc.stderr


def _shacl(data: Graph):
    pyshacl = pytest.importorskip("pyshacl", reason="pySHACL missing: pip install -r requirements/export-test.txt")
    conforms, _g, text = pyshacl.validate(
        data, shacl_graph=Graph().parse(SCHEMAS / "shapes.ttl"), ont_graph=Graph().parse(SCHEMAS / "ontology.ttl"),
        inference="rdfs", advanced=True)
    return conforms, text


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_turtle_conforms_to_shapes(graph):
    parsed = Graph().parse(data=export.render(load_graph(graph), "ttl").decode("utf-8"), format="turtle")
    conforms, text = _shacl(parsed)
    assert conforms, text


@pytest.mark.parametrize("break_it, expected", [
    (lambda g: g.remove((rdf.actor_iri("ufwd"), RDFS.label, None)), "MinCount"),
    (lambda g: g.add((rdf.actor_iri("ufwd"), RDF.type, rdf.IOG.Person)), "QualifiedMaxCount"),
    (lambda g: g.set((rdf.ID["assertion/e-0a0b0c0d0e0f"], RDF.type, rdf.IOG.Assertion)), "MinCount"),
])
def test_shapes_catch_broken_data(break_it, expected):
    g = _graph("small")
    break_it(g)
    conforms, text = _shacl(g)
    assert not conforms and expected in text


def test_every_relation_used_is_declared_in_the_ontology():
    ontology = Graph().parse(SCHEMAS / "ontology.ttl")
    for rel in ("member_of", "part_of", "leads", "funds", "directs", "coordinates_with", "recruits", "targets",
                "influence_campaign", "funds_trips"):
        prop = rdf.relation_property(rel)
        assert (prop, RDFS.label, None) in ontology and (prop, RDFS.comment, None) in ontology, rel


@pytest.mark.parametrize("text, lang", [("王沪宁", "zh"), ("Wang Huning", "en"), ("d'État", "en"),
                                        ("ソニー", "ja"), ("국정원", "ko"), ("123", None)])
def test_labels_are_tagged_by_script(text, lang):
    assert rdf.text_literal(text).language == lang


def test_actor_labels_aliases_and_techniques():
    g = _graph("small")
    wang = rdf.actor_iri("wang-huning")
    assert (wang, RDFS.label, Literal("Wang Huning", lang="en")) in g
    assert (wang, SKOS.altLabel, Literal("王沪宁", lang="zh")) in g
    tech = rdf.technique_iri("T0126.002")
    assert (tech, SKOS.notation, Literal("T0126.002")) in g
    assert (tech, RDFS.seeAlso, URIRef("https://github.com/DISARMFoundation/DISARMframeworks/blob/main/"
                                       "generated_pages/techniques/T0126.002.md")) in g
    assert (tech, SKOS.broader, rdf.technique_iri("T0126")) in g
    assert (rdf.technique_iri("IOG-ID-DOCS"), RDFS.seeAlso, None) not in g
    assert ATTRIBUTION in export.render(load_graph("small"), "ttl").decode("utf-8")


def test_hostile_document_iris_are_safe_and_urls_stay_text():
    g = _graph("hostile")
    docs = set(g.subjects(RDF.type, rdf.IOG.Document))
    assert len(docs) == 2 and all(" " not in str(d) and '"' not in str(d) for d in docs)
    assert Literal("https://example.org/a?b=1&c=<2>") in set(g.objects(None, rdf.IOG.sourceText))


def test_ntriples_hold_each_triple_once():
    lines = export.render(load_graph("small"), "nt").decode("utf-8").splitlines()
    assert len(set(lines)) == len(lines) == len(_graph("small"))


def test_jsonld_is_compact_with_our_prefixes():
    data = json.loads(export.render(load_graph("small"), "jsonld"))
    context = data["@context"]
    ids = {context.get(i.split(":")[0], i.split(":")[0] + ":") + i.split(":", 1)[1] for i in (n["@id"] for n in data["@graph"])}
    assert ids == {str(s) for s in _graph("small").subjects()}
    assert data["@context"]["iog"] == str(rdf.IOG)


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("piece", [1, 2, 500])
def test_pieces_share_no_triple_and_make_the_whole_graph(graph, piece, monkeypatch):
    """The streamed writers hold one piece at a time; whatever its size, nothing is lost or written twice."""
    monkeypatch.setattr(rdf, "PIECE", piece)
    parts = list(rdf.pieces(load_graph(graph)))
    assert sum(len(p) for p in parts) == len(_graph(graph))
    for fmt, rdflib_format, _rapper in RDF_FORMATS:
        data = export.render(load_graph(graph), fmt).decode("utf-8")
        assert isomorphic(Graph().parse(data=data, format=rdflib_format), _graph(graph)), fmt
    lines = export.render(load_graph(graph), "nt").decode("utf-8").splitlines()
    assert len(set(lines)) == len(lines)


def test_a_written_rdf_file_is_streamed_piece_by_piece(tmp_path, monkeypatch):
    monkeypatch.setattr(rdf, "PIECE", 1)
    out = tmp_path / "g.ttl"
    export.write(load_graph("small"), "ttl", out)
    assert out.read_bytes() == export.render(load_graph("small"), "ttl")
    assert isinstance(export.get("ttl")(load_graph("small")), Iterator)


@pytest.mark.parametrize("query, columns, rows", [
    ("SELECT ?name WHERE { ?a a iog:Person ; rdfs:label ?name }", ["name"], [("Wang Huning",)]),
    ("SELECT ?t WHERE { <https://w3id.org/ioggraph/id/actor/ufwd> iog:usesTechnique/skos:notation ?t }", ["t"], [("T0126.002",)]),
    ("ASK { ?a iog:fundsTrips ?b }", ["ask"], [("true",)]),
    ("SELECT ?q WHERE { ?x rdf:predicate iog:partOf ; iog:evidence/iog:quote ?q }", ["q"],
     [("The UFWD is part of the CCP.",)]),
])
def test_run_sparql(query, columns, rows):
    assert run_sparql(load_graph("small"), query) == (columns, rows)


@pytest.mark.parametrize("query", ["SELEC ?x", "INSERT DATA { <a:b> <a:c> <a:d> }"])
def test_run_sparql_errors_name_the_problem(query):
    with pytest.raises(IoggraphError, match="SPARQL query failed.*predeclared prefixes"):
        run_sparql(load_graph("small"), query)


def _lexicon_relations() -> set[str]:
    """Every relation name schemas/tactics.yaml can produce (rules, roles, relation verbs)."""
    yaml = pytest.importorskip("yaml")
    path = SCHEMAS / "tactics.yaml"
    if not path.exists():
        pytest.skip("schemas/tactics.yaml not present")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = {r["relation"] for r in data.get("rules") or () if r.get("relation")}
    return names | set(data.get("roles") or {}) | set(data.get("relation_verbs") or {})


def test_ontology_declares_every_lexicon_relation():
    ontology = Graph().parse(SCHEMAS / "ontology.ttl")
    missing = sorted(r for r in _lexicon_relations()
                     if (rdf.relation_property(r), RDFS.comment, None) not in ontology)
    assert not missing, (f"add to schemas/ontology.ttl a property with rdfs:label and rdfs:comment for: "
                         f"{', '.join(f'{r} -> {rdf.relation_property(r)}' for r in missing)}")
