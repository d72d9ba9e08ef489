"""The ``iog_tactics`` component: who does what to whom, mapped to DISARM, with evidence.

Reads: ``doc.spans["iog_actors"]`` and ``doc._.iog_actors`` (from ``iog_actors``), the parse, the
tactic lexicon ``schemas/tactics.yaml`` and the cues of ``schemas/epistemics.yaml``.
Writes: ``doc._.iog_rule_relations`` (what the rules propose) and ``doc._.iog_relations`` (what the
trained scorer keeps, with ``disputed_by`` set by :func:`mark_disputes`): lists of plain dicts with the
fields of :class:`ioggraph.model.Relation`; ``doc._.iog_relevant``: whether the scorer finds the document
about an influence operation (None without the scorer); ``doc._.iog_deniers``: actor key -> label of the actors
the document shows denying the accusations (:func:`deniers`)
(strings, numbers and offsets only, so they survive multiprocessing and DocBin), sorted by
(start, source, target, relation, rule).

Three rooms, one decision each:

1. **rules propose** (this module, with :mod:`~ioggraph.nlp.rules`, :mod:`~ioggraph.nlp.roles`,
   :mod:`~ioggraph.nlp.objects`, :mod:`~ioggraph.nlp.links`): the lexicon's parse patterns, read as
   evidence, and the actor-actor relations;
2. **candidates** (:mod:`~ioggraph.nlp.candidates`, :mod:`~ioggraph.nlp.features`): every sentence with a
   trigger concept and every actor that may run it, described by features;
3. **the scorer decides** (:mod:`~ioggraph.nlp.decide`, :mod:`~ioggraph.nlp.scorer`): which candidates
   are asserted activities, of which agent, and which DISARM techniques; :mod:`~ioggraph.nlp.epistemics`
   drops negated and hypothetical claims before any score.

Then one document-level pass: an agent that denies the accusations anywhere in the document
("Beijing denied the allegations") disputes its tactic edges, which stay, with ``disputed_by``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ioggraph.nlp import token_index
from ioggraph.nlp.candidates import Candidate, Concepts, load_concepts, propose
from ioggraph.nlp.coref import COREF_ID
from ioggraph.nlp.decide import add_descriptions, decide, is_relevant, sentence_probs
from ioggraph.nlp.discourse import DISCOURSE_ID, Discourse
from ioggraph.nlp.epistemics import (Assessment, Cues, assess, disputers, load_cues, reporter_heads,
                                     reporter_text)
from ioggraph.nlp.lexicon import Lexicon, load_lexicon
from ioggraph.nlp.links import Link, find_links
from ioggraph.nlp.objects import channels_of, targets_of
from ioggraph.nlp.roles import (ActorIndex, clause_agent, nominal_agent, precedent_agents, summary_agents,
                                 unique_actors)
from ioggraph.nlp.rules import Hit, find_hits, forms, object_region
from ioggraph.nlp.scorer import ActivityModel
from ioggraph.nlp.scorer import load_model as load_activity_model
from ioggraph.schemas import schemas_dir

for _ext in ("iog_relations", "iog_rule_relations", "iog_deniers", "iog_relevant"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

LINK_CONFIDENCE = 0.8
COREF_FACTOR = 0.75
DISCOURSE_FACTOR = 0.6


def default_lexicon_path() -> Path:
    return schemas_dir() / "tactics.yaml"


@Language.factory(
    "iog_tactics",
    requires=["doc.spans", "doc._.iog_actors", "token.dep"],
    assigns=["doc._.iog_relations", "doc._.iog_rule_relations", "doc._.iog_relevant", "doc._.iog_actors", "doc.spans"],
    default_config={"lexicon_path": None, "model_path": None, "scorer": True},
)
def make_tactic_extractor(nlp: Language, name: str, lexicon_path: str | None, model_path: str | None,
                          scorer: bool) -> TacticExtractor:
    return TacticExtractor(nlp, name, Path(lexicon_path) if lexicon_path else default_lexicon_path(),
                           model_path=model_path, scorer=scorer)


class TacticExtractor:
    """Finds tactic and actor-actor relations; see the module docstring."""

    def __init__(self, nlp: Language, name: str, lexicon_path: Path, *, model_path: str | None = None,
                 scorer: bool = True):
        self.name = name
        self.lexicon_path = lexicon_path
        self.lexicon: Lexicon = load_lexicon(lexicon_path)
        self.cues: Cues = load_cues()
        self.concepts: Concepts = load_concepts(None, self.lexicon)
        # without the scorer (``ioggraph train`` collecting examples) the rules' relations are the output
        self.model: ActivityModel | None = load_activity_model(model_path) if scorer else None

    def __call__(self, doc: Doc) -> Doc:
        rule_relations = self.rule_relations(doc)
        doc._.iog_rule_relations = rule_relations
        doc._.iog_deniers = deniers(doc, self.cues)
        if self.model is None:
            doc._.iog_relations = mark_disputes(rule_relations, doc._.iog_deniers)
            return doc
        candidates = propose(doc, rule_relations, self.concepts, self.cues, self.lexicon.support_verbs)
        p_sents = sentence_probs(candidates, self.model)
        doc._.iog_relevant = is_relevant(doc, candidates, p_sents, self.model)
        relations = merge(decide(doc, candidates, rule_relations, self.model, self.cues, p_sents=p_sents,
                                 relevant=doc._.iog_relevant))
        relations = mark_disputes(relations, doc._.iog_deniers)
        add_descriptions(doc, candidates, relations)
        doc._.iog_relations = relations
        return doc

    def candidates(self, doc: Doc) -> list[Candidate]:
        """The candidates of a processed Doc (for training and inspection)."""
        return propose(doc, doc._.iog_rule_relations or [], self.concepts, self.cues, self.lexicon.support_verbs)

    def rule_relations(self, doc: Doc) -> list[dict[str, Any]]:
        """Two passes: sentences alone, then again for sentences whose agent was only described
        ("the defendants", "the fake accounts"), now resolved against the whole document."""
        index = ActorIndex.of(doc)
        by_sent: dict[int, list[dict[str, Any]]] = {}
        if index.by_token:
            sents = list(doc.sents)
            for sent in sents:
                by_sent[sent.start] = self.sentence_relations(doc, sent, index)
            if index.pending:
                index.discourse = Discourse.of(doc, index.spans(), index.explicit)
                for sent in sents:
                    if sent.start in index.pending:
                        by_sent[sent.start] = self.sentence_relations(doc, sent, index)
        return merge([r for start in sorted(by_sent) for r in by_sent[start]])

    def sentence_relations(self, doc: Doc, sent: Span, index: ActorIndex) -> list[dict[str, Any]]:
        out = []
        for hit in find_hits(sent, self.lexicon, index.names):
            out += self.hit_relations(doc, sent, hit, index)
        for link in find_links(sent, index, self.lexicon):
            out += self.link_relations(doc, sent, link)
        return out

    def hit_relations(self, doc: Doc, sent: Span, hit: Hit, index: ActorIndex) -> list[dict[str, Any]]:
        """Relations for one rule hit, or [] when the claim is negated or has no agent actor."""
        head = doc[hit.head]
        status = assess(head, self.cues, sent)
        if status.dropped:
            return []
        if hit.nominal:
            agents, accused = nominal_agent(head, hit, index, self.lexicon.support_verbs)
        else:
            agents, accused = clause_agent(head, index, self.lexicon.support_verbs, hit.rule.passive_agent)
        agents = unique_actors([*agents, *precedent_agents(head, index)])
        if not agents:
            agents, accused = summary_agents(head, index)
        if not agents and hit.rule.implicit_agent:
            agents = index.fallback(head, implicit=True)
        if not agents:
            return []
        if hit.rule.context_words and not any(forms(t) & hit.rule.context_words for t in sent):
            # an ambiguous cue ("created a Facebook group") counts only for an actor the document
            # already shows running an influence activity; that is known after the first pass
            if index.discourse is None:
                index.pending.add(sent.start)
                return []
            agents = [a for a in agents if index.discourse.agents.get(a.kb_id_)]
            if not agents:
                return []
        elif hit.rule.kind == "tactic":
            index.explicit.update(a.kb_id_ for a in agents if a.id_ != DISCOURSE_ID)
        if hit.nominal:
            index.remember(head, agents)
        if accused and status.modality == "asserted":
            status = Assessment(False, "hedged", self.cues.confidence.get("hedged", 1.0))
        targets = [t for t in targets_of(hit, doc, index, agents)
                   if not hit.rule.target_types or t.label_ in hit.rule.target_types]
        if (hit.rule.require_target or hit.rule.kind == "relation") and not targets:
            return []
        channels = channels_of(hit, doc, self.lexicon.channel_words)
        techniques = self.techniques(hit, channels, doc)
        base = {
            "relation": hit.rule.relation, "kind": hit.rule.kind, "rule": hit.rule.id,
            "technique": techniques[0] if techniques else None, "techniques": techniques,
            "confidence": round(hit.rule.confidence * status.factor, 3), "modality": status.modality,
            "reported_by": self.reporters(doc, sent, head, index),
            "channels": channels, "trigger": hit.trigger_text(doc),
        }
        out = []
        for agent in agents:
            extra = {}
            if agent.id_ == COREF_ID:
                extra = {"confidence": round(base["confidence"] * COREF_FACTOR, 3),
                         "trigger": f"{base['trigger']} [agent '{agent.text}' by coreference]"}
            elif agent.id_ == DISCOURSE_ID:
                extra = {"confidence": round(base["confidence"] * DISCOURSE_FACTOR, 3),
                         "trigger": f"{base['trigger']} [agent '{agent.text}': the document's main actor]"}
            out += [relation(dict(base, **extra), sent, agent.kb_id_, t) for t in (targets or [None])]
        return out

    def techniques(self, hit: Hit, channels: list[str], doc: Doc) -> list[str]:
        """The rule's techniques, those its object words add ("presented as researchers" -> researcher
        persona) or else its default ones, then platform techniques of the channels (tactics only)."""
        out = list(hit.rule.techniques)
        if hit.rule.object_techniques:
            head = doc[hit.head]
            region = [t for t in head.subtree if t is not head] if hit.nominal else object_region(head)
            for token in region:
                for form in sorted(forms(token)):
                    for tid in hit.rule.object_techniques.get(form, ()):
                        if tid not in out:
                            out.append(tid)
        if len(out) == len(hit.rule.techniques):
            out += [t for t in hit.rule.default_techniques if t not in out]
        if hit.rule.kind == "tactic":
            for channel in channels:
                words = [channel.lower(), *reversed(channel.lower().split())]
                tid = next((self.lexicon.channel_techniques[w] for w in words if w in self.lexicon.channel_techniques), None)
                if tid and tid not in out:
                    out.append(tid)
        return out

    def link_relations(self, doc: Doc, sent: Span, link: Link) -> list[dict[str, Any]]:
        status = assess(link.trigger, self.cues, sent)
        if status.dropped:
            return []
        if status.modality == "planned":  # a structural fact, not a plan
            status = Assessment(False, "asserted", 1.0)
        base = {
            "relation": link.relation, "kind": "relation", "rule": f"link-{link.relation}",
            "technique": None, "techniques": [], "confidence": round(LINK_CONFIDENCE * status.factor, 3),
            "modality": status.modality, "reported_by": self.reporters(doc, sent, link.trigger, ActorIndex.of(doc)),
            "channels": [], "trigger": link.trigger.text,
        }
        return [relation(base, sent, link.source.kb_id_, link.target)]

    def reporters(self, doc: Doc, sent: Span, trigger: Token, index: ActorIndex) -> list[str]:
        """Labels of the sources the sentence attributes the claim to (actor label when an actor)."""
        actors = doc._.iog_actors or {}
        out = []
        for head in reporter_heads(sent, trigger, self.cues):
            span = index.at(head)
            label = actors.get(span.kb_id_, {}).get("label", span.text) if span is not None else reporter_text(head)
            if label and label not in out:
                out.append(label)
        return out



def deniers(doc: Doc, cues: Cues) -> dict[str, str]:
    """Actor key -> label of every actor the document shows denying the accusations. A denier the
    actor layer does not resolve to an actor ("a spokesperson") is left out."""
    heads = [head for sent in doc.sents for head in disputers(sent, cues)]
    if not heads:
        return {}      # most documents deny nothing: no actor index needed
    index = ActorIndex.of(doc)
    actors = doc._.iog_actors or {}
    out: dict[str, str] = {}
    for head in heads:
        span = index.at(head)
        if span is not None and span.kb_id_ and span.kb_id_ not in out:
            out[span.kb_id_] = actors.get(span.kb_id_, {}).get("label", span.text)
    return out


def mark_disputes(relations: list[dict[str, Any]], denied: dict[str, str]) -> list[dict[str, Any]]:
    """Copies of ``relations`` with ``disputed_by``: ``[label]`` on the tactic edges whose agent is in
    ``denied`` (:func:`deniers`), ``[]`` elsewhere (a denial by another actor disputes nothing)."""
    return [dict(r, disputed_by=[denied[r["source"]]] if r["kind"] == "tactic" and r["source"] in denied else [])
            for r in relations]


def candidates_of(doc: Doc) -> tuple[list[Candidate], list[dict[str, Any]]]:
    """Candidates of a Doc processed by ``iog_tactics`` with the default lexicon, and the rules' relations."""
    rules = doc._.iog_rule_relations
    if rules is None:
        rules = doc._.iog_relations or []
    concepts, cues, lexicon = _defaults()
    return propose(doc, rules, concepts, cues, lexicon.support_verbs), rules


@lru_cache(maxsize=1)
def _defaults() -> tuple[Concepts, Cues, Lexicon]:
    lexicon = load_lexicon(default_lexicon_path())
    return load_concepts(None, lexicon), load_cues(), lexicon


def relation(base: dict[str, Any], sent: Span, source: str, target: Span | None) -> dict[str, Any]:
    """One output dict: evidence is the whole sentence (``quote == doc.text[start:end]``; the sentence's
    text sliced from the Doc's, kept per Doc, rather than joined from its tokens for every relation)."""
    quote = token_index.span_text(sent).rstrip()
    start = sent.start_char
    out = dict(base, source=source, start=start, end=start + len(quote), quote=quote)
    if target is None:
        out.update(target=base["technique"] or base["relation"], target_is_technique=base["technique"] is not None)
    else:
        out.update(target=target.kb_id_, target_is_technique=False)
    return out


UNITED_FIELDS = ("techniques", "channels", "reported_by")


def merge(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One dict per (start, source, target, relation, rule): the most confident, lists united."""
    best: dict[tuple, dict[str, Any]] = {}
    for rel in found:
        if rel["source"] == rel["target"]:
            continue
        key = (rel["start"], rel["source"], rel["target"], rel["relation"], rel["rule"])
        old = best.get(key)
        if old is None or rel["confidence"] > old["confidence"]:
            if old is not None:
                rel = dict(rel, **{f: _union(rel[f], old[f]) for f in UNITED_FIELDS})
            best[key] = rel
        else:
            for f in UNITED_FIELDS:
                old[f] = _union(old[f], rel[f])
    aimed = {(r["start"], r["source"], r["rule"]) for r in best.values() if not r["target_is_technique"]
             and r["kind"] == "tactic"}
    return [best[k] for k in sorted(best)
            if not (best[k]["target_is_technique"] and (k[0], k[1], k[4]) in aimed)]


def _union(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]
