"""Candidates, for recall: every sentence with a trigger concept proposes an activity, and every actor
that could run it proposes itself as the agent. Nothing is decided here (:mod:`ioggraph.nlp.scorer` decides).

Reads: the parse, ``doc.spans["iog_actors"]`` / ``doc._.iog_actors``, the relations the rule layer
(:mod:`ioggraph.nlp.tactics`) proposed, ``schemas/concepts.yaml`` and the tactic lexicon's trigger words.
Writes nothing: :func:`propose` returns :class:`Candidate` records whose features are plain strings
(the trained models' vocabulary, see :mod:`ioggraph.nlp.features`). A candidate in the headline lines
(:func:`ioggraph.nlp.lines.title_lines`) is ``dropped`` ("headline"): it gives no edge.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from ioggraph.nlp import token_index, token_table
from ioggraph.nlp.agents import extra_agents
from ioggraph.nlp.epistemics import Cues, assess
from ioggraph.nlp.features import agent_features, observer, sentence_features
from ioggraph.nlp.lexicon import Lexicon, Rule
from ioggraph.nlp.lines import title_lines
from ioggraph.nlp.roles import ActorIndex, clause_agent, nominal_agent
from ioggraph.nlp.rules import Hit
from ioggraph.nlp.text import clean_label, slug
from ioggraph.schemas import load_yaml, require, schemas_dir

PREVIOUS_SENTENCES = 2      # actors of this many sentences before a candidate may be its agent
DOCUMENT_OPERATORS = 3      # and the document's most mentioned actors
NON_AGENT_TYPES = frozenset({"Location"})
MIN_TOKENS = 4
CONTEXT_SENTENCES = 2
# Head nouns of descriptions that name who acts without a name ("Russian-linked disinformation networks",
# "pro-Hezbollah accounts", "anonymous administrators"): general agent nouns (cf. PETRARCH's agent
# dictionary), kept only with a modifier so that bare "the accounts" stays the discourse's to resolve.
AGENT_NOUNS = frozenset({
    "network", "account", "group", "operation", "campaign", "farm", "troll", "bot", "hacker", "operative",
    "agent", "specialist", "administrator", "admin", "user", "agency", "party", "employee", "perpetrator", "page",
    "persona", "actor", "individual", "official", "officer", "company", "firm", "contractor", "outlet", "site",
    "website", "channel", "cell", "unit", "ring", "organization", "organisation", "entity", "suspect",
    "defendant", "activist", "influencer", "blogger", "staff", "worker", "team", "collective", "propagandist",
    "spy", "station", "consultant", "marketer", "agency", "officials", "militant", "proxy", "supporter",
})
_WORD = re.compile(r"\w+")
# the characters beyond ASCII that a case-insensitive pattern matches to an ASCII letter (İ ı ſ and the
# Kelvin sign): with none of them, an ASCII word of a phrase matches only itself in any case
_ASCII_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
DESCRIPTION_DROP = frozenset({"det", "poss", "predet", "nummod", "punct", "case"})


@dataclass(frozen=True, eq=False)
class Concepts:
    """concept -> single words (lemmas or lower-case forms), and one regex of its phrases."""

    words: dict[str, frozenset[str]]
    phrases: dict[str, re.Pattern[str]]
    # concept -> for each of its phrases, the words that stand whole in any text it matches (a set of
    # forms for a last word that may take a suffix), for the concepts whose phrases are all ASCII and
    # start with a word followed by a non-word character (:func:`phrase_words`)
    phrase_words: dict[str, tuple[tuple[frozenset[str], ...], ...]] = field(default_factory=dict)

    def of_token(self, token: Token) -> list[str]:
        return self.of_word(token.lower_, token.lemma_.lower())

    def of_word(self, lower: str, lemma: str) -> list[str]:
        """Concepts of a word of lower-case form ``lower`` and lower-cased lemma ``lemma`` (all that
        :func:`token_forms` reads), kept per word."""
        key = (lower, lemma)
        found = self._by_forms.get(key)
        if found is None:
            index = self._by_word
            found = self._by_forms[key] = tuple(sorted({c for form in trigger_forms(lower, lemma)
                                                        for c in index.get(form, ())}))
        return list(found)

    def phrase_hits(self, text: str):
        """(concept, match) of every concept phrase in ``text``. Most sentences hold none: only the concepts
        one of whose phrases has all its words (``phrase_words``) in the text run; a text holding a
        character that matches an ASCII letter only ignoring case (``_ASCII_FOLDS``) gets one search
        for all phrases at once first instead."""
        if not self.phrases:
            return
        if len(self.phrase_words) == len(self.phrases) and not _ASCII_FOLDS.search(text):
            present = {w.lower() for w in _WORD.findall(text)}
            index, chosen = self._phrase_index, set()
            for word in present & index.keys():
                for concept, needs in index[word]:
                    if concept not in chosen and all(not forms.isdisjoint(present) for forms in needs):
                        chosen.add(concept)
            concepts = [c for c in self.phrases if c in chosen]
        elif self._any_phrase.search(text):
            concepts = list(self.phrases)
        else:
            return
        for concept in concepts:
            for m in self.phrases[concept].finditer(text):
                yield concept, m

    @cached_property
    def _phrase_index(self) -> dict[str, tuple[tuple[str, tuple[frozenset[str], ...]], ...]]:
        """First word of a phrase -> (concept, the words its phrase needs) of every phrase it starts."""
        out: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
        for concept, phrases in self.phrase_words.items():
            for needs in phrases:
                for first in needs[0]:
                    out.setdefault(first, []).append((concept, needs))
        return {w: tuple(v) for w, v in out.items()}

    @cached_property
    def _any_phrase(self) -> re.Pattern[str]:
        return re.compile("|".join(p.pattern for p in self.phrases.values()), re.I)

    @cached_property
    def _by_forms(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """(lower-case form, lower-cased lemma) -> concepts of that word: :meth:`of_word`'s answers, kept."""
        return {}

    @cached_property
    def _by_word(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for concept, words in self.words.items():
            for w in words:
                out.setdefault(w, []).append(concept)
        return {w: tuple(cs) for w, cs in out.items()}


def token_forms(token: Token) -> set[str]:
    """Lemma, lower-case form and a crude stem: en_core_web_sm's slips ('waging' -> 'wag') still match."""
    return trigger_forms(token.lower_, token.lemma_.lower())


def trigger_forms(low: str, lemma: str) -> set[str]:
    """:func:`token_forms` of a word of lower-case form ``low`` and lower-cased lemma ``lemma``."""
    out = {lemma, low}
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.add(low[: -len(suffix)] + repl)
    return out


def load_concepts(path: str | None = None, lexicon: Lexicon | None = None) -> Concepts:
    """``schemas/concepts.yaml`` plus one concept per lexicon rule (``rule:<id>``, its trigger words)."""
    file = Path(path) if path else schemas_dir() / "concepts.yaml"
    data = require(file, load_yaml(file), "concepts", dict)
    table: dict[str, list[str]] = {str(k): [str(w).lower() for w in v] for k, v in data.items()}
    if lexicon is not None:
        for rule in lexicon.rules:
            table[f"rule:{rule.id}"] = [t.text.lower() or t.head for t in (*rule.verbs, *rule.nouns)]
    words, phrases, heads = {}, {}, {}
    for concept, items in sorted(table.items()):
        words[concept] = frozenset(w for w in items if re.fullmatch(r"[\w']+", w))
        multi = sorted({w for w in items if not re.fullmatch(r"[\w']+", w)}, key=len, reverse=True)
        if multi:
            alts = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in multi)
            phrases[concept] = re.compile(rf"\b(?:{alts})(?:s|es|ing|ed)?\b", re.I)
            needs = [phrase_words(w) for w in multi]
            if all(n is not None for n in needs):
                heads[concept] = tuple(needs)
    return Concepts(words, phrases, heads)


def phrase_words(phrase: str) -> tuple[frozenset[str], ...] | None:
    """The words (lower-cased) a text holds whole wherever ``phrase`` (an alternative of a concept
    pattern: spaces match runs of spaces or hyphens, a suffix may follow) matches it, unless the text
    holds one of ``_ASCII_FOLDS``: each word run of the phrase, the last one with the suffixes when the
    phrase ends with it; the first one first. None when the phrase is not ASCII or does not start with
    a word followed by a non-word character."""
    runs = list(_WORD.finditer(phrase))
    if not phrase.isascii() or not runs or runs[0].start() != 0 or runs[0].end() == len(phrase):
        return None
    return tuple(frozenset([m.group()] if m.end() < len(phrase) else
                           [m.group() + suffix for suffix in ("", "s", "es", "ing", "ed")]) for m in runs)


@dataclass(frozen=True)
class AgentOption:
    """One actor that may run the candidate activity, with the features that say how it relates to it."""

    key: str
    source: str                       # "sentence", "previous", "document", "rule" or "description"
    features: tuple[str, ...]
    span: tuple[int, int] | None = None   # token span of its mention in the sentence
    back: int | None = 0              # sentences before the candidate's in which it is named (0: in it; None: not
                                      # near it, a document's or the rule layer's agent)


@dataclass
class Candidate:
    """A sentence that may assert an influence activity."""

    sent: Span
    concepts: tuple[str, ...]
    triggers: tuple[int, ...]          # token indices of the trigger words
    features: tuple[str, ...]
    options: list[AgentOption] = field(default_factory=list)
    rule_relations: list[dict[str, Any]] = field(default_factory=list)
    descriptions: dict[str, dict[str, Any]] = field(default_factory=dict)   # key -> actor info + "span"
    parse_agents: dict[str, set[str]] = field(default_factory=dict)
    observers: list[str] = field(default_factory=list)          # actor keys that report or act against it
    conjoined: dict[str, list[str]] = field(default_factory=dict)  # key -> keys coordinated with it ("A and B")
    context: tuple[str, ...] = ()      # content lemmas of the sentences around it (the passage model's input)
    window: tuple[int, int] = (0, 0)   # character range of those sentences
    dropped: str = ""                  # why the epistemic check drops it ("negated at 'not'"), else ""
    modality: str = "asserted"


def find_triggers(sent: Span, concepts: Concepts, skip: set[int]) -> tuple[list[str], list[int]]:
    """Concepts in the sentence and the tokens that carry them (tokens inside multi-word names skipped)."""
    found: list[str] = []
    tokens: list[int] = []
    table = token_table.of(sent.doc)   # the words read from the table: no Token for each
    alpha, lower, lemma = table.alpha, table.lower, table.lemma
    for i in range(sent.start, sent.end):
        if i in skip or not alpha[i]:
            continue
        hit = concepts.of_word(lower[i], lemma[i])
        if hit:
            found += hit
            tokens.append(i)
    text, offset = token_index.span_text(sent), sent.start_char
    for concept, m in concepts.phrase_hits(text):
        span = sent.doc.char_span(offset + m.start(), offset + m.end(), alignment_mode="expand")
        if span is not None and not any(t.i in skip for t in span):
            found.append(concept)
            tokens.append(span.root.i)
    return sorted(set(found)), sorted(set(tokens))


def name_tokens(doc: Doc) -> set[int]:
    """Tokens inside multi-word actor names ('United Front Work Department' is a name, not a cue)."""
    spans = doc.spans["iog_actors"] if "iog_actors" in doc.spans else []
    return {i for s in spans if len(s) > 1 for i in range(s.start, s.end)}


_GENERIC_RULE = Rule(id="concept", relation="influence_activity", techniques=())


def parse_agents(doc: Doc, triggers: list[int], index: ActorIndex, support: frozenset[str]) -> dict[str, set[str]]:
    """Actor key -> how the rules' agent logic (:mod:`ioggraph.nlp.roles`) reads it as the agent of a
    trigger word, for every trigger (not only the lexicon rules'): 'verb', 'noun', 'accused'."""
    out: dict[str, set[str]] = {}
    for i in triggers:
        token = doc[i]
        if token.pos_ in {"VERB", "AUX"}:
            agents, accused = clause_agent(token, index, support)
            kind = "verb"
        elif token.pos_ in {"NOUN", "PROPN"}:
            agents, accused = nominal_agent(token, Hit(_GENERIC_RULE, i, (i,), True), index, support)
            kind = "noun"
        else:
            continue
        for span in agents:
            tags = out.setdefault(span.kb_id_, set())
            tags.add(kind)
            if accused:
                tags.add("accused")
            if span.id_:
                tags.add("resolved")
        for span, how in extra_agents(token, index):
            out.setdefault(span.kb_id_, set()).add(how)
    return out


def propose(doc: Doc, rule_relations: list[dict[str, Any]], concepts: Concepts, cues: Cues,
            support: frozenset[str] = frozenset()) -> list[Candidate]:
    """Candidates of one document, in sentence order (``support``: the lexicon's support verbs)."""
    spans = sorted(doc.spans["iog_actors"] if "iog_actors" in doc.spans else [], key=lambda s: (s.start, s.end))
    actors = doc._.iog_actors or {}
    if not spans:
        return []
    skip = name_tokens(doc)
    counts = Counter(s.kb_id_ for s in spans)
    operators = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                 if actors.get(k, {}).get("type") not in NON_AGENT_TYPES][:DOCUMENT_OPERATORS]
    first_seen = {}
    for s in spans:
        first_seen.setdefault(s.kb_id_, s.start)
    rule_agents = Counter(r["source"] for r in rule_relations if r["kind"] == "tactic")
    index = ActorIndex.of(doc)
    by_sent: dict[int, list[dict[str, Any]]] = {}
    for rel in rule_relations:
        by_sent.setdefault(rel["start"], []).append(rel)
    sents = list(doc.sents)
    passages = PassageLemmas(sents)
    in_sent = _spans_by_sentence(sents, spans)
    titles = title_lines(token_index.text(doc))
    out = []
    pending = []
    for n, sent in enumerate(sents):
        if len(sent) < MIN_TOKENS:
            continue
        rels = [r for r in by_sent.get(sent.start_char, []) if r["kind"] == "tactic"]
        found, triggers = find_triggers(sent, concepts, skip)
        if not found and not rels:
            continue
        trigger_tokens = [doc[i] for i in triggers] or [sent.root]
        status = [assess(t, cues, sent) for t in trigger_tokens]
        dropped = status[0].reason if status and all(s.dropped for s in status) else ""
        if not dropped and any(start <= sent.start_char < end for start, end in titles):
            dropped = "headline"   # the body evidences the activity, with its source and hedges
        kept = [s for s in status if not s.dropped]
        modality = min((s.modality for s in kept), key=["asserted", "planned", "hedged"].index, default="asserted")
        feats = sentence_features(sent, found, trigger_tokens, rels, n / max(len(sents), 1), status)
        cand = Candidate(sent, tuple(found), tuple(triggers), tuple(feats), rule_relations=rels,
                         context=passages.window(n), dropped=dropped, modality=modality,
                         window=(sents[max(0, n - CONTEXT_SENTENCES)].start_char,
                                 sents[min(len(sents) - 1, n + CONTEXT_SENTENCES)].end_char))
        cand.parse_agents = parse_agents(doc, triggers, index, support)
        pending.append((n, cand))
    roles = role_counts(doc, [c for _, c in pending], in_sent, [n for n, _ in pending])
    # observers (who report, find, remove, accuse, sanction or charge) are never the document's operator
    operators = [k for k in operators if roles.get(k, Counter())["observes"] <= roles.get(k, Counter())["acts"]]
    names = actor_tokens(doc)
    described_sents: dict[int, list[tuple[Span, str]]] = {}

    def described(m: int) -> list[tuple[Span, str]]:
        if m not in described_sents:
            described_sents[m] = descriptions(sents[m], names)
        return described_sents[m]

    for n, cand in pending:
        _read_descriptions(cand, described(n), index, support)
        cand.options = _options(cand, n, sents, in_sent, actors, operators, counts, first_seen, rule_agents, roles,
                                names, described)
        # coordinated actors the parse reads as the trigger's agents ("The UFWD and the TAO ran ...")
        cand.conjoined = {k: [v for v in vs if v in cand.parse_agents]
                          for k, vs in conjoined(in_sent[n]).items() if k in cand.parse_agents}
        for keys in co_agents(cand.rule_relations).values():   # one rule, several agents: they act together
            for k in keys:
                cand.conjoined[k] = sorted(set(cand.conjoined.get(k, [])) | (keys - {k}))
        cand.conjoined = {k: vs for k, vs in sorted(cand.conjoined.items()) if vs}
        if cand.options:
            out.append(cand)
    return out


def _read_descriptions(cand: Candidate, described: list[tuple[Span, str]], index: ActorIndex,
                       support: frozenset[str]) -> None:
    """Add to ``cand.parse_agents`` how the rules' agent logic reads the sentence's agent descriptions
    ("Pro-Hezbollah accounts targeted ...": the subject), as if they were actors."""
    if not described or not cand.triggers:
        return
    spans = [Span(cand.sent.doc, s.start, s.end, label="Group", kb_id=slug(label)) for s, label in described]
    keys = {s.kb_id_ for s in spans}
    read = parse_agents(cand.sent.doc, list(cand.triggers), index.with_spans(spans), support)
    for key in sorted(keys & read.keys() - cand.parse_agents.keys()):
        cand.parse_agents[key] = read[key]


def content_lemmas(tokens: Doc | Span) -> set[str]:
    """``w=<lemma>`` of the content words (no names, stop words or short words) of a Doc or a sentence,
    read from its Doc's :mod:`~ioggraph.nlp.token_table`: what the relevance and passage models read."""
    doc, start, end = (tokens, 0, len(tokens)) if isinstance(tokens, Doc) else (tokens.doc, tokens.start, tokens.end)
    table = token_table.of(doc)
    alpha, stop, length, ent, pos, lemma = (table.alpha, table.stop, table.length, table.ent_type, table.pos,
                                            table.lemma)
    return {f"w={lemma[i]}" for i in range(start, end)
            if alpha[i] and not stop[i] and length[i] > 2 and not ent[i] and pos[i] != "PROPN"}


class PassageLemmas:
    """Content lemmas of each sentence, computed once, for the passages of a document's candidates."""

    def __init__(self, sents: list[Span]):
        self.sents = sents
        self._by_sentence: dict[int, set[str]] = {}

    def _of(self, n: int) -> set[str]:
        if n not in self._by_sentence:
            self._by_sentence[n] = content_lemmas(self.sents[n])
        return self._by_sentence[n]

    def window(self, n: int, width: int = CONTEXT_SENTENCES) -> tuple[str, ...]:
        """Content lemmas of sentences n-width .. n+width: is this passage about an influence operation at
        all? (Unrelated stories run together in one file score low.)"""
        out: set[str] = set()
        for m in range(max(0, n - width), min(len(self.sents), n + width + 1)):
            out |= self._of(m)
        return tuple(sorted(out))


def role_counts(doc: Doc, cands: list[Candidate], in_sent: list[list[Span]], ns: list[int]) -> dict[str, Counter]:
    """Per actor, how often across the document's candidates it is the subject of a trigger ('acts'),
    the subject of an observer verb ('observes'), or a trigger's object ('undergoes')."""
    from ioggraph.nlp.features import OBSERVER_VERBS

    out: dict[str, Counter] = {}
    for n, cand in zip(ns, cands):
        triggers = set(cand.triggers)
        for span in in_sent[n]:
            root = span.root
            c = out.setdefault(span.kb_id_, Counter())
            if root.dep_ in {"nsubj", "csubj"} or (root.dep_ == "pobj" and root.head.dep_ == "agent"):
                verb = root.head if root.dep_ != "pobj" else root.head.head
                if verb.lemma_.lower() in OBSERVER_VERBS:
                    c["observes"] += 1
                elif verb.i in triggers or any(t.i in triggers for t in verb.subtree):
                    c["acts"] += 1
            elif root.dep_ in {"dobj", "pobj", "dative"} and root.head.i in triggers:
                c["undergoes"] += 1
    return out


def _spans_by_sentence(sents: list[Span], spans: list[Span]) -> list[list[Span]]:
    """Actor spans of each sentence, in one walk (linear in the document's length)."""
    out: list[list[Span]] = [[] for _ in sents]
    j = 0
    for n, sent in enumerate(sents):
        while j < len(spans) and spans[j].start < sent.start:
            j += 1
        k = j
        while k < len(spans) and spans[k].start < sent.end:
            out[n].append(spans[k])
            k += 1
    return out


def _options(cand: Candidate, n: int, sents: list[Span], in_sent: list[list[Span]], actors: dict,
             operators: list[str], counts: Counter, first_seen: dict, rule_agents: Counter,
             roles: dict[str, Counter], names: set[int],
             described: Callable[[int], list[tuple[Span, str]]]) -> list[AgentOption]:
    doc = cand.sent.doc
    chosen = {r["source"] for r in cand.rule_relations}
    targets = {r["target"] for r in cand.rule_relations if not r.get("target_is_technique")}
    seen: dict[str, AgentOption] = {}
    ranks = {k: i for i, k in enumerate(operators)}

    unnamed = unnamed_subject(cand, names)
    first_key = min(first_seen, key=first_seen.get) if first_seen else None

    def add(key: str, source: str, span: Span | None, earlier: Span | None = None, back: int = 0) -> None:
        info = actors.get(key, {})
        if key in seen or info.get("type") in NON_AGENT_TYPES:
            return
        feats = agent_features(
            doc, cand, span, source=source, actor_type=info.get("type", "?"), registry=bool(info.get("registry")),
            mentions=counts.get(key, 0), operator_rank=ranks.get(key), first=key == first_key,
            rule_agent=key in chosen, rule_target=key in targets, doc_rule_agent=rule_agents.get(key, 0),
            roles=roles.get(key, Counter()), parse=cand.parse_agents.get(key, set()))
        if earlier is not None:   # how it stood in the sentence it was last named in
            feats += [f"prevdep={earlier.root.dep_}", f"back={back}", f"prevdep={earlier.root.dep_}&unnamed={unnamed}"]
        if source != "sentence":
            feats.append(f"unnamed={unnamed}&src={source}")
        seen[key] = AgentOption(key, source, tuple(feats), (span.start, span.end) if span is not None else None,
                                back if source == "previous" else 0 if source == "sentence" else None)

    for span in in_sent[n]:
        if observer(span) and span.kb_id_ not in chosen:
            cand.observers.append(span.kb_id_)   # a reporter of the activity, not its agent
            seen.setdefault(span.kb_id_, None)
            continue
        add(span.kb_id_, "sentence", span)
    for m in range(n - 1, max(0, n - PREVIOUS_SENTENCES) - 1, -1):
        for span in in_sent[m]:
            add(span.kb_id_, "previous", None, span, n - m)
    for key in operators:
        add(key, "document", None)
    for key in sorted(chosen):     # the rule layer's agent (e.g. resolved by discourse) always competes
        add(key, "rule", None)
    for back in range(PREVIOUS_SENTENCES + 1):   # this sentence's descriptions, then the ones before
        if n - back < 0:
            break
        for span, label in described(n - back):
            key = slug(label)
            if key in seen or key in actors:
                continue
            feats = agent_features(doc, cand, span if not back else None, source="description", actor_type="Group",
                                   registry=False, mentions=1, operator_rank=None, first=False, rule_agent=False,
                                   rule_target=False, doc_rule_agent=0, roles=roles.get(key, Counter()),
                                   parse=cand.parse_agents.get(key, set()))
            feats.append(f"desc={span.root.lemma_.lower()}")
            if back:   # named in a sentence before ('An anonymous administrator ran it. The channel paid ...')
                feats += [f"prevdep={span.root.dep_}", f"back={back}", f"prevdep={span.root.dep_}&unnamed={unnamed}"]
            seen[key] = AgentOption(key, "description", tuple(feats), (span.start, span.end) if not back else None,
                                    back)
            cand.descriptions[key] = {"label": label, "type": "Group", "aliases": [], "registry": False,
                                      "span": (span.start, span.end)}
    return [o for o in seen.values() if o is not None]


def co_agents(rule_relations: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Lexicon rule -> the agents the rules' parse logic gave it in one sentence ("The Publicity Department
    and a unit known as Base 311 should run influence campaigns")."""
    out: dict[str, set[str]] = {}
    for rel in rule_relations:
        out.setdefault(rel["rule"], set()).add(rel["source"])
    return {k: v for k, v in out.items() if len(v) > 1}


def conjoined(spans: list[Span]) -> dict[str, list[str]]:
    """Actors of one sentence coordinated with each other ("The UFWD and the TAO ran ..."): they share
    whatever the sentence says one of them did."""
    by_root = {s.root.i: s for s in spans}
    out: dict[str, set[str]] = {}
    for span in spans:
        for other in span.root.conjuncts:
            if other.i in by_root and by_root[other.i].kb_id_ != span.kb_id_:
                out.setdefault(span.kb_id_, set()).add(by_root[other.i].kb_id_)
    return {k: sorted(v) for k, v in sorted(out.items())}


PRONOUNS = frozenset({"it", "they", "he", "she", "its", "their", "his", "her", "them", "this", "these", "which", "who"})


def unnamed_subject(cand: Candidate, names: set[int]) -> str:
    """What stands as the subject of the trigger clause: 'pron' (it, they), 'desc' (the group), 'actor', 'none'."""
    doc = cand.sent.doc
    for i in cand.triggers:
        verb = doc[i] if doc[i].pos_ in {"VERB", "AUX"} else doc[i].head
        for c in verb.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                if c.i in names:
                    return "actor"
                return "pron" if c.lower_ in PRONOUNS else "desc"
    return "none"


def actor_tokens(doc: Doc) -> set[int]:
    """Every token inside an actor name."""
    return {i for s in (doc.spans["iog_actors"] if "iog_actors" in doc.spans else []) for i in range(s.start, s.end)}


def sentence_chunks(sent: Span) -> list[Span]:
    """Noun chunks of one sentence: the language's chunk iterator run on the sentence alone
    (``Span.noun_chunks`` walks the whole document for every sentence)."""
    doc = sent.doc
    iterator = getattr(doc.vocab, "get_noun_chunks", None)
    if iterator is None:
        return list(sent.noun_chunks)
    return [Span(doc, start, end, label=label) for start, end, label in iterator(sent)]


def descriptions(sent: Span, names: set[int] | None = None) -> list[tuple[Span, str]]:
    """Noun phrases headed by an agent noun, with a modifier, outside every actor name: (span, label)."""
    doc = sent.doc
    names = actor_tokens(doc) if names is None else names
    lemma = token_table.of(doc).lemma
    if not any(lemma[i] in AGENT_NOUNS and i not in names for i in range(sent.start, sent.end)):
        return []      # no chunk could be headed by an agent noun: skip the chunker
    out = []
    for chunk in sentence_chunks(sent):
        root = chunk.root
        if root.lemma_.lower() not in AGENT_NOUNS or root.i in names:
            continue
        words = [t for t in chunk if t.i <= root.i and t.dep_ not in DESCRIPTION_DROP and not t.is_punct]
        words = words[next((i for i, t in enumerate(words) if t.dep_ not in DESCRIPTION_DROP), 0):]
        if len(words) < 2 or any(t.i in names for t in words):
            continue
        span = doc[words[0].i: root.i + 1]
        label = clean_label(span.text)
        if label and len(label) <= 80:
            out.append((span, label))
    return out
