"""Fuzzing: generated documents (random unicode, very long tokens and lines, mixed scripts, markup)
never crash a build, every quote and mention is its document's text at its offsets, and every
export of the result parses. Bounded and derandomized so CI stays fast and repeatable."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioggraph import export, store
from ioggraph.build import build
from ioggraph.export.dates import add_file_dates
from ioggraph.graph import load_graph

pytestmark = pytest.mark.model

SENTENCES = [
    "The United Front Work Department financed trips for local legislators, officials said.",
    "Wang Huning presided over the conference in Beijing.",
    "Fake accounts posing as locals spread pro-China messages on social media.",
    "中共中央统战部资助台湾地方议员赴大陆旅行。",
    "Власти заявили, что Отдел работы единого фронта финансировал поездки.",
    "قالت السلطات إن الحسابات المزيفة نشرت رسائل.",
]
MARKUP = ["<b>", "</p>", "&amp;", "&middot;", "[link](https://x.example/a)", "**bold**", "# Heading\n", "```\n",
          "<script>alert(1)</script>", "---\ntitle: x\n---\n", "\u202e", "\u2028", "\u0085", "\x0b", "\r\n", "\t", "\ufeff"]
fragment = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(MARKUP),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80),
    st.integers(1000, 30_000).map(lambda n: "x" * n),                 # one very long token
    st.integers(50, 400).map(lambda n: "word " * n),                  # one very long line
    st.just("\n\n"),
)
document = st.lists(fragment, min_size=1, max_size=12).map(" ".join)
SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".jsonl"])


def _write(folder: Path, n: int, suffix: str, text: str) -> None:
    path = folder / f"doc{n}{suffix}"
    if suffix == ".jsonl":
        path.write_text(json.dumps({"id": str(n), "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")


def _parses(G, fmt: str, folder: Path) -> None:
    """Render ``fmt`` and read it back with a consumer of that format."""
    from rdflib import Graph
    if fmt not in ("csv", "json", "stix", "jsonld", "graphml", "gexf", "ttl", "nt"):
        export.write(G, fmt, folder / f"g.{fmt}")  # a format added later: it must at least write
        return
    if fmt == "csv":
        export.write(G, "csv", folder / "g.csv")
        for part in ("g.nodes.csv", "g.edges.csv"):
            rows = list(csv.reader(io.StringIO((folder / part).read_text(encoding="utf-8"), newline="")))
            assert rows and all(len(r) == len(rows[0]) for r in rows)
        return
    data = export.render(G, fmt)
    if fmt in ("json", "stix", "jsonld"):
        json.loads(data)
    if fmt in ("graphml", "gexf"):
        ET.fromstring(data)
    if fmt in ("ttl", "nt", "jsonld"):
        Graph().parse(data=data.decode("utf-8"), format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(docs=st.lists(st.tuples(SUFFIXES, document), min_size=1, max_size=3))
def test_generated_documents_build_and_export(nlp, docs: list[tuple[str, str]]) -> None:
    with TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for n, (suffix, text) in enumerate(docs):
            _write(folder, n, suffix, text)
        db = Path(tmp) / "g.db"
        try:
            build(folder, db, nlp=nlp)
        except Exception as exc:  # only a corpus with nothing readable may fail, and by name
            assert type(exc).__name__ == "CorpusError", exc
            return
        con = store.open_existing(db)
        texts = {r["path"]: r["text"] for r in con.execute("SELECT path, text FROM documents")}
        con.close()
        G = load_graph(db)
        for _n, data in G.nodes(data=True):
            for m in data.get("mentions", []):
                assert texts[m["doc"]][m["start"]:m["end"]] == m["text"]
        for _u, _v, data in G.edges(data=True):
            for ev in data.get("evidence", []):
                assert texts[ev["doc"]][ev["start"]:ev["end"]] == ev["quote"]
        add_file_dates(G, [folder], db)  # as `ioggraph export` does: STIX reports need a date
        for fmt in export.names():
            if fmt == "stix" and not G.graph.get("documents"):
                continue  # STIX refuses a graph without documents, by name (a report needs a date)
            _parses(G, fmt, Path(tmp))
