"""A flagged, low-confidence stand-in for coreference: pronoun and definite-description agents.

Reads: actor spans (through :class:`~ioggraph.nlp.roles.ActorIndex`) and the parse.
Writes nothing: :func:`antecedent` returns a copy of an earlier actor span whose ``id_`` is
``"coref"`` (callers lower the confidence of claims that rest on it), or None.

"it"/"its"/"the group"/"the department" resolve to the nearest earlier actor of an organisational
type that was a subject or possessor, in the same or the previous ``WINDOW`` sentences;
"they"/"their" also accept groups; "he"/"his"/"she"/"her" accept persons.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ioggraph.nlp.features import observer

COREF_ID = "coref"
WINDOW = 2
ORGS = frozenset({"Organization", "MilitaryUnit", "Media", "Government"})
ANAPHORS: dict[str, frozenset[str]] = {
    "it": ORGS, "its": ORGS, "they": ORGS | {"Group"}, "their": ORGS | {"Group"}, "them": ORGS | {"Group"},
    "he": frozenset({"Person"}), "his": frozenset({"Person"}), "she": frozenset({"Person"}),
    "her": frozenset({"Person"}),
}
NON_STATE = ORGS - {"Government"}  # "the group", "the network" never mean a state
DEFINITE_HEADS: dict[str, frozenset[str]] = {
    **{w: NON_STATE for w in ("group", "organization", "organisation", "agency", "company", "unit", "base", "party",
                              "department", "office", "outlet", "network", "bureau", "ministry", "firm")},
    "regime": ORGS, "government": ORGS, "administration": ORGS,
}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
DEFINITE_DETS = {"the", "this"}


def wanted_types(token: Token) -> frozenset[str] | None:
    """Actor types an anaphor may refer to, or None when ``token`` is not an anaphor."""
    if token.lower_ in ANAPHORS:
        return ANAPHORS[token.lower_]
    if token.lemma_.lower() in DEFINITE_HEADS and any(c.lower_ in DEFINITE_DETS for c in token.children):
        return DEFINITE_HEADS[token.lemma_.lower()]
    return None


def antecedent(token: Token, spans: list[Span]) -> Span | None:
    """The nearest earlier compatible actor span that was a subject or possessor, or for a pronoun
    the nearest fitting one earlier in its sentence (flagged copy)."""
    types = wanted_types(token)
    if types is None:
        return None
    first = _window_start(token)
    earlier = [s for s in reversed(spans) if s.end <= token.i and s.start >= first and s.label_ in types]
    # who reports, finds or removes an operation ("Google said ...", "Meta removed ...") is no antecedent of
    # "the group" or "it" that runs it in a later clause; a pronoun in the reporter's own sentence still
    # finds it below ("The company said it paid influencers")
    found = next((s for s in earlier if _salient(s.root) and not observer(s)), None)
    if found is None and token.lower_ in ANAPHORS:
        # a pronoun with no salient antecedent: the nearest fitting actor earlier in its own sentence
        found = next((s for s in earlier if s.start >= token.sent.start), None)
    if found is None:
        return None
    return Span(token.doc, found.start, found.end, label=found.label_, kb_id=found.kb_id_, span_id=COREF_ID)


def _window_start(token: Token) -> int:
    """First token of the sentence WINDOW sentences before ``token``'s (walking back, not listing all)."""
    sent = token.sent
    for _ in range(WINDOW):
        if sent.start == 0:
            break
        sent = token.doc[sent.start - 1].sent
    return sent.start


def _salient(root: Token) -> bool:
    """Subjects, and possessors or appositions of subjects, are likely antecedents."""
    if root.dep_ in SUBJECT_DEPS:
        return True
    return root.dep_ in {"poss", "appos"} and root.head.dep_ in SUBJECT_DEPS | {"dobj", "ROOT"}
