"""Target actors and channels of a rule hit, read from the dependency parse.

Reads: the parse, actor spans (through :class:`~ioggraph.nlp.roles.ActorIndex`), a
:class:`~ioggraph.nlp.rules.Hit` and the lexicon's channel words.
Writes nothing: :func:`targets_of` returns actor spans, :func:`channels_of` strings.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ioggraph.nlp.roles import RECEIVE_VERBS, ActorIndex, unique_actors
from ioggraph.nlp.rules import Hit, forms, object_region

TARGET_DEPS = {"dobj", "dative", "nsubjpass", "oprd", "attr", "nsubj"}
TARGET_PREPS = {"to", "for", "at", "against", "toward", "towards", "among", "of", "targeting", "into", "about",
                "as", "like"}
CHANNEL_PREPS = {"through", "via", "on", "across", "over", "using"}
CHANNEL_MODIFIER_DEPS = {"amod", "compound", "nmod"}

TARGET_WALK_DEPS = {"dobj", "dative", "nsubjpass", "oprd", "attr", "prep", "pobj", "conj", "appos", "npadvmod"}


def target_region(head: Token) -> list[Token]:
    """Object-like tokens of ``head`` without entering nested clauses (other verbs)."""
    out = [head.head] if head.dep_ in {"acl", "relcl"} and head.head.i != head.i else []
    stack = [c for c in head.children if c.dep_ in TARGET_WALK_DEPS]
    while stack:
        tok = stack.pop()
        if tok.dep_ == "prep" and tok.lower_ not in TARGET_PREPS:
            continue
        out.append(tok)
        if tok.pos_ not in {"VERB", "AUX"}:
            stack.extend(c for c in tok.children if c.dep_ in TARGET_WALK_DEPS)
    return out


def receivers(verb: Token) -> list[Token]:
    """'Outlets accepted funding from X' / 'outlets that accepted ...': the receiver is the target."""
    if verb.lemma_ not in RECEIVE_VERBS:
        return []
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ not in {"WDT", "WP"}]
    return subjects or ([verb.head] if verb.dep_ in {"relcl", "acl"} else [])


def targets_of(hit: Hit, doc: Doc, index: ActorIndex, agents: list[Span]) -> list[Span]:
    """Actors the activity is aimed at: objects first, then objects of target prepositions."""
    head = doc[hit.head]
    region = target_region(head)
    if hit.nominal and head.dep_ in {"dobj", "pobj"}:
        verb = head.head.head if head.dep_ == "pobj" else head.head
        if verb.pos_ == "VERB":
            region += target_region(verb) + receivers(verb)
    taken = {a.kb_id_ for a in agents}
    blocked = {i for a in agents for i in range(a.start, a.end)} | set(hit.words)
    blocked |= {t.i for a in agents for c in a.root.children if c.dep_ == "appos" for t in c.subtree}
    ranked = []
    for tok in region:
        span = index.at(tok)
        if span is None or span.root.i != tok.i or span.kb_id_ in taken or tok.i in blocked:
            continue
        if span.label_ == "Media" and tok.dep_ == "pobj" and tok.head.lower_ in CHANNEL_PREPS:
            continue
        rank = 0 if tok.dep_ in TARGET_DEPS else 1
        ranked.append((rank, tok.i, span))
    if not ranked:
        return []
    low = min(r for r, _, _ in ranked)
    return unique_actors([s for r, _, s in sorted(ranked, key=lambda x: (x[0], x[1])) if r == low])[:3]


def channels_of(hit: Hit, doc: Doc, words: frozenset[str]) -> list[str]:
    """'through social media and news outlets' -> ['social media', 'news outlets']."""
    head = doc[hit.head]
    scope = [head, *([head.head] if hit.nominal else []), *object_region(head)]
    out: list[str] = []
    for prep in (c for tok in scope for c in tok.children if c.dep_ == "prep" and c.lower_ in CHANNEL_PREPS):
        for tok in prep.subtree:
            if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ not in CHANNEL_MODIFIER_DEPS and forms(tok) & words:
                out.append(_np_text(tok))
    return sorted(set(out), key=out.index)


def _np_text(token: Token) -> str:
    """The noun with its adjective/compound modifiers ('news outlets', 'messaging apps')."""
    left = [t.i for t in token.lefts if t.dep_ in CHANNEL_MODIFIER_DEPS]
    if token.head.dep_ == "pcomp" and token.head.i == token.i - 1:
        left.append(token.head.i)
    return token.doc[min(left + [token.i]): token.i + 1].text
