"""The ``iog_actors`` component: one span per actor mention, keyed to one actor per document.

Reads: ``doc.ents`` (PERSON, ORG, GPE, NORP), the dependency parse, the actor registry, the group
lexicon and the boilerplate patterns (all from ``schemas/``).
Writes: ``doc.spans["iog_actors"]`` (``label_`` = actor type, ``kb_id_`` = document actor key) and
``doc._.iog_actors`` (key -> {"label", "type", "aliases", "registry"}).

The algorithm is a chain of pure functions over candidates (find -> clean -> alias -> resolve);
this class only connects them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ioggraph.nlp import groups
from ioggraph.nlp.text import clean_label, has_cjk, normalise, slug
from ioggraph.registry import RegistryActor, load_registry
from ioggraph.schemas import load_yaml, schemas_dir

SPANS_KEY = "iog_actors"
if not Doc.has_extension("iog_actors"):
    Doc.set_extension("iog_actors", default=None)

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Government", "NORP": None}
MEDIA_WORDS = {"news", "times", "tv", "television", "radio", "broadcasting", "post", "daily", "press",
               "journal", "herald", "tribune", "gazeta", "gazette", "channel", "network", "media"}
MILITARY = re.compile(r"\b(?:army|navy|air force|forces?|base \d+|unit \d+|\d+ unit|brigade|regiment|division|corps|command)\b", re.I)
SETTING_PREPS = {"in", "at", "to", "from", "across", "near", "around", "inside", "within", "throughout",
                 "into", "over", "via", "through", "toward", "towards", "outside", "between", "on"}
ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "appos", "conj", "ROOT"}


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

    @property
    def size(self) -> int:
        return self.end - self.start


class RegistryMatcher:
    """Phrase matching of registry names, aliases and metonyms (all-caps short forms by ORTH)."""

    def __init__(self, nlp: Language, registry: dict[str, RegistryActor]):
        self.registry = registry
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.metonyms: set[str] = set()
        for actor in registry.values():
            forms = {f.replace("'", "’") for f in actor.surface_forms()} | set(actor.surface_forms())
            self._add(nlp, actor.id, forms)
            if actor.metonyms:
                self._add(nlp, f"{actor.id}|metonym", set(actor.metonyms))

    def _add(self, nlp: Language, key: str, forms: set[str]) -> None:
        exact = sorted(f for f in forms if f.replace(".", "").isupper() and len(f) <= 6 or has_cjk(f))
        lower = sorted(forms - set(exact))
        if exact:
            self.exact.add(key, [nlp.make_doc(f) for f in exact])
        if lower:
            self.lower.add(key, [nlp.make_doc(f) for f in lower])

    def __call__(self, doc: Doc) -> list[Candidate]:
        out = []
        for match_id, start, end in [*self.lower(doc), *self.exact(doc)]:
            key = doc.vocab.strings[match_id]
            metonym = key.endswith("|metonym")
            actor = self.registry[key.split("|")[0]]
            span = doc[start:end]
            if (metonym or actor.type == "Government") and not is_acting(span):
                continue
            out.append(Candidate(start, end, actor.id, actor.type, actor.name, "registry", True, {span.text}))
        return out


def is_acting(span: Span) -> bool:
    """True when a place name is used as an agent (subject, possessor, object) not as a setting."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in SETTING_PREPS:
        return False
    if root.dep_ == "compound" and root.head.lower_ in {"government", "authorities", "officials", "regime", "state"}:
        return True
    if root.dep_ in {"compound", "amod", "nmod"}:
        return False
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        return root.head.head.lower_ in {"government", "authorities", "regime", "state", "leadership"}
    return root.dep_ in ACTING_DEPS or (root.dep_ == "pobj" and root.head.lower_ in {"by", "with", "against", "for"})


def ner_candidates(doc: Doc) -> list[Candidate]:
    """Clean NER spans: no determiner, possessor split off, typed by rule."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NER_TYPES or NER_TYPES[ent.label_] is None:
            continue
        for span, owner in split_possessive(ent):
            kind = type_of(span, ent.label_ if not owner else "GPE")
            if kind is None or not span.text.strip() or not any(t.is_alpha for t in span):
                continue
            if kind == "Government" and not is_acting(span):
                continue
            label = clean_label(span.text)
            out.append(Candidate(span.start, span.end, slug(label), kind, label, "ner", False, {span.text}))
    return out


def split_possessive(ent: Span) -> list[tuple[Span, bool]]:
    """'Beijing's Central Leading Group' -> [(Beijing, owner), (Central Leading Group, entity)]."""
    doc, start, end = ent.doc, ent.start, ent.end
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    for i in range(start, end):
        if doc[i].tag_ == "POS" and i + 1 < end:
            owner = doc[start:i]
            parts = [(doc[i + 1:end], False)]
            if owner.root.ent_type_ == "GPE":
                parts.insert(0, (owner, True))
            return parts
    return [(doc[start:end], False)] if start < end else []


def type_of(span: Span, ner_label: str) -> str | None:
    words = {t.lower_ for t in span}
    if ner_label == "PERSON":
        return "Person"
    if ner_label == "GPE":
        return "Government"
    if MILITARY.search(span.text):
        return "MilitaryUnit"
    if words & MEDIA_WORDS:
        return "Media"
    return "Organization"


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: registry first, then longer, then earlier."""
    rank = {"registry": 0, "group": 1, "ner": 2}
    taken: set[int] = set()
    kept = []
    for c in sorted(cands, key=lambda c: (rank.get(c.source, 3), -c.size, c.start)):
        tokens = set(range(c.start, c.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def boilerplate_ranges(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    return sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text))


@Language.factory(
    "iog_actors",
    requires=["doc.ents", "token.dep"],
    assigns=["doc.spans", "doc._.iog_actors"],
    default_config={"registry_paths": []},
)
def make_actor_recognizer(nlp: Language, name: str, registry_paths: list[str]) -> ActorRecognizer:
    return ActorRecognizer(nlp, name, registry=load_registry([Path(p) for p in registry_paths]))


class ActorRecognizer:
    """See the module docstring: finds actor mentions and writes them to the Doc."""

    def __init__(self, nlp: Language, name: str, *, registry: dict[str, RegistryActor]):
        self.name = name
        self.registry = registry
        self.match_registry = RegistryMatcher(nlp, registry)
        self.group_lexicon = groups.GroupLexicon.load(schemas_dir() / "groups.yaml")
        data = load_yaml(schemas_dir() / "boilerplate.yaml")
        self.boilerplate = [re.compile(p, re.M) for p in data["patterns"]]

    def __call__(self, doc: Doc) -> Doc:
        cands = [*self.match_registry(doc), *groups.group_candidates(doc, self.group_lexicon), *ner_candidates(doc)]
        cands = drop_boilerplate(doc, cands, boilerplate_ranges(doc.text, self.boilerplate))
        cands = resolve_overlaps(cands)
        from ioggraph.nlp.aliases import resolve_aliases
        cands = resolve_aliases(doc, cands)
        self.set_annotations(doc, cands)
        return doc

    def set_annotations(self, doc: Doc, cands: list[Candidate]) -> None:
        spans, actors = [], {}
        for c in cands:
            spans.append(Span(doc, c.start, c.end, label=c.type, kb_id=c.key))
            entry = actors.setdefault(c.key, {"label": c.label, "type": c.type, "aliases": set(), "registry": c.registry})
            entry["aliases"] |= {clean_label(a) for a in c.aliases}
            if not entry["registry"] and len(c.label) > len(entry["label"]):
                entry["label"] = c.label
        for key, entry in actors.items():
            entry["aliases"] = sorted(a for a in entry["aliases"] if a and normalise(a) != normalise(entry["label"]))
            if entry["registry"]:
                actor = self.registry[key]
                entry["label"], entry["type"] = actor.name, actor.type
        doc.spans[SPANS_KEY] = spans
        doc._.iog_actors = actors


def drop_boilerplate(doc: Doc, cands: list[Candidate], ranges: list[tuple[int, int]]) -> list[Candidate]:
    def inside(c: Candidate) -> bool:
        s, e = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])
        return any(s < r_end and e > r_start for r_start, r_end in ranges)
    return [c for c in cands if not inside(c)]


def with_key(c: Candidate, key: str, kind: str, label: str, registry: bool) -> Candidate:
    return replace(c, key=key, type=kind, label=label, registry=registry, aliases=set(c.aliases))
