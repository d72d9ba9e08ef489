"""The stand-in for coreference (:mod:`ioggraph.nlp.coref`) on the real model: which earlier actor an
anaphor ("it", "the group") that runs an activity refers to."""
from __future__ import annotations

import pytest

from ioggraph.nlp.coref import antecedent

CASES = [
    # the subject of an earlier clause runs it
    ("The Chinese Communist Party pushes residents to take ID cards. It has also funded trips.", "It", "ccp"),
    # who reports, finds or removes an operation is no antecedent of what runs it
    ("Meta said on Tuesday that it had removed hundreds of accounts. It used fake personas to spread stories.",
     "It", None),
    ("Graphika found a network of fake accounts. The group published videos praising Beijing.", "group", None),
    # a pronoun in the reporter's own sentence is still the reporter ("The company said it paid ...")
    ("Meta said it paid influencers to praise the app.", "it", "meta"),
]


@pytest.mark.parametrize("text, word, expected", CASES)
def test_antecedent(nlp, text: str, word: str, expected: str | None) -> None:
    doc = nlp(text)
    spans = sorted(doc.spans["iog_actors"], key=lambda s: s.start)
    token = next(t for t in doc if t.text == word and t.i > 0)
    found = antecedent(token, spans)
    assert (found.kb_id_ if found is not None else None) == expected, [(s.text, s.kb_id_) for s in spans]
