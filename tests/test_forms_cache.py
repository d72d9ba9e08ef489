"""The kept word forms (``rules.forms``, ``epistemics._forms``): the same answers as building them for
each token, whatever was asked before, with a cache that stays bounded."""
from __future__ import annotations

import pytest

from ioggraph.nlp import epistemics, rules

TEXTS = [
    "The agencies ran fake accounts and pages; officials said they were running them.",
    "RUSSIA's operatives posed as Americans, posing as activists.",
    "Spamouflage accounts posted videos, then the videos were posted again by bots.",
]


def plain_epistemic_forms(token):
    return {token.lemma_.lower(), token.lower_}


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("pipeline", ["nlp", "blank_nlp"])
def test_kept_forms_are_the_built_ones(request, pipeline, text):
    doc = request.getfixturevalue(pipeline)(text)
    for _ in range(2):       # asked twice: the second answer comes from the cache
        for token in doc:
            assert rules.forms(token) == rules.word_forms(token)
            assert epistemics._forms(token) == plain_epistemic_forms(token)


def test_same_word_other_lemma_is_not_mixed_up(blank_nlp):
    doc = blank_nlp("posts posts")
    doc[1].lemma_ = "post"
    assert rules.forms(doc[0]) == rules.word_forms(doc[0]) == {"posts", "post"}
    assert rules.forms(doc[1]) == {"post", "posts"}
    assert epistemics._forms(doc[0]) == {"", "posts"}
    assert epistemics._forms(doc[1]) == {"post", "posts"}


def test_caches_stay_bounded(blank_nlp, monkeypatch):
    monkeypatch.setattr(rules, "MAX_FORMS", 8)
    monkeypatch.setattr(epistemics, "MAX_FORMS", 8)
    doc = blank_nlp(" ".join(f"word{n}s" for n in range(50)))
    for token in doc:
        assert rules.forms(token) == rules.word_forms(token)
        assert epistemics._forms(token) == plain_epistemic_forms(token)
        assert len(rules._FORMS) <= 8 and len(epistemics._FORMS) <= 8
