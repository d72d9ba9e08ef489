"""Per-document extraction: a parsed Doc (and its Article) in, a :class:`DocResult` out.

Reads what the ``iog_*`` components wrote (``doc.spans["iog_actors"]``, ``doc._.iog_actors``,
``doc._.iog_relations``) and turns it into plain records. Every extracted actor is kept: off-topic
stories run together in one file are a matter for relevance (which tactic edges to keep) and for
display filters, not for extraction. :func:`topical_ranges` (paragraphs with a topic cue from
``schemas/topics.yaml``) is offered to those. ``extract`` is a pure function of (pipeline, article),
so it can run in another process or on another machine unchanged.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ioggraph import chunking, multilingual
from ioggraph.model import ActorRecord, Article, DocResult, Mention, Relation
from ioggraph.schemas import load_yaml, schemas_dir

_PARAGRAPH = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def topic_pattern() -> re.Pattern[str]:
    data = load_yaml(schemas_dir() / "topics.yaml")
    return re.compile("|".join(f"(?:{p})" for p in data["patterns"]), re.I)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-empty lines of ``text``."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def topical_ranges(text: str, relations: Iterable[Relation]) -> list[tuple[int, int]]:
    """Paragraphs holding a topic cue or the evidence of a relation."""
    pattern = topic_pattern()
    evidence = [(r.start, r.end) for r in relations]
    out = []
    for start, end in paragraphs(text):
        if pattern.search(text, start, end) or any(s < end and e > start for s, e in evidence):
            out.append((start, end))
    return out


def doc_to_result(doc: Doc, article: Article) -> DocResult:
    """Plain records from a Doc processed by the ioggraph pipeline: every actor mention, every relation."""
    relations = [_relation(r) for r in (doc._.iog_relations or [])]
    mentions = [Mention(span.start_char, span.end_char, span.text, span.kb_id_, span.label_, _source(doc, span))
                for span in doc.spans.get("iog_actors", [])]
    keep = {m.key for m in mentions}
    actors = {
        key: ActorRecord(key, info["label"], info["type"], tuple(info.get("aliases", ())), bool(info.get("registry")))
        for key, info in sorted((doc._.iog_actors or {}).items()) if key in keep
    }
    relations = [r for r in relations if r.source in actors and (r.target_is_technique or r.target in actors)]
    deniers = doc._.iog_deniers if Doc.has_extension("iog_deniers") else None  # set by iog_tactics
    return DocResult(article.path, mentions, actors, relations, dict(deniers or {}))


def extract(nlp: Language, article: Article) -> DocResult:
    """Run the pipeline over one article and return its records (long articles in chunks)."""
    if not chunking.needs_chunks(article.text):
        return multilingual.complete(nlp, article, doc_to_result(nlp(article.text), article))
    return multilingual.complete(nlp, article, chunking.merge(article.path, (
        (offset, doc_to_result(nlp(text), dataclasses.replace(article, text=text)))
        for offset, text in chunking.split(article.text))))


def extract_many(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32, n_process: int = 1) -> Iterator[tuple[Article, DocResult]]:
    """Stream (article, result) pairs through ``nlp.pipe``; Docs are never all held at once.

    A long article goes through the pipe as several chunks (see :mod:`ioggraph.chunking`) and
    comes out as one result; ``nlp.pipe`` keeps the order, so its chunks arrive together.
    """
    parts: list[tuple[int, DocResult]] = []
    for doc, (article, offset, count) in _pipe(nlp, _chunked(articles), batch_size=batch_size, n_process=n_process):
        if count == 1:
            yield article, multilingual.complete(nlp, article, doc_to_result(doc, article))
            continue
        parts.append((offset, doc_to_result(doc, dataclasses.replace(article, text=doc.text))))
        if len(parts) == count:
            yield article, multilingual.complete(nlp, article, chunking.merge(article.path, parts))
            parts = []


ZONE_TEXTS = 512   # texts parsed in one spaCy memory zone (see _pipe)


def _pipe(nlp: Language, items: Iterable[tuple[str, Any]], *, batch_size: int, n_process: int,
          zone_texts: int = ZONE_TEXTS) -> Iterator[tuple[Doc, Any]]:
    """``nlp.pipe(items, as_tuples=True)``, ``zone_texts`` texts at a time inside ``nlp.memory_zone()``.

    Every new word form a text brings (names, numbers, URLs) adds a string and a lexeme to the
    shared vocab, which would otherwise grow with the corpus; a memory zone frees them when it
    ends. The Docs must not outlive the zone: callers turn each into a plain ``DocResult`` before
    asking for the next. spaCy's own worker processes (``n_process > 1``) run without zones.
    """
    if n_process > 1:
        yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)
        return
    it = iter(items)
    while group := list(islice(it, zone_texts)):
        with nlp.memory_zone():
            yield from nlp.pipe(group, as_tuples=True, batch_size=batch_size)


def _chunked(articles: Iterable[Article]) -> Iterator[tuple[str, tuple[Article, int, int]]]:
    """(text, (article, chunk offset, number of chunks)) for every chunk of every article."""
    for article in articles:
        if not chunking.needs_chunks(article.text):
            yield article.text, (article, 0, 1)
            continue
        pieces = chunking.split(article.text)
        for offset, text in pieces:
            yield text, (article, offset, len(pieces))


def _source(doc: Doc, span) -> str:
    """How the mention was found: 'registry', 'group' or 'ner'."""
    if (doc._.iog_actors or {}).get(span.kb_id_, {}).get("registry"):
        return "registry"
    return "group" if span.label_ == "Group" else "ner"


def _relation(data: dict) -> Relation:
    fields = dict(data)
    for key in ("techniques", "reported_by", "channels", "disputed_by"):
        fields[key] = tuple(fields.get(key) or ())
    known = Relation.__dataclass_fields__
    return Relation(**{k: v for k, v in fields.items() if k in known})
