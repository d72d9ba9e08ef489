"""Negation, hypotheticals, hedging, planned modality and attribution of a claim.

Reads: the parse around a trigger token and the cue lists of ``schemas/epistemics.yaml``.
Writes nothing: :func:`assess` returns an :class:`Assessment`; :func:`reporter_heads` returns the
sources a sentence attributes its claims to ("according to X", "X said", "citing X");
:func:`disputers` returns who, in a sentence, denies the accusations ("Beijing denied the allegations").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span, Token

from ioggraph.model import MODALITIES
from ioggraph.nlp import token_index, token_table
from ioggraph.schemas import load_yaml, require, require_list_of_str, schemas_dir

CLAUSE_LIMITS = {"relcl"}
MAX_REPORTER_TOKENS = 8
HEDGE_CHILD_DEPS = {"advmod", "aux", "auxpass", "amod", "acomp", "npadvmod"}
MODAL_CHILD_DEPS = {"aux", "auxpass"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}
REPORTER_PARATAXIS = {"parataxis", "ROOT"}
DROP_DETS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its"}


@dataclass(frozen=True)
class Cues:
    denial: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_marks: frozenset[str]
    hedges: frozenset[str]
    planned: frozenset[str]
    report_verbs: frozenset[str]
    concessive_marks: frozenset[str] = frozenset()
    dispute_verbs: frozenset[str] = frozenset()
    dispute_objects: frozenset[str] = frozenset()
    confidence: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    """``dropped``: negated, denied or hypothetical; otherwise a modality and a confidence factor."""

    dropped: bool
    modality: str = "asserted"
    factor: float = 1.0
    reason: str = ""


def load_cues(path: Path | None = None) -> Cues:
    """Read ``schemas/epistemics.yaml`` (or ``path``)."""
    path = path or schemas_dir() / "epistemics.yaml"
    data = load_yaml(path)
    words = {k: frozenset(w.lower() for w in require_list_of_str(path, data, k))
             for k in ("denial", "hypothetical_aux", "hypothetical_marks", "hedges", "planned", "report_verbs",
                       "concessive_marks", "dispute_verbs", "dispute_objects")}
    conf = require(path, data, "confidence", dict)
    factors = {m: float(conf.get(m, 1.0)) for m in MODALITIES}
    return Cues(**words, confidence=factors)


_FORMS: dict[tuple[int, int], frozenset[str]] = {}
MAX_FORMS = 200_000   # (word, lemma) pairs kept; emptied when full, so that a long build stays bounded


def _forms(token: Token) -> frozenset[str]:
    """Lower-cased lemma and lower-case text, kept per (lower-case text, lemma), the only things they
    depend on: the cue checks ask for the same tokens' forms for every trigger of a sentence."""
    key = (token.lower, token.lemma)
    found = _FORMS.get(key)
    if found is None:
        if len(_FORMS) >= MAX_FORMS:
            _FORMS.clear()
        found = _FORMS[key] = frozenset((token.lemma_.lower(), token.lower_))
    return found


def claim_path(token: Token) -> list[Token]:
    """The trigger and its ancestors (the words a claim depends on), up to a relative clause."""
    out = [token]
    while out[-1].dep_ not in CLAUSE_LIMITS and out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def assess(token: Token, cues: Cues, sent: Span | None = None) -> Assessment:
    """Epistemic status of the claim triggered by ``token`` (``sent``: its sentence, when the caller has it),
    kept for the Doc being processed (:func:`ioggraph.nlp.token_index.per_doc`): the rule layer's hits, its
    second pass and the candidates' triggers ask about many of the same words."""
    if sent is not None and not sent.start <= token.i < sent.end:
        sent = None
    kept = token_index.per_doc(token.doc)
    memo = kept.get(("assess", id(cues)))
    if memo is None or memo[0] is not cues:
        memo = kept[("assess", id(cues))] = (cues, {})
    key = (token.i, sent.start, sent.end) if sent is not None else (token.i,)
    found = memo[1].get(key)
    if found is None:
        found = memo[1][key] = _assess(token, cues, sent)
    return found


def _assess(token: Token, cues: Cues, sent: Span | None) -> Assessment:
    """:func:`assess` without the memo (``sent`` holds ``token`` or is None). Walks :func:`claim_path` and
    the children of its words in the Doc's :mod:`~ioggraph.nlp.token_table` (every trigger of a sentence
    climbs the same words): no ``Token`` is built but for a reason's text."""
    table = token_table.of(token.doc)
    dep, lower, kids_of = table.dep, table.lower, table.kids
    path = _claim_path(table, token.i)
    for i in path:
        kids = kids_of[i]
        if any(dep[c] == "neg" for c in kids) or _has_form(table, i, cues.denial):
            return Assessment(True, reason=f"negated/denied at '{token.doc[i].text}'")
        if any(lower[c] == "no" and dep[c] == "det" for c in kids):
            return Assessment(True, reason=f"negated at '{token.doc[i].text}'")
        for c in kids:
            if (dep[c] in MODAL_CHILD_DEPS and lower[c] in cues.hypothetical_aux) or \
               (dep[c] == "mark" and lower[c] in cues.hypothetical_marks) or \
               (dep[c] == "advcl" and _conditional(token.doc[c], cues)):
                return Assessment(True, reason=f"hypothetical at '{token.doc[c].text}'")
    if is_question(sent if sent is not None else token.sent):
        return Assessment(True, reason="question")
    modality = _modality(table, path, cues)
    return Assessment(False, modality, cues.confidence.get(modality, 1.0))


def _claim_path(table: token_table.TokenTable, i: int) -> list[int]:
    """:func:`claim_path` as token indices."""
    dep, head = table.dep, table.head
    out = [i]
    while dep[out[-1]] not in CLAUSE_LIMITS and head[out[-1]] != out[-1]:
        out.append(head[out[-1]])
    return out


def _has_form(table: token_table.TokenTable, i: int, words: frozenset[str]) -> bool:
    """``_forms(doc[i]) & words``, from the table."""
    return table.lemma[i] in words or table.lower[i] in words


def is_question(sent: Span) -> bool:
    """The sentence ends with a question mark (read from the Doc's text, kept per Doc)."""
    return token_index.span_text(sent).rstrip().endswith("?")


def _conditional(child: Token, cues: Cues) -> bool:
    """An 'if ...' clause attached to the claim's path makes the claim conditional; a concessive
    'whether or not ...' / 'whether ... or ...' clause does not (the main claim holds either way)."""
    if child.dep_ != "advcl":
        return False
    marks = {g.lower_ for g in child.children if g.dep_ == "mark"} & cues.hypothetical_marks
    return bool(marks) and not (marks <= cues.concessive_marks and _has_or(child))


def _has_or(clause: Token) -> bool:
    """The clause coordinates alternatives: 'whether or not X', 'whether X or Y'."""
    return any(t.lower_ == "or" and t.dep_ in {"cc", "preconj"} for t in clause.subtree)


def _modality(table: token_table.TokenTable, path: list[int], cues: Cues) -> str:
    dep, kids_of = table.dep, table.kids

    def cue(words: frozenset[str], deps: set[str]) -> bool:
        return any(_has_form(table, t, words) or any(dep[c] in deps and _has_form(table, c, words) for c in kids_of[t])
                   for t in path)
    if cue(cues.hedges, HEDGE_CHILD_DEPS):
        return "hedged"
    if cue(cues.planned, MODAL_CHILD_DEPS):
        return "planned"
    return "asserted"


def reporter_heads(sent: Span, trigger: Token, cues: Cues) -> list[Token]:
    """Head nouns of the sources the sentence cites for the claim at ``trigger``."""
    heads: list[Token] = []
    ancestors = {t.i for t in trigger.ancestors}
    doc, table = sent.doc, token_table.of(sent.doc)
    lower, pos = table.lower, table.pos
    for i in range(sent.start, sent.end):   # the words read from the table; a Token for the few cues only
        if lower[i] == "according" and doc[i].lemma_ == "accord":
            tok = doc[i]
            heads += [g for c in tok.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        elif pos[i] == "VERB" and _has_form(table, i, cues.report_verbs) and i != trigger.i:
            tok = doc[i]
            if tok.lemma_ == "cite" and tok.tag_ != "VBG":
                continue  # "the president cites X as examples" is not an attribution
            if tok.i in ancestors or tok.dep_ in REPORTER_PARATAXIS or tok.lemma_ == "cite":
                heads += _report_subjects(tok)
    out = []
    for head in heads:
        out += [head, *[c for c in head.children if c.dep_ == "conj"]]
    return [h for h in out if h.lower_ not in PRONOUNS and h.pos_ in {"NOUN", "PROPN"}]


def _report_subjects(verb: Token) -> list[Token]:
    if verb.lemma_ == "cite":
        return [c for c in verb.children if c.dep_ == "dobj"]
    by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return by or [c for c in verb.children if c.dep_ == "nsubj"]


def reporter_text(head: Token) -> str:
    """A short, clean name for a reporter phrase: 'Taiwanese security officials', 'the memo' -> 'memo'."""
    tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ not in {"punct", "det"}]
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "at", "from", "in"}:
            tokens += [t for t in child.subtree if t.dep_ not in {"relcl", "acl", "punct"}]
    tokens = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    if len(tokens) > MAX_REPORTER_TOKENS:
        tokens = [t for t in tokens if t.i <= head.i][-MAX_REPORTER_TOKENS:]
    while tokens and (tokens[0].lower_ in DROP_DETS or tokens[0].is_punct):
        tokens = tokens[1:]
    if not tokens:
        return head.text
    text = head.doc[tokens[0].i: tokens[-1].i + 1].text
    return text.strip(" \"'“”‘’,")


SUBJECT_DEPS = {"nsubj"}
INHERIT_SUBJECT_DEPS = {"xcomp", "conj"}   # "Moscow continued to deny ...", "... and denied ..."
RELATIVE_PRONOUNS = {"which", "who", "that"}


def disputers(sent: Span, cues: Cues) -> list[Token]:
    """Head tokens of who, in ``sent``, denies the accusations: the subject (or passive agent) of a
    dispute verb whose object is a dispute word ("Beijing denied the allegations", "Moscow dismissed the
    report as baseless", "X denies any wrongdoing", "the claims were rejected by Moscow").

    A negated denial ("did not deny the allegations") or a question disputes nothing. Conjoined
    subjects count each ("Russia and China denied ..."); pronouns are returned as they are, for the
    caller's actor index to resolve or ignore.
    """
    if is_question(sent):
        return []
    out: list[Token] = []
    doc, table = sent.doc, token_table.of(sent.doc)
    pos = table.pos
    for i in range(sent.start, sent.end):   # the words read from the table; a Token for the dispute verbs only
        if pos[i] not in {"VERB", "AUX"} or not _has_form(table, i, cues.dispute_verbs):
            continue
        verb = doc[i]
        if any(c.dep_ == "neg" for c in verb.children) or not _disputes_object(verb, cues):
            continue
        for head in _denier_heads(verb):
            out += [h for h in [head, *[c for c in head.children if c.dep_ == "conj"]] if h not in out]
    return out


def _disputes_object(verb: Token, cues: Cues) -> bool:
    """The verb's object is an accusation word, or the verb is a relative clause on one ('a charge
    that Moscow rejects', 'an accusation Beijing has denied')."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if any(_forms(o) & cues.dispute_objects for o in objects):
        return True
    return (verb.dep_ == "relcl" and bool(_forms(verb.head) & cues.dispute_objects)
            and all(o.lower_ in RELATIVE_PRONOUNS for o in objects))


def _denier_heads(verb: Token) -> list[Token]:
    """The passive agent ('rejected by Moscow'), else the subject, inherited through xcomp/conj; a
    relative pronoun subject is its antecedent ('the Iranian government, which rejected the claim')."""
    by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if by:
        return by
    tok = verb
    while True:
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subjects or tok.dep_ not in INHERIT_SUBJECT_DEPS or tok.head.i == tok.i:
            break
        tok = tok.head
    return [tok.head if s.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl" else s for s in subjects]
