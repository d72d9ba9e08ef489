"""Units named by their owner: "Hezbollah’s electronic unit", "Kiriyenko's task force", "Meta's
security team" (pure functions over a parsed Doc).

"<named owner>’s [lower-case words] <unit noun>" is an Organization of its own, named as written;
the owner (an organisation, person or place NER found) stays its own actor: the candidate claims
only the words after the possessive. States' organs by country ("Iran's intelligence service")
are :func:`ioggraph.nlp.states.organ_phrases`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

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
