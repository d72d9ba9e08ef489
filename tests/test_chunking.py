"""Long documents: chunks cover the text exactly, results map back to document offsets."""
from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ioggraph import chunking
from ioggraph.extract import extract, extract_many
from ioggraph.model import ActorRecord, DocResult, Mention, Relation
from ioggraph.readers.base import make_article

SENTENCE = "The UFWD financed trips for local legislators, officials said. "
FILLER = "Residents talked about the weather and the harbour for a while. "


@pytest.mark.parametrize("text, limit, pieces", [
    ("", 10, [(0, "")]),
    ("short", 10, [(0, "short")]),
    ("aaaa\n\nbbbb\n\ncccc", 8, [(0, "aaaa\n\n"), (6, "bbbb\n\n"), (12, "cccc")]),
    ("One. Two. Three. Four.", 12, [(0, "One. Two. "), (10, "Three. Four.")]),
    ("abcdefghij", 4, [(0, "abcd"), (4, "efgh"), (8, "ij")]),
    ("x \U0001F600y", 3, [(0, "x "), (2, "\U0001F600y")]),
])
def test_split(text: str, limit: int, pieces: list[tuple[int, str]]) -> None:
    assert chunking.split(text, limit=limit) == pieces


@pytest.mark.parametrize("text", [
    (SENTENCE + FILLER) * 3000,                       # sentences
    ("\n\n".join([SENTENCE * 20] * 200)),             # paragraphs
    "x" * 70_000 + " " + "y" * 50_000,                # one giant token
    ("word " * 40_000).replace(" ", "\u3000"),        # ideographic spaces only
])
def test_chunks_cover_the_text_and_respect_the_limit(text: str) -> None:
    pieces = chunking.split(text)
    assert "".join(chunk for _o, chunk in pieces) == text
    assert all(len(chunk) <= chunking.CHUNK_CHARS for _o, chunk in pieces)
    assert [o for o, _c in pieces] == [sum(len(c) for _o, c in pieces[:i]) for i in range(len(pieces))]


def test_merge_shifts_offsets_and_merges_actors() -> None:
    a = DocResult("d", [Mention(0, 4, "UFWD", "ufwd", "Organization", "registry")],
                  {"ufwd": ActorRecord("ufwd", "UFWD", "Organization", ("United Front",), True)},
                  [Relation("ufwd", "T1", "influence_campaign", "tactic", 0, 10, "UFWD did x", "r")])
    b = DocResult("d", [Mention(2, 6, "UFWD", "ufwd", "Organization", "registry")],
                  {"ufwd": ActorRecord("ufwd", "UFWD", "Organization", ("Work Dept",), False)}, [])
    merged = chunking.merge("d", [(0, a), (100, b)])
    assert [(m.start, m.end) for m in merged.mentions] == [(0, 4), (102, 106)]
    assert merged.actors["ufwd"].aliases == ("United Front", "Work Dept") and merged.actors["ufwd"].registry
    assert [(r.start, r.end) for r in merged.relations] == [(0, 10)]



@pytest.mark.parametrize("deniers, kind, disputed", [
    ({"ufwd": "UFWD"}, "tactic", ("UFWD",)),        # the agent denies in another chunk
    ({"prc": "China"}, "tactic", ()),               # someone else denies: nothing
    ({"ufwd": "UFWD"}, "relation", ()),             # actor-actor relations are not accusations
])
def test_merge_lets_a_denial_in_one_chunk_dispute_the_others(deniers, kind, disputed) -> None:
    a = DocResult("d", [], {}, [Relation("ufwd", "T1", "influence_campaign", kind, 0, 10, "UFWD did x", "r")])
    b = DocResult("d", [], {}, [], deniers)
    merged = chunking.merge("d", [(0, a), (100, b)])
    assert merged.deniers == deniers and [r.disputed_by for r in merged.relations] == [disputed]


_UFWD = re.compile(r"UFWD")


@Language.component("stub_ufwd")
def stub_ufwd(doc: Doc) -> Doc:
    """Marks every 'UFWD' as an actor and its sentence (up to '. ') as a tactic claim."""
    spans, relations, text = [], [], doc.text  # doc.text joins every token: read it once
    for m in _UFWD.finditer(text):
        token_span = doc.char_span(m.start(), m.end())
        spans.append(Span(doc, token_span.start, token_span.end, label="Organization", kb_id="ufwd"))
        start = text.rfind(". ", 0, m.start()) + 1
        while text[start].isspace():
            start += 1
        end = text.find(".", m.end()) + 1
        relations.append({"source": "ufwd", "target": "T0126.002", "relation": "funds_trips", "kind": "tactic",
                          "start": start, "end": end, "quote": text[start:end], "rule": "stub",
                          "target_is_technique": True})
    doc.spans["iog_actors"] = spans
    doc._.iog_actors = {"ufwd": {"label": "UFWD", "type": "Organization", "registry": True}} if spans else {}
    doc._.iog_relations = relations
    return doc


@pytest.fixture(scope="module")
def stub_nlp() -> Language:
    for name in ("iog_actors", "iog_relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    nlp = spacy.blank("en")
    nlp.add_pipe("stub_ufwd")
    return nlp


def test_a_1_5_mb_document_parses_with_offsets_into_the_whole_text(stub_nlp: Language) -> None:
    text = ((SENTENCE + FILLER * 9) * 2400)[:1_500_000]
    assert len(text) > stub_nlp.max_length  # spaCy alone would refuse it (E088)
    article = make_article("big.txt", text)
    small = make_article("small.txt", SENTENCE)
    results = dict((a.path, r) for a, r in extract_many(stub_nlp, [small, article, small.__class__(**{**small.__dict__, "path": "z.txt"})]))
    assert list(results) == ["small.txt", "big.txt", "z.txt"]
    big = results["big.txt"]
    assert len(big.mentions) == text.count("UFWD") == len(big.relations)
    assert all(text[m.start:m.end] == m.text for m in big.mentions)
    assert all(text[r.start:r.end] == r.quote == SENTENCE.strip() for r in big.relations)
    assert extract(stub_nlp, article) == big


@pytest.mark.model
def test_real_pipeline_in_chunks_keeps_quotes_exact(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import SEEDS
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    monkeypatch.setattr(chunking, "MAX_CHARS", 3000)
    monkeypatch.setattr(chunking, "CHUNK_CHARS", 2500)
    article = make_article("seeds.txt", text)
    [(_a, result)] = list(extract_many(nlp, [article]))
    assert result.relations and result.mentions
    assert all(text[m.start:m.end] == m.text for m in result.mentions)
    assert all(text[r.start:r.end] == r.quote for r in result.relations)
    assert {m.key for m in result.mentions} <= set(result.actors)


@pytest.mark.model
@pytest.mark.parametrize("zone_texts", [1, 2, 512])
def test_memory_zones_change_no_result_and_free_new_strings(nlp, monkeypatch: pytest.MonkeyPatch, zone_texts: int) -> None:
    """Parsing in memory zones gives the results a plain pipe gives; a name seen once leaves no string behind."""
    from conftest import SEEDS
    from ioggraph import extract as extract_module
    articles = [make_article(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    expected = [extract(nlp, a) for a in articles]
    strings = len(nlp.vocab.strings)
    new = make_article("new.txt", "Zorblaxian Qvintessar financed trips for Vreemdelings legislators.")
    monkeypatch.setattr(extract_module._pipe, "__defaults__", (zone_texts,))
    assert [r for _a, r in extract_many(nlp, [*articles, new], batch_size=2)][:-1] == expected
    assert "Qvintessar" not in nlp.vocab.strings and len(nlp.vocab.strings) <= strings
