"""The ``iog_attribute_ruler`` component: the model's ``attribute_ruler``, exactly, with its tag map on arrays.

Reads: ``TAG``, ``POS`` and ``MORPH`` of every token (``doc.to_array``) and, through the model's own
``Matcher``, whatever its other patterns read (``LOWER``, ``TAG``, ``DEP``, ``IS_SPACE``), so it runs where
the model's ``attribute_ruler`` ran: after the tagger and the parser.
Writes: what the original writes: ``token.pos`` and ``token.morph`` from the tag map, in one
``doc.from_array([POS, MORPH], ...)``, then the attributes of its other patterns' matches (``POS``,
``MORPH``, ``TAG``, ``LEMMA``), one token at a time through the original's own ``set_annotations``.

Why: en_core_web_sm's attribute ruler is 179 patterns, the first 56 of them its tag map (one per
fine-grained tag: ``[{"TAG": "NN"}]`` -> ``POS NOUN``, ``MORPH Number=Sing``). Every token matches one of
those, and spaCy applies each match by building a ``Span`` and setting the token's attributes in Python:
about 9% of our pipeline's time for a table lookup. Here the tag map is a dict from tag to (pos, morph)
applied to whole columns; the other patterns (exceptions such as "something"/NN -> PRON) run in a
``Matcher`` of their own, on the document as the original sees it (before any change: no pattern reads
``POS`` or ``MORPH``), and are applied after the tag map, as the original applies matches in pattern order.
That order is only the same when every tag-map pattern comes before every other pattern, and when the
tag map sets nothing but ``POS`` and ``MORPH``; any other ruler is left in the pipeline as it is
(:func:`use_fast_attribute_ruler`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from ioggraph.nlp.swap import swap_in

NAME = "attribute_ruler"   # the model's component, replaced under the same name (pipe names stay the same)
FACTORY = "iog_attribute_ruler"
TAG_MAP_ATTRS = frozenset({POS, MORPH})
# token attributes a pattern may test by value (a string, a bool, {"IN": [strings]}, or on LOWER / ORTH
# {"REGEX": ...}) and still be found by lookup; a pattern with anything else ("OP", other attributes or
# predicates) goes to a Matcher
LOOKUP_ATTRS = {"LOWER": LOWER, "ORTH": ORTH, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
TEXT_ATTRS = frozenset({LOWER, ORTH})
MAX_REGEX_CACHE = 100_000   # (string, pattern) answers kept before the cache starts again


def tag_map_entry(pattern: dict[str, Any]) -> str | None:
    """The tag of a tag-map pattern entry (one pattern of one token testing only ``TAG``, a string; index 0)."""
    patterns = pattern["patterns"]
    if pattern.get("index", 0) != 0 or len(patterns) != 1 or len(patterns[0]) != 1:
        return None
    spec = patterns[0][0]
    return spec["TAG"] if set(spec) == {"TAG"} and isinstance(spec["TAG"], str) else None


def split(ruler: AttributeRuler) -> tuple[dict[int, dict[int, int]], list[int]] | None:
    """(tag hash -> {attr id: value} of the tag map, the ids of the other pattern entries), or None when the
    ruler is not a tag map followed by other patterns (then only the original gives its exact output)."""
    tag_map: dict[int, dict[int, int]] = {}
    others: list[int] = []
    for i, entry in enumerate(ruler.patterns):
        tag = tag_map_entry(entry)
        if tag is None:
            others.append(i)
            continue
        if others or not set(ruler.attrs[i]) <= TAG_MAP_ATTRS:
            return None   # a tag-map pattern after an exception, or one that sets more than POS and MORPH
        tag_map.setdefault(ruler.vocab.strings[tag], {}).update(ruler.attrs[i])   # a later entry wins, as applied
    return tag_map, others


Test = tuple[int, str, Any]   # (attr, "in" | "not_in" | "regex", frozenset of values | compiled pattern)


@dataclass(frozen=True)
class Lookup:
    """A pattern of fixed length as tests of column values: it matches at i when each of its tokens passes
    its tests at i, i + 1, ...: (attr, "in", values) holds when the attr's value is one of the values, "not_in"
    when it is none of them, (attr, "regex", pattern) when ``re.search`` finds the pattern in the attr's
    string (the Matcher's predicates)."""

    entry: int                                  # the pattern entry's number (its attrs' index)
    key: int                                    # the original's match id of that entry
    tokens: tuple[tuple[Test, ...], ...]

    def first_forms(self) -> tuple[int, frozenset[int]] | None:
        """(LOWER or ORTH, the values the first token must have) when an "in" test says so."""
        return next(((a, v) for a, kind, v in self.tokens[0] if a in TEXT_ATTRS and kind == "in"), None)


def lookup(entry: int, key: int, patterns: list, strings) -> Lookup | None:
    """The entry's pattern as a :class:`Lookup`, or None when it cannot be one (several patterns, operators,
    attributes or predicates other than those of :data:`LOOKUP_ATTRS`)."""
    if len(patterns) != 1 or not patterns[0]:
        return None
    tokens = []
    for spec in patterns[0]:
        tests: list[Test] = []
        for name, value in spec.items():
            attr = LOOKUP_ATTRS.get(name)
            if attr is None:
                return None
            if attr == IS_SPACE:
                if not isinstance(value, bool):
                    return None
                tests.append((attr, "in", frozenset({int(value)})))
            elif isinstance(value, str):
                tests.append((attr, "in", frozenset({strings.add(value)})))
            elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"} \
                    and all(isinstance(v, str) for v in next(iter(value.values()))):
                op, items = next(iter(value.items()))
                tests.append((attr, op.lower(), frozenset(strings.add(v) for v in items)))
            elif isinstance(value, dict) and set(value) == {"REGEX"} and attr in TEXT_ATTRS \
                    and isinstance(value["REGEX"], str):
                tests.append((attr, "regex", re.compile(value["REGEX"])))
            else:
                return None
        tokens.append(tuple(tests))
    return Lookup(entry, key, tuple(tokens))


class FastAttributeRuler:
    """Sets what ``original`` (an :class:`~spacy.pipeline.AttributeRuler` that :func:`split` accepts) sets."""

    def __init__(self, original: AttributeRuler, name: str = FACTORY) -> None:
        parts = split(original)
        if parts is None:
            raise ValueError(f"{FACTORY} needs a tag map first and the other patterns after it")
        self.original = original
        self.name = name
        self.tag_map, others = parts
        self.matcher = Matcher(original.vocab, validate=False)   # the patterns no lookup expresses
        self.by_form: dict[tuple[int, int], list[Lookup]] = {}    # (LOWER or ORTH, a form) -> lookups starting so
        self.unindexed: list[Lookup] = []                         # the other lookups
        strings = original.vocab.strings
        for i in others:
            key = strings.add(str(i))      # the original's match id for pattern entry i
            patterns = original.matcher.get(key)[1]
            found = lookup(i, key, patterns, strings)
            if found is None:
                self.matcher.add(key, patterns)
            elif found.first_forms() is not None:
                attr, values = found.first_forms()
                for value in values:
                    self.by_form.setdefault((attr, value), []).append(found)
            else:
                self.unindexed.append(found)
        self.columns = sorted({a for ls in [*self.by_form.values(), self.unindexed] for lk in ls for tests in lk.tokens
                               for a, _, _ in tests} | {LOWER, ORTH})
        self.indexed = sorted({attr for attr, _ in self.by_form})   # the columns by_form is keyed on
        self._regex: dict[tuple[int, str], bool] = {}   # (string hash, pattern) -> re.search found it

    def get_error_handler(self):
        return self.original.get_error_handler()

    def set_error_handler(self, error_handler) -> None:
        self.original.set_error_handler(error_handler)

    def __call__(self, doc: Doc) -> Doc:
        try:
            matches = self._matches(doc)           # on the document as it comes, as the original matches
            if len(doc):
                doc.from_array([POS, MORPH], self._columns(doc))
            self.original.set_annotations(doc, matches)
            return doc
        except Exception as e:
            return self.original.get_error_handler()(self.original.name, self.original, [doc], e)

    def _matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The other patterns' matches, ordered as :meth:`AttributeRuler.match` orders them."""
        strings = self.original.vocab.strings
        found = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in self.matcher(doc, allow_missing=True)]
        if len(doc):
            found += self._lookups(doc)
        found.sort()
        return found

    def _lookups(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """Matches of the lookups: tried where the first token has a form a lookup starts with (LOWER and ORTH
        values index them), the others where their first token's tests hold (on whole columns)."""
        array = doc.to_array(self.columns)
        cols = {attr: array[:, j].tolist() for j, attr in enumerate(self.columns)}
        n = len(doc)
        out = []
        for attr in self.indexed:
            for i, value in enumerate(cols[attr]):
                for lk in self.by_form.get((attr, value), ()):
                    if self._passes(doc, lk, i, cols, n):
                        out.append((lk.entry, lk.key, i, i + len(lk.tokens)))
        for lk in self.unindexed:
            mask = numpy.ones(n, dtype=bool)
            for attr, kind, test in lk.tokens[0]:
                column = array[:, self.columns.index(attr)]
                if kind == "regex":
                    values, where = numpy.unique(column, return_inverse=True)
                    hits = numpy.array([self._search(doc, int(v), test) for v in values.tolist()], dtype=bool)
                    mask &= hits[where.reshape(-1)]
                else:
                    inside = numpy.isin(column, numpy.fromiter(test, dtype=numpy.uint64, count=len(test)))
                    mask &= inside if kind == "in" else ~inside
            out += [(lk.entry, lk.key, i, i + len(lk.tokens)) for i in numpy.flatnonzero(mask).tolist()
                    if self._passes(doc, lk, i, cols, n)]
        return out

    def _search(self, doc: Doc, value: int, pattern: re.Pattern[str]) -> bool:
        key = (value, pattern.pattern)
        hit = self._regex.get(key)
        if hit is None:
            if len(self._regex) >= MAX_REGEX_CACHE:
                self._regex.clear()
            hit = self._regex[key] = pattern.search(doc.vocab.strings[value]) is not None
        return hit

    def _passes(self, doc: Doc, lk: Lookup, i: int, cols: dict[int, list[int]], n: int) -> bool:
        if i + len(lk.tokens) > n:
            return False
        for k, tests in enumerate(lk.tokens):
            for attr, kind, test in tests:
                value = cols[attr][i + k]
                if kind == "in":
                    ok = value in test
                elif kind == "not_in":
                    ok = value not in test
                else:
                    ok = self._search(doc, value, test)
                if not ok:
                    return False
        return True

    def _columns(self, doc: Doc) -> numpy.ndarray:
        """POS and MORPH of every token after the tag map (a token whose tag it lacks keeps its own)."""
        rows = doc.to_array([TAG, POS, MORPH])
        out = rows[:, 1:].copy()
        tags, where = numpy.unique(rows[:, 0], return_inverse=True)
        for j, tag in enumerate(tags.tolist()):
            attrs = self.tag_map.get(tag)
            if attrs is not None:
                mask = where == j
                if POS in attrs:
                    out[mask, 0] = attrs[POS]
                if MORPH in attrs:
                    out[mask, 1] = attrs[MORPH]
        return out


@Language.factory(FACTORY, assigns=["token.pos", "token.morph", "token.tag", "token.lemma"], requires=["token.tag"])
def make_fast_attribute_ruler(nlp: Language, name: str, source: str = NAME) -> FastAttributeRuler:
    """Wraps the pipeline's component ``source`` (still in the pipeline when this is added)."""
    return FastAttributeRuler(nlp.get_pipe(source), name=name)


def use_fast_attribute_ruler(nlp: Language) -> Language:
    """Replace the model's ``attribute_ruler`` by ``iog_attribute_ruler`` in place, at the same position and
    under the same name; a pipeline without one, or with one :func:`split` does not accept, is unchanged."""
    if NAME not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe(NAME)
    if type(ruler) is not AttributeRuler or split(ruler) is None:
        return nlp
    return swap_in(nlp, NAME, FACTORY)
