"""Phrase matching of registry actors in a Doc (no parser needed except for metonyms/states).

- names and aliases match case-insensitively; short all-caps aliases ("DPP", "IRA", "U.S.") and
  aliases in CJK script match exactly, so "ira" or "Dpp" do not;
- metonyms ("Beijing", "the Kremlin") and Government actors count only when they act
  (:func:`ioggraph.nlp.states.is_acting`), not as settings ("in Beijing");
- bare surnames of registry people (one-word aliases such as "Putin", and the first and last word
  of the name, "Lai", "Xi") match exactly and only after a full form of the same person appeared
  earlier in the document; a longer NER name over them ("Wang Yi") wins;
- a metonym or state seen as a setting comes back with source ``BLOCKED``: it only stops NER from
  making another actor of the same words ("Kremlin" as an Organization).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ioggraph.nlp.states import is_acting
from ioggraph.nlp.text import has_cjk
from ioggraph.registry import RegistryActor

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

SHORT = "|short"
METONYM = "|metonym"
BLOCKED = "blocked"  # source of a registry form seen as a setting: it hides same-span NER guesses, then goes


def exact_form(form: str) -> bool:
    """Forms matched case-sensitively: all-caps up to six letters, or any CJK text."""
    return form.replace(".", "").isupper() and len(form) <= 6 or has_cjk(form)


def surname_forms(actor: RegistryActor) -> set[str]:
    """One-word Latin forms of a registry person: gated until a full form appears."""
    if actor.type != "Person":
        return set()
    forms = {a for a in actor.aliases if len(a.split()) == 1 and not has_cjk(a)}
    words = actor.name.split()
    if len(words) > 1 and not has_cjk(actor.name):
        forms |= {words[0], words[-1]}
    return forms


class RegistryMatcher:
    """Finds registry mentions; ``__call__`` returns Candidates (source "registry" or "short")."""

    def __init__(self, nlp: Language, registry: dict[str, RegistryActor]):
        from ioggraph.registry_cache import doc_maker  # tokens of registry forms, cached by content hash
        self.registry = registry
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.make_doc = doc_maker(nlp, registry)
        for actor in registry.values():
            short = surname_forms(actor)
            forms = {f.replace("'", "’") for f in actor.surface_forms()} | set(actor.surface_forms())
            self._add(nlp, actor.id, forms - short)
            if short:
                self.exact.add(actor.id + SHORT, [self.make_doc(f) for f in sorted(short)])
            if actor.metonyms:
                self._add(nlp, actor.id + METONYM, set(actor.metonyms))
        self.make_doc.save()

    def _add(self, nlp: Language, key: str, forms: set[str]) -> None:
        forms = {f for f in forms if len(f) > 1}  # "X" (the platform) only through its other names
        exact = sorted(f for f in forms if exact_form(f))
        lower = sorted(forms - set(exact))
        if exact:
            self.exact.add(key, [self.make_doc(f) for f in exact])
        if lower:
            self.lower.add(key, [self.make_doc(f) for f in lower])

    def __call__(self, doc: Doc) -> list[Candidate]:
        from ioggraph.nlp.actors import Candidate
        out, seen = [], set()
        for match_id, start, end in merge_same(doc, [*self.lower(doc), *self.exact(doc)]):
            key = doc.vocab.strings[match_id]
            actor = self.registry[key.split("|")[0]]
            span = doc[start:end]
            if key.endswith(SHORT):
                if actor.id in seen:
                    out.append(Candidate(start, end, actor.id, actor.type, actor.name, "short", True, {span.text}))
                continue
            if (key.endswith(METONYM) or actor.type == "Government") and doc.has_annotation("DEP") and not is_acting(span):
                # a setting, not an actor; NER may not retype the same words ("Kremlin manipulators")
                out.append(Candidate(start, end, actor.id, actor.type, actor.name, BLOCKED, True, {span.text}))
                continue
            seen.add(actor.id)
            out.append(Candidate(start, end, actor.id, actor.type, actor.name, "registry", True, {span.text}))
        return out


def merge_same(doc: Doc, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Overlapping or touching matches of one actor become one ("President Xi" + "Xi Jinping")."""
    out: list[tuple[int, int, int]] = []
    for match_id, start, end in sorted(matches, key=lambda m: (m[1], -m[2])):
        actor = doc.vocab.strings[match_id].split("|")[0]
        for n, (other, o_start, o_end) in enumerate(out):
            if doc.vocab.strings[other].split("|")[0] == actor and start < o_end:
                out[n] = (other if not doc.vocab.strings[other].endswith(SHORT) else match_id, o_start, max(end, o_end))
                break
        else:
            out.append((match_id, start, end))
    return out
