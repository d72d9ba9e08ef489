"""Token positions by attribute: the same answers as iterating the Doc, with a cache that stays bounded."""
from __future__ import annotations

import pytest
import spacy

from ioggraph.nlp import token_index


@pytest.fixture(scope="module")
def doc():
    return spacy.blank("en")("Ana met Bo and Ana met Cy in Lisbon .")


@pytest.mark.parametrize("attr, words, expected", [
    ("ORTH", {"Ana"}, [0, 4]),
    ("ORTH", {"Bo", "Cy"}, [2, 6]),
    ("LOWER", {"ana", "lisbon"}, [0, 4, 8]),
    ("ORTH", {"ana"}, []),
    ("ORTH", set(), []),
])
def test_positions(doc, attr, words, expected):
    assert list(token_index.positions(doc, attr, words)) == expected


def test_word_sets_of_many_documents_do_not_pile_up(doc, monkeypatch):
    """A document's own names (surnames) are looked up once: 50,000 articles must not keep 50,000 sets."""
    monkeypatch.setattr(token_index, "MAX_HASH_SETS", 8)
    for n in range(50):
        token_index.positions(doc, "ORTH", {f"Name{n}", "Ana"})
        assert len(token_index._HASHES) <= 8
    assert list(token_index.positions(doc, "ORTH", {"Ana"})) == [0, 4]
