"""Group and audience actors from noun phrases ("residents of Kinmen" -> "Kinmen residents").

Pure functions over a parsed Doc; the lexicon (head nouns, qualifying adjectives) is data in
``schemas/groups.yaml``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ioggraph.nlp.text import slug
from ioggraph.schemas import load_yaml, require_list_of_str

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

NAME_ENTS = {"NORP", "GPE", "LOC", "ORG"}
MOD_DEPS = {"amod", "compound", "nmod"}


@dataclass(frozen=True)
class GroupLexicon:
    nouns: frozenset[str]
    adjectives: frozenset[str]
    standalone: frozenset[str]
    drop: frozenset[str]
    place_words: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> GroupLexicon:
        data = load_yaml(path)
        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in require_list_of_str(path, data, key))
        return cls(words("nouns"), words("adjectives"), words("standalone"), words("drop"), words("place_words"))


def group_candidates(doc: Doc, lex: GroupLexicon) -> list[Candidate]:
    """Every group phrase in the doc, as Candidates over the phrase's tokens."""
    out = []
    for tok in doc:
        if tok.lower_ not in lex.nouns or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        out.extend(_phrase_groups(tok, lex))
    return out


def _phrase_groups(head: Token, lex: GroupLexicon) -> list[Candidate]:
    from ioggraph.nlp.actors import Candidate
    mods = _left_modifiers(head, lex)
    places = _of_places(head, lex)
    doc = head.doc
    if places:  # residents of Kinmen and Lienchiang counties -> Kinmen residents, Lienchiang residents
        start = mods[0].i if mods else head.i
        end = max(p.i for p in places) + 1
        while end < len(doc) and doc[end].lower_ in lex.place_words:
            end += 1
        return [_cand(Candidate, start, end, f"{p.text} {head.text}", head) for p in places]
    if not mods and head.lower_ not in lex.standalone:
        return []
    if mods and not any(_qualifies(m, lex) for m in mods):
        return []
    start = mods[0].i if mods else head.i
    words = [m.text for m in mods] + [head.text]
    end = head.i + 1
    acl = _participle(head)
    if acl is not None:
        end = acl[-1].i + 1
        words += [t.text for t in acl]
    return [_cand(Candidate, start, end, " ".join(words), head)]


def _cand(cls: type, start: int, end: int, label: str, head: Token) -> Candidate:
    text = head.doc[start:end].text
    return cls(start, end, slug(label), "Group", label, "group", False, {text} if text != label else set())


def _left_modifiers(head: Token, lex: GroupLexicon) -> list[Token]:
    """Contiguous qualifiers left of the head, without determiners and quantities."""
    mods: list[Token] = []
    i = head.i - 1
    while i >= 0:
        tok = head.doc[i]
        if tok.head != head and tok.head not in mods:
            break
        if tok.dep_ not in MOD_DEPS or tok.lower_ in lex.drop or tok.like_num or not tok.is_alpha and "-" not in tok.text:
            break
        mods.insert(0, tok)
        i -= 1
    return mods


def _qualifies(tok: Token, lex: GroupLexicon) -> bool:
    return tok.ent_type_ in NAME_ENTS or tok.lower_ in lex.adjectives or tok.pos_ == "PROPN"


def _of_places(head: Token, lex: GroupLexicon) -> list[Token]:
    """Proper-noun objects of 'of' after the head ('residents of Kinmen and Lienchiang')."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if not objs:
                return []
            obj = objs[0]
            if obj.lower_ in lex.place_words:  # "of Kinmen and Lienchiang counties": names are compounds
                names = [c for c in obj.lefts if c.pos_ == "PROPN" or c.ent_type_ in NAME_ENTS]
                names += [c for n in list(names) for c in n.conjuncts if c.pos_ == "PROPN"]
                return sorted(set(names), key=lambda t: t.i)
            if obj.pos_ == "PROPN" or obj.ent_type_ in {"GPE", "LOC"}:
                return sorted({obj, *[c for c in obj.conjuncts if c.pos_ == "PROPN"]}, key=lambda t: t.i)
    return []


def _participle(head: Token) -> list[Token] | None:
    """'citizens residing in China' -> tokens of 'residing in China'."""
    for child in head.rights:
        if child.dep_ == "acl" and child.tag_ == "VBG":
            sub = list(child.subtree)
            if len(sub) <= 5:
                return sub
    return None
