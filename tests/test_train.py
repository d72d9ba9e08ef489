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


def _headroom_case(agent_scores, sentence_score):
    """One document: the sentence "B ran bots." asserts B's activity (gold); options A and B scored agent_scores."""
    from ioggraph.gold import Gold, GoldActor, GoldTactic
    from ioggraph.nlp.scorer import Thresholds
    from ioggraph.training.examples import DocExamples
    from ioggraph.training.offline import Scored

    text = "A said so. B ran bots."
    gold = {"d": Gold("d", True, actors=(GoldActor("B", "Group", "perpetrator"),),
                      tactics=(GoldTactic("B", "B ran bots", ("T0049",)),))}
    ex = DocExamples("d", True, [], sentences=[([], 1, ["T0049"])], agents=[[([], 0), ([], 1)]], spans=[(11, 22)],
                     option_keys=[["a", "b"]], dropped=[False], context=[[]], conjoined=[{}], passages=[1],
                     rule_techniques=[[]], actors={"a": {"label": "A"}, "b": {"label": "B"}}, text=text)
    scored = Scored(relevance=1.0, context=[1.0], sentence=[sentence_score],
                    agents=[sorted(zip(agent_scores, ["a", "b"]), reverse=True)], techniques=[[("T0049", 0.9)]])
    return [(ex, scored)], gold, Thresholds(relevance=0.5, context=0.2, edge=0.3, agent=0.2, technique=0.2,
                                            max_agents=1, min_confidence=0.0)


@pytest.mark.parametrize("agent_scores, sentence_score, shipped, oracle_agent, oracle_both", [
    ((0.4, 0.9), 0.9, 1.0, 1.0, 1.0),     # right agent (B) first, sentence kept: nothing to gain
    ((0.9, 0.1), 0.9, 0.0, 1.0, 1.0),     # wrong agent first: the agent ranker loses it
    ((0.9, 0.1), 0.1, 0.0, 0.0, 1.0),     # sentence below the edge threshold: the sentence scorer loses it too
])
def test_headroom_says_which_decision_loses_an_activity(agent_scores, sentence_score, shipped, oracle_agent,
                                                        oracle_both):
    from ioggraph.training.offline import headroom

    scored, gold, th = _headroom_case(agent_scores, sentence_score)
    found = headroom(scored, gold, th)
    assert (found["shipped"]["activity_recall"], found["oracle_agent"]["activity_recall"],
            found["oracle_agent_and_sentence"]["activity_recall"]) == (shipped, oracle_agent, oracle_both)
    assert found["technique_on_gold_sentences"] == {"sentences": 1, "top1": 1.0, "top3": 1.0}


@pytest.mark.parametrize("agent_scores, sentence_score, change, stage", [
    ((0.4, 0.9), 0.9, {}, "found"),
    ((0.9, 0.1), 0.9, {}, "other_agent_chosen"),                  # A ranks first
    ((0.1, 0.15), 0.9, {}, "agent_below_threshold"),              # B ranks first, below the agent threshold
    ((0.9, 0.1), 0.1, {}, "sentence_below_threshold"),
    ((0.4, 0.9), 0.9, {"dropped": [True]}, "dropped"),            # negated, hypothetical or a headline
    ((0.4, 0.9), 0.9, {"option_keys": [["a", "c"]]}, "agent_not_an_option"),
    ((0.4, 0.9), 0.9, {"spans": [(0, 10)]}, "no_candidate"),      # the candidate is "A said so."
])
def test_losses_name_the_decision_that_loses_an_activity(agent_scores, sentence_score, change, stage):
    from dataclasses import replace

    from ioggraph.training.offline import LOSS_STAGES, losses

    scored, gold, th = _headroom_case(agent_scores, sentence_score)
    (ex, sc), = scored
    for key, value in change.items():
        setattr(ex, key, value)
    if "option_keys" in change:
        sc = replace(sc, agents=[[(p, "c" if k == "b" else k) for p, k in sc.agents[0]]])
    found = losses([(ex, sc)], gold, th)
    assert list(found) == list(LOSS_STAGES)
    assert {k: v for k, v in found.items() if v} == {stage: 1}


def test_losses_count_relevance_and_skip_documents_gold_calls_not_relevant():
    from dataclasses import replace

    from ioggraph.training.offline import losses

    scored, gold, th = _headroom_case((0.4, 0.9), 0.9)
    (ex, sc), = scored
    assert losses([(ex, replace(sc, relevance=0.0))], gold, th)["document_not_relevant"] == 1
    assert losses([(ex, replace(sc, context=[0.0]))], gold, th)["passage_not_relevant"] == 1
    gold["d"] = replace(gold["d"], relevant=False)
    assert sum(losses(scored, gold, th).values()) == 0
