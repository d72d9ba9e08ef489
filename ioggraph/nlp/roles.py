"""Agent of a rule hit, read from the dependency parse (targets and channels: ``ioggraph.nlp.objects``).

Reads: the parse, ``doc.spans["iog_actors"]`` (through an :class:`ActorIndex`), a
:class:`~ioggraph.nlp.rules.Hit` and the lexicon's support verbs.
Writes nothing: :func:`clause_agent` and :func:`nominal_agent` return actor spans.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Span, Token

from ioggraph.nlp.coref import COREF_ID, antecedent
from ioggraph.nlp.discourse import DISCOURSE_ID, INDEFINITE, Discourse, description_kind
from ioggraph.nlp.places import Places
from ioggraph.nlp.rules import Hit

SUBJ_DEPS = {"nsubj", "csubj"}
PASS_SUBJ_DEPS = {"nsubjpass", "csubjpass"}
CLIMB_DEPS = {"xcomp", "conj", "advcl", "acomp"}
RELATIVE_TAGS = {"WDT", "WP"}
NAMING_VERBS = {"know", "call", "name", "dub", "nickname", "designate", "brand"}
ACCUSE_WORDS = {"accuse", "charge", "suspect", "indict", "sanction", "convict", "arrest", "blame", "suspicion",
                "accusation", "allegation", "allege", "prosecute", "investigate", "detain", "punish", "target"}
MEANS_PREPS = {"by", "through", "via", "while", "after", "before", "in"}
BLAME_PREPS = {"for", "of", "over", "on", "with"}
CONTAINER_NOUNS = {"network", "ring", "army", "web", "series", "wave", "use", "creation", "number", "set", "array",
                   "system", "cluster", "swarm", "hundred", "thousand", "dozen", "score", "million", "group",
                   "operation", "campaign", "collection", "host", "slew", "flood", "barrage", "attempt", "effort",
                   "bid", "push", "drive", "plan", "use", "many", "some", "most", "several", "all", "one",
                   "part"}
RECEIVE_VERBS = {"receive", "accept", "get", "obtain", "take", "solicit"}
REPORT_BLOCK = {"say", "tell", "report", "add", "state", "write", "note"}
EXAMPLE_PREPS = {"including", "like", "as"}
PURPOSE_NOUNS = {"role", "goal", "aim", "mission", "task", "job", "purpose", "strategy", "plan", "intention",
                 "objective", "priority", "tactic"}
NON_AGENT_TYPES = {"Location"}
STATE_TYPES = {"Government"}
SPONSOR_PARTICIPLES = {"back", "fund", "finance", "sponsor", "run", "control", "bankroll", "direct", "operate",
                       "orchestrate", "own", "pay"}
STANCE_PREFIXES = {"pro", "anti", "non"}
# Activities a demonym makes a state's ("Chinese influence campaigns"); on other nouns a demonym says
# where someone is from or whom it pretends to be ("Russian troll farm", "false US personas").
STATE_ACTIVITY_NOUNS = {"campaign", "operation", "effort", "warfare", "interference", "meddling", "activity",
                        "infiltration", "coercion", "intimidation", "funding", "financing", "sponsorship",
                        "support", "pressure", "offensive", "outreach", "propaganda", "disinformation"}
INSTRUMENT_PREPS = {"with", "using", "through", "via"}
# "accounts linked to an operation dubbed X", "attributed the network to X": the activity's owner.
ATTRIBUTE_VERBS = {"link", "tie", "attribute", "connect", "trace", "associate"}
ATTRIBUTE_PREPS = {"to", "with"}
MAX_CLIMB = 6
ACTIVITY_DETS = {"these", "this", "those", "such", "the", "that"}
# "X is known for producing ...", "X was tasked with spreading ...": the passive subject acts
DISPOSITION_PASSIVES = {"know", "task", "assign", "credit", "dedicate", "devote", "involve", "engage", "employ",
                        "hire", "pay", "commission", "mandate", "instruct"}


@dataclass
class ActorIndex:
    """token index -> actor span, for ``doc.spans["iog_actors"]``.

    Also the document-level state of ``iog_tactics``' two passes: ``explicit`` counts the tactic
    agents named in their sentence or by a nearby pronoun (first pass), ``pending`` holds the starts of sentences where a description
    or pronoun stayed unresolved, and ``discourse`` (set before the second pass) resolves them.
    """

    by_token: dict[int, Span] = field(default_factory=dict)
    explicit: Counter[str] = field(default_factory=Counter)
    pending: set[int] = field(default_factory=set)
    discourse: Discourse | None = None
    activities: dict[str, list[Span]] = field(default_factory=dict)  # activity noun lemma -> its latest agents

    @classmethod
    def of(cls, doc: Doc, key: str = "iog_actors") -> ActorIndex:
        spans = doc.spans[key] if key in doc.spans else []
        return cls({i: s for s in spans for i in range(s.start, s.end)})

    def at(self, token: Token) -> Span | None:
        return self.by_token.get(token.i)

    def with_spans(self, spans: list[Span]) -> ActorIndex:
        """A fresh index of these actors and ``spans`` too (agent descriptions read as actors)."""
        return ActorIndex({**self.by_token, **{i: s for s in spans for i in range(s.start, s.end)}})

    def spans(self) -> list[Span]:
        """Actor spans in document order."""
        return self._ordered

    def spans_starting_in(self, start: int, end: int) -> list[Span]:
        """The actor spans (of :meth:`spans`) that start at a token in ``start .. end-1``, in order: for one
        sentence, without reading every actor of the document."""
        return self._ordered[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    @cached_property
    def _ordered(self) -> list[Span]:
        return sorted({s.start: s for s in self.by_token.values()}.values(), key=lambda s: s.start)

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self._ordered]

    @cached_property
    def names(self) -> set[int]:
        """Tokens inside multi-word actor names (they are names, not cues)."""
        return {i for s in self._ordered if len(s) > 1 for i in range(s.start, s.end)}

    @cached_property
    def org_names(self) -> dict[str, Span]:
        """Lower-cased surface form -> an organisation-like actor span with it."""
        return {s.text.lower(): s for s in self._ordered if s.label_ in {"Organization", "MilitaryUnit", "Media"}}

    def remember(self, noun: Token, agents: list[Span]) -> None:
        """Note who ran an activity named by ``noun`` ("outreach programs"), for "these programs" later."""
        self.activities[noun.lemma_.lower()] = [a for a in agents if a.id_ != DISCOURSE_ID]

    def recall(self, token: Token) -> list[Span]:
        """'these programs', 'the scheme': the agents of the activity last named by that noun."""
        if not any(c.dep_ == "det" and c.lower_ in ACTIVITY_DETS for c in token.children):
            return []
        if description_kind(token) == "campaign":
            return []  # "the fake accounts": the document's campaign, not whoever a headline tied them to
        found = self.activities.get(token.lemma_.lower(), [])
        return [Span(s.doc, s.start, s.end, label=s.label_, kb_id=s.kb_id_, span_id=COREF_ID) for s in found
                if s.end <= token.i]

    def fallback(self, token: Token, implicit: bool = False) -> list[Span]:
        """The document's operator for an unresolved description, pronoun or (``implicit``) a rule
        whose actor goes unnamed; in the first pass only notes that the sentence needs another look."""
        if not implicit and description_kind(token) is None:
            return []
        if self.discourse is None:
            self.pending.add(token.sent.start)
            return []
        if implicit:
            found = self.discourse.implicit(token.doc)
            return [found] if found is not None else []
        return self.discourse.resolve(token)


def np_actors(token: Token, index: ActorIndex, depth: int = 0) -> list[Span]:
    """Actors a noun phrase headed by ``token`` names: itself, an appositive, a 'known as' name,
    and the same for every coordinated noun ("X and Y")."""
    if depth > 4:
        return []
    found = index.at(token)
    out = [_proxy_org(found, index) or found] if found is not None else _named(token, index)
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(np_actors(child, index, depth + 1))
    return unique_actors(out)


def _proxy_org(group: Span, index: ActorIndex) -> Span | None:
    """'TAO officials', 'IRA operatives': a group of an organisation's people acts for it."""
    if group.label_ != "Group" or group.root.lemma_.lower() not in PROXY_HEADS:
        return None
    orgs = index.org_names
    return next((orgs[t.lower_] for t in group if t.i != group.root.i and t.lower_ in orgs), None)


def _named(token: Token, index: ActorIndex) -> list[Span]:
    """'a unit ... known as Base 311', 'a unit, Base 311', compounds like 'Kremlin officials'."""
    for child in token.children:
        if child.dep_ == "appos" and index.at(child):
            return [index.at(child)]  # type: ignore[list-item]
        if child.dep_ in {"compound", "poss"} and child.i < token.i and index.at(child) and token.lemma_ in PROXY_HEADS:
            return [index.at(child)]  # type: ignore[list-item]
    examples = [s for g in _prep_objects(token, EXAMPLE_PREPS) for s in np_actors(g, index)]
    if examples:
        return examples
    name = known_as(token, index)
    return [name] if name is not None else []


def named_noun(acl: Token, index: ActorIndex) -> Token:
    """The noun a naming clause ('known as X') describes; when it hangs off an already named actor
    inside a prepositional phrase ('a unit under the PLA known as X'), the noun above it."""
    noun = acl.head
    if index.at(noun) is not None and noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        return noun.head.head
    return noun


def known_as(token: Token, index: ActorIndex) -> Span | None:
    """The actor named by 'known as / called / dubbed X' that describes ``token``."""
    for acl in token.subtree:
        if acl.dep_ not in {"acl", "relcl"} or acl.lemma_ not in NAMING_VERBS or named_noun(acl, index).i != token.i:
            continue
        for t in acl.subtree:
            named = (t.dep_ == "pobj" and t.head.lower_ == "as") or (t.dep_ == "oprd" and t.head.i == acl.i)
            if named and index.at(t):
                return index.at(t)
    return None


PROXY_HEADS = {"official", "government", "authority", "regime", "state", "agent", "operative", "leadership",
               "administration", "military", "embassy", "diplomat", "intelligence", "hacker", "operator",
               "officer", "employee", "personnel", "staff", "troll", "bot", "network", "cadre"}


def unique_actors(spans: list[Span]) -> list[Span]:
    seen, out = set(), []
    for s in spans:
        if s.kb_id_ not in seen and s.label_ not in NON_AGENT_TYPES:
            seen.add(s.kb_id_)
            out.append(s)
    return out


def clause_agent(verb: Token, index: ActorIndex, support: frozenset[str] = frozenset(),
                 passive_agent: bool = False) -> tuple[list[Span], bool]:
    """Agents of a verbal trigger and whether they came through an accusation ("accused of ...").
    With ``passive_agent`` the trigger's own passive subject acts ("staff are presented as researchers")."""
    cur, prev = verb, None
    accused = False
    for _ in range(MAX_CLIMB):
        by = [g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if by:
            return _flat(by, index), accused
        subjects = sorted((c for c in cur.children if c.dep_ in SUBJ_DEPS | PASS_SUBJ_DEPS),
                          key=lambda c: abs(cur.i - c.i))
        if subjects:
            # "Hidden behind a swimming pool, it was created ...": a participle's understood subject
            # is the main clause's subject, passive or not
            understood = (prev is not None and prev.dep_ == "advcl" and prev.tag_ == "VBN") or \
                (passive_agent and prev is None) or (prev is not None and cur.lemma_ in DISPOSITION_PASSIVES)
            found = [a for s in subjects for a in _subject(cur, s, index, understood)]
            return (unique_actors(found)[:4] if found else []), accused
        owner = _noun_owner(cur, index)
        if owner:
            return owner, accused
        nxt = _climb(cur, support)
        if nxt is None or (cur.dep_ == "advcl" and nxt.lemma_ in REPORT_BLOCK):
            return [], accused
        if nxt.lemma_ in ACCUSE_WORDS and _via_blame(cur, nxt):
            return _accused(nxt, index), True
        cur, prev = nxt, cur
    return [], accused


def _noun_owner(cur: Token, index: ActorIndex) -> list[Span]:
    """'China's attempts to intervene ...', 'its efforts to undermine ...': the noun's possessor."""
    if cur.dep_ != "acl" or not any(c.lower_ == "to" for c in cur.children):
        return []
    poss = [c for c in cur.head.children if c.dep_ == "poss"]
    return [s for p in poss for s in (np_actors(p, index) or _coref(p, index))]


def _flat(tokens: list[Token], index: ActorIndex) -> list[Span]:
    return unique_actors([s for t in tokens for s in np_actors(t, index)])


def _subject(verb: Token, subj: Token, index: ActorIndex, understood: bool = False) -> list[Span]:
    if subj.dep_ in PASS_SUBJ_DEPS and not understood:
        return []  # passive without a 'by' agent: the subject is the target
    if subj.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl":
        return np_actors(verb.head, index) or _coref(verb.head, index)
    return np_actors(subj, index) or _coref(_contents(subj), index) or _purpose_owner(subj, index)


def _contents(noun: Token) -> Token:
    """'millions of bots', 'a network of fake accounts': the noun a container holds."""
    for _ in range(3):
        if noun.lemma_.lower() not in CONTAINER_NOUNS or any(c.dep_ == "det" and c.lower_ in INDEFINITE
                                                             for c in noun.children):
            break  # "a group of hackers" introduces someone new
        inner = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        if inner is None:
            break
        noun = inner
    return noun


def _purpose_owner(subj: Token, index: ActorIndex) -> list[Span]:
    """'Its role is to ...', "China's goal is to ...": the possessor of a purpose noun acts."""
    if subj.lemma_.lower() not in PURPOSE_NOUNS:
        return []
    return [s for p in subj.children if p.dep_ == "poss" for s in (np_actors(p, index) or _coref(p, index))]


def _coref(token: Token, index: ActorIndex) -> list[Span]:
    found = antecedent(token, index.spans())
    return [found] if found is not None else (index.recall(token) or index.fallback(token))


def _climb(cur: Token, support: frozenset[str] = frozenset()) -> Token | None:
    """The governing verb or noun whose subject a subjectless clause shares."""
    if cur.dep_ in CLIMB_DEPS and cur.head.i != cur.i:
        return cur.head
    if cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
        return cur.head.head
    if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
        return cur.head.head
    if cur.dep_ == "acl" and cur.head.dep_ in {"dobj", "pobj"}:
        noun = cur.head
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        infinitive = any(c.lower_ == "to" for c in cur.children) and noun.dep_ == "dobj"
        return verb if infinitive or verb.lemma_ in support else None
    return None


def _via_blame(cur: Token, nxt: Token) -> bool:
    prep = cur.head if cur.dep_ in {"pcomp", "pobj"} else None
    return prep is None or prep.lower_ in BLAME_PREPS


def _accused(word: Token, index: ActorIndex) -> list[Span]:
    """'X was accused of ...' -> X; 'prosecutors indicted X for ...' -> X; 'on suspicion of' climbs on."""
    if word.pos_ == "NOUN":
        verb = word.head.head if word.dep_ == "pobj" else word.head
        if verb.pos_ in {"NOUN", "PROPN"} and word.dep_ == "pobj":  # "seven suspects on suspicion of ..."
            return np_actors(verb, index) or _coref(verb, index)
        if verb.pos_ != "VERB":
            return []
        word = verb
    pas = [c for c in word.children if c.dep_ in PASS_SUBJ_DEPS]
    obj = [c for c in word.children if c.dep_ == "dobj"]
    return unique_actors([a for t in (pas or obj) for a in (np_actors(t, index) or _coref(t, index))])


@lru_cache(maxsize=1)
def _places() -> Places:
    return Places.load()


def state_actor(token: Token, index: ActorIndex) -> Span | None:
    """The state a demonym or country-name modifier stands for ("Chinese influence campaigns",
    "Russia-funded"), when that state is an actor of the document; never after "pro-"/"anti-"."""
    if index.at(token) is not None and index.at(token).label_ in STATE_TYPES:  # type: ignore[union-attr]
        return index.at(token)
    doc = token.doc
    before = [doc[j].lower_ for j in range(max(0, token.i - 2), token.i)]
    if before and (before[-1] in STANCE_PREFIXES or (before[-1] in {"-", "‑"} and len(before) == 2
                                                     and before[0] in STANCE_PREFIXES)):
        return None
    places = _places()
    country = places.demonym(token.text) or places.country(token.text) or places.capital(token.text)
    if country is None:
        return None
    return next((sp for sp in index.spans() if sp.kb_id_ == country.key and sp.label_ in STATE_TYPES), None)


def _state_modifier(noun: Token, child: Token, index: ActorIndex) -> list[Span]:
    """'Chinese campaigns' (amod demonym) and 'Iran-backed outlets' / 'Russian-funded sites'
    (a sponsor participle whose modifier names a state or an actor)."""
    if child.i > noun.i:
        return []
    if child.dep_ in {"amod", "compound", "nmod"} and noun.lemma_.lower() in STATE_ACTIVITY_NOUNS:
        # "Chinese influence campaigns": the demonym may hang off the compound ("influence")
        mods = [child, *(c for c in child.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < child.i)] \
            if child.dep_ == "compound" else [child]
        for mod in mods:
            found = state_actor(mod, index) if mod.pos_ in {"ADJ", "PROPN"} else None
            if found is not None:
                return [found]
    if child.dep_ == "amod" and child.lemma_.lower() in SPONSOR_PARTICIPLES:
        for mod in child.children:
            if mod.i < child.i and mod.dep_ in {"npadvmod", "compound", "amod", "nmod"}:
                found = index.at(mod) or state_actor(mod, index)
                if found is not None and found.label_ not in NON_AGENT_TYPES:
                    return [found]
    return []


def nominal_agent(noun: Token, hit: Hit, index: ActorIndex, support: frozenset[str]) -> tuple[list[Span], bool]:
    """Agents of a nominal trigger: possessor, agent preposition, actor modifier, appositive owner,
    the subject of a support verb ("ran a campaign"), the actor it is linked or attributed to;
    climbs 'a network of fake accounts'. Failing all, a campaign noun ("the fake accounts") is the
    document's campaign (:mod:`ioggraph.nlp.discourse`)."""
    agents, accused = _nominal_agent(noun, hit, index, support)
    if not agents and description_kind(noun) == "campaign" and _unowned_clause(noun):
        agents = _coref(noun, index)
    return agents, accused


def _unowned_clause(noun: Token) -> bool:
    """The noun is its clause's subject, or the clause has no subject ("A hacking group created fake
    accounts" names its own actor, so the accounts are not the document's campaign's)."""
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in CONTAINER_NOUNS:
        noun = noun.head.head  # "millions of bots set the agenda": the container is the subject
    if noun.dep_ in SUBJ_DEPS | PASS_SUBJ_DEPS:
        return True
    verb = next((t for t in noun.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    return verb is None or not any(c.dep_ in SUBJ_DEPS | PASS_SUBJ_DEPS for c in verb.children)


def _nominal_agent(noun: Token, hit: Hit, index: ActorIndex, support: frozenset[str]) -> tuple[list[Span], bool]:
    cur = noun
    for _ in range(3):
        own = _own_agent(cur, hit, index) or _attributed(cur, hit, index)
        if own:
            return own, False
        head = cur.head
        if cur.dep_ == "appos" and index.at(head):
            return np_actors(head, index), False
        if cur.dep_ == "pobj" and head.dep_ == "agent":
            return [], False  # "targeted by a campaign": the campaign is the agent, not the subject
        verb = _instrument_verb(cur)
        if verb is not None:
            return clause_agent(verb, index, support)
        if cur.dep_ in {"dobj", "nsubjpass", "attr"} or (cur.dep_ == "pobj" and head.head.pos_ == "VERB"):
            verb = head if cur.dep_ != "pobj" else head.head
            if verb.lemma_ in support or (cur.dep_ == "attr" and verb.lemma_ == "be"):
                return clause_agent(verb, index, support)
            if verb.lemma_ in ACCUSE_WORDS:
                return _accused(verb, index), True
            if verb.lemma_ in RECEIVE_VERBS and cur.dep_ == "dobj":
                return _flat(_prep_objects(verb, set(hit.rule.agent_preps) - {"of"}), index), False
            if verb.lemma_ in ATTRIBUTE_VERBS:
                return _owners(_prep_objects(verb, ATTRIBUTE_PREPS), hit, index), False
            return [], False
        if cur.dep_ == "pobj" and head.lower_ in {"of", "at"} and head.head.lemma_.lower() in CONTAINER_NOUNS:
            cur = head.head
            continue
        if cur.dep_ == "conj" and index.at(head) is not None:
            return [], False   # "exchanges with Taiwanese lawmakers and reduced flight tickets": a list item, not theirs
        if cur.dep_ in {"conj", "compound", "amod"}:
            cur = head
            continue
        return [], False
    return [], False


def _attributed(noun: Token, hit: Hit, index: ActorIndex) -> list[Span]:
    """'fake accounts linked to a Chinese campaign' / 'tied to the IRGC': the actor behind it."""
    links = [c for c in noun.children if c.dep_ == "acl" and c.lemma_ in ATTRIBUTE_VERBS]
    return _owners([g for v in links for g in _prep_objects(v, ATTRIBUTE_PREPS)], hit, index)


def _owners(nps: list[Token], hit: Hit, index: ActorIndex) -> list[Span]:
    """Actors a noun phrase names, or else the actor owning it ("a Chinese campaign" -> China)."""
    return unique_actors([a for g in nps for a in (np_actors(g, index) or _own_agent(g, hit, index))])


PRECEDENT_NOUNS = {"tactic", "strategy", "technique", "playbook", "method", "approach", "practice", "tool"}


def precedent_agents(head: Token, index: ActorIndex) -> list[Span]:
    """'[The CCP's issuance of IDs] is a tactic previously employed by Russia ...': Russia did it too."""
    if head.dep_ not in SUBJ_DEPS or head.head.lemma_ != "be":
        return []
    by = [g for attr in head.head.children if attr.dep_ == "attr" and attr.lemma_.lower() in PRECEDENT_NOUNS
          for acl in attr.children if acl.dep_ == "acl"
          for c in acl.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return _flat(by, index)


SUMMARY_SUBJECTS = {"these", "those", "this", "such", "they"}
SUMMARY_NOUNS = PRECEDENT_NOUNS | {"way", "means", "step", "measure"}


def summary_agents(head: Token, index: ActorIndex) -> tuple[list[Span], bool]:
    """'Floating balloons, funding influencers and hosting officials on trips: these are among the
    tactics Beijing is accused of deploying' -> Beijing (accused) for the listed activities."""
    root = head.sent.root
    subj = next((c for c in root.children if c.dep_ == "nsubj" and c.lower_ in SUMMARY_SUBJECTS), None)
    if root.lemma_ != "be" or subj is None or head.i > subj.i:
        return [], False
    nouns = [t for t in root.subtree if t.i > subj.i and t.lemma_.lower() in SUMMARY_NOUNS]
    if not nouns:
        return [], False
    for t in root.subtree:
        if t.i > nouns[0].i and t.dep_ in {"nsubj", "nsubjpass"} and index.at(t) is not None:
            return np_actors(t, index), t.dep_ == "nsubjpass" and t.head.lemma_ in ACCUSE_WORDS
    return [], False


def _instrument_verb(noun: Token) -> Token | None:
    """'China hit the site with phishing attacks' / 'struck the servers with malware': the verb whose
    subject used the instrument ``noun``."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in INSTRUMENT_PREPS:
        return None
    owner = prep.head
    if owner.dep_ == "dobj" and owner.head.pos_ == "VERB":
        owner = owner.head
    return owner if owner.pos_ == "VERB" and owner.lemma_ not in ACCUSE_WORDS else None


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children
            if g.dep_ == "pobj"]


def _own_agent(noun: Token, hit: Hit, index: ActorIndex) -> list[Span]:
    preps = set(hit.rule.agent_preps)
    name = known_as(noun, index)  # "an influence operation dubbed X": X runs it
    found = [name] if name is not None else []
    for sib in [noun, *[c for c in noun.children if c.dep_ == "conj"]]:
        for child in sib.children:
            if child.dep_ == "poss" or (child.dep_ in {"compound", "amod", "nmod"} and index.at(child)):
                found.extend(np_actors(child, index) or (_coref(child, index) if child.dep_ == "poss" else []))
            elif child.dep_ in {"compound", "amod", "nmod"}:
                found.extend(_state_modifier(sib, child, index))
            elif child.dep_ == "prep" and child.lower_ in preps:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                found.extend(_flat(objs, index) or [a for g in objs for a in [state_actor(g, index)] if a])
    return unique_actors(found)
