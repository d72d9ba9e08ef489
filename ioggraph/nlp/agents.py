"""Agents the clause names around its subject, beyond what :mod:`ioggraph.nlp.roles` reads.

Reads: the parse and the actor spans (through an :class:`~ioggraph.nlp.roles.ActorIndex`).
Writes nothing: :func:`extra_agents` returns (actor span, how) pairs, which become features of the
candidate's agent options (``parse=appos`` ...); the trained scorer decides.

* ``appos``: the subject is described and its name follows ("The ward chief, surnamed Wang, organised ...",
  "The two men, Chen and Lin, paid ...": every conjunct);
* ``copula``: the trigger hangs under a predicate noun ("Li was the key to recruiting ..." -> Li);
* ``partner``: "X worked with Y on ...": both run it;
* ``from``: who gives what the clause's subject receives ("received funding / assignments / a message from
  X"): the sponsor;
* ``by``: the "by" agent of a participle on the trigger or the clause's subject ("the techniques employed
  by the CCP", "a tactic previously used by Russia");
* ``raised``: the subject of a passive verb of saying whose infinitive is the trigger ("Beijing is said to be
  emphasizing cognitive warfare", "X is believed to run ...");
* ``behest``: "at the request / behest / direction of X" on the clause;
* ``goal``: "The goal of X is to discredit ...": the owner of the aim the trigger completes.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ioggraph.nlp.roles import ActorIndex

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
CLIMB = frozenset({"prep", "pobj", "dobj", "xcomp", "acl", "pcomp", "advcl", "attr", "ccomp", "relcl", "conj"})
PARTNER_VERBS = frozenset({"work", "cooperate", "collaborate", "partner", "team", "coordinate", "join", "ally"})
NAMING = frozenset({"surname", "name", "call", "identify", "know"})
OBJECT_PATH = frozenset({"dobj", "pobj", "prep", "nummod", "quantmod", "compound", "npadvmod", "amod", "appos"})
RECEIVE_VERBS = frozenset({"receive", "accept", "get", "obtain", "take", "solicit", "secure"})
SAYING_VERBS = frozenset({"say", "believe", "allege", "report", "think", "suspect", "understand", "claim", "know",
                          "reckon", "rumor", "rumour", "see"})
BEHEST_NOUNS = frozenset({"request", "behest", "direction", "instruction", "order", "command", "instigation",
                          "orders", "instructions"})
AIM_NOUNS = frozenset({"goal", "aim", "objective", "purpose", "mission", "task", "intention", "intent"})
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
    for cur in _up(trigger, MAX_UP):     # "X was the key to recruiting": the copula's subject
        if cur.dep_ == "attr" and cur.head.lemma_ == "be":
            out += [(s, "copula") for subj in cur.head.children if subj.dep_ == "nsubj"
                    for s in _actors(_with_conjuncts(subj), index)]
            break
    out += _received_from(verb, index) + _participle_by(trigger, subjects, index) + _raised(trigger, index)
    out += _behest(verb, index) + _goal(trigger, index)
    if verb.lemma_.lower() in PARTNER_VERBS:
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
            out += [(s, "partner") for s in _pobjs(prep, index)]
        out += [(s, "partner") for subj in subjects for s in _actors(_with_conjuncts(subj), index)]
    return out


def _up(token: Token, steps: int) -> Iterator[Token]:
    """``token`` and its heads, at most ``steps`` tokens, up to the root."""
    for _ in range(steps):
        yield token
        if token.head.i == token.i:
            return
        token = token.head


def _pobjs(prep: Token, index: ActorIndex) -> list[Span]:
    return [s for g in prep.children if g.dep_ == "pobj" for s in _actors(_with_conjuncts(g), index)]


def _received_from(verb: Token, index: ActorIndex) -> list[tuple[Span, str]]:
    """"received funding from the Chinese government": the "from" object of a receiving verb or of its object."""
    if verb.lemma_.lower() not in RECEIVE_VERBS:
        return []
    out = []
    for prep in (t for t in verb.subtree if t.dep_ == "prep" and t.lower_ == "from"):
        cur = prep.head     # on the verb or on what it receives ("US$140,000 in funding from ...")
        while cur.i != verb.i and cur.dep_ in OBJECT_PATH:
            cur = cur.head
        if cur.i == verb.i:
            out += [(s, "from") for s in _pobjs(prep, index)]
    return out


def _participle_by(trigger: Token, subjects: list[Token], index: ActorIndex) -> list[tuple[Span, str]]:
    """"techniques employed by the CCP": the "by" agent of a participle on the trigger or on the subject
    (and what the subject is "one of")."""
    nouns = [trigger, *subjects]
    nouns += [g for subj in subjects for prep in subj.children if prep.dep_ == "prep" and prep.lower_ == "of"
              for g in prep.children if g.dep_ == "pobj"]
    out = []
    for noun in nouns:
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            out += [(s, "by") for agent in acl.children if agent.dep_ == "agent" for s in _pobjs(agent, index)]
    return out


def _raised(trigger: Token, index: ActorIndex) -> list[tuple[Span, str]]:
    """"Beijing is said to be emphasizing ...": the trigger is the infinitive of a passive verb of saying."""
    for cur in _up(trigger, 2):
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in SAYING_VERBS:
            return [(s, "raised") for c in cur.head.children if c.dep_ == "nsubjpass"
                    for s in _actors(_with_conjuncts(c), index)]
    return []


def _behest(verb: Token, index: ActorIndex) -> list[tuple[Span, str]]:
    """"acted at the request of Liao Jian to recruit ...": who asked for it."""
    out = []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"at", "on", "under", "upon"}):
        for noun in (g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in BEHEST_NOUNS):
            out += [(s, "behest") for of in noun.children if of.dep_ == "prep" and of.lower_ == "of"
                    for s in _pobjs(of, index)]
    return out


def _goal(trigger: Token, index: ActorIndex) -> list[tuple[Span, str]]:
    """"The main goal of Storm-1516 is to discredit ...": the trigger completes the aim of X."""
    for cur in _up(trigger, 2):
        if cur.dep_ in {"xcomp", "attr", "ccomp"} and cur.head.lemma_ == "be":
            out = []
            for subj in (c for c in cur.head.children if c.dep_ == "nsubj" and c.lemma_.lower() in AIM_NOUNS):
                out += [(s, "goal") for of in subj.children if of.dep_ == "prep" and of.lower_ == "of"
                        for s in _pobjs(of, index)]
                out += [(s, "goal") for poss in subj.children if poss.dep_ == "poss"
                        for s in _actors([poss], index)]
            return out
    return []
