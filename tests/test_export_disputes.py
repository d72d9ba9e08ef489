"""``disputed_by`` end to end: corpus -> store -> graph -> JSON, GraphML, GEXF, CSV, RDF, STIX, HTML;
and a store of schema 1 (before ``disputed_by``): read without disputes, migrated by the next build."""
from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from ioggraph import export, store
from ioggraph.build import build
from ioggraph.export import rdf
from ioggraph.graph import load_graph
from ioggraph.store_check import SCHEMA_VERSION

CONTEXT = ("Security officials said the influence operation targeted voters ahead of the election with "
           "disinformation on social media.")
ARTICLES = {
    # the accused denies in a later sentence: the edge stays, disputed by China
    "denied.md": ("China funded a campaign of fake news websites targeting Taiwan. "
                  "Beijing denied the allegations."),
    # a platform's denial disputes nothing of Russia's
    "other.md": ("Russia ran a network of fake accounts on Facebook to spread disinformation about the "
                 "election. Facebook rejected the accusations."),
}


def _write_corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(f"---\ntitle: {name}\ndate: 2024-03-01\n---\n{CONTEXT} {body}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp) -> tuple[Path, Path]:
    """The corpus built twice into two stores (exports must be byte-identical)."""
    root = tmp_path_factory.mktemp("disputes")
    corpus = _write_corpus(root / "corpus")
    stores = root / "a.db", root / "b.db"
    for path in stores:
        build(corpus, path, nlp=nlp)
    return stores


def _disputed(G, source: str) -> list[list[str]]:
    return [d["disputed_by"] for u, _v, d in G.edges(data=True) if u == source and d["kind"] == "tactic"]


def test_graph_edges_and_evidence_carry_disputed_by(built):
    G = load_graph(built[0])
    china, russia = _disputed(G, "china"), _disputed(G, "russia")
    assert china and all(d == ["China"] for d in china)
    assert russia and all(d == [] for d in russia)
    for u, _v, d in G.edges(data=True):
        assert all(ev["disputed_by"] == (["China"] if u == "china" and d["kind"] == "tactic" else [])
                   for ev in d["evidence"])


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "ttl", "nt", "jsonld", "stix", "html", "graphology"])
def test_exports_are_byte_identical_across_builds(built, fmt):
    a, b = (export.render(load_graph(path), fmt) for path in built)
    assert a == b


def test_json_keeps_disputed_by(built):
    data = json.loads(export.render(load_graph(built[0]), "json"))
    china = [e for e in data["edges"] if e["source"] == "china" and e["kind"] == "tactic"]
    assert china and all(e["disputed_by"] == ["China"] and e["evidence"][0]["disputed_by"] == ["China"]
                         for e in china)


@pytest.mark.parametrize("fmt, tag", [("graphml", "data"), ("gexf", "attvalue")])
def test_graph_xml_has_a_disputed_by_column(built, fmt, tag):
    root = ET.fromstring(export.render(load_graph(built[0]), fmt))
    ns = root.tag.split("}")[0] + "}"
    if fmt == "graphml":
        key = next(k.get("id") for k in root.iter(f"{ns}key") if k.get("attr.name") == "disputed_by" and k.get("for") == "edge")
        values = [d.text for d in root.iter(f"{ns}{tag}") if d.get("key") == key]
    else:
        key = next(a.get("id") for a in root.iter(f"{ns}attribute") if a.get("title") == "disputed_by")
        values = [v.get("value") for v in root.iter(f"{ns}{tag}") if v.get("for") == key]
    assert values and set(values) == {"China"}


def test_csv_has_a_disputed_by_column(built, tmp_path):
    export.write(load_graph(built[0]), "csv", tmp_path / "g.csv")
    import csv
    rows = list(csv.DictReader((tmp_path / "g.edges.csv").read_text(encoding="utf-8").splitlines()))
    assert {r["disputed_by"] for r in rows if r["Source"] == "china"} == {"China"}
    assert {r["disputed_by"] for r in rows if r["Source"] == "russia"} == {""}


def test_rdf_says_disputed_by_and_conforms(built):
    g = Graph().parse(data=export.render(load_graph(built[0]), "ttl").decode("utf-8"), format="turtle")
    disputed = set(g.subject_objects(rdf.IOG.disputedBy))
    assert disputed and {o for _s, o in disputed} == {Literal("China")}
    pyshacl = pytest.importorskip("pyshacl", reason="pySHACL missing: pip install -r requirements/export-test.txt")
    schemas = Path(__file__).resolve().parent.parent / "schemas"
    conforms, _g, text = pyshacl.validate(g, shacl_graph=Graph().parse(schemas / "shapes.ttl"),
                                          ont_graph=Graph().parse(schemas / "ontology.ttl"),
                                          inference="rdfs", advanced=True)
    assert conforms, text


def test_stix_relationship_description_says_disputed_by(built):
    bundle = json.loads(export.render(load_graph(built[0]), "stix"))
    texts = [o["description"] for o in bundle["objects"] if o["type"] == "relationship" and "description" in o]
    disputed = [t for t in texts if "Disputed by:" in t]
    assert disputed and all(t.endswith(" Disputed by: China.") and "China funded" in t for t in disputed)
    assert not any("Disputed by" in t for t in texts if "Russia ran" in t)


def test_html_evidence_carries_disputed_by(built):
    from ioggraph.export import html
    data = html.view_data(load_graph(built[0]))
    china = [e for e in data["edges"] if e["source"] == "china" and e["kind"] == "tactic"]
    assert china and all(ev["disputed_by"] == ["China"] for e in china for ev in e["evidence"])


# --- a store of schema 1 ----------------------------------------------------------------------------

def _as_schema_1(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE relations DROP COLUMN disputed_by")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def test_old_store_reads_without_disputes_and_the_next_build_migrates_it(tmp_path, nlp):
    corpus = _write_corpus(tmp_path / "corpus")
    path = tmp_path / "old.db"
    build(corpus, path, nlp=nlp)
    _as_schema_1(path)
    assert all(d["disputed_by"] == [] for *_x, d in load_graph(path).edges(data=True))   # read, not a traceback
    report = build(corpus, path, nlp=nlp)
    assert sorted(report.parsed) == sorted(ARTICLES)          # every document parsed again
    con = store.open_existing(path)
    try:
        assert store.get_meta(con, "schema_version") == SCHEMA_VERSION == "3"
    finally:
        con.close()
    assert _disputed(load_graph(path), "china") and all(d == ["China"] for d in _disputed(load_graph(path), "china"))


def test_migrate_adds_the_column_once(tmp_path):
    con = sqlite3.connect(tmp_path / "s.db")
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('pipeline', 'old')")
    con.execute("CREATE TABLE relations (source TEXT)")
    con.execute("CREATE TABLE actors (id TEXT, mentions INTEGER, documents INTEGER)")
    assert store.migrate(con) == ["disputed_by"]
    assert con.execute("SELECT value FROM meta WHERE key = 'pipeline'").fetchone() is None
    assert store.migrate(con) == []


def test_html_evidence_panel_shows_disputed_by_in_chromium(built, tmp_path):
    from export_fixtures import open_page
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements/export-test.txt")
    G = load_graph(built[0])
    key = next(k for u, _v, k, d in G.edges(keys=True, data=True) if u == "china" and d["kind"] == "tactic")
    path = tmp_path / "view.html"
    export.write(G, "html", path)
    messages: list = []
    with sync_api.sync_playwright() as p:
        browser, page = open_page(p, path.as_uri(), messages)
        page.evaluate(f"() => window.ioggraphView.selectEdge({json.dumps(key)})")
        terms = page.locator("#panel .evidence dt").all_inner_texts()
        values = page.locator("#panel .evidence dd").all_inner_texts()
        browser.close()
    assert not [m for m in messages if m[0] in ("error", "pageerror")], messages
    assert dict(zip(terms, values)).get("disputed by") == "China"
