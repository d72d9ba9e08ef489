"""Document-level fallback for agents the sentence names only by description or pronoun.

Reads: actor spans (an :class:`~ioggraph.nlp.roles.ActorIndex`), the parse, and the count of
explicit tactic agents the first pass of ``iog_tactics`` found.
Writes nothing: :meth:`Discourse.resolve` returns a flagged copy (``id_ == "discourse"``) of an
actor span, or None; callers lower the confidence of claims that rest on it and say so in the
trigger text.

Influence-operation reporting names the operator once and then says "the defendants", "the group",
"the fake accounts", "they". When the nearby-antecedent search (:mod:`ioggraph.nlp.coref`) fails,
such a description refers to the document's main operator:

- *campaign* descriptions ("the fake accounts", "the network", "bots", "the operation") go to the
  document's named campaign (an actor written as "X operation / network / campaign", or one a
  campaign noun is "dubbed" or "known as") when there is exactly one, else to the main operator;
- *operator* descriptions ("the defendants", "the group", "operatives", "personnel") go to the
  main operator: among actors that are explicit agents of a tactic in the document, the most
  mentioned one that is not a state or a person (governments are not "defendants");
- unresolved "they"/"their"/"it"/"its" go to the most mentioned explicit agent of a fitting type;
- a description the document spells out as a list of people ("The suspects — chairwoman A,
  deputy secretary B and businessman C — were charged") means those people, also where it is
  counted ("indicted seven suspects on suspicion of buying votes"); a counted description with no
  such list ("three suspects") introduces someone new and is not resolved.

Indefinite descriptions ("a hacking group") introduce someone new and are never resolved.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

DISCOURSE_ID = "discourse"
CAMPAIGN_NOUNS = frozenset({
    "account", "network", "operation", "campaign", "bot", "botnet", "troll", "page", "persona", "profile",
    "site", "website", "domain", "cluster", "farm",
})
OPERATOR_NOUNS = frozenset({
    "defendant", "suspect", "operative", "perpetrator", "hacker", "employee", "personnel", "staff",
    "organizer", "organiser", "accused", "actor", "operator", "group", "culprit",
})
MASS_NOUNS = frozenset({"personnel", "staff"})  # plural in meaning without a plural form
NAMING_VERBS = frozenset({"dub", "call", "name", "know", "nickname", "label", "designate", "brand"})
INDEFINITE = frozenset({"a", "an", "another", "some", "any", "one", "no", "every", "each"})
ORG_TYPES = frozenset({"Organization", "MilitaryUnit", "Media", "Government"})
OPERATOR_TYPES = frozenset({"Organization", "MilitaryUnit", "Media", "Group"})
PRONOUN_TYPES: dict[str, frozenset[str]] = {
    "they": ORG_TYPES | {"Group"}, "them": ORG_TYPES | {"Group"}, "their": ORG_TYPES | {"Group"},
    "it": ORG_TYPES, "its": ORG_TYPES,
}


def description_kind(token: Token) -> str | None:
    """'campaign', 'operator' or 'pronoun' when ``token`` may refer to the document's operator."""
    low = token.lower_
    if low in PRONOUN_TYPES:
        return "pronoun"
    lemma = token.lemma_.lower() or low
    if lemma not in CAMPAIGN_NOUNS and lemma not in OPERATOR_NOUNS:
        return None
    if lemma in OPERATOR_NOUNS and any(c.dep_ == "nummod" for c in token.children):
        return "members"
    dets = [c.lower_ for c in token.children if c.dep_ in {"det", "poss", "nummod"}]
    if any(d in INDEFINITE or d.isdigit() for d in dets):
        return None
    if not dets and token.tag_ not in {"NNS", "NNPS"} and lemma not in MASS_NOUNS:
        return None  # a bare singular ("group") is not a reference
    return "campaign" if lemma in CAMPAIGN_NOUNS else "operator"


LIST_CLOSERS = {"—": "—", "–": "–", "(": ")", ":": None, "including": None}  # opener -> closer
MIN_MEMBERS = 2


def member_lists(doc: Doc, spans: list[Span]) -> dict[str, list[Span]]:
    """'The suspects — A, B and C — ...': description lemma -> the people it lists (first list wins)."""
    persons = {s.start: s for s in spans if s.label_ == "Person"}
    out: dict[str, list[Span]] = {}
    for tok in doc:
        lemma = tok.lemma_.lower()
        if lemma not in OPERATOR_NOUNS or lemma in out or tok.tag_ not in {"NNS", "NNPS"} or tok.i + 1 >= len(doc):
            continue
        opener = doc[tok.i + 1].lower_
        if opener not in LIST_CLOSERS:
            continue
        members: dict[str, Span] = {}
        for j in range(tok.i + 2, tok.sent.end):
            if doc[j].text == LIST_CLOSERS[opener]:
                break
            if j in persons:
                members.setdefault(persons[j].kb_id_, persons[j])
        if len(members) >= MIN_MEMBERS:
            out[lemma] = list(members.values())
    return out


def campaign_actors(doc: Doc, spans: list[Span]) -> list[str]:
    """Actors the document presents as a named campaign, in order of first mention."""
    found: list[str] = []
    for span in spans:
        if span.kb_id_ in found:
            continue
        words = {t.lemma_.lower() for t in span}
        after = doc[span.end] if span.end < len(doc) else None
        if words & CAMPAIGN_NOUNS or (after is not None and after.lemma_.lower() in CAMPAIGN_NOUNS
                                      and after.pos_ in {"NOUN", "PROPN"}) or _named_campaign(span):
            found.append(span.kb_id_)
    return found


def _named_campaign(span: Span) -> bool:
    """'an operation (which researchers) dubbed "X"', 'a network known as X'."""
    verb = span.root.head
    if span.root.dep_ == "pobj" and verb.lower_ == "as":
        verb = verb.head
    if span.root.dep_ not in {"oprd", "dobj", "attr", "pobj"} or verb.lemma_.lower() not in NAMING_VERBS:
        return False
    return verb.dep_ in {"acl", "relcl"} and verb.head.lemma_.lower() in CAMPAIGN_NOUNS


@dataclass
class Discourse:
    """Who the document's descriptions and stray pronouns most likely mean (see module docstring)."""

    mentions: Counter[str]
    agents: Counter[str]
    types: dict[str, str]
    first: dict[str, Span]
    campaigns: list[str] = field(default_factory=list)
    members: dict[str, list[Span]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, spans: list[Span], agents: Counter[str]) -> Discourse:
        mentions: Counter[str] = Counter(s.kb_id_ for s in spans)
        first: dict[str, Span] = {}
        for s in spans:
            first.setdefault(s.kb_id_, s)
        return cls(mentions, Counter(agents), {s.kb_id_: s.label_ for s in spans}, first, campaign_actors(doc, spans),
                   member_lists(doc, spans))

    def resolve(self, token: Token) -> list[Span]:
        """The actors ``token`` most likely means (flagged copies), or []."""
        kind = description_kind(token)
        if kind is None:
            return []
        listed = self.members.get(token.lemma_.lower())
        if kind in {"operator", "members"} and listed:
            return [self._flagged(token.doc, s.kb_id_) for s in listed]
        if kind == "members":
            return []
        if kind == "campaign" and len(self.campaigns) == 1:
            return [self._flagged(token.doc, self.campaigns[0])]
        allowed = PRONOUN_TYPES[token.lower_] if kind == "pronoun" else OPERATOR_TYPES
        best = self.main(allowed)
        return [self._flagged(token.doc, best)] if best else []

    def implicit(self, doc: Doc) -> Span | None:
        """Who runs an activity whose actor goes unnamed ("domains that mimic Le Monde")."""
        key = self.campaigns[0] if len(self.campaigns) == 1 else self.main(OPERATOR_TYPES)
        return self._flagged(doc, key) if key else None

    def main(self, allowed: frozenset[str]) -> str | None:
        """The most mentioned explicit agent of an allowed type (ties: more edges, then earlier)."""
        ranked = sorted((k for k in self.agents if self.types.get(k) in allowed),
                        key=lambda k: (-self.mentions[k], -self.agents[k], self.first[k].start))
        return ranked[0] if ranked else None

    def _flagged(self, doc: Doc, key: str) -> Span:
        s = self.first[key]
        return Span(doc, s.start, s.end, label=s.label_, kb_id=s.kb_id_, span_id=DISCOURSE_ID)
