"""The attributes the tactic layer reads of every token, as Python lists, once per Doc.

The epistemic checks, the sentence features and the relevance lemmas look at the same tokens again and
again (every trigger of a sentence walks up the same parse, every sentence is read whole for its cues and
content words), and each ``doc[i]``, ``token.lemma_``, ``token.pos_`` or ``token.children`` builds a
Python object or reads the vocabulary. A :class:`TokenTable` reads one column of the Doc's arrays
(:func:`ioggraph.nlp.token_index.column`) when an attribute is first asked for, turns each distinct hash
into its string once, and is kept for the Doc being processed (:func:`of`; emptied when another Doc
comes). Each list holds exactly what the ``Token`` attribute named beside it returns.
"""
from __future__ import annotations

from functools import cached_property

import numpy as np
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

from ioggraph.nlp import token_index


class TokenTable:
    """Per token index of one Doc: the value of the ``Token`` attribute named in each docstring."""

    def __init__(self, doc: Doc):
        self.doc = doc

    def _strings(self, attr: str, lower: bool = False) -> list[str]:
        hashes = token_index.column(self.doc, attr).tolist()
        strings = self.doc.vocab.strings
        names = {h: strings[h].lower() if lower else strings[h] for h in set(hashes)}
        return list(map(names.__getitem__, hashes))

    @cached_property
    def lower(self) -> list[str]:
        """``token.lower_``"""
        return self._strings("LOWER")

    @cached_property
    def lemma(self) -> list[str]:
        """``token.lemma_.lower()``"""
        return self._strings("LEMMA", lower=True)

    @cached_property
    def dep(self) -> list[str]:
        """``token.dep_``"""
        return self._strings("DEP")

    @cached_property
    def ent_type(self) -> list[str]:
        """``token.ent_type_``"""
        return self._strings("ENT_TYPE")

    @cached_property
    def pos(self) -> list[str]:
        """``token.pos_``"""
        return list(map(POS_NAMES.__getitem__, token_index.column(self.doc, "POS").tolist()))

    @cached_property
    def head(self) -> list[int]:
        """``token.head.i`` (the array holds the signed offset to the head in unsigned numbers)."""
        offsets = token_index.column(self.doc, "HEAD").astype(np.int64)
        return (offsets + np.arange(len(offsets), dtype=np.int64)).tolist()

    @cached_property
    def alpha(self) -> list[bool]:
        """``token.is_alpha``"""
        return list(map(bool, token_index.column(self.doc, "IS_ALPHA").tolist()))

    @cached_property
    def stop(self) -> list[bool]:
        """``token.is_stop``"""
        return list(map(bool, token_index.column(self.doc, "IS_STOP").tolist()))

    @cached_property
    def length(self) -> list[int]:
        """``len(token)``"""
        return token_index.column(self.doc, "LENGTH").tolist()

    @cached_property
    def kids(self) -> list[tuple[int, ...]]:
        """``[c.i for c in token.children]`` of every token: the tokens headed by it, in order."""
        out: list[list[int]] = [[] for _ in self.head]
        for i, h in enumerate(self.head):
            if h != i:
                out[h].append(i)
        return list(map(tuple, out))

    def children(self, i: int) -> tuple[int, ...]:
        """``[c.i for c in doc[i].children]``"""
        return self.kids[i]


def of(doc: Doc) -> TokenTable:
    """The table of ``doc`` (made on first use, kept while ``doc`` is the Doc being processed)."""
    cols = token_index.per_doc(doc)
    table = cols.get("table")
    if table is None:
        table = cols["table"] = TokenTable(doc)
    return table
