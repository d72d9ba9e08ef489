"""Units named by their owner: "Hezbollah’s electronic unit", "Kiriyenko's task force", "Meta's
security team" (pure functions over a parsed Doc).

"<named owner>’s [lower-case words] <unit noun>" is an Organization of its own, named as written;
the owner (an organisation, person or place NER found) stays its own actor: the candidate claims
only the words after the possessive. States' organs by country ("Iran's intelligence service")
are :func:`ioggraph.nlp.states.organ_phrases`. A person's political campaign ("the Trump campaign") is
:func:`campaign_candidates`; a person NER left out after an organisation's possessive ("the ANC Youth
League’s Collen Maine") is :func:`member_names`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ioggraph.nlp.ner import ASSOCIATION_HEADS, INSTITUTION_HEADS, MEDIA_WORDS, NAME_CONNECTORS, ORG_WORDS
from ioggraph.nlp.text import clean_label, slug
from ioggraph.nlp.token_index import positions

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

# bodies that are parts of their owner; not "network" or "apparatus": "the Kremlin's propaganda network" is
# the Kremlin's activity, described
UNIT_NOUNS = {"unit", "units", "team", "teams", "service", "agency", "force", "department", "ministry", "office",
              "wing", "division", "bureau", "branch", "committee", "cell"}
OWNER_ENTS = {"ORG", "PERSON", "GPE", "NORP"}
MAX_MODIFIERS = 3


def campaign_candidates(doc: Doc) -> list[Candidate]:
    """"the Trump campaign", "a Clinton campaign official": a word of a full person name of the document
    right before a lower-case "campaign" is that person's political campaign, an Organization (the
    person stays their own actor)."""
    from ioggraph.nlp.actors import Candidate
    people = {t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent if t.is_title}
    out = []
    for i in positions(doc, "LOWER", {"campaign"}):
        head, name = doc[i], doc[i - 1] if i > 0 else None
        if not head.is_lower or head.pos_ != "NOUN" or name is None or not name.is_title or name.text not in people:
            continue
        start = name.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].text in people:
            start -= 1  # "the Hillary Clinton campaign"
        text = doc[start:i + 1].text
        label = clean_label(text)
        out.append(Candidate(start, i + 1, slug(label), "Organization", label, "ner", False, {text},
                             core_start=i, core_end=i + 1))
    return out


def owned_unit_candidates(doc: Doc) -> list[Candidate]:
    """Every "<owner>’s ... <unit noun>" phrase (see the module docstring)."""
    from ioggraph.nlp.actors import Candidate
    out = []
    for i in positions(doc, "LOWER", UNIT_NOUNS):
        head = doc[i]
        if not head.is_lower or head.pos_ != "NOUN":
            continue
        j = i - 1
        while j >= 0 and i - j <= MAX_MODIFIERS and doc[j].is_lower and doc[j].pos_ in {"ADJ", "NOUN"} \
                and doc[j].is_alpha:
            j -= 1
        if j < 1 or doc[j].tag_ != "POS":
            continue
        owner = doc[j - 1]
        if owner.ent_type_ not in OWNER_ENTS or not (owner.is_title or owner.is_upper):
            continue
        start = owner.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1  # back to the first word of the owner's name
        text = doc[start:i + 1].text
        label = clean_label(text)
        out.append(Candidate(start, i + 1, slug(label), "Organization", label, "ner", False, {text},
                             core_start=j + 1, core_end=i + 1))
    return out


NOT_PERSON_WORDS = ORG_WORDS | INSTITUTION_HEADS | ASSOCIATION_HEADS | MEDIA_WORDS | {
    "national", "central", "federal", "state", "general", "report", "day", "week", "force", "forces", "command",
    "army", "navy", "lab", "labs", "secretariat"}


def member_names(doc: Doc) -> list[Candidate]:
    """"the ANC Youth League’s Collen Maine", "Graphika’s Jack Stubbs": two capitalised words NER left out,
    right after an organisation’s possessive and not followed by a noun they modify, are a person of it."""
    from ioggraph.nlp.actors import Candidate
    out = []
    for i in positions(doc, "TAG", {"POS"}):
        owner = doc[i - 1] if i > 0 else None
        named = owner is not None and (owner.ent_type_ == "ORG" or owner.pos_ == "PROPN" and owner.is_title
                                       and not owner.ent_type_)
        if not named or i + 3 > len(doc):
            continue
        first, last = doc[i + 1], doc[i + 2]
        after = doc[i + 3] if i + 3 < len(doc) else None
        if not all(t.is_title and t.pos_ == "PROPN" and t.is_alpha and not t.ent_type_ and t.lower_ not in NOT_PERSON_WORDS
                   for t in (first, last)) or after is not None and (after.pos_ in {"NOUN", "PROPN"} or after.is_title
                                                                      or after.lower_ in NAME_CONNECTORS):
            continue
        text = doc[i + 1:i + 3].text
        out.append(Candidate(i + 1, i + 3, slug(text), "Person", text, "ner", False, {text}))
    return out
