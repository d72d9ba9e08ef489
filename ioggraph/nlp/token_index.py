"""Token positions by attribute, without building a spaCy ``Token`` for every word.

spaCy creates a Python object on each ``doc[i]`` or ``for tok in doc``; rules that only care about a
few words ("government", a demonym, a surname) find their positions from one ``Doc.to_array``
column per attribute, or an index of its values (kept for the last Doc seen), and build Tokens there
only.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDS
from spacy.tokens import Doc, Span

_COLUMNS: list = [None, {}]  # [doc, {attr: column}]: the last document seen
_HASHES: dict[tuple[int, frozenset[str]], tuple[np.ndarray, frozenset[int]]] = {}
MAX_HASH_SETS = 1024   # word sets kept: the schemas' lists stay; a document's own names (surnames) come and go


def _cache(doc: Doc) -> dict:
    """What is kept for ``doc`` (emptied when another Doc comes)."""
    if _COLUMNS[0] is not doc:
        _COLUMNS[:] = [doc, {}]
    return _COLUMNS[1]


def per_doc(doc: Doc) -> dict:
    """A dict for what other modules keep about ``doc`` (the token table, the claims assessed), emptied
    with the rest of this cache when another Doc comes. Keys are the caller's own (a name or a tuple)."""
    return _cache(doc)


def column(doc: Doc, attr: str) -> np.ndarray:
    """One attribute ("LOWER", "ORTH", "TAG", "SENT_START", "IS_LOWER") for every token."""
    cols = _cache(doc)
    if attr not in cols:
        cols[attr] = doc.to_array(IDS[attr]).reshape(-1)
    return cols[attr]


def text(doc: Doc) -> str:
    """``doc.text`` (spaCy joins every token for each call), once per Doc."""
    cols = _cache(doc)
    if "text" not in cols:
        cols["text"] = doc.text
    return cols["text"]


def span_text(span: Span) -> str:
    """``span.text``, sliced from the Doc's text kept by :func:`text` (spaCy joins the span's tokens)."""
    return text(span.doc)[span.start_char:span.end_char]


def word_hashes(doc: Doc, words: Iterable[str]) -> np.ndarray:
    """The string-store hashes of ``words`` (cached per vocabulary and word set)."""
    return _hashes(doc, words)[0]


def _hashes(doc: Doc, words: Iterable[str]) -> tuple[np.ndarray, frozenset[int]]:
    """``word_hashes`` as an array and as a set (cached per vocabulary and word set)."""
    key = (id(doc.vocab.strings), frozenset(words))
    found = _HASHES.get(key)
    if found is None:
        if len(_HASHES) >= MAX_HASH_SETS:   # unbounded, it grew by about 3 KB an article (636 MB at 50,000)
            _HASHES.clear()
        array = np.array(sorted(doc.vocab.strings.add(w) for w in key[1]), dtype=np.uint64)
        found = _HASHES[key] = (array, frozenset(array.tolist()))
    return found


def _index(doc: Doc, attr: str) -> dict[int, list[int]]:
    """Value of ``attr`` -> indices of the tokens holding it, in order (once per Doc and attribute)."""
    cols = _cache(doc)
    key = ("index", attr)
    if key not in cols:
        index: dict[int, list[int]] = {}
        for i, value in enumerate(column(doc, attr).tolist()):
            index.setdefault(value, []).append(i)
        cols[key] = index
    return cols[key]


def _gather(index: dict[int, list[int]], values: Iterable[int]) -> list[int]:
    """Indices of the tokens holding any of ``values`` (keys of ``index``), in order."""
    found = [index[v] for v in values]
    if len(found) == 1:
        return list(found[0])
    return sorted(i for group in found for i in group)


def positions(doc: Doc, attr: str, words: Iterable[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` (e.g. "LOWER") is one of ``words``, in order."""
    if len(doc) == 0:
        return []
    index = _index(doc, attr)
    return _gather(index, index.keys() & _hashes(doc, words)[1])


def form_positions(doc: Doc, words: frozenset[str]) -> list[int]:
    """Indices of the tokens whose lower-case form or lower-cased lemma is one of ``words``, in order,
    plus those without a lemma (``spacy.blank``: the caller derives their forms itself). A superset
    filter: the caller still checks each token, but builds no ``Token`` for the others."""
    cols = _cache(doc)
    key = ("forms", words)
    if key not in cols:
        lower, lemmas = _index(doc, "LOWER"), _index(doc, "LEMMA")
        strings = doc.vocab.strings
        found = set(_gather(lower, lower.keys() & _hashes(doc, words)[1]))
        found.update(_gather(lemmas, [h for h in lemmas if h == 0 or strings[h].lower() in words]))
        cols[key] = sorted(found)
    return cols[key]
