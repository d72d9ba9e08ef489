"""Actor-actor relations from structure: titles, appositions, 'known as', 'under', leading verbs.

Reads: the parse, actor spans (through :class:`~ioggraph.nlp.roles.ActorIndex`) and the ``roles`` /
``relation_verbs`` sections of the lexicon.
Writes nothing: :func:`find_links` returns :class:`Link` records (source span, target span,
relation, trigger token), e.g. "a unit under the PLA known as Base 311" -> Base 311 part_of PLA.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ioggraph.nlp import token_table
from ioggraph.nlp.lexicon import Lexicon
from ioggraph.nlp.roles import NAMING_VERBS, ActorIndex, clause_agent, named_noun, np_actors

OWNER_PREPS = {"of", "under", "within", "at", "in", "for"}
PART_PREPS = {"under", "within"}
DEPUTY_WORDS = {"deputy", "vice", "assistant", "former"}
PERSONAL = {"Person"}
UNIT_TYPES = {"Organization", "MilitaryUnit", "Media", "Government"}


@dataclass(frozen=True)
class Link:
    source: Span
    target: Span
    relation: str
    trigger: Token


def find_links(sent: Span, index: ActorIndex, lexicon: Lexicon) -> list[Link]:
    """All structural actor-actor relations in one sentence."""
    out: list[Link] = []
    for span in index.spans_starting_in(sent.start, sent.end):
        for noun in descriptions(span.root, index):
            out += _owned(span, noun, index, lexicon)
    doc, pos = sent.doc, token_table.of(sent.doc).pos
    for i in range(sent.start, sent.end):   # a Token for the verbs only
        if pos[i] == "VERB" and (tok := doc[i]).lemma_ in lexicon.relation_verbs:
            out += _verb_links(tok, index, lexicon.relation_verbs[tok.lemma_])
    return [link for link in out if link.source.kb_id_ != link.target.kb_id_]


def descriptions(root: Token, index: ActorIndex) -> list[Token]:
    """Nouns that describe an actor: 'a unit ... known as X', 'X, head of ...', 'head X', 'X is the head of'."""
    out = []
    if root.dep_ == "pobj" and root.head.lower_ == "as" and root.head.head.lemma_ in NAMING_VERBS:
        out.append(named_noun(root.head.head, index))
    if root.dep_ == "appos" and index.at(root.head) is None:
        out.append(root.head)
    out += [c for c in root.children if c.dep_ == "appos" and index.at(c) is None]
    span = index.at(root)
    out += [c for c in root.children if c.dep_ == "compound" and index.at(c) is None
            and span is not None and c.i == span.start - 1]
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        out += [c for c in root.head.children if c.dep_ == "attr"]
    for clause in (c for c in root.children if c.dep_ == "relcl" and c.lemma_ == "be"):
        out += [c for c in clause.children if c.dep_ == "attr"]
    return out


def _owned(span: Span, noun: Token, index: ActorIndex, lexicon: Lexicon) -> list[Link]:
    """Links from ``span`` to the owners of the describing ``noun`` ('head of the TAO')."""
    role = lexicon.roles.get(noun.lemma_.lower())
    if role == "leads" and any(c.lower_ in DEPUTY_WORDS or c.dep_ in {"amod", "nummod"} or c.lower_ in {"a", "an"}
                               for c in noun.children):
        role = "member_of"
    out = []
    for child in noun.children:
        owners: list[Span] = []
        relation = role
        if child.dep_ == "prep" and child.lower_ in OWNER_PREPS:
            owners = [s for g in child.children if g.dep_ == "pobj" for s in np_actors(g, index)]
            if child.lower_ in PART_PREPS:
                relation = "member_of" if span.label_ in PERSONAL else "part_of"
            elif child.lower_ != "of" and relation != "member_of":
                relation = None
        elif child.dep_ in {"poss", "compound"} and index.at(child) is not None and index.at(child).end == noun.i:
            owners = [index.at(child)]  # type: ignore[list-item]
        if relation == "part_of" and span.label_ in PERSONAL:
            relation = "member_of"
        # one is a member or a part of an organisation, not of a person ("... Group under President Xi")
        out += [Link(span, o, relation, noun) for o in owners if relation and o.label_ not in PERSONAL]
    return out


def _verb_links(verb: Token, index: ActorIndex, relation: str) -> list[Link]:
    agents, _ = clause_agent(verb, index)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "over" for g in c.children
                if g.dep_ == "pobj"]
    targets = [s for o in objects for s in np_actors(o, index) if s.label_ in UNIT_TYPES]
    return [Link(a, t, relation, verb) for a in agents for t in targets]
