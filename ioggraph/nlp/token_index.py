"""Token positions by attribute, without building a spaCy ``Token`` for every word.

spaCy creates a Python object on each ``doc[i]`` or ``for tok in doc``; rules that only care about a
few words ("government", a demonym, a surname) find their positions from one ``Doc.to_array``
column per attribute (kept for the last Doc seen) and build Tokens there only.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDS
from spacy.tokens import Doc

_COLUMNS: list = [None, {}]  # [doc, {attr: column}]: the last document seen
_HASHES: dict[tuple[int, frozenset[str]], np.ndarray] = {}


def column(doc: Doc, attr: str) -> np.ndarray:
    """One attribute ("LOWER", "ORTH", "TAG", "SENT_START", "IS_LOWER") for every token."""
    if _COLUMNS[0] is not doc:
        _COLUMNS[:] = [doc, {}]
    cols = _COLUMNS[1]
    if attr not in cols:
        cols[attr] = doc.to_array(IDS[attr]).reshape(-1)
    return cols[attr]


def text(doc: Doc) -> str:
    """``doc.text`` (spaCy joins every token for each call), once per Doc."""
    if _COLUMNS[0] is not doc:
        _COLUMNS[:] = [doc, {}]
    cols = _COLUMNS[1]
    if "text" not in cols:
        cols["text"] = doc.text
    return cols["text"]


def word_hashes(doc: Doc, words: Iterable[str]) -> np.ndarray:
    """The string-store hashes of ``words`` (cached per vocabulary and word set)."""
    key = (id(doc.vocab.strings), frozenset(words))
    found = _HASHES.get(key)
    if found is None:
        found = np.array(sorted(doc.vocab.strings.add(w) for w in key[1]), dtype=np.uint64)
        _HASHES[key] = found
    return found


def positions(doc: Doc, attr: str, words: Iterable[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` (e.g. "LOWER") is one of ``words``, in order."""
    if len(doc) == 0:
        return []
    return np.nonzero(np.isin(column(doc, attr), word_hashes(doc, words)))[0].tolist()
