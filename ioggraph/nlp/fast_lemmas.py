"""The ``iog_lemmatizer`` component: the model's rule lemmatizer, exactly, on arrays.

Reads: ``ORTH``, ``POS``, ``MORPH`` and ``LEMMA`` of every token (``doc.to_array``), so it runs where the
model's ``lemmatizer`` ran: after the tagger and the ``attribute_ruler`` (which sets some lemmas itself).
Writes: ``token.lemma``, in one ``doc.from_array([LEMMA], ...)``; every other attribute is left as it was.

Why: spaCy's ``Lemmatizer.__call__`` walks the doc one ``Token`` object at a time (``token.pos_``,
``token.morph.key``, ``token.lemma_ = ...``), about 10% of our pipeline's time, although its rule mode
depends only on (orth, pos, morph) and caches on that key. Most of that time is the first sight of a key:
``rule_lemmatize`` tests each candidate form with ``form in index``, and the model's ``lemma_index`` tables
are lists (57,528 nouns), scanned each time. This component keeps the original component (its ``overwrite``
setting: a token that already has a lemma keeps it unless ``overwrite``; its table check; its error handler)
and asks ``rule_lemmatize`` once per key it has not seen, on a twin of the original (same class and
settings) whose index tables hold the same strings as frozensets: the same code, the same answers, a
hashed ``in``. It wraps only a rule-mode ``Lemmatizer`` or ``EnglishLemmatizer`` (whose ``is_base_form``
reads pos and morph only); any other lemmatizer is left in the pipeline as it is (:func:`use_fast_lemmatizer`).

The cache holds lemma strings, not hashes: a lemma first added inside ``nlp.memory_zone()`` is dropped from
the string store when the zone ends, so each document adds its lemma strings again (as the original's
``token.lemma_ = ...`` does), in the same order.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from ioggraph.nlp.swap import swap_in

NAME = "lemmatizer"  # the model's component, replaced under the same name (the build's pipe names stay the same)
FACTORY = "iog_lemmatizer"
KNOWN_CLASSES: tuple[type, ...] = (Lemmatizer, EnglishLemmatizer)  # exact classes: a subclass may read more
MAX_CACHE = 1_000_000  # keys kept before the cache starts again (a miss only asks rule_lemmatize again)


def supported(component: Any) -> bool:
    """True when ``component`` is a rule-mode spaCy lemmatizer whose lemma depends on (orth, pos, morph) only."""
    if type(component) not in KNOWN_CLASSES or component.mode != "rule":
        return False
    lemmatize = getattr(component, "lemmatize", None)
    return getattr(lemmatize, "__func__", None) is type(component).rule_lemmatize


class FastLemmatizer:
    """Sets the lemmas ``original`` (a rule-mode lemmatizer, see :func:`supported`) would set, per doc at once."""

    def __init__(self, original: Lemmatizer, name: str = FACTORY) -> None:
        if not supported(original):
            raise ValueError(f"{FACTORY} wraps a rule-mode spaCy Lemmatizer, not {type(original).__name__}")
        self.original = original
        self.name = name
        self.cache: dict[tuple[int, int, int], str] = {}
        self._checked = False
        self._twin: Lemmatizer | None = None
        self._twin_of: Lookups | None = None  # the original's lookups the twin was made from

    @property
    def overwrite(self) -> bool:
        return bool(self.original.overwrite)

    def get_error_handler(self) -> Callable[..., Any]:
        return self.original.get_error_handler()

    def set_error_handler(self, error_handler: Callable[..., Any]) -> None:
        self.original.set_error_handler(error_handler)

    def __call__(self, doc: Doc) -> Doc | None:
        if not self._checked:  # the original's table check (E1004), through its own __call__ on an empty doc
            self.original(Doc(doc.vocab, words=[]))
            self._checked = True
        if not len(doc):
            return doc
        error_handler = self.original.get_error_handler()
        try:
            doc.from_array([LEMMA], self._lemmas(doc))
            return doc
        except Exception as e:
            error_handler(self.original.name, self.original, [doc], e)
        return None  # as the original, when the error handler does not raise

    def _lemmatizer(self) -> Lemmatizer:
        """The twin, made again (and the cache emptied) when the original's lookups are replaced."""
        lookups = self.original.lookups
        if self._twin is None or self._twin_of is not lookups:
            self._twin, self._twin_of = hashed_twin(self.original), lookups
            self.cache.clear()
        return self._twin

    def _lemmas(self, doc: Doc) -> numpy.ndarray:
        """The LEMMA column the original would leave: kept where a token has a lemma and not ``overwrite``."""
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        overwrite, cache, add = self.overwrite, self.cache, doc.vocab.strings.add
        twin = self._lemmatizer()
        lemmatize = twin.lemmatize
        seen: dict[tuple[int, int, int], int] = {}
        out = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                out.append(lemma)
                continue
            key = (orth, pos, morph)
            value = seen.get(key)
            if value is None:
                text = cache.get(key)
                if text is None:
                    text = lemmatize(doc[i])[0]
                    if not pos:  # no pos: the original warns (W108) on every call, so it is asked every time
                        out.append(add(text))
                        continue
                    if len(cache) >= MAX_CACHE:
                        cache.clear()
                    cache[key] = text
                value = seen[key] = add(text)
            out.append(value)
        twin.cache.clear()  # rule_lemmatize's own cache: ``self.cache`` keeps the same keys
        return numpy.asarray(out, dtype=numpy.uint64)


def hashed_twin(original: Lemmatizer) -> Lemmatizer:
    """A lemmatizer of the original's class and settings on the same tables, except that each list of
    ``lemma_index`` (read only by ``form in index`` and a truth test) is a frozenset of the same strings."""
    twin = type(original)(original.vocab, original.model, original.name, mode=original.mode,
                          overwrite=original.overwrite, scorer=original.scorer)
    lookups = Lookups()
    for name in original.lookups.tables:
        table = original.lookups.get_table(name)
        if name == "lemma_index":
            hashed = Table(name=name)
            for key, value in table.items():
                hashed[key] = frozenset(value) if isinstance(value, list) else value
            table = hashed
        lookups.set_table(name, table)
    twin.lookups = lookups
    return twin


@Language.factory(FACTORY, assigns=["token.lemma"], requires=["token.pos", "token.morph"])
def make_fast_lemmatizer(nlp: Language, name: str, source: str = NAME) -> FastLemmatizer:
    """Wraps the pipeline's component ``source`` (still in the pipeline when this is added)."""
    return FastLemmatizer(nlp.get_pipe(source), name=name)


def use_fast_lemmatizer(nlp: Language) -> Language:
    """Replace the model's rule ``lemmatizer`` by ``iog_lemmatizer`` in place, at the same position and under
    the same name; a pipeline without one, or with another kind, is returned unchanged."""
    if NAME not in nlp.pipe_names or not supported(nlp.get_pipe(NAME)):
        return nlp
    return swap_in(nlp, NAME, FACTORY)
