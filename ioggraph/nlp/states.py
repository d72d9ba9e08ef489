"""States as actors: when a country, capital or demonym acts or is targeted, and the state organs
named by owner + noun (pure functions over a parsed Doc).

- a place that acts (subject, possessor, object, "China-funded") or that interference targets
  ("interfere in South Africa", "El Salvador's political discourse") is an actor; one only
  mentioned as a setting ("in Beijing") is not (:func:`is_acting`);
- "the Czech government", "Moldovan authorities", "Russian government-directed" -> that Government
  (:func:`state_phrases`);
- "China's embassy in Honiara", "Iran's intelligence service", "Chinese law enforcement" -> an
  Organization per (state, organ) (:func:`organ_phrases`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ioggraph.nlp.places import Places
from ioggraph.nlp.text import clean_label, slug
from ioggraph.nlp.token_index import positions

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

SETTING_PREPS = {"in", "at", "to", "from", "across", "near", "around", "inside", "within", "throughout",
                 "into", "over", "via", "through", "toward", "towards", "outside", "between", "on", "about"}
ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "appos", "conj", "ROOT", "agent", "dative"}
AGENT_PREPS = {"by", "with", "against", "for"}
# what an influence operation targets in a state, and the verbs and nouns of interfering in one
TARGET_NOUNS = {"election", "vote", "referendum", "politics", "discourse", "democracy", "sovereignty", "parliament",
                "electorate", "poll", "public", "society", "institution", "affair", "opinion", "presidency"}
INTERFERENCE = {"interfere", "interference", "meddle", "meddling", "intervene", "intervention", "influence",
                "sway", "destabilize", "destabilise", "undermine", "campaign", "operation", "disinformation",
                "propaganda", "election", "vote", "referendum", "infiltration", "infiltrate"}
STATE_HEADS = {"government", "govt", "authorities", "regime"}
STATE_NOUNS = {"government", "govt", "authorities", "regime", "state", "leadership", "officials"}
AGENT_PARTICIPLES = {"funded", "backed", "linked", "sponsored", "run", "controlled", "affiliated", "aligned",
                     "owned", "directed", "financed", "supported", "organized", "organised"}
SETTING_NOUNS = {"part", "parts", "region", "regions", "province", "city", "capital", "coast", "island",
                 "islands", "area", "areas", "territory", "north", "south", "east", "west", "center",
                 "centre", "border", "borders", "outskirts", "rest", "mainland", "side", "map", "history",
                 "streets", "heart", "edge", "interior", "soil", "airspace", "waters", "visit", "trip"}
# a state's organs named by owner + noun ("China's embassy in Honiara", "Chinese law enforcement")
ORGANS = {("embassy",): "embassy", ("consulate",): "consulate", ("law", "enforcement"): "law enforcement",
          ("police",): "police", ("intelligence", "services"): "intelligence services",
          ("security", "services"): "security services", ("intelligence", "agencies"): "intelligence agencies",
          ("intelligence", "service"): "intelligence service", ("security", "service"): "security service",
          ("intelligence", "agency"): "intelligence agency", ("foreign", "ministry"): "foreign ministry",
          ("defence", "ministry"): "defence ministry", ("defense", "ministry"): "defense ministry",
          ("foreign", "intelligence"): "foreign intelligence", ("military", "intelligence"): "military intelligence"}


def is_acting(span: Span) -> bool:
    """True when a place name is used as an agent (subject, possessor, object) not as a setting."""
    root = _root(span)
    if is_targeted(span):
        return True
    if root.dep_ == "pobj" and root.head.lower_ in SETTING_PREPS:
        return False
    if root.lower_ in STATE_NOUNS or root.dep_ in {"compound", "amod", "nmod"} and root.head.lower_ in STATE_NOUNS:
        return True
    if root.dep_ in {"npadvmod", "compound", "amod"} and root.head.lower_ in AGENT_PARTICIPLES:
        return True  # "China-funded", "Iran-backed"
    if root.dep_ in {"compound", "amod", "nmod"}:
        return False
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        before = root.doc[root.head.i - 1] if root.head.i > 0 else root.head.head
        owner = before if before.pos_ == "NOUN" else root.head.head  # "criticisms of the US" even if parsed off
        return owner.lower_ not in SETTING_NOUNS
    if root.dep_ in {"conj", "appos"} and root.head.i != root.i:
        return is_acting(root.doc[root.head.i:root.head.i + 1])
    return root.dep_ in ACTING_DEPS or (root.dep_ == "pobj" and root.head.lower_ in AGENT_PREPS)


def _root(span: Span) -> Token:
    """The span's syntactic root, never its determiner ("The Kremlin-backed ...": the parser may
    hang "The" on the next noun, and spaCy then calls it the root of "The Kremlin")."""
    root = span.root
    if root.pos_ == "DET" and len(span) > 1:
        words = [t for t in span if t.pos_ != "DET"]
        root = next((t for t in words if t.head.i < span.start or t.head.i >= span.end), words[-1])
    return root


def is_targeted(span: Span) -> bool:
    """A state as the object of interference, not a setting: "interfere in South Africa", "meddling in
    the US", "El Salvador’s political discourse", "the 2020 U.S. election"."""
    root = _root(span)
    if root.dep_ == "pobj" and root.head.lower_ in {"in", "into", "with"}:
        return root.head.head.lemma_.lower() in INTERFERENCE
    return root.dep_ in {"compound", "amod", "nmod", "poss"} and root.head.lemma_.lower() in TARGET_NOUNS


def state_phrases(doc: Doc, places: Places) -> list[Candidate]:
    """"the Czech government", "Moldovan authorities": demonym + state noun -> that Government."""
    from ioggraph.nlp.actors import Candidate
    out = []
    for i in positions(doc, "LOWER", STATE_HEADS):
        tok = doc[i]
        if i == 0:
            continue
        country = places.demonym(doc[tok.i - 1].text)
        if country is not None and _demonym_head(doc[tok.i - 1], tok):
            text = doc[tok.i - 1:tok.i + 1].text
            out.append(Candidate(tok.i - 1, tok.i + 1, country.key, "Government", country.name, "ner", False, {text}))
    return out


def _demonym_head(mod: Token, head: Token) -> bool:
    """"Czech government", and "Russian government-directed operations" (the parser hangs the
    demonym on the last noun of a hyphenated compound)."""
    hyphen = head.i + 1 < len(head.doc) and head.doc[head.i + 1].text == "-"
    return (mod.head == head or hyphen) and mod.dep_ in {"amod", "compound", "nmod"}


def _organs_by_first_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, organ in ORGANS.items():
        index.setdefault(words[0], []).append((words, organ))
    return index


_ORGANS_BY_FIRST = _organs_by_first_word()


def organ_phrases(doc: Doc, places: Places) -> list[Candidate]:
    """"China's embassy in Honiara", "the Chinese embassy", "Chinese law enforcement": an
    Organization per (state, organ), named by its fullest mention; an embassy keeps "in <city>"."""
    from ioggraph.nlp.actors import Candidate
    out = []
    for i in positions(doc, "LOWER", _ORGANS_BY_FIRST):
        tok = doc[i]
        for words, organ in _ORGANS_BY_FIRST.get(tok.lower_, ()):
            end = tok.i + len(words)
            if tok.i == 0 or end > len(doc) or tuple(t.lower_ for t in doc[tok.i:end]) != words:
                continue
            prev = doc[tok.i - 1]
            if prev.tag_ == "POS" and tok.i > 1:
                start, country = tok.i - 2, places.country(doc[tok.i - 2].text)
            else:
                start, country = tok.i - 1, places.demonym(prev.text) if prev.dep_ in {"amod", "compound", "nmod"} else None
            if country is None:
                continue
            core_end = end
            if organ in {"embassy", "consulate"} and end + 1 < len(doc) and doc[end].lower_ in {"in", "to"} \
                    and doc[end + 1].pos_ == "PROPN":
                end += 2
                while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_iob_ == "I":
                    end += 1
                core_end = end
            text = doc[start:end].text
            label = clean_label(text)
            key = slug(f"{country.name} {organ}")
            out.append(Candidate(start, end, key, "Organization", label, "ner", False, {text},
                                 core_start=tok.i, core_end=core_end))
    return out
