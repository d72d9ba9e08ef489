"""The language of a document, offline: English function words first, then py3langid.

Tactic extraction (the lexicon in ``schemas/tactics.yaml``) is English-only; registry aliases in
any script still match. The build summary says so for each document in another language.
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ioggraph.model import Article

_SAMPLE = 20_000
_MIN_LETTERS = 20
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset(
    "the of and to in a is that for on was with as by said at from it are be has have were which "
    "this an its their who not or but they he she his her been also will had would than".split())
_ENGLISH_SHARE = 0.12


@lru_cache(maxsize=1)
def _identifier():
    import py3langid
    return py3langid


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little text to tell."""
    sample = text[:_SAMPLE]
    words = _WORD.findall(sample)
    if sum(len(w) for w in words) < _MIN_LETTERS:
        return None
    if sum(w.lower() in _ENGLISH for w in words) >= _ENGLISH_SHARE * len(words):
        return "en"
    code, _score = _identifier().classify(sample)
    return code


def with_language(article: Article) -> Article:
    """``article`` with ``language`` set (unless a reader already set it)."""
    if article.language:
        return article
    return dataclasses.replace(article, language=detect(article.text))


def language_note(article: Article, actors: int, mentions: int) -> str | None:
    """The summary line for a document that is not in English, else None."""
    if article.language in (None, "en"):
        return None
    return (f"language '{article.language}': tactic extraction is English-only; "
            f"{actors} actor(s) and {mentions} mention(s) found by registry aliases and NER")
