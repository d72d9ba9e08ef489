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
CODE = re.compile(r"[A-Z][A-Za-z]*\d{1,5}")  # "APT31"
HYPHENATED = re.compile(r"[A-Z][A-Za-z]*(?:-[A-Za-z0-9]+)+")
QUOTES = {'"', "“", "”", "'", "‘", "’"}
MAX_WORDS = 5


def named_as_candidates(doc: Doc) -> list[Candidate]:
    """Every name introduced after a naming cue, as a Candidate of source "named" (it wins over an
    NER guess of the same words: the cue says what the name is)."""
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
        out.append(Candidate(start, end, slug(label), _kind(tok), label, "named", False, {doc[start:end].text},
                             alias_of=_other_name_of(tok)))
    return out


def _name_after(doc: Doc, i: int) -> tuple[int, int] | None:
    while i < len(doc) and doc[i].text in QUOTES:
        i += 1
    start = i
    while i < len(doc) and i - start < MAX_WORDS and (_name_word(doc[i]) or _hyphen_inside(doc, i, start)):
        i += 1
    if start < i < len(doc) and doc[i].like_num and doc[i].is_digit:
        i += 1  # "Unit 29155", "Base 311"
    if i == start or doc[start].pos_ not in {"PROPN", "NOUN", "ADJ", "X"} \
            or i == start + 1 and doc[start].ent_type_ in {"NORP", "LANGUAGE"}:  # "called Chinese"
        return None
    if i < len(doc) and doc[i].lower_ in TAIL_NOUNS and doc[i].is_lower:
        i += 1  # "a group called Anzu team"
    return start, i


def _name_word(tok: Token) -> bool:
    """"Anzu", "APT", "APT31", "Storm-1516" (one token with its number)."""
    if tok.is_alpha:
        return tok.is_title or tok.is_upper and len(tok) > 1
    return tok.text[:1].isupper() and (HYPHENATED.fullmatch(tok.text) or CODE.fullmatch(tok.text)) is not None


def _hyphen_inside(doc: Doc, i: int, start: int) -> bool:
    """"Storm-1516", "Pa-chiung": a hyphen, or the number or word after one, inside a name."""
    if i <= start:
        return False
    if doc[i].text == "-":
        return i + 1 < len(doc) and (doc[i + 1].is_title or doc[i + 1].like_num)
    return doc[i - 1].text == "-" and doc[i].like_num


def _kind(cue: Token) -> str:
    if cue.lower_ == "surnamed":
        return "Person"
    noun = _named_noun(cue)
    lemma = noun.lemma_.lower() if noun is not None else ""
    if lemma in PERSON_NOUNS:
        return "Person"
    return "Media" if lemma in MEDIA_NOUNS else "Organization"


def _other_name_of(cue: Token) -> int | None:
    """"Yang Tengbo, a Chinese businessman known as H6": the token of the name that the cue gives
    another name for (the name its noun is in apposition with, or the name itself), else None.
    Only "known as", "dubbed", "nicknamed": "a group called X" introduces X, it does not rename."""
    if cue.lower_ not in {"as", "dubbed", "nicknamed"}:
        return None
    noun = _named_noun(cue)
    if noun is None:
        return None
    if noun.pos_ == "PROPN":
        return noun.i
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return noun.head.i
    named = [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    return named[0].i if named else None


def _named_noun(cue: Token) -> Token | None:
    """The noun the cue names: "a group called X" (acl on "group"), "a network known as X"."""
    verb = cue.head if cue.lower_ == "as" else cue
    head = verb.head if verb.dep_ in {"acl", "relcl", "advcl", "appos"} else None
    if head is None or head.pos_ not in {"NOUN", "PROPN"}:
        prev = [t for t in cue.doc[max(0, verb.i - 3):verb.i] if t.pos_ == "NOUN"]
        head = prev[-1] if prev else None
    return head


ORG_ENDINGS = {"company", "corp", "corporation", "inc", "ltd", "llc", "group", "agency", "foundation", "institute",
               "association", "federation", "council", "committee", "party", "union", "league", "network", "center",
               "centre", "bureau", "ministry", "office", "department", "society", "alliance", "front", "media",
               "news", "times", "post", "daily", "tribune", "herald", "journal", "tv", "radio", "press", "sentinel"}
MEDIA_ENDINGS = {"media", "news", "times", "post", "daily", "tribune", "herald", "journal", "tv", "radio", "press",
                 "sentinel"}


def unlabelled_names(doc: Doc) -> list[Candidate]:
    """Runs of 2-5 capitalised proper nouns that NER left out and that end with an organisation word
    ("the Sun Sentinel Company"): an Organization (Media for mastheads). Lines written in title case
    (headlines) are skipped: there every word is capitalised."""
    from ioggraph.nlp.actors import Candidate
    out = []
    for i in token_index.positions(doc, "LOWER", ORG_ENDINGS):
        tok = doc[i]
        if not tok.is_title or tok.ent_type_ or tok.pos_ != "PROPN" or _title_line(tok):
            continue
        start = i
        while start > 0 and i - start < 4 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and doc[start - 1].ent_type_ in {"", "GPE"}:  # "Shenzhen Haimaiyunxiang Media": a city opens it
            start -= 1
        if start == i:
            continue
        text = doc[start:i + 1].text
        label = clean_label(text)
        kind = "Media" if tok.lower_ in MEDIA_ENDINGS else "Organization"
        out.append(Candidate(start, i + 1, slug(label), kind, label, "ner", False, {text}))
    return out


def _title_line(tok: Token) -> bool:
    """True when most words of the token's sentence are capitalised (a headline)."""
    words = [t for t in tok.sent if t.is_alpha and len(t) > 3]
    return len(words) > 3 and sum(t.is_title for t in words) > 0.8 * len(words)
