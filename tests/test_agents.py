"""Agent options of candidate activities: who may run what the sentence says (tables of sentences).

These check the proposals (options and how the parse reads them), which are deterministic; which option
wins is the trained scorer's decision (tests/test_scorer.py)."""
from __future__ import annotations

import pytest

from ioggraph.nlp import load_pipeline
from ioggraph.nlp.tactics import candidates_of


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(scorer=False)


def first(nlp, text):
    cands, _ = candidates_of(nlp(text))
    assert cands, f"no candidate in {text!r}"
    return cands[0]


@pytest.mark.parametrize("text, agent, how", [
    ("Fake news sites were created by Iran to target American voters.", "iran", "verb"),            # passive by
    ("Russia ran hundreds of fake accounts on Facebook.", "russia", "verb"),                         # subject
    ("The accounts, created by the Internet Research Agency, spread disinformation.", "ira", "verb"),  # participle
    ("Li Ming was the key to recruiting Taiwanese soldiers for Chinese intelligence.", "li-ming", "copula"),
    ("The two men, Chen and Lin, paid voters to attend rallies.", "lin", "appos"),                   # both conjuncts
    ("Storm-1516 worked with the Pravda network on fabricated videos.", "portal-kombat", "partner"),
    ("Storm-1516 worked with the Pravda network on fabricated videos.", "storm-1516", "partner"),
    ("Prosecutors charged Zhang with spying for China.", "zhang", "accused"),
    ("The daily received US$140,000 in funding from the Chinese government to promote China.", "china", "from"),
    ("The federation received assignments from the United Front Work Department to recruit youths.", "ufwd", "from"),
    ("One of the techniques employed by the CCP is cognitive warfare against the Taiwanese public.", "ccp", "by"),
    ("Beijing is said to be emphasizing cognitive warfare against Taiwan.", "china", "raised"),
    ("Lee acted at the request of Liao Jian to recruit 24 party officials.", "liao-jian", "behest"),
    ("The main goal of Storm-1516 is to discredit the Ukrainian government.", "storm-1516", "goal"),
])
def test_parse_reads_the_agent(nlp, text, agent, how):
    cand = first(nlp, text)
    assert how in cand.parse_agents.get(agent, set())
    assert agent in {o.key for o in cand.options}


@pytest.mark.parametrize("text, observer, agent", [
    ("Meta said Russia ran hundreds of fake accounts.", "meta", "russia"),
    ("Microsoft found that Iran created fake news sites.", "microsoft", "iran"),
    ("According to Graphika, Spamouflage posted AI-generated videos.", "graphika", "spamouflage"),
])
def test_observers_report_and_never_run_it(nlp, text, observer, agent):
    cand = first(nlp, text)
    keys = {o.key for o in cand.options}
    assert observer not in keys and observer in cand.observers and agent in keys


@pytest.mark.parametrize("text, actor", [
    ("Trolls spread lies from Russia to voters.", "russia"),              # "from" without a receiving verb
    ("Taiwan received a delegation from China.", "china"),                # received, but nothing is a trigger
    ("Reuters is said to have seen the documents.", "reuters"),           # said to ... no activity
])
def test_no_such_reading(nlp, text, actor):
    cands, _ = candidates_of(nlp(text))
    hows = {"from", "by", "raised", "behest", "goal"}
    assert all(not hows & c.parse_agents.get(actor, set()) for c in cands)


def test_a_denial_by_the_accused_gives_no_agent(nlp):
    cands, _ = candidates_of(nlp("Russia denied spreading disinformation."))
    assert all("russia" not in {o.key for o in c.options} for c in cands)


def test_coordinated_agents_are_known_to_each_other(nlp):
    cand = first(nlp, "The United Front Work Department and the Taiwan Affairs Office ran exchange programmes "
                      "for Taiwanese lawmakers.")
    assert cand.conjoined.get("ufwd") == ["tao"]


@pytest.mark.parametrize("text", [
    "The weather was sunny all week.",
    "Shares rose 3 percent on Tuesday.",
])
def test_sentences_without_a_trigger_propose_nothing(nlp, text):
    assert candidates_of(nlp(text))[0] == []


@pytest.mark.parametrize("text, not_agent", [
    # an actor listed beside the activity noun does not own it ("exchanges with X and reduced flight tickets")
    ("The programs included exchange activities with Taiwanese lawmakers and reduced flight tickets for "
     "Taiwanese citizens residing in China.", "taiwanese-lawmakers"),
])
def test_a_list_neighbour_is_not_the_agent_of_an_activity_noun(nlp, text, not_agent):
    doc = nlp(text)
    cands, rules = candidates_of(doc)
    assert not_agent not in {r["source"] for r in rules if r["kind"] == "tactic"}
    assert all("parse_agent" not in o.features for c in cands for o in c.options if o.key == not_agent)
