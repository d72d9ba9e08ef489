"""``ioggraph train`` reproduces the shipped model from ../shared/eval (same data -> byte-identical file)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ioggraph.nlp.scorer import DEFAULT_MODEL
from ioggraph.training.examples import covers, quote_spans

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


@pytest.mark.parametrize("text, quote, start, end, expected", [
    ("A said B. C ran bots.", "C ran bots", 10, 21, True),
    ("A said B. C ran bots.", "C ran bots", 0, 9, False),
    ("x C ran y C ran", "C ran", 10, 15, True),          # any occurrence of the quote
])
def test_labels_cover_half_of_a_quote(text, quote, start, end, expected):
    assert covers(start, end, quote_spans(text, quote)) is expected


@pytest.mark.skipif(not (EVAL / "train" / "gold").is_dir(), reason="../shared/eval is not beside the repo")
def test_retraining_reproduces_the_shipped_model(tmp_path):
    from ioggraph.training import run_training
    out = tmp_path / "activity.json"
    run_training(EVAL / "train" / "gold", EVAL / "train" / "articles", output=out,
                 dev_gold=EVAL / "dev" / "gold", dev_corpus=EVAL / "dev" / "articles")
    assert out.read_bytes() == DEFAULT_MODEL.read_bytes(), "the shipped model is stale: run `make train`"


@pytest.mark.parametrize("agent, nodes", [
    ("china", ["d::china"]),                              # a description no edge names is no node (as in a build)
    ("troll-farms", ["d::china", "d::troll-farms"]),      # one that is an edge's agent is
])
def test_replay_keeps_descriptions_only_as_agents(agent, nodes):
    from ioggraph.training.examples import DocExamples
    from ioggraph.training.offline import node_link

    ex = DocExamples("d", True, [], actors={"china": {"label": "China"}, "troll-farms": {"label": "troll farms"}},
                     described={"troll-farms"})
    edge = {"source": agent, "target": "T0049", "target_is_technique": True, "kind": "tactic", "relation": "x",
            "techniques": ["T0049"], "start": 0, "end": 1, "quote": "x"}
    assert [n["id"] for n in node_link([ex], [[edge]])["nodes"]] == nodes
