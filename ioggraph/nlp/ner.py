"""Actor candidates from the statistical NER (PERSON, ORG, GPE, NORP), cleaned and typed by rule.

Pure functions over a parsed Doc:

- spans are trimmed of determiners, titles' punctuation and possessives; "Beijing's Central
  Leading Group" splits into the owner and the group, but "the Democratic People's Party" or
  "Chinese Women's Federation" stay whole (the owner is not a place or person);
- countries and capitals (``schemas/places.yaml``) that act become that state's Government
  (whatever NER called them: "Paraguay" comes out ORG); places only mentioned as settings are
  dropped; other places are Locations only when they are acted upon;
- plural demonyms that act ("Iranians") become Groups; "Czech government" is the Czech state;
- junk is dropped: numbers, bylines and credits ("Charlie Qi/WikiCommons/CC"), single common
  nouns NER capitalised ("Folklore"), "pro-Beijing", and words listed in ``boilerplate.yaml``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ioggraph.nlp.places import Places
from ioggraph.nlp.text import clean_label, has_cjk, normalise, slug

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"}
MASTHEAD_ONLY = {"FAC", "WORK_OF_ART", "PRODUCT"}   # NER slips for outlets: "the Strait Herald" as FAC
MEDIA_WORDS = {"news", "times", "tv", "mail", "observer", "guardian", "telegraph", "chronicle", "star", "television", "radio", "broadcasting", "post", "daily", "press",
               "journal", "herald", "tribune", "gazeta", "gazette", "channel", "network", "media", "fm", "voice"}
MASTHEAD_ARTICLES = {"Der", "Die", "Das", "El", "Il"}   # and, for ORG spans only ("Le Pen" is a person):
ORG_MASTHEAD_ARTICLES = MASTHEAD_ARTICLES | {"Le", "La", "Les"}
MILITARY = re.compile(r"\b(?:army|navy|air force|forces?|base \d+|unit \d+|\d+ unit|brigade|regiment|"
                      r"division|corps|command|guards?)\b", re.I)
SETTING_PREPS = {"in", "at", "to", "from", "across", "near", "around", "inside", "within", "throughout",
                 "into", "over", "via", "through", "toward", "towards", "outside", "between", "on", "about"}
ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "appos", "conj", "ROOT", "agent", "dative"}
AGENT_PREPS = {"by", "with", "against", "for"}
STATE_NOUNS = {"government", "authorities", "regime", "state", "leadership", "officials"}
TARGET_DEPS = {"dobj", "nsubjpass"}
AGENT_PARTICIPLES = {"funded", "backed", "linked", "sponsored", "run", "controlled", "affiliated", "aligned",
                     "owned", "directed", "financed", "supported", "organized", "organised"}
SETTING_NOUNS = {"part", "parts", "region", "regions", "province", "city", "capital", "coast", "island",
                 "islands", "area", "areas", "territory", "north", "south", "east", "west", "center",
                 "centre", "border", "borders", "outskirts", "rest", "mainland", "side", "map", "history",
                 "streets", "heart", "edge", "interior", "soil", "airspace", "waters", "visit", "trip"}
MEDIA_HEADS = {"newspaper", "daily", "outlet", "broadcaster", "channel", "website", "tabloid", "magazine",
               "weekly", "station", "portal", "network"}
JUNK = re.compile(r"[/@#\d|=]|^(?:pro|anti)-|\.(?:com|org|net)\b", re.I)
COMMON_TAGS = {"NN", "NNS", "JJ", "VB", "VBD", "VBN", "VBG", "RB"}
PLACE_PAIR = re.compile(r"^[A-Z][a-z]+\s?-\s?[A-Z][a-z]+$")
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
PERSON_ROLES = {"founder", "co-founder", "leader", "chairman", "chairwoman", "businessman", "businesswoman", "tycoon",
                "oligarch", "politician", "lawmaker", "legislator", "director", "president", "minister", "spokesman",
                "spokeswoman", "head", "owner", "editor", "journalist", "activist", "blogger", "influencer", "mayor",
                "governor", "senator", "deputy", "secretary", "commander", "officer", "official", "researcher", "analyst"}
ORG_WORDS = {"party", "group", "company", "bank", "ministry", "office", "agency", "council", "association", "foundation",
             "institute", "center", "centre", "university", "committee", "department", "bureau", "front", "union"}
NAME_CONNECTORS = {"and", "of", "for", "&"}
INSTITUTION_HEADS = {"department", "committee", "ministry", "office", "bureau", "commission", "council", "institute",
                     "federation", "union", "association", "agency", "academy", "center", "centre", "administration",
                     "service", "division", "branch", "wing", "league", "society", "directorate", "secretariat"}
ASSOCIATION_HEADS = {"association", "federation", "chamber", "society", "league", "council"}
# a state's organs named by owner + noun ("China's embassy in Honiara", "Chinese law enforcement")
ORGANS = {("embassy",): "embassy", ("consulate",): "consulate", ("law", "enforcement"): "law enforcement",
          ("police",): "police", ("intelligence", "services"): "intelligence services",
          ("security", "services"): "security services", ("intelligence", "agencies"): "intelligence agencies"}


def is_acting(span: Span) -> bool:
    """True when a place name is used as an agent (subject, possessor, object) not as a setting."""
    root = span.root
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


def whole_entities(doc: Doc) -> list[Span]:
    """NER's entities with names made whole: "the Association for Free Research and" runs on to
    "International Cooperation"; "Democratic Alliance (DA" loses its open bracket; "United Front Work
    Department" + "of the" + "Jiangsu Provincial Committee" + "of the" + "Chinese Communist Party" is
    one name when the first part ends with an institution word."""
    out: list[Span] = []
    for ent in doc.ents:
        ent = _close_bracket(_run_on(ent))
        prev = out[-1] if out else None
        if prev is not None and ent.label_ == "ORG" and prev.label_ == "ORG" and _of_link(prev, ent):
            out[-1] = Span(doc, prev.start, ent.end, label="ORG")
            continue
        out.append(ent)
    return out


def _run_on(ent: Span) -> Span:
    """An entity NER ended on a connector ("... Research and") continues over capitalised words."""
    doc, end = ent.doc, ent.end
    if len(ent) < 2 or ent[-1].lower_ not in NAME_CONNECTORS or end >= len(doc) or not _name_word(doc[end]):
        return ent
    while end < len(doc) and (_name_word(doc[end]) or doc[end].lower_ in NAME_CONNECTORS
                              and end + 1 < len(doc) and _name_word(doc[end + 1])):
        end += 1
    return Span(doc, ent.start, end, label=ent.label_)


def _close_bracket(ent: Span) -> Span:
    """Cut an entity at an opening bracket it does not close ("Democratic Alliance (DA")."""
    for tok in ent:
        if tok.text == "(" and not any(t.text == ")" for t in ent[tok.i - ent.start:]):
            return Span(ent.doc, ent.start, tok.i, label=ent.label_) if tok.i > ent.start else ent
    return ent


def _of_link(first: Span, second: Span) -> bool:
    """"<institution> of (the) <ORG>" with nothing else between the two entities."""
    if first[-1].lower_ not in INSTITUTION_HEADS:
        return False
    between = [t.lower_ for t in first.doc[first.end:second.start]]
    return between in (["of"], ["of", "the"]) or between == [] and second[0].lower_ == "of"


def _name_word(tok: Token) -> bool:
    return tok.is_title and tok.pos_ == "PROPN"


def ner_candidates(doc: Doc, places: Places, not_actors: frozenset[str]) -> list[Candidate]:
    """Clean, typed NER spans (see the module docstring)."""
    out = []
    for ent in whole_entities(doc):
        if ent.label_ not in NER_LABELS:
            continue
        for span, owner in split_possessive(ent, places):
            if ent.label_ == "ORG" and not owner:
                span = with_place_suffix(span)
            if is_junk(span, not_actors, ent.label_):
                continue
            cand = typed_candidate(span, "GPE" if owner else ent.label_, places)
            if cand is not None:
                out.append(cand)
    return out + state_phrases(doc, places) + organ_phrases(doc, places)


def with_place_suffix(span: Span) -> Span:
    """"Association of Taiwan Investment Enterprises in Changsha": associations' names often end
    with where they sit; NER stops before "in"."""
    doc, end = span.doc, span.end
    if not {span[-1].lower_, span.root.lower_} & ASSOCIATION_HEADS or end + 1 >= len(doc) or doc[end].lower_ != "in":
        return span
    stop = end + 1
    while stop < len(doc) and doc[stop].ent_type_ in {"GPE", "LOC"} and doc[stop].pos_ == "PROPN" and stop - end <= 3:
        stop += 1
    return doc[span.start:stop] if stop > end + 1 else span

def split_possessive(ent: Span, places: Places) -> list[tuple[Span, bool]]:
    """Trim determiners and a trailing possessive; split "Beijing's X" when the owner is a place
    or person, keep "Democratic People's Party" whole."""
    doc, start, end = ent.doc, ent.start, ent.end
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].pos_ in {"ADP", "CCONJ", "DET"}):
        end -= 1
    for i in range(start + 1, end - 1):
        if doc[i].tag_ == "POS" or doc[i].text in {"’s", "'s"}:
            owner = doc[start:i]
            if _is_owner(owner, places):
                return [(owner, True), (doc[i + 1:end], False)]
    return [(doc[start:end], False)] if start < end else []


def _is_owner(owner: Span, places: Places) -> bool:
    return bool(places.country(owner.text) or places.capital(owner.text)
                or owner.root.ent_type_ in {"GPE", "PERSON"} and owner.root.lower_ not in {"people", "women", "workers"})


def is_junk(span: Span, not_actors: frozenset[str], ner_label: str = "") -> bool:
    """Dates, numbers, credits, common nouns NER capitalised, listed non-actors, bare CJK."""
    text = span.text.strip()
    if not text or not any(t.is_alpha for t in span) or normalise(text) in not_actors:
        return True
    if JUNK.search(text) and not MILITARY.search(text) or has_cjk(text) and not re.search(r"[A-Za-z]", text):
        return True
    if len(span) == 1 and (span[0].tag_ in COMMON_TAGS or _lower_elsewhere(span[0])):
        return True
    if PLACE_PAIR.match(text) and span.root.dep_ in {"compound", "nmod", "amod"}:
        return True  # "Kinmen-Xiamen (twin-city)": places joined as a modifier
    if any(t.is_upper and len(t) > 3 for t in span) and ner_label == "PERSON":
        return True  # datelines and bylines in capitals ("Feedzy TAIPEI")
    return _lowercase_ends(span) or len(span) > (16 if any(t.lower_ == "of" for t in span) else 10)


def _lowercase_ends(span: Span) -> bool:
    """Names start and end with a capitalised word; "Ma's party" is a description."""
    words = span.text.split()  # by words, not tokens: "Lai Ching-te" ends with "Ching-te"
    return any(w[0].islower() for w in (words[0], words[-1]))


def _lower_elsewhere(tok: Token) -> bool:
    """"Folklore", "Groups": the word appears lower-cased, or tagged a common noun, in the document."""
    texts, common = _doc_words(tok.doc)
    lower = tok.lower_
    return lower in texts and lower != tok.text or lower in common


_WORDS_CACHE: list = [None, None]  # [doc, (texts, common)]: the last document seen


def _doc_words(doc) -> tuple[frozenset[str], frozenset[str]]:
    """The document's token texts and its lower-cased common nouns, computed once per Doc.

    A capitalised word counts as a common noun only at a sentence start: mid-sentence, a tagger's
    "NN"/"JJ" on a capitalised word ("anti-Hezbollah", "pro-Kremlin") says nothing about the name."""
    if _WORDS_CACHE[0] is not doc:
        texts = frozenset(t.text for t in doc)
        common = frozenset(t.lower_ for t in doc if t.tag_ in COMMON_TAGS and (t.is_lower or t.is_sent_start))
        _WORDS_CACHE[:] = [doc, (texts, common)]
    return _WORDS_CACHE[1]


def typed_candidate(span: Span, ner_label: str, places: Places) -> Candidate | None:
    """A Candidate with its type, or None when the span is not an actor here."""
    from ioggraph.nlp.actors import Candidate
    label = clean_label(span.text)
    country = places.country(label) or places.capital(label)
    if country is not None:
        if not is_acting(span):
            return None
        return Candidate(span.start, span.end, country.key, "Government", country.name, "ner", False, {span.text})
    kind = type_of(span, ner_label, places)
    if kind is None:
        return None
    return Candidate(span.start, span.end, slug(label), kind, label, "ner", False, {span.text})


def type_of(span: Span, ner_label: str, places: Places) -> str | None:
    words = {t.lower_ for t in span}
    if span.end < len(span.doc) and span.doc[span.end].lower_ in MEDIA_HEADS and span.root.dep_ == "compound":
        return "Media"  # "the Solomon Star newspaper"
    if ner_label in MASTHEAD_ONLY:
        if _person_apposition(span):
            return "Person"  # "Farnaz Fassihi, a veteran journalist": NER said FAC
        return "Media" if words & MEDIA_WORDS and span[-1].lower_ in MEDIA_WORDS else None
    if len(span) > 1 and (span[0].text in MASTHEAD_ARTICLES and ner_label == "PERSON"
                          or span[0].text in ORG_MASTHEAD_ARTICLES and ner_label == "ORG"):
        return "Media"  # "Der Spiegel", "Le Parisien": a foreign article opens a masthead, not a name
    if ner_label == "PERSON" and len(span) > 1 and span[-1].lower_ in ORG_WORDS | INSTITUTION_HEADS:
        return "Organization"  # "Ma Ying-jeou Foundation": named after a person, NER said PERSON
    if ner_label == "PERSON":
        if places.demonym(span.text):
            return None
        return "Media" if len(span) > 1 and {t.lower_ for t in span[1:]} & MEDIA_WORDS else "Person"  # "Solomon Star"
    if ner_label == "ORG" and _person_apposition(span):
        return "Person"  # "Ilan Shor, the founder of a party": NER said ORG
    if ner_label in {"GPE", "LOC"}:
        return "Location" if span.root.dep_ in TARGET_DEPS else None
    if ner_label == "NORP":
        plural = span.text.endswith("s") and not span.text.endswith(("ese", "ss"))
        return "Group" if plural and places.demonym(span.text) and is_acting(span) else None
    if MILITARY.search(span.text):
        return "MilitaryUnit"
    if words & MEDIA_WORDS:
        return "Media"
    return "Organization"


def _person_apposition(span: Span) -> bool:
    """A short all-capitalised name with an apposition naming a person's role."""
    if not 2 <= len(span) <= 3 or not all(t.is_title and t.pos_ == "PROPN" for t in span) \
            or {t.lower_ for t in span} & (MEDIA_WORDS | ORG_WORDS):
        return False
    return any(c.dep_ == "appos" and c.lower_ in PERSON_ROLES for c in span.root.rights)


def state_phrases(doc: Doc, places: Places) -> list[Candidate]:
    """"the Czech government", "Moldovan authorities": demonym + state noun -> that Government."""
    from ioggraph.nlp.actors import Candidate
    out = []
    for tok in doc:
        if tok.lower_ not in {"government", "authorities", "regime"} or tok.i == 0:
            continue
        country = places.demonym(doc[tok.i - 1].text)
        if country is not None and _demonym_head(doc[tok.i - 1], tok):
            text = doc[tok.i - 1:tok.i + 1].text
            out.append(Candidate(tok.i - 1, tok.i + 1, country.key, "Government", country.name, "ner", False, {text}))
    return out


def _demonym_head(mod: Token, head: Token) -> bool:
    return mod.head == head and mod.dep_ in {"amod", "compound", "nmod"}


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
    for tok in doc:
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
