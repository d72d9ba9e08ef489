"""iog_places: the countries a relevant story names become Government nodes, after the tactic layer."""
from __future__ import annotations

import pytest

from ioggraph.nlp.places import Places
from ioggraph.nlp.story_places import add_named_countries

TEXT = ("Russian operatives paid voters in Moldova before the referendum. "
        "The conference was held in Beijing, and observers from Romania attended.")

CASES = [
    # (relevant, key, expected (label, type) or None)
    (True, "moldova", ("Moldova", "Government")),      # a setting of the story, named: a node of it
    (True, "romania", ("Romania", "Government")),
    (True, "china", None),                             # a capital as a setting is no country node
    (False, "moldova", None),                          # the scorer found the story not relevant
    (None, "moldova", None),                           # no scorer (training reads iog_actors' actors)
]


def _doc(nlp, relevant):
    with nlp.select_pipes(disable=["iog_places"]):
        doc = nlp(TEXT)
    doc._.iog_relevant = relevant
    add_named_countries(doc, Places.load(), nlp.get_pipe("iog_actors").registry)
    return doc


@pytest.mark.parametrize("relevant, key, expected", CASES)
def test_named_countries(nlp, relevant, key, expected) -> None:
    info = (_doc(nlp, relevant)._.iog_actors or {}).get(key)
    assert (None if info is None else (info["label"], info["type"])) == expected


def test_no_token_in_two_actors_and_no_edge_changes(nlp) -> None:
    with nlp.select_pipes(disable=["iog_places"]):
        before = nlp(TEXT)
    doc = _doc(nlp, True)
    tokens = [i for s in doc.spans["iog_actors"] for i in range(s.start, s.end)]
    assert len(tokens) == len(set(tokens))
    assert doc._.iog_relations == before._.iog_relations
    assert {s.kb_id_ for s in doc.spans["iog_actors"]} >= {s.kb_id_ for s in before.spans["iog_actors"]}


def test_pipeline_order(nlp) -> None:
    names = nlp.pipe_names
    assert names.index("iog_places") == names.index("iog_tactics") + 1


@pytest.mark.parametrize("p_document, expected", [(0.99, ["d::moldova"]), (0.01, [])])
def test_training_replay_names_countries_of_relevant_documents_only(p_document, expected) -> None:
    from ioggraph.nlp.scorer import Thresholds
    from ioggraph.training.examples import DocExamples
    from ioggraph.training.offline import Scored, node_link, predict

    ex = DocExamples("d", True, [], places={"moldova": {"label": "Moldova", "type": "Government", "aliases": []}})
    preds = [predict(ex, Scored(p_document, [], [], [], []), Thresholds(relevance=0.5))]
    graph = node_link([ex], preds)
    assert [n["id"] for n in graph["nodes"]] == expected and graph["edges"] == []
