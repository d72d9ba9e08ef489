"""Negation, hypotheticals, hedging, planned modality and attribution (``ioggraph.nlp.epistemics``)."""
from __future__ import annotations

import pytest

from ioggraph.nlp import load_pipeline
from ioggraph.nlp.epistemics import assess, load_cues, reporter_heads, reporter_text


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def cues():
    return load_cues()


def token(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, word, dropped, modality", [
    ("Beijing funded the trips.", "funded", False, "asserted"),
    ("Beijing did not fund the trips.", "fund", True, None),
    ("Beijing never funded the trips.", "funded", True, None),
    ("Beijing denies funding the trips.", "funding", True, None),
    ("Beijing could fund the trips.", "fund", True, None),
    ("If Beijing funds the trips, voters will notice.", "funds", True, None),
    ("Beijing allegedly funded the trips.", "funded", False, "hedged"),
    ("Beijing is believed to have funded the trips.", "funded", False, "hedged"),
    ("Beijing is suspected of funding the trips.", "funding", False, "hedged"),
    ("Beijing should fund the trips.", "fund", False, "planned"),
    ("Beijing plans to fund the trips.", "fund", False, "planned"),
    ("Beijing will continue to fund the trips.", "fund", False, "planned"),
    ("Did Beijing fund the trips?", "fund", True, None),
])
def test_assess(nlp, cues, text, word, dropped, modality):
    result = assess(token(nlp(text), word), cues)
    assert result.dropped is dropped
    if not dropped:
        assert result.modality == modality
        assert (result.factor < 1) == (modality != "asserted")


def test_relative_clause_is_not_negated_by_the_main_clause(nlp, cues):
    doc = nlp("The broadcaster, which has funded influencers, did not comment.")
    assert not assess(token(doc, "funded"), cues).dropped


@pytest.mark.parametrize("text, word, reporters", [
    ("According to Taiwanese security officials, Beijing funded the trips.", "funded",
     ["Taiwanese security officials"]),
    ("Beijing funded the trips, Reuters reported.", "funded", ["Reuters"]),
    ("Prosecutors said Beijing funded the trips.", "funded", ["Prosecutors"]),
    ("Citing sources and documents, the agency said Beijing funded the trips.", "funded",
     ["sources", "documents", "agency"]),
    ("Beijing funded the trips.", "funded", []),
])
def test_reporters(nlp, cues, text, word, reporters):
    doc = nlp(text)
    heads = reporter_heads(doc[:], token(doc, word), cues)
    assert sorted(reporter_text(h) for h in heads) == sorted(reporters)


def test_cues_load_with_confidence_factors(cues):
    assert cues.confidence["asserted"] == 1.0
    assert cues.confidence["hedged"] < cues.confidence["planned"] <= 1.0
    assert "allegedly" in cues.hedges and "should" in cues.planned and "deny" in cues.denial
