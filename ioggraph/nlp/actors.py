"""The ``iog_actors`` component: one span per actor mention, keyed to one actor per document.

Reads: ``doc.ents`` (PERSON, ORG, GPE, NORP, LOC, FAC), the dependency parse, the actor registry,
the group lexicon and agent nouns, the places list and the boilerplate patterns (all from ``schemas/``).
Writes: ``doc.spans["iog_actors"]`` (``label_`` = actor type, ``kb_id_`` = document actor key) and
``doc._.iog_actors`` (key -> {"label", "type", "aliases", "registry", "part_of", "member_of"}).

The algorithm is a chain of pure functions over candidates (find -> clean -> resolve overlaps ->
aliases); this class only connects them. Finders: :mod:`ioggraph.nlp.registry_match` (aliases and
canonical ids, not discovery), :mod:`ioggraph.nlp.ner` (NER names made whole and typed; states in
:mod:`ioggraph.nlp.states`), :mod:`ioggraph.nlp.named_as` (names after a naming cue, organisations
NER left out), :mod:`ioggraph.nlp.owned` (units named by their owner), :mod:`ioggraph.nlp.groups`
(groups and audiences from a grammar). Then :func:`whole_names`, boilerplate, overlaps, branches
(:mod:`ioggraph.nlp.branches`) and aliases (:mod:`ioggraph.nlp.aliases`, :func:`other_names`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ioggraph.nlp import groups, token_index
from ioggraph.nlp.aliases import resolve_aliases
from ioggraph.nlp.branches import BRANCH_TYPES, local_branches
from ioggraph.nlp.group_lexicon import GroupLexicon
from ioggraph.nlp.named_as import named_as_candidates, unlabelled_names
from ioggraph.nlp.ner import ner_candidates
from ioggraph.nlp.owned import owned_unit_candidates
from ioggraph.nlp.places import Places
from ioggraph.nlp.registry_match import BLOCKED
from ioggraph.nlp.text import clean_label, normalise
from ioggraph.registry import RegistryActor, load_registry
from ioggraph.schemas import load_yaml, require_list_of_str, schemas_dir

SPANS_KEY = "iog_actors"
if not Doc.has_extension("iog_actors"):
    Doc.set_extension("iog_actors", default=None)

# overlap ranking: registry names first, then the longest span, then this order
SOURCE_RANK = {"registry": 0, "group": 1, "short": 2, "named": 2, "ner": 3}


@dataclass
class Candidate:
    """A possible actor mention over tokens [start, end)."""

    start: int
    end: int
    key: str
    type: str
    label: str
    source: str
    registry: bool = False
    aliases: set[str] = field(default_factory=set)
    part_of: str | None = None     # a branch of a registry actor ("Anhui TAO" -> tao)
    core_start: int | None = None  # groups claim only [core_start, core_end) against other candidates:
    core_end: int | None = None    # names in their modifiers or tail ("IRGC-linked", "in China") stay free
    alias_of: int | None = None    # a token of the actor this is another name of ("X, known as H6")

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def core(self) -> set[int]:
        return set(range(self.core_start or self.start, self.core_end or self.end))


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep candidates whose cores do not overlap: registry names first, then longer, then by source."""
    def rank(c: Candidate) -> tuple[int, int, int, int]:
        return (0 if c.source == "registry" else 1, -c.size, SOURCE_RANK.get(c.source, 4), c.start)
    taken: set[int] = set()
    kept = []
    for c in sorted(cands, key=rank):
        tokens = c.core  # a group's tail ("residing in China") may hold other actors
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


NAMED_TYPES = {"Organization", "Media", "MilitaryUnit", "Person"}


def whole_names(doc: Doc, cands: list[Candidate], places: Places) -> list[Candidate]:
    """Names stay whole: an NER name that holds a registry name plus words of its own ("Bangladesh
    Nationalist Party" around the KMT's alias "Nationalist Party", "Ma Ying-jeou Foundation", "China
    Daily Distribution Corp.") is its own actor, and the registry match inside it goes; "<registry
    organisation> of/in ..." is a branch of it ("United Front Work Department of the Jiangsu
    Provincial Committee ..."). A sub-national place before a registry name is left to
    :func:`ioggraph.nlp.branches.local_branches` (a country there makes another actor); an NER person
    around a registry person stays that person."""
    registry = [c for c in cands if c.source == "registry"]
    if not registry:
        return cands
    at: dict[int, list[Candidate]] = {}
    for r in registry:
        for i in range(r.start, r.end):
            at.setdefault(i, []).append(r)
    drop: set[int] = set()
    out = []
    for c in cands:
        if c.source == "ner" and c.type in NAMED_TYPES:
            inner = {id(r): r for i in range(c.start, c.end) for r in at.get(i, ()) if r.start >= c.start and r.end <= c.end}
            if inner:
                r = max(inner.values(), key=lambda r: (r.size, -r.start))
                c = _around_registry(doc, c, r, places)
                if c.source == "ner" and c.key != r.key:
                    drop |= set(inner)
        out.append(c)
    return [c for c in out if id(c) not in drop]


def _around_registry(doc: Doc, c: Candidate, r: Candidate, places: Places) -> Candidate:
    """``c`` as its own actor when its extra words make it another name than ``r``; else ``r``'s key
    (so the caller keeps the registry match)."""
    if r.size == c.size or r.type == "Person" and c.type == "Person":
        return with_key(c, r.key, r.type, r.label, True)
    right = doc[r.end:c.end]
    if r.start == c.start and right and r.type != "Person" and _place_words(right, places):
        return replace(c, type=r.type, part_of=r.key)  # "Sputnik Moldova": the outlet's local edition
    if not right and r.type in BRANCH_TYPES and places.country(doc[c.start:r.start].text) is None:
        return with_key(c, r.key, r.type, r.label, True)  # "Anhui Province Taiwan Affairs Office": a branch
    if right and right[0].lower_ in {"of", "in"} and r.type != "Person":
        return replace(c, part_of=r.key)
    return c


def _place_words(span: Span, places: Places) -> bool:
    """A country, capital or demonym, or a span NER calls a place or language ("Moldova", "Arabic")."""
    text = span.text
    return bool(places.country(text) or places.capital(text) or places.demonym(text)) \
        or all(t.ent_type_ in {"GPE", "LOC", "LANGUAGE", "NORP"} for t in span)


def other_names(cands: list[Candidate]) -> list[Candidate]:
    """A name given as another name of an actor ("Yang Tengbo, ... known as H6") is a mention of that
    actor, and so are its later mentions."""
    if not any(c.alias_of is not None for c in cands):
        return cands
    at = {i: c for c in cands for i in range(c.start, c.end)}
    rename: dict[str, Candidate] = {}
    for c in cands:
        owner = at.get(c.alias_of) if c.alias_of is not None else None
        if owner is not None and owner.key != c.key and owner.alias_of is None:
            rename[c.key] = owner
    out = []
    for c in cands:
        owner = rename.get(c.key)
        if owner is not None:
            c = with_key(c, owner.key, owner.type, owner.label, owner.registry)
        out.append(c)
    return out


def drop_blocked(cands: list[Candidate]) -> list[Candidate]:
    """Registry forms used as settings hide NER guesses of another actor over exactly the same tokens
    ("Kremlin" as an Organization), then go; NER's own reading of the state ("from the Chinese
    government" -> china) stays."""
    blocked = {(c.start, c.end): c.key for c in cands if c.source == BLOCKED}
    return [c for c in cands if c.source != BLOCKED
            and not (c.source == "ner" and blocked.get((c.start, c.end), c.key) != c.key)]


def boilerplate_ranges(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    return sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text))


def drop_boilerplate(doc: Doc, cands: list[Candidate], ranges: list[tuple[int, int]]) -> list[Candidate]:
    def inside(c: Candidate) -> bool:
        s, e = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])
        return any(s < r_end and e > r_start for r_start, r_end in ranges)
    return [c for c in cands if not inside(c)]


def with_key(c: Candidate, key: str, kind: str, label: str, registry: bool) -> Candidate:
    return replace(c, key=key, type=kind, label=label, registry=registry, aliases=set(c.aliases))


def registry_keys(cands: list[Candidate], registry: dict[str, RegistryActor]) -> list[Candidate]:
    """A candidate whose key is a registry id ("china" from places) is that registry actor."""
    out = []
    for c in cands:
        actor = registry.get(c.key)
        if actor is not None and not c.registry:
            c = with_key(c, actor.id, actor.type, actor.name, True)
        out.append(c)
    return out


def actor_table(cands: list[Candidate], registry: dict[str, RegistryActor]) -> dict[str, dict]:
    """key -> {"label", "type", "aliases", "registry", "part_of", "member_of"} (plain values)."""
    actors: dict[str, dict] = {}
    parts = {c.key: c.part_of for c in cands if c.part_of}
    for c in cands:
        entry = actors.setdefault(c.key, {"label": c.label, "type": c.type, "aliases": set(), "registry": c.registry})
        entry["aliases"] |= {clean_label(a) for a in c.aliases}
        if not entry["registry"] and len(c.label) > len(entry["label"]):
            entry["label"] = c.label
    for key, entry in actors.items():
        actor = registry.get(key) if entry["registry"] else None
        if actor is not None:  # the contract: surface forms seen, and the registry aliases
            entry["label"], entry["type"] = actor.name, actor.type
            entry["aliases"] |= set(actor.aliases)
        entry["part_of"] = actor.part_of if actor else parts.get(key)
        entry["member_of"] = actor.member_of if actor else None
        entry["aliases"] = sorted(a for a in entry["aliases"] if a and normalise(a) != normalise(entry["label"]))
    return actors


@Language.factory(
    "iog_actors",
    requires=["doc.ents", "token.dep"],
    assigns=["doc.spans", "doc._.iog_actors"],
    default_config={"registry_paths": []},
)
def make_actor_recognizer(nlp: Language, name: str, registry_paths: list[str]) -> ActorRecognizer:
    from ioggraph.registry_cache import load_registry as load_cached  # parsed once per content hash
    return ActorRecognizer(nlp, name, registry=load_cached([Path(p) for p in registry_paths]))


class ActorRecognizer:
    """See the module docstring: finds actor mentions and writes them to the Doc."""

    def __init__(self, nlp: Language, name: str, *, registry: dict[str, RegistryActor]):
        from ioggraph.nlp.registry_match import RegistryMatcher
        self.name = name
        self.registry = registry
        self.match_registry = RegistryMatcher(nlp, registry)
        self.places = Places.load()
        self.group_lexicon = GroupLexicon.load(schemas_dir() / "groups.yaml")
        path = schemas_dir() / "boilerplate.yaml"
        data = load_yaml(path)
        self.boilerplate = [re.compile(p, re.M) for p in require_list_of_str(path, data, "patterns")]
        self.not_actors = frozenset(normalise(w) for w in require_list_of_str(path, data, "not_actors"))

    def __call__(self, doc: Doc) -> Doc:
        cands = [*self.match_registry(doc), *groups.group_candidates(doc, self.group_lexicon, self.places),
                 *ner_candidates(doc, self.places, self.not_actors), *named_as_candidates(doc),
                 *unlabelled_names(doc), *owned_unit_candidates(doc)]
        cands = whole_names(doc, drop_blocked(cands), self.places)
        cands = drop_boilerplate(doc, cands, boilerplate_ranges(token_index.text(doc), self.boilerplate))
        cands = local_branches(doc, registry_keys(resolve_overlaps(cands), self.registry), self.places)
        cands = other_names(resolve_aliases(doc, cands))
        doc.spans[SPANS_KEY] = [Span(doc, c.start, c.end, label=c.type, kb_id=c.key) for c in cands]
        doc._.iog_actors = actor_table(cands, self.registry)
        return doc
