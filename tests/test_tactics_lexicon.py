"""Pure lexicon and rule-matching tests (no statistical model: ``spacy.blank("en")``)."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from ioggraph.errors import SchemaError
from ioggraph.nlp.lexicon import load_lexicon, noun_trigger, verb_trigger
from ioggraph.nlp.rules import find_hits
from ioggraph.nlp.tactics import default_lexicon_path

RULE = """\
support_verbs: [run]
rules:
  - id: ok
    relation: funds
    techniques: [T0093.001]
    verbs: [fund]
  - id: broken
    relation: funds
    techniques: [T0093.001,
                 T0999]
    verbs: [fund]
"""


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(default_lexicon_path())


def test_shipped_lexicon_loads_and_covers_the_issue(lexicon):
    relations = {r.relation for r in lexicon.rules}
    for needed in ("funds_trips", "vote_buying", "recruits_spies", "issues_id_documents", "fake_personas",
                   "amplifies", "fake_news_sites", "pays_influencers", "deepfakes", "frames_narrative",
                   "denigrates", "funds", "conceals_behind_fronts", "united_front", "co_opts",
                   "election_interference", "influence_campaign"):
        assert needed in relations
    assert len({r.id for r in lexicon.rules}) == len(lexicon.rules)


def test_bad_technique_id_names_file_line_and_key(tmp_path: Path):
    path = tmp_path / "tactics.yaml"
    path.write_text(RULE, encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_lexicon(path)
    message = str(err.value)
    assert str(path) in message and "line 9" in message and "'techniques'" in message and "T0999" in message


def test_trigger_heads():
    assert verb_trigger("carry out").head == "carry"
    assert noun_trigger("fake news site").head == "site"
    assert noun_trigger("fake news site").extra == ("fake", "news")


@pytest.mark.parametrize("text, rule_id", [
    ("They built a troll farm last year.", "troll-amplification"),
    ("It used fake accounts.", "fake-accounts"),
    ("The fake news sites were new.", "inauthentic-news-sites"),
    ("They ran a vote-buying scheme.", "vote-buying"),
    ("Its psychological warfare grew.", "influence-campaign"),
    ("A deepfake circulated.", "deepfakes"),
    ("Shell companies hid the money.", "front-companies"),
    ("The election was a choice between peace and war.", "narrative-framing"),
])
def test_nominal_triggers_on_blank(blank, lexicon, text, rule_id):
    hits = find_hits(blank(text), lexicon)
    assert rule_id in [h.rule.id for h in hits]


@pytest.mark.parametrize("text", [
    "A typhoon brought heavy rain to the east coast.",
    "Taiwan beat Japan 4-0 in the final.",
    "The bus crashed on the highway.",
])
def test_unrelated_text_has_no_cue(blank, lexicon, text):
    assert find_hits(blank(text), lexicon) == []
