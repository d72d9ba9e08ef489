"""Actor candidates from the statistical NER (PERSON, ORG, GPE, NORP), cleaned and typed by rule.

Pure functions over a parsed Doc:

- spans are trimmed of determiners, titles' punctuation and possessives; "Beijing's Central
  Leading Group" splits into the owner and the group, but "the Democratic People's Party" or
  "Chinese Women's Federation" stay whole (the owner is not a place or person);
- countries and capitals (``schemas/places.yaml``) that act become that state's Government
  (whatever NER called them: "Paraguay" comes out ORG); places only mentioned as settings are
  dropped; other places are Locations only when they are acted upon;
- plural demonyms that act ("Iranians") become Groups; states and their organs are
  :mod:`ioggraph.nlp.states`;
- junk is dropped: numbers, bylines and credits ("Charlie Qi/WikiCommons/CC"), single common
  nouns NER capitalised ("Folklore"), "pro-Beijing", and words listed in ``boilerplate.yaml``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc, Span, Token

from ioggraph.nlp.places import Places
from ioggraph.nlp.states import TARGET_NOUNS, is_acting, organ_phrases, state_phrases
from ioggraph.nlp.text import clean_label, has_cjk, normalise, slug
from ioggraph.nlp.token_index import column, word_hashes

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
TARGET_DEPS = {"dobj", "nsubjpass"}
MEDIA_HEADS = {"newspaper", "daily", "outlet", "broadcaster", "channel", "website", "tabloid", "magazine",
               "weekly", "station", "portal", "network"}
OUTLET_NOUNS = MEDIA_HEADS - {"network"} | {"agency"}  # "the outlet Pravda Serbia", "news agency RIA Novosti"
# threat-actor code names and slashed acronyms are names, though they hold a digit or a slash
CODE_NAME = re.compile(r"[A-Z][A-Za-z]+[- ]?\d{1,5}|[A-Z]{2,}/[A-Z]{2,}")
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
TITLES = PERSON_ROLES | {"mr", "mrs", "ms", "dr", "prof", "professor", "treasurer", "premier", "chancellor", "general",
                         "colonel", "captain", "judge", "ambassador", "sheikh", "prince", "king", "queen", "vice"}
TRAILING_KIND_WORDS = {"party", "movement", "group", "network", "channel", "page", "account", "coalition"}
NAME_CONNECTORS = {"and", "of", "for", "&"}
INSTITUTION_HEADS = {"department", "committee", "ministry", "office", "bureau", "commission", "council", "institute",
                     "federation", "union", "association", "agency", "academy", "center", "centre", "administration",
                     "service", "division", "branch", "wing", "league", "society", "directorate", "secretariat"}
ASSOCIATION_HEADS = {"association", "federation", "chamber", "society", "league", "council", "institute", "union",
                     "center", "centre", "club", "alliance", "mission", "church", "foundation"}
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
    if len(ent) < 2 or ent[-1].lower_ not in NAME_CONNECTORS or end >= len(doc) or not _name_word(doc[end]) \
            or doc[end].ent_type_ in {"GPE", "LOC"}:  # "China Daily of" + "Beijing": a place, not the name
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
            bare = span
            if ent.label_ == "ORG" and not owner:
                span = with_place_suffix(span)
            if is_junk(span, not_actors, ent.label_):
                continue
            label = ("PERSON" if _person_owner(span) else "GPE") if owner else ent.label_
            cand = typed_candidate(span, label, places)
            if cand is not None:
                if bare.end != span.end:  # "Confucius Institute in Stockholm" is also "Confucius Institute"
                    cand.aliases.add(bare.text)
                cand.aliases |= _owned_name(span)
                out.append(cand)
    return out + state_phrases(doc, places) + organ_phrases(doc, places)


def with_place_suffix(span: Span) -> Span:
    """"Association of Taiwan Investment Enterprises in Changsha": associations' names often end
    with where they sit; NER stops before "in"."""
    doc, end = span.doc, span.end
    if not {span[-1].lower_, span.root.lower_} & ASSOCIATION_HEADS or end + 1 >= len(doc) or doc[end].lower_ != "in":
        return span
    first = end + 2 if doc[end + 1].lower_ == "the" else end + 1  # "... Association in the UK"
    stop = first
    while stop < len(doc) and doc[stop].ent_type_ in {"GPE", "LOC"} and doc[stop].pos_ == "PROPN" and stop - first < 3:
        stop += 1
    return doc[span.start:stop] if stop > first else span


def split_possessive(ent: Span, places: Places) -> list[tuple[Span, bool]]:
    """Trim determiners and a trailing possessive; split "Beijing's X" when the owner is a place
    or person, keep "Democratic People's Party" whole."""
    doc, start, end = ent.doc, ent.start, ent.end
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    start = _after_stance(doc, start, end)
    while ent.label_ == "PERSON" and end - start > 2 and doc[start].lower_ in TITLES and doc[start + 1].is_title:
        start += 1  # "Treasurer Eric Roozendal", "President Jacob Zuma": the title is not the name
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].pos_ in {"ADP", "CCONJ", "DET"}):
        end -= 1
    while end - start > 1 and doc[end - 1].is_lower and doc[end - 1].lower_ in TRAILING_KIND_WORDS and doc[end - 2].is_title:
        end -= 1  # "the Awami League party": the kind word after a name is no part of it
    for i in range(start + 1, end - 1):
        if doc[i].tag_ == "POS" or doc[i].text in {"’s", "'s"}:
            owner = doc[start:i]
            if _is_owner(owner, places):
                return [(owner, True), (doc[i + 1:end], False)]
    return [(doc[start:end], False)] if start < end else []


def _after_stance(doc: Doc, start: int, end: int) -> int:
    """Skip a stance prefix on a name: "pro-African National Congress" -> "African National Congress",
    "pro-EU Party of Action and Solidarity" -> "Party of Action and Solidarity" (an acronym after the
    prefix is what the stance is about); a bare "pro-Kremlin" stays whole (and is junk)."""
    i = start
    if i < end and doc[i].lower_ in {"pro", "anti"} and i + 1 < end and doc[i + 1].text == "-":
        i += 2
    elif i < end and re.fullmatch(r"(?:pro|anti)-", doc[i].lower_):
        i += 1
    else:
        return start
    if i + 1 < end and doc[i].text.isupper() and doc[i + 1].is_title:
        i += 1
    return i if end - i >= 2 else start


def _owned_name(span: Span) -> set[str]:
    """"Atlantic Council's Digital Forensic Research Lab" is also "Digital Forensic Research Lab": the
    name after an owner that stays in the span (an organisation), when it is a name of its own."""
    for tok in span[1:-1]:
        if tok.tag_ == "POS" or tok.text in {"’s", "'s"}:
            rest = span.doc[tok.i + 1:span.end]
            if len(rest) >= 2 and all(t.is_title or not t.is_alpha for t in rest):
                return {rest.text}
    return set()


def _is_owner(owner: Span, places: Places) -> bool:
    return bool(places.country(owner.text) or places.capital(owner.text) or _person_owner(owner)
                or owner.root.ent_type_ in {"GPE", "PERSON"} and owner.root.lower_ not in {"people", "women", "workers"})


def _person_owner(owner: Span) -> bool:
    """"Prigozhin’s Internet Research Agency" (one ORG entity): the owner is a person the document
    names elsewhere (NER tags it PERSON there)."""
    return owner.text in _person_names(owner.doc)


def _person_names(doc: Doc) -> frozenset[str]:
    """Texts and words of the document's PERSON entities."""
    names = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            names.add(ent.text)
            names.update(t.text for t in ent if t.is_title)
    return frozenset(names)


def is_junk(span: Span, not_actors: frozenset[str], ner_label: str = "") -> bool:
    """Dates, numbers, credits, common nouns NER capitalised, listed non-actors, bare CJK."""
    text = span.text.strip()
    if not text or not any(t.is_alpha for t in span) or normalise(text) in not_actors:
        return True
    if JUNK.search(text) and not (MILITARY.search(text) or CODE_NAME.fullmatch(text))\
            or has_cjk(text) and not re.search(r"[A-Za-z]", text):
        return True
    if len(span) == 1 and not _brand_case(span[0]) and (span[0].tag_ in COMMON_TAGS or _lower_elsewhere(span[0])):
        return True
    if PLACE_PAIR.match(text) and span.root.dep_ in {"compound", "nmod", "amod"}:
        return True  # "Kinmen-Xiamen (twin-city)": places joined as a modifier
    if any(t.is_upper and len(t) > 3 for t in span) and ner_label == "PERSON":
        return True  # datelines and bylines in capitals ("Feedzy TAIPEI")
    return _lowercase_ends(span) or len(span) > (16 if any(t.lower_ == "of" for t in span) else 10)


def _brand_case(tok: Token) -> bool:
    """"TikTok", "AMTV", "U.N.", "amaBhungane": capitals inside a word make it a name, whatever its tag."""
    return sum(ch.isupper() for ch in tok.text[1:]) >= 1 and any(ch.islower() for ch in tok.text) \
        or tok.text.replace(".", "").isupper() and len(tok.text.replace(".", "")) >= 2 \
        or CODE_NAME.fullmatch(tok.text) is not None


def _lowercase_ends(span: Span) -> bool:
    """Names start and end with a capitalised word; "Ma's party" is a description."""
    words = span.text.split()  # by words, not tokens: "Lai Ching-te" ends with "Ching-te"
    return any(w[0].islower() for w in (words[0], words[-1]))


def _lower_elsewhere(tok: Token) -> bool:
    """"Folklore", "Groups": the word appears lower-cased, or tagged a common noun, in the document."""
    texts, common = _doc_words(tok.doc)
    lower = tok.lower
    return lower in texts and lower != tok.orth or lower in common


_WORDS_CACHE: list = [None, None]  # [doc, (texts, common)]: the last document seen


def _doc_words(doc) -> tuple[frozenset[int], frozenset[int]]:
    """The document's token texts and its lower-cased common nouns (as string hashes), once per Doc.

    A capitalised word counts as a common noun only at a sentence start: mid-sentence, a tagger's
    "NN"/"JJ" on a capitalised word ("anti-Hezbollah", "pro-Kremlin") says nothing about the name."""
    if _WORDS_CACHE[0] is not doc:
        texts = frozenset(column(doc, "ORTH").tolist())
        tags = np.isin(column(doc, "TAG"), word_hashes(doc, COMMON_TAGS))
        lowered = (column(doc, "IS_LOWER") == 1) | (column(doc, "SENT_START") == 1)
        common = frozenset(column(doc, "LOWER")[tags & lowered].tolist())
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
    country = places.demonym(label) if ner_label == "NORP" and span.root.dep_ in {"amod", "compound", "nmod"} else None
    if country is not None and span.root.head.lemma_.lower() in TARGET_NOUNS:
        return Candidate(span.start, span.end, country.key, "Government", country.name, "ner", False, {span.text})
    kind = type_of(span, ner_label, places)
    if kind is None:
        return None
    return Candidate(span.start, span.end, slug(label), kind, label, "ner", False, {span.text})


def type_of(span: Span, ner_label: str, places: Places) -> str | None:
    words = {t.lower_ for t in span}
    if span.end < len(span.doc) and span.doc[span.end].lower_ in MEDIA_HEADS and span.root.dep_ == "compound":
        return "Media"  # "the Solomon Star newspaper"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if ner_label in {"ORG", "PERSON"} and before is not None and before.is_lower and before.lower_ in OUTLET_NOUNS \
            and (before.lower_ != "agency" or before.i > 0 and span.doc[before.i - 1].lower_ == "news"):
        return "Media"  # "the outlet Pravda Serbia", "news agency RIA Novosti"
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
        if places.demonym(span.text) or places.demonym(span[0].text) and (
                span[-1].tag_ in {"NNS", "NNPS"} or all(t.lower_ in TITLES or t.text in {"MP", "MEP"} for t in span[1:])):
            return None  # "Kenyan TikTokers" is a group (see groups.py), "Moldovan MP" a description
        return "Media" if len(span) > 1 and {t.lower_ for t in span[1:]} & MEDIA_WORDS else "Person"  # "Solomon Star"
    if ner_label == "ORG" and _person_apposition(span):
        return "Person"  # "Ilan Shor, the founder of a party": NER said ORG
    if ner_label in {"GPE", "LOC"}:
        if any(c.dep_ == "poss" and places.country(c.text) for c in span.root.children):
            return "Organization"  # "Lebanon's Hezbollah": a country's own X is no place (a place has no owner)
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
    """A short all-capitalised name with a person's role in apposition ("Ilan Shor, the founder") or
    right before it ("oligarch Ilan Shor", "journalist Farnaz Fassihi")."""
    if not 2 <= len(span) <= 3 or not all(t.is_title and t.pos_ == "PROPN" for t in span) \
            or {t.lower_ for t in span} & (MEDIA_WORDS | ORG_WORDS):
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.is_lower and before.lower_ in PERSON_ROLES:
        return True
    return any(c.dep_ == "appos" and c.lower_ in PERSON_ROLES for c in span.root.rights)
