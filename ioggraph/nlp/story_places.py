"""The ``iog_places`` component: the countries a relevant story names are nodes of its graph.

Reads: ``doc.ents`` (GPE and LOC), ``doc._.iog_relevant`` (from ``iog_tactics``), ``doc.spans["iog_actors"]``
and ``doc._.iog_actors``, the countries of ``schemas/places.yaml`` and the actor registry (through ``iog_actors``).
Writes: ``doc._.iog_places``, a Government actor entry for every country the document names that is not an
actor of it yet (``iog_actors`` keeps a place only where it acts: "Russia paid ...", "interference in Moldova";
"the elections in Moldova" is a setting there), and, in a relevant document, ``doc.spans["iog_actors"]`` and
``doc._.iog_actors`` extended with them.

It runs after the tactic layer, so it changes no edge: an analyst's question "which stories name Moldova?"
gets every relevant story, while the agents and targets of tactic edges stay what the parse says. In an
article about an influence operation a named country is often a party to it: on train, 42% of the
countries named once and 68% of those named three times or more are gold key actors (perpetrator, target,
facilitator); the rest are mostly settings and comparisons, which only add a document to that country's node.
A document the scorer finds non-relevant gets none (``doc._.iog_relevant`` False), and so does every document
when there is no scorer (None): ``ioggraph train`` reads ``doc._.iog_places`` and adds them in its replay of the
decisions where the document is relevant.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ioggraph.nlp.actors import Candidate, actor_table, registry_keys
from ioggraph.nlp.places import Places
from ioggraph.registry import RegistryActor

PLACE_LABELS = frozenset({"GPE", "LOC"})
if not Doc.has_extension("iog_places"):
    Doc.set_extension("iog_places", default=None)


def named_countries(doc: Doc, places: Places, taken: set[int]) -> list[Candidate]:
    """A Government candidate for every GPE/LOC entity that is a country (not a capital: "in Beijing"
    is mostly a dateline or a setting) over no token of an actor."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        country = places.country(ent.text)
        if country is None:
            continue
        out.append(Candidate(ent.start, ent.end, country.key, "Government", country.name, "ner", False, {ent.text}))
    return out


def add_named_countries(doc: Doc, places: Places, registry: dict[str, RegistryActor]) -> None:
    """Write :func:`named_countries` to ``doc._.iog_places`` (key -> actor entry) and, when the scorer found the
    document relevant, add them to the Doc's actors (in place)."""
    actors = dict(doc._.iog_actors or {})
    spans = list(doc.spans["iog_actors"]) if "iog_actors" in doc.spans else []
    taken = {i for s in spans for i in range(s.start, s.end)}
    cands = [c for c in registry_keys(named_countries(doc, places, taken), registry)
             if c.key not in actors]   # by its registry key: "China" acting elsewhere in the document
    doc._.iog_places = actor_table(cands, registry)
    if not cands or doc._.iog_relevant is not True:
        return
    actors.update(doc._.iog_places)
    spans += [Span(doc, c.start, c.end, label=c.type, kb_id=c.key) for c in cands]
    doc._.iog_actors = actors
    doc.spans["iog_actors"] = sorted(spans, key=lambda s: (s.start, s.end))


class NamedCountries:
    """See the module docstring."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        recognizer = nlp.get_pipe("iog_actors") if "iog_actors" in nlp.pipe_names else None
        self.places: Places = getattr(recognizer, "places", None) or Places.load()   # the recognizer's, loaded once
        self.registry: dict[str, RegistryActor] = getattr(recognizer, "registry", {}) or {}

    def __call__(self, doc: Doc) -> Doc:
        add_named_countries(doc, self.places, self.registry)
        return doc


@Language.factory(
    "iog_places",
    requires=["doc.ents", "doc.spans", "doc._.iog_actors", "doc._.iog_relevant"],
    assigns=["doc.spans", "doc._.iog_actors", "doc._.iog_places"],
)
def make_named_countries(nlp: Language, name: str) -> NamedCountries:
    return NamedCountries(nlp, name)
