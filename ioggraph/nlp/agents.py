"""Agents the clause names around its subject, beyond what :mod:`ioggraph.nlp.roles` reads.

Reads: the parse and the actor spans (through an :class:`~ioggraph.nlp.roles.ActorIndex`).
Writes nothing: :func:`extra_agents` returns (actor span, how) pairs, which become features of the
candidate's agent options (``parse=appos`` ...); the trained scorer decides.

* ``appos``: the subject is described and its name follows ("The ward chief, surnamed Wang, organised ...",
  "The two men, Chen and Lin, paid ...": every conjunct);
* ``copula``: the trigger hangs under a predicate noun ("Li was the key to recruiting ..." -> Li);
* ``partner``: "X worked with Y on ...": both run it.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ioggraph.nlp.roles import ActorIndex

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
CLIMB = frozenset({"prep", "pobj", "dobj", "xcomp", "acl", "pcomp", "advcl", "attr", "ccomp", "relcl", "conj"})
PARTNER_VERBS = frozenset({"work", "cooperate", "collaborate", "partner", "team", "coordinate", "join", "ally"})
NAMING = frozenset({"surname", "name", "call", "identify", "know"})
MAX_UP = 4


def _actors(tokens, index: ActorIndex) -> list[Span]:
    out: dict[int, Span] = {}
    for t in tokens:
        span = index.at(t)
        if span is not None:
            out.setdefault(span.start, span)
    return list(out.values())


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.subtree if c.dep_ == "conj" and c.head.i in {token.i} | {x.i for x in token.conjuncts}]]


def clause_verb(token: Token) -> Token | None:
    """The verb of the clause the trigger sits in (the trigger itself when it is a verb)."""
    cur = token
    for _ in range(MAX_UP):
        if cur.pos_ in {"VERB", "AUX"} and any(c.dep_ in SUBJ_DEPS for c in cur.children):
            return cur
        if cur.dep_ not in CLIMB or cur.head.i == cur.i:
            return cur if cur.pos_ in {"VERB", "AUX"} else None
        cur = cur.head
    return None


def extra_agents(trigger: Token, index: ActorIndex) -> list[tuple[Span, str]]:
    out: list[tuple[Span, str]] = []
    verb = clause_verb(trigger)
    if verb is None:
        return out
    subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    for subj in subjects:
        if index.at(subj) is not None:
            continue
        for child in subj.children:
            if child.dep_ == "appos":
                out += [(s, "appos") for s in _actors(_with_conjuncts(child), index)]
            elif child.dep_ == "acl" and child.lemma_.lower() in NAMING:
                out += [(s, "appos") for s in _actors(child.subtree, index)]
    cur = trigger
    for _ in range(MAX_UP):     # "X was the key to recruiting": the copula's subject
        if cur.dep_ == "attr" and cur.head.lemma_ == "be":
            out += [(s, "copula") for subj in cur.head.children if subj.dep_ == "nsubj"
                    for s in _actors(_with_conjuncts(subj), index)]
            break
        if cur.head.i == cur.i:
            break
        cur = cur.head
    if verb.lemma_.lower() in PARTNER_VERBS:
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
            out += [(s, "partner") for g in prep.children if g.dep_ == "pobj" for s in _actors(_with_conjuncts(g), index)]
        out += [(s, "partner") for subj in subjects for s in _actors(_with_conjuncts(subj), index)]
    return out
