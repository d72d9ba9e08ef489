"""Features of candidate activities and agents: plain strings, the trained models' vocabulary.

Reads: a sentence (spaCy ``Span``), its trigger tokens and concepts, the rule layer's relations for it,
and, for an agent, how its mention sits in the parse relative to the triggers.
Writes nothing. Names are stable (a model trained on them ships in ``ioggraph/nlp/models/``):
``w=`` content lemma, ``bg=`` lemma bigram, ``c=`` concept, ``rule=`` lexicon rule that fired, ``rt=``
technique a rule proposed, ``ep=`` epistemic status; agents: ``t=`` type, ``src=`` where it was found,
``dep=``/``path=`` its syntactic relation to the nearest trigger, ``obs=`` it reports or acts on the activity.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, TYPE_CHECKING

from spacy.tokens import Span, Token

from ioggraph.nlp import token_index, token_table

if TYPE_CHECKING:
    from ioggraph.nlp.candidates import Candidate
    from ioggraph.nlp.epistemics import Assessment

# Verbs whose subject observes, reports or acts against an activity rather than running it.
OBSERVER_VERBS = frozenset({
    "say", "report", "tell", "find", "reveal", "warn", "note", "accuse", "charge", "indict", "sanction", "arrest",
    "remove", "ban", "suspend", "take", "detect", "discover", "uncover", "identify", "expose", "investigate",
    "attribute", "allege", "claim", "conclude", "document", "publish", "deny", "condemn", "criticize", "criticise",
    "prosecute", "convict", "sentence", "expel", "block", "flag", "track", "monitor", "describe", "write",
    "announce", "confirm", "disclose", "blame", "analyze", "analyse", "study", "observe", "believe", "argue",
})
# The narrower set whose subject is never the activity's agent (a hard rule: observer()).
REPORTER_VERBS = frozenset({
    "say", "report", "tell", "find", "reveal", "warn", "note", "accuse", "charge", "indict", "sanction", "arrest",
    "remove", "ban", "suspend", "detect", "discover", "uncover", "identify", "expose", "investigate", "attribute",
    "allege", "conclude", "deny", "condemn", "prosecute", "convict", "sentence", "expel", "block", "flag",
    "track", "monitor", "confirm", "disclose", "blame", "analyze", "analyse", "observe", "believe", "argue",
    "dismantle", "disrupt", "seize", "shut", "takedown",
})
SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
MAX_PATH = 4
# Words of DISARM technique names too general to say which technique a sentence shows.
GENERIC_NAME_WORDS = frozenset({
    "create", "develop", "use", "conduct", "deliver", "content", "information", "online", "target", "establish",
    "leverage", "exploit", "employ", "make", "build", "deploy", "plan", "select", "identify", "existing", "new",
    "assets", "asset", "activity", "activities", "operation", "operations", "channel", "channels", "platform",
    "platforms", "media", "campaign", "audience", "audiences", "segment", "segments", "real", "local", "other",
    "own", "type", "types", "based", "prepare", "maintain", "support", "for", "with", "and", "the", "via",
})


@lru_cache(maxsize=1)
def technique_keywords() -> dict[str, frozenset[str]]:
    """Lower-case keyword -> DISARM parent techniques whose name holds it (schemas/disarm/techniques.csv)."""
    from ioggraph.disarm import load_disarm

    out: dict[str, set[str]] = {}
    for tid, tech in load_disarm().items():
        if "." in tid:
            continue
        for word in re.findall(r"[a-z]+", tech.name.lower()):
            word = word[:-1] if word.endswith("s") and len(word) > 4 else word
            if len(word) > 3 and word not in GENERIC_NAME_WORDS:
                out.setdefault(word, set()).add(tid)
    return {k: frozenset(v) for k, v in out.items()}


def observer(span: Span) -> bool:
    """The mention is the subject or 'by' agent of an observer verb ('Meta removed', 'X said', 'charged
    by prosecutors') or the source of 'according to'."""
    root = span.root
    if root.dep_ in {"nsubj", "csubj"}:
        return root.head.lemma_.lower() in REPORTER_VERBS
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return root.head.head.lemma_.lower() in REPORTER_VERBS
    return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def sentence_features(sent: Span, concepts: list[str], triggers: list[Token], rule_relations: list[dict[str, Any]],
                      position: float, status: list[Assessment]) -> list[str]:
    """What the sentence says, independent of who the agent is (its words read from the Doc's
    :mod:`~ioggraph.nlp.token_table`)."""
    table = token_table.of(sent.doc)
    lower, lemma, pos, dep, ent = table.lower, table.lemma, table.pos, table.dep, table.ent_type
    alpha, stop, length = table.alpha, table.stop, table.length
    words = range(sent.start, sent.end)
    # names are replaced by their kind, so that the model learns what operators do, not who they were in train
    lemmas = [f"<{ent[i] or 'NAME'}>" if (ent[i] or pos[i] == "PROPN") else lemma[i]
              for i in words if alpha[i] and not stop[i] and length[i] > 2]
    out = {f"w={w}" for w in lemmas}
    out |= {f"bg={a}_{b}" for a, b in zip(lemmas, lemmas[1:])}
    out |= {f"c={c}" for c in concepts}
    for rel in rule_relations:
        out.add(f"rule={rel['rule']}")
        out |= {f"rt={t.split('.')[0]}" for t in rel.get("techniques") or () if t.startswith("T")}
    out.add("rule=none" if not rule_relations else "rule=any")
    if status and all(s.dropped for s in status):
        out.add("ep=dropped")
    out |= {f"ep={s.modality}" for s in status if not s.dropped}
    out.add(f"pos={min(int(position * 5), 4)}")
    out.add(f"len={min(len(sent) // 15, 4)}")
    if not any(pos[i] == "VERB" and dep[i] == "ROOT" for i in words):
        out.add("noverb")
    if any(ch in token_index.span_text(sent) for ch in "\"“”"):
        out.add("quoted")
    keywords = technique_keywords()
    for i in words:
        low = lower[i]
        low = low[:-1] if low.endswith("s") and len(low) > 4 else low
        for word in {low, lemma[i]}:
            tids = keywords.get(word)
            if tids:      # most words name no technique: no empty set made for them
                out.update(f"kw={tid}" for tid in tids)
    out |= {f"tv={_lemma(t)}" for t in triggers if t.pos_ == "VERB"}
    out |= {f"tn={_lemma(t)}" for t in triggers if t.pos_ in {"NOUN", "PROPN"}}
    return sorted(out)


def agent_features(doc, cand: Candidate, span: Span | None, *, source: str, actor_type: str, registry: bool,
                   mentions: int, operator_rank: int | None, first: bool, rule_agent: bool, rule_target: bool,
                   doc_rule_agent: int, roles: dict[str, int] | None = None,
                   parse: set[str] | None = None) -> list[str]:
    """How one actor relates to the candidate activity."""
    out = [f"src={source}", f"t={actor_type}", f"t={actor_type}&src={source}",
           f"m={min(mentions, 5)}", f"rank={operator_rank if operator_rank is not None else 'none'}",
           f"dra={min(doc_rule_agent, 3)}"]
    for tag in sorted(parse or ()):
        out += [f"parse={tag}", f"parse={tag}&src={source}", f"parse={tag}&t={actor_type}"]
    if parse:
        out.append("parse_agent")
    roles = roles or {}
    for role in ("acts", "observes", "undergoes"):
        n = roles.get(role, 0)
        out.append(f"{role}={min(n, 3)}")
        out.append(f"{role}={min(n, 3)}&src={source}")
    if roles.get("observes", 0) > roles.get("acts", 0):
        out.append("mostly_observes")
    if registry:
        out.append("reg")
    if first:
        out.append("first")
    if rule_agent:
        out += ["rule_agent", f"rule_agent&src={source}"]
    if rule_target:
        out.append("rule_target")
    if span is not None:
        out += _syntax(doc, cand, span, actor_type)
    for concept in cand.concepts[:8]:
        out.append(f"c={concept}&t={actor_type}")
    return out


def _syntax(doc, cand: Candidate, span: Span, actor_type: str) -> list[str]:
    root = span.root
    out = [f"dep={root.dep_}", f"dep={root.dep_}&t={actor_type}"]
    triggers = [doc[i] for i in cand.triggers] or [cand.sent.root]
    nearest = min(triggers, key=lambda t: abs(t.i - root.i))
    dist = abs(nearest.i - root.i)
    out.append(f"dist={min(dist // 3, 5)}")
    out.append("before" if root.i < nearest.i else "after")
    path, cur = [], root
    while cur.head.i != cur.i and len(path) < MAX_PATH:
        path.append(cur.dep_)
        cur = cur.head
        if cur.i in cand.triggers:
            out.append(f"path={'>'.join(path)}")
            out.append("governs_trigger")
            break
    head = root.head
    if root.dep_ in SUBJ:
        out.append(f"subj_of={_lemma(head)}" if head.i in cand.triggers else "subj")
        if _lemma(head) in OBSERVER_VERBS:
            out.append("obs=subj")
    if root.dep_ == "pobj" and head.dep_ == "agent":
        out.append("by_agent")
        if _lemma(head.head) in OBSERVER_VERBS:
            out.append("obs=by")
    if root.dep_ == "pobj" and head.lower_ == "according":
        out.append("obs=according")
    if root.dep_ == "pobj" and _lemma(head) in {"to", "by", "from", "against", "at", "on", "for", "with", "of"}:
        out.append(f"prep={_lemma(head)}")
    if root.dep_ in PASS_SUBJ:
        out.append("pass_subj")
    if root.dep_ == "poss":
        out.append(f"poss_of={'trigger' if head.i in cand.triggers else 'other'}")
    if root.dep_ in {"dobj", "pobj", "dative"} and head.i in cand.triggers:
        out.append("object_of_trigger")
    if root.dep_ in {"compound", "amod"} and head.i in cand.triggers:
        out.append("modifies_trigger")
    if root.dep_ == "appos":
        out.append("appos")
    if any(t.i in cand.triggers for t in root.subtree) and root.dep_ in SUBJ:
        out.append("subj_holds_trigger")
    return out
