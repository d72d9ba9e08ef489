"""In-document alias resolution over actor candidates (pure functions).

- acronyms defined in text: "Democratic Progressive Party (DPP)"; when the acronym is already
  known (registry or earlier definition) the long form joins that actor, so a reporter's variant
  ("Democratic People's Party (DPP)") merges with the party;
- names given with characters: "Ho Cheng-hui (何澄輝)";
- a local branch that defines a registry acronym ("Anhui Province Taiwan Affairs Office (TAO)") takes
  that acronym for the rest of the document;
- short forms of people: "Lai" -> "Lai Ching-te", "Da" -> the person "surnamed Da", whatever label NER
  gave the short form (or none), only when the full name is in the same document, never a surname on
  its own across documents;
- a web domain whose name spells an actor of the document ("voiceofeurope.com" for Voice of
  Europe, "rt.com" for RT) is a mention of that actor;
- every candidate with the same normalised name as an aliased one takes its key.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ioggraph.nlp.ner import INSTITUTION_HEADS, MEDIA_WORDS, ORG_WORDS
from ioggraph.nlp.text import has_cjk, normalise
from ioggraph.nlp import token_index
from ioggraph.nlp.token_index import positions

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate


INSTITUTION_WORDS = ORG_WORDS | MEDIA_WORDS | INSTITUTION_HEADS
DOTTED = re.compile(r"(?<!\S)\S*\w\.\w\S*?(?=[\s,;:!?)\]]|\.?$|\.\s)", re.M)
DOMAIN = re.compile(r"^(?:www\.)?([a-z0-9-]{2,})\.[a-z]{2,6}$", re.I)


def resolve_aliases(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    cands = _domains(doc, cands)
    by_name: dict[str, Candidate] = {}
    for c in cands:
        by_name.setdefault(normalise(c.label), c)
    _parentheticals(doc, cands, by_name)
    out = []
    for c in cands:
        target = by_name.get(normalise(c.label))
        local = by_name.get(normalise(doc[c.start:c.end].text))
        if local is not None and local.part_of == c.key:  # "TAO" defined for "Anhui ... Office (TAO)"
            target = local
        if target is not None and target.key != c.key:
            c = _rekey(c, target)
        out.append(c)
    return _short_forms(doc, out)


def _parentheticals(doc: Doc, cands: list[Candidate], by_name: dict[str, Candidate]) -> None:
    """'X (ABC)' and 'Name (漢字)': link the bracketed form and the name both ways."""
    starts = {c.start: c for c in cands}
    for c in cands:
        if c.end + 2 >= len(doc) or doc[c.end].text != "(" or doc[c.end + 2].text != ")":
            continue
        inner = doc[c.end + 1]
        if not (_acronym_like(inner.text) or has_cjk(inner.text)):
            continue
        owner = starts.get(inner.i)  # the acronym itself may be a known actor (registry "DPP")
        if owner is not None and c.part_of == owner.key:  # a branch defines the acronym for this document
            by_name[normalise(inner.text)] = c
            c.aliases.add(inner.text)
            continue
        if _abbreviates_tail(c.label, inner.text):
            continue  # "... Committee of the Chinese Communist Party (CCP)": the acronym is the last part's
        if owner is not None and owner.registry and not c.registry:
            by_name[normalise(c.label)] = owner
            owner.aliases.add(c.label)
        else:
            by_name[normalise(inner.text)] = c
            c.aliases.add(inner.text)


def _domains(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Web domains not yet an actor whose name, without spaces and punctuation, is an actor's name."""
    squashed: dict[str, Candidate] = {}
    for c in cands:
        for name in (c.label, doc[c.start:c.end].text):
            key = re.sub(r"[^0-9a-z]", "", normalise(name))
            if len(key) >= 2:
                squashed.setdefault(key, c)
    taken = {i for c in cands for i in range(c.start, c.end)}
    added = []
    for tok in _dotted_tokens(doc):
        m = DOMAIN.match(tok.text) if tok.i not in taken else None
        owner = squashed.get(m.group(1).lower().replace("-", "")) if m else None
        if owner is not None:
            added.append(replace(owner, start=tok.i, end=tok.i + 1, source="domain", aliases={tok.text},
                                 core_start=None, core_end=None))
    return sorted([*cands, *added], key=lambda c: (c.start, c.end)) if added else cands


def _dotted_tokens(doc: Doc) -> list:
    """Tokens with a dot inside ("rt.com"), found from the text rather than token by token."""
    out = []
    for m in DOTTED.finditer(token_index.text(doc)):
        span = doc.char_span(m.start(), m.end())
        if span is not None and len(span) == 1:
            out.append(span[0])
    return out


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _abbreviates_tail(name: str, acronym: str) -> bool:
    """True when ``acronym`` spells the initials of a trailing part of ``name`` but not of all of it."""
    letters = "".join(ch for ch in acronym if ch.isalpha())
    words = re.split(r"[\s-]+", name)
    if not letters.isupper() or _initials(words) == letters:
        return False
    return any(_initials(words[i:]) == letters for i in range(1, len(words)))


def _acronym_like(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 2 <= len(letters) <= 8 and text[0].isupper() and sum(ch.isupper() for ch in text) >= 1 and " " not in text


def _short_forms(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A one-word mention equal to the first or last word of a full Person name of the document
    joins that person, whatever NER called it ("Wang" as ORG, "Huang" as GPE, or no entity at all):
    the nearest full name before it, else the first one after it. Registry surnames keep their own
    gate (:mod:`ioggraph.nlp.registry_match`); states ("Georgia") are never surnames."""
    cands = _people_named_as_orgs(doc, cands)
    parts = _name_parts(doc, cands)
    if not parts:
        return cands
    out = []
    for c in cands:
        owner = _owner_of(parts, doc[c.start:c.end].text, c.start) if c.end - c.start == 1 else None
        if owner is not None and owner.key != c.key and not c.registry and c.type != "Government":
            c = _rekey(c, owner)
        out.append(c)
    taken = {i for c in out for i in range(c.start, c.end)}
    added = []
    for i in positions(doc, "ORTH", parts):
        tok = doc[i]
        if i in taken or not _bare_name(tok):
            continue
        owner = _owner_of(parts, tok.text, tok.i)
        if owner is not None:
            added.append(replace(owner, start=tok.i, end=tok.i + 1, source="short", aliases={tok.text},
                                 core_start=None, core_end=None))
    return sorted([*out, *added], key=lambda c: (c.start, c.end)) if added else out


def _people_named_as_orgs(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """"Ilan Shor" tagged ORG, then "Shor" tagged PERSON: a two- or three-word name of capitalised
    words with no institution word is the person whose first or last word NER calls a PERSON alone."""
    alone = {ent.text for ent in doc.ents if len(ent) == 1 and ent.label_ == "PERSON"}
    if not alone:
        return cands
    people: set[str] = set()
    for c in cands:
        words = doc[c.start:c.end].text.split()
        if c.type == "Organization" and not c.registry and c.part_of is None and 2 <= len(words) <= 3 \
                and {words[0], words[-1]} & alone \
                and all(w[:1].isupper() and not w.isupper() and w.lower() not in INSTITUTION_WORDS for w in words):
            people.add(c.key)  # not "Anhui TAO", a branch named by an acronym NER once called a person
    people -= {c.key for c in cands if any(w.lower() in INSTITUTION_WORDS for w in doc[c.start:c.end].text.split())}
    return [replace(c, type="Person") if c.key in people else c for c in cands]


def _name_parts(doc: Doc, cands: list[Candidate]) -> dict[str, list[Candidate]]:
    """First and last words of the document's Person names -> those persons, in order ("Da", once a
    person "surnamed Da" was named, is that person wherever the tagger missed it)."""
    parts: dict[str, list[Candidate]] = {}
    single: dict[str, Candidate] = {}
    for c in cands:
        words = doc[c.start:c.end].text.split()
        if c.type != "Person" or not words[0][:1].isupper() or has_cjk(words[0]):
            continue
        if len(words) > 1:
            for w in {words[0], words[-1]}:
                if w[:1].isupper() and len(w) > 1 and not has_cjk(w):
                    parts.setdefault(w, []).append(c)
        elif not c.registry and len(words[0]) > 1:
            single.setdefault(words[0], c)  # a one-word name is its own short form
    for w, c in single.items():
        parts.setdefault(w, [c])
    return parts


def _owner_of(parts: dict[str, list[Candidate]], word: str, at: int) -> Candidate | None:
    """The person a name part at token ``at`` stands for: the nearest full name before, else the first after."""
    people = parts.get(word)
    if not people:
        return None
    before = [p for p in people if p.start < at]
    return before[-1] if before else people[0]


def _bare_name(tok) -> bool:
    """A lone capitalised proper noun, not the start or end of a longer name ("Sun Yat-sen")."""
    if not tok.is_title or tok.pos_ != "PROPN":
        return False
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    before = doc[tok.i - 1] if tok.i > 0 else None
    return not (after is not None and after.pos_ == "PROPN" and after.is_title
                or before is not None and before.pos_ == "PROPN" and before.is_title)


def _rekey(c: Candidate, target: Candidate) -> Candidate:
    from ioggraph.nlp.actors import with_key
    new = with_key(c, target.key, target.type, target.label, target.registry)
    new.aliases.add(doc_text(c))
    return new


def doc_text(c: Candidate) -> str:
    return next(iter(c.aliases)) if c.aliases else c.label
