"""Pure rule matching: which lexicon rule fires on which token (no agents, no epistemics here).

Reads: token lemmas / lower forms, POS and the dependency parse when present (on ``spacy.blank``
only contiguous lower-case matching works), and a :class:`~ioggraph.nlp.lexicon.Lexicon`.
Writes nothing: :func:`find_hits` returns :class:`Hit` records.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ioggraph.nlp import token_index
from ioggraph.nlp.lexicon import Lexicon, Rule, Trigger

VERB_POS = {"VERB"}
NOUN_BLOCK_POS = {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "PUNCT"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd", "prep", "pobj", "xcomp", "acomp", "nsubjpass", "npadvmod",
               "pcomp", "conj", "compound", "amod", "nmod", "appos", "acl", "prt", "advcl"}
REGION_STOP_DEPS = {"relcl", "ccomp", "parataxis", "nsubj", "punct", "cc", "mark"}
REGION_STOP_WORDS = {"according"}
NEAR_DEPTH = 2


@dataclass(frozen=True)
class Hit:
    """``rule`` fired on the token ``head`` (the syntactic head of the matched ``words``)."""

    rule: Rule
    head: int
    words: tuple[int, ...]
    nominal: bool

    def trigger_text(self, doc: Doc) -> str:
        return " ".join(doc[i].text for i in sorted(self.words))


_FORMS: dict[tuple[int, int], frozenset[str]] = {}
MAX_FORMS = 200_000   # (word, lemma) pairs kept; emptied when full, so that a long build stays bounded


def forms(token: Token) -> frozenset[str]:
    """:func:`word_forms`, kept per (text, lemma): the rules ask for the same token's forms many times
    (every rule, trigger and region that looks at it), and building them reads two strings from the
    vocabulary each time. The answer depends on the token's text and lemma only."""
    key = (token.orth, token.lemma)
    found = _FORMS.get(key)
    if found is None:
        if len(_FORMS) >= MAX_FORMS:
            _FORMS.clear()
        found = _FORMS[key] = frozenset(word_forms(token))
    return found


def word_forms(token: Token) -> set[str]:
    """The forms a lexicon word may match: lemma and lower-case text (plus a naive singular when
    the pipeline has no lemmatizer, e.g. ``spacy.blank``)."""
    out = {token.lemma_.lower(), token.lower_} - {""}
    if not token.lemma_ and token.lower_.endswith("s") and len(token) > 3:
        low = token.lower_
        out |= {low[:-1], low[:-3] + "y" if low.endswith("ies") else low[:-1]}
        if low.endswith("ies"):
            out.add(low[:-3] + "y")
    return out


def has_parse(doc: Doc) -> bool:
    return doc.has_annotation("DEP")


def near(token: Token, depth: int = NEAR_DEPTH) -> list[Token]:
    """Dependents of ``token`` down to ``depth`` levels."""
    out, frontier = [], [token]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children]
        out.extend(frontier)
    return out


def contiguous(doc: Doc, start: int, words: list[str]) -> tuple[int, ...] | None:
    """Token indices when ``words`` match ``doc[start:...]`` one by one (hyphens skipped)."""
    idx, i = [], start
    for word in words:
        while 0 <= i < len(doc) and doc[i].text in {"-", "‑"} and word not in {"-"}:
            i += 1
        if not 0 <= i < len(doc) or word not in forms(doc[i]):
            return None
        idx.append(i)
        i += 1
    return tuple(idx)


def match_trigger(token: Token, trigger: Trigger, nominal: bool) -> tuple[int, ...] | None:
    """Indices of the trigger's words when ``trigger`` matches with ``token`` as its head word."""
    if trigger.head not in forms(token):
        return None
    if not trigger.extra:
        return (token.i,)
    words = [*trigger.extra, trigger.head] if nominal else [trigger.head, *trigger.extra]
    start = token.i - len(trigger.extra) if nominal else token.i
    for offset in (0, -1, 1):  # allow one hyphen token inside the phrase
        found = contiguous(token.doc, start + offset * (1 if nominal else 0), words)
        if found and token.i in found:
            return found
    if has_parse(token.doc):
        around = near(token)
        picked = [next((t.i for t in around if w in forms(t)), None) for w in trigger.extra]
        if all(p is not None for p in picked):
            return (token.i, *picked)  # type: ignore[misc]
    return None


def pos_ok(token: Token, nominal: bool) -> bool:
    if not token.doc.has_annotation("POS"):
        return True
    return token.pos_ not in NOUN_BLOCK_POS if nominal else token.pos_ in VERB_POS


def object_region(token: Token) -> list[Token]:
    """Tokens a verb acts on: its object-like dependents' subtrees, and the noun it modifies (acl)."""
    out: list[Token] = []
    stack = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    if token.dep_ in {"acl", "relcl"} and token.head.i != token.i:
        out.append(token.head)
    while stack:
        t = stack.pop()
        if t.dep_ in REGION_STOP_DEPS or t.lower_ in REGION_STOP_WORDS:
            continue
        out.append(t)
        stack.extend(t.children)
    return sorted(out, key=lambda t: t.i)


def conditions_ok(rule: Rule, token: Token, nominal: bool) -> bool:
    """Object words and verb conditions of ``rule`` hold around ``token``."""
    if nominal:
        phrase = token
        while phrase.dep_ in {"compound", "amod"} and phrase.head.i != phrase.i and phrase.head.pos_ in {"NOUN", "PROPN"}:
            phrase = phrase.head  # "psychological warfare operations aimed at ...": the whole phrase
        return not rule.noun_objects or any(forms(t) & rule.noun_objects for t in phrase.subtree if t is not token)
    region = _deep_region(token) if rule.deep else _region(token)
    if rule.objects and not any(forms(t) & rule.objects for t in region):
        return False
    needed = next((v for k, v in rule.verb_conditions.items() if k in forms(token)), None)
    if needed is None:
        return True
    return any(forms(c) & needed or c.dep_ in needed for c in token.children)


def _deep_region(token: Token) -> list[Token]:
    """Everything under the verb except its subject."""
    subject = {t.i for c in token.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
    return [t for t in token.subtree if t.i not in subject and t.i != token.i]


def _region(token: Token) -> list[Token]:
    if has_parse(token.doc):
        return object_region(token)
    return list(token.doc[token.i + 1: token.i + 8])


def match_rule(rule: Rule, token: Token, token_forms: frozenset[str] | None = None) -> Hit | None:
    """The first way ``rule`` fires with ``token`` as the head word, or None (``token_forms``:
    ``forms(token)`` when the caller has it). Only triggers headed by one of the token's forms are
    tried, and the rule's conditions are checked once per reading (verb, noun)."""
    found = forms(token) if token_forms is None else token_forms
    for nominal, triggers in ((False, rule.verbs), (True, rule.nouns)):
        if not pos_ok(token, nominal):
            continue
        conditions: bool | None = None
        for trigger in triggers:
            words = match_trigger(token, trigger, nominal) if trigger.head in found else None
            if not words:
                continue
            if conditions is None:
                conditions = conditions_ok(rule, token, nominal)
            if conditions:
                return Hit(rule, _head_of(token.doc, words), tuple(sorted(words)), nominal)
    return None


def _head_of(doc: Doc, words: tuple[int, ...]) -> int:
    if not has_parse(doc) or len(words) == 1:
        return words[-1] if len(words) == 1 else max(words)
    inside = set(words)
    for i in words:
        if doc[i].head.i not in inside or doc[i].head.i == i:
            return i
    return words[-1]


_HEADS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def trigger_heads(lexicon: Lexicon) -> frozenset[str]:
    """Every trigger head word of the lexicon (cached): a token matching none cannot fire a rule."""
    cached = _HEADS.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        heads = frozenset(t.head for rule in lexicon.rules for t in (*rule.verbs, *rule.nouns))
        cached = _HEADS[id(lexicon)] = (lexicon, heads)
    return cached[1]


_BY_HEAD: dict[int, tuple[Lexicon, dict[str, tuple[int, ...]]]] = {}


def rules_by_head(lexicon: Lexicon) -> dict[str, tuple[int, ...]]:
    """Trigger head word -> indices of the rules that have it (cached): a rule fires only on its heads."""
    cached = _BY_HEAD.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        out: dict[str, set[int]] = {}
        for i, rule in enumerate(lexicon.rules):
            for t in (*rule.verbs, *rule.nouns):
                out.setdefault(t.head, set()).add(i)
        cached = _BY_HEAD[id(lexicon)] = (lexicon, {k: tuple(sorted(v)) for k, v in out.items()})
    return cached[1]


def find_hits(tokens: Doc | Span | Iterable[Token], lexicon: Lexicon, names: set[int] | None = None) -> list[Hit]:
    """One hit per token at most (the first rule in lexicon order wins). ``names``: the tokens inside
    multi-word actor names (computed from the document when not given; pass it once per document)."""
    hits = []
    tokens = _head_word_tokens(tokens, lexicon)
    names = _actor_tokens(tokens) if names is None else names
    by_head = rules_by_head(lexicon)
    for token in tokens:
        if token.i in names:
            continue
        token_forms = forms(token)
        candidates = sorted({i for f in token_forms for i in by_head.get(f, ())})
        for rule in (lexicon.rules[i] for i in candidates):  # lexicon order, only rules with this head word
            hit = match_rule(rule, token, token_forms)
            if hit is not None:
                hits.append(hit)
                break
    return hits


def _head_word_tokens(tokens: Doc | Span | Iterable[Token], lexicon: Lexicon) -> list[Token]:
    """The tokens that may fire a rule: of a Doc or Span only those whose form is a trigger head word
    (found in the Doc's arrays, so no ``Token`` is built for the others); any other iterable whole."""
    if not isinstance(tokens, (Doc, Span)):
        return list(tokens)
    doc, start, end = (tokens, 0, len(tokens)) if isinstance(tokens, Doc) else (tokens.doc, tokens.start, tokens.end)
    found = token_index.form_positions(doc, trigger_heads(lexicon))
    return [doc[i] for i in found[bisect_left(found, start):bisect_left(found, end)]]


def _actor_tokens(tokens: list[Token]) -> set[int]:
    """Tokens inside actor names ('United Front Work Department' is a name, not a cue)."""
    if not tokens:
        return set()
    return name_tokens(tokens[0].doc)


def name_tokens(doc: Doc) -> set[int]:
    """Tokens inside multi-word actor names of the document."""
    spans = doc.spans["iog_actors"] if "iog_actors" in doc.spans else []
    return {i for s in spans if len(s) > 1 for i in range(s.start, s.end)}
