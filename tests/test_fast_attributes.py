"""``iog_attribute_ruler`` sets exactly what the model's ``attribute_ruler`` sets (tag map on arrays, the
other patterns by lookup or Matcher), and leaves a ruler it cannot reproduce in place."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from ioggraph.nlp.fast_attributes import FACTORY, FastAttributeRuler, lookup, split, use_fast_attribute_ruler
from ioggraph.nlp.loader import load_model

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def pipelines():
    return load_model(None), use_fast_attribute_ruler(load_model(None))


def attributes(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.mark.parametrize("text", [
    "There is a problem, and there were others.",          # expl + be -> VERB (second token of a pattern)
    "Nothin' works if y'all are gonna wait.",              # REGEX patterns, two-token patterns
    "He gets what he got.",                                # an entry with two patterns (gets / got)
    "Something happened to anyone who said that it would.",   # LOWER + TAG exceptions, mark -> SCONJ, aux
    "I think you know which one; but it was that.",        # DEP-qualified pronoun rows, DT/WDT -> PRON
    "Line one.\n\n  Line two\t\twith   spaces .",          # whitespace tokens (IS_SPACE patterns)
    "",                                                    # an empty document
    "A",                                                   # one token
    "The ministry's 3 agents—hired in 2019—ran 10,000 accounts.",
])
def test_same_attributes_as_the_model(pipelines, text):
    plain, fast = pipelines
    assert type(fast.get_pipe("attribute_ruler")) is FastAttributeRuler
    assert attributes(fast(text)) == attributes(plain(text))


def test_same_attributes_on_the_corpus(pipelines):
    plain, fast = pipelines
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*")) if p.is_file()]
    assert texts
    for a, b in zip(plain.pipe(texts), fast.pipe(texts)):
        assert attributes(b) == attributes(a)


def test_pipe_names_and_place_unchanged(pipelines):
    plain, fast = pipelines
    assert fast.pipe_names == plain.pipe_names


def _ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp


@pytest.mark.parametrize("patterns, replaced", [
    ([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
      {"patterns": [[{"LOWER": "x", "TAG": "NN"}]], "attrs": {"POS": "PRON"}}], True),
    # an exception before a tag-map row: the order of application differs, the original stays
    ([{"patterns": [[{"LOWER": "x", "TAG": "NN"}]], "attrs": {"POS": "PRON"}},
      {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}], False),
    # a tag-map row that sets more than POS and MORPH
    ([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "LEMMA": "n"}}], False),
])
def test_replaced_only_when_exact(patterns, replaced):
    nlp = use_fast_attribute_ruler(_ruler(patterns))
    assert (type(nlp.get_pipe("attribute_ruler")) is FastAttributeRuler) is replaced
    assert (split(_ruler(patterns).get_pipe("attribute_ruler")) is not None) is replaced


@pytest.mark.parametrize("pattern, expressible", [
    ([{"LOWER": "x"}], True),
    ([{"LOWER": {"IN": ["a", "b"]}, "TAG": "NN"}], True),
    ([{"DEP": {"NOT_IN": ["det", ""]}}], True),
    ([{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}], True),
    ([{"IS_SPACE": True}], True),
    ([{"LOWER": "x", "OP": "?"}], False),                 # operators: the Matcher's
    ([{"LENGTH": {">=": 3}}], False),                     # other attributes and predicates: the Matcher's
    ([{"TAG": {"REGEX": "^N"}}], False),                  # REGEX only on LOWER / ORTH
])
def test_which_patterns_are_lookups(pattern, expressible):
    nlp = spacy.blank("en")
    assert (lookup(0, 1, [pattern], nlp.vocab.strings) is not None) is expressible


def test_factory_registered():
    assert FACTORY in spacy.registry.factories
