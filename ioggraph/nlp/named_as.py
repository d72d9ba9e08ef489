"""Actors the text introduces by name: "a group called Anzu team", "a Chinese woman, surnamed Da",
"an operation dubbed Doppelganger", "a network known as Spamouflage" (pure functions over a parsed Doc).

The name is the run of capitalised words after the cue (quotes skipped), with a trailing
organisation noun kept ("Anzu team"). Its type comes from the cue and from the noun it names:
"surnamed" and person nouns ("woman", "official") give a Person, outlets give Media, anything
else an Organization. NER often misses these names (a lone capitalised word) or mislabels them.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ioggraph.nlp import token_index
from ioggraph.nlp.text import clean_label, slug

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

CUES = {"called", "named", "dubbed", "surnamed", "nicknamed", "codenamed", "code-named", "christened"}
PERSON_NOUNS = {"man", "woman", "person", "official", "businessman", "businesswoman", "officer", "agent", "citizen",
                "national", "individual", "suspect", "defendant", "student", "journalist", "blogger", "influencer",
                "resident", "spy", "handler", "employee", "worker", "leader", "politician", "activist"}
MEDIA_NOUNS = {"outlet", "website", "site", "channel", "newspaper", "magazine", "portal", "page", "blog", "station",
               "broadcaster", "podcast", "show", "publication"}
TAIL_NOUNS = {"team", "group", "network", "unit", "company", "agency", "foundation", "institute", "center", "centre"}
CUE_TEXT = re.compile(r"\b(" + "|".join(sorted(CUES)) + r"|(?<=known )as)\b", re.I)
QUOTES = {'"', "“", "”", "'", "‘", "’"}
MAX_WORDS = 5


def named_as_candidates(doc: Doc) -> list[Candidate]:
    """Every name introduced after a naming cue, as a Candidate of source "ner"."""
    from ioggraph.nlp.actors import Candidate
    out = []
    for m in CUE_TEXT.finditer(token_index.text(doc)):  # a scan of the text, not of every token
        span = doc.char_span(m.start(1), m.end(1))
        if span is None or len(span) != 1:
            continue
        tok = span[0]
        span = _name_after(doc, tok.i + 1)
        if span is None:
            continue
        start, end = span
        label = clean_label(doc[start:end].text)
        out.append(Candidate(start, end, slug(label), _kind(tok), label, "ner", False, {doc[start:end].text}))
    return out


def _name_after(doc: Doc, i: int) -> tuple[int, int] | None:
    while i < len(doc) and doc[i].text in QUOTES:
        i += 1
    start = i
    while i < len(doc) and i - start < MAX_WORDS and (doc[i].is_title or doc[i].is_upper and len(doc[i]) > 1) \
            and doc[i].is_alpha or i < len(doc) and i > start and doc[i].text == "-" and i + 1 < len(doc) and doc[i + 1].is_title:
        i += 1
    if i == start or doc[start].pos_ not in {"PROPN", "NOUN", "ADJ", "X"}:
        return None
    if i < len(doc) and doc[i].lower_ in TAIL_NOUNS and doc[i].is_lower:
        i += 1  # "a group called Anzu team"
    return start, i


def _kind(cue: Token) -> str:
    if cue.lower_ == "surnamed":
        return "Person"
    noun = _named_noun(cue)
    lemma = noun.lemma_.lower() if noun is not None else ""
    if lemma in PERSON_NOUNS:
        return "Person"
    return "Media" if lemma in MEDIA_NOUNS else "Organization"


def _named_noun(cue: Token) -> Token | None:
    """The noun the cue names: "a group called X" (acl on "group"), "a network known as X"."""
    verb = cue.head if cue.lower_ == "as" else cue
    head = verb.head if verb.dep_ in {"acl", "relcl", "advcl", "appos"} else None
    if head is None or head.pos_ not in {"NOUN", "PROPN"}:
        prev = [t for t in cue.doc[max(0, verb.i - 3):verb.i] if t.pos_ == "NOUN"]
        head = prev[-1] if prev else None
    return head
