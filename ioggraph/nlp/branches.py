"""Local branches of registry organisations: "Changsha City's Taiwan Affairs Office", "Anhui TAO".

A registry organisation name preceded by a sub-national place ("Anhui Province", "Changsha City's")
names a local office, not the national body: it becomes its own actor with ``part_of`` the registry
id, so one real-world actor stays one node. A country before the name ("China's Taiwan Affairs
Office") is the national body itself. Later short forms with the same place ("Anhui TAO") join the
branch first named in the document.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ioggraph.nlp.places import Places
from ioggraph.nlp.text import clean_label, slug

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

PLACE_WORDS = {"province", "city", "county", "municipality", "district", "prefecture", "region"}
BRANCH_TYPES = {"Organization", "Media"}


def place_before(doc: Doc, start: int, places: Places, known: set[str]) -> int | None:
    """Start of a sub-national place name right before token ``start`` (skipping a possessive):
    title-case proper nouns that are a GPE, end in a place word ("Anhui Province"), or were already
    the place of a branch in this document (``known``: "Anhui" in "the Anhui TAO")."""
    i = start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    end, first = i + 1, None
    while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].is_title and doc[i].ent_type_ not in {"PERSON", "NORP"}:
        first = i
        i -= 1
    if first is None:
        return None
    run = doc[first:end]
    placeish = any(t.ent_type_ in {"GPE", "LOC"} for t in run) or run[-1].lower_ in PLACE_WORDS or run[0].text in known
    country = places.country(run.text) or places.capital(run.text) or places.demonym(run.text)
    return first if placeish and not country else None


def local_branches(doc: Doc, cands: list[Candidate], places: Places) -> list[Candidate]:
    """Registry organisations with a place before them become branch actors (see module docstring)."""
    seen: dict[tuple[str, str], Candidate] = {}
    out = []
    for c in cands:
        known = {place for parent, place in seen if parent == c.key}
        first = place_before(doc, c.start, places, known) if c.registry and c.type in BRANCH_TYPES else None
        if first is None:
            out.append(c)
            continue
        place = doc[first].text
        branch = seen.get((c.key, place))
        label = clean_label(doc[first:c.end].text)
        if branch is None:
            branch = replace(c, start=first, key=slug(label), label=label, source="ner", registry=False,
                             aliases={doc[first:c.end].text}, part_of=c.key)
            seen[(c.key, place)] = branch
            out.append(branch)
        else:
            out.append(replace(branch, start=first, end=c.end, aliases={doc[first:c.end].text}))
    return out
