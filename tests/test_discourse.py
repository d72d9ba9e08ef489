"""Document-level agent fallback (:mod:`ioggraph.nlp.discourse`) on the real model (tables of documents).

A description ("the defendants", "the fake accounts", "bots", "personnel") or a stray pronoun with
no antecedent nearby goes to the document's named campaign when there is exactly one, else to its
main operator; such edges say so in the trigger and are less confident.
"""
from __future__ import annotations

import pytest

from ioggraph.nlp import load_pipeline
from ioggraph.nlp.discourse import description_kind

MAIN_ACTOR = "the document's main actor]"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def tactics(nlp, text):
    return [r for r in nlp(text)._.iog_rule_relations if r["kind"] == "tactic"]


def pairs(rels):
    return {(r["source"], r["relation"]) for r in rels}


def fallback(rels):
    """Edges whose agent is the document's main actor."""
    return [r for r in rels if r["trigger"].endswith(MAIN_ACTOR)]


IRA_FAKES = "The Internet Research Agency created fake accounts on Facebook. "
IRA_SPREADS = "The Internet Research Agency spread disinformation about the election. "
CHINA_TRIPS = "Beijing has financed trips for Taiwanese legislators. "

RESOLVED = [
    # operator descriptions -> the main operator
    (IRA_FAKES + "The defendants organized rallies in New York.", {("ira", "organises_events")}),
    (IRA_FAKES + "Defendants also organized rallies in New York.", {("ira", "organises_events")}),
    (IRA_FAKES + "Prosecutors said the defendants had also organized rallies in New York.",
     {("ira", "organises_events")}),
    (IRA_FAKES + "Operatives also organized rallies in New York.", {("ira", "organises_events")}),
    (IRA_FAKES + "The staff organized a protest in New York.", {("ira", "organises_events")}),
    (IRA_FAKES + "Its employees also organized rallies in New York.", {("ira", "organises_events")}),
    (IRA_FAKES + "The hackers broke into the email accounts of campaign staff.", {("ira", "hacks")}),
    (IRA_SPREADS + "The defendants also created fake accounts on Facebook.", {("ira", "fake_personas")}),
    (IRA_SPREADS + "According to the indictment, the defendants spread disinformation about the election.",
     {("ira", "spreads_disinformation")}),
    ("The Internet Research Agency ran a disinformation campaign aimed at American voters. "
     "Prosecutors said the defendants created fake accounts on Facebook.", {("ira", "fake_personas")}),
    # "personnel" has no plural form, bare or possessed
    ("Base 311 has run psychological warfare operations against Taiwan for years. "
     "Personnel created fake accounts on Facebook.", {("base-311", "fake_personas")}),
    ("Base 311 has run psychological warfare operations against Taiwan for years. "
     "Its personnel created fake accounts on Facebook.", {("base-311", "fake_personas")}),
    ("Base 311 has run psychological warfare operations against Taiwan. "
     "The unit's personnel created fake accounts on Facebook.", {("base-311", "fake_personas")}),
    # a government is not "the personnel": the operator among several explicit agents is the unit
    (CHINA_TRIPS + "Base 311 created fake accounts on Facebook. "
     "The personnel also spread disinformation about the election.", {("base-311", "spreads_disinformation")}),
    # the most mentioned explicit agent wins, in either order of first mention
    (IRA_SPREADS + IRA_FAKES + "Base 311 created fake accounts on Facebook. "
     "The defendants organized rallies in New York.", {("ira", "organises_events")}),
    ("Base 311 created fake accounts on Facebook. " + IRA_SPREADS + IRA_FAKES
     + "The defendants organized rallies in New York.", {("ira", "organises_events")}),
    # ... a state among them is never the operator
    ("The Russian government spread disinformation about the election. The Russian government paid "
     "influencers. " + IRA_FAKES + "The defendants organized rallies in New York.",
     {("ira", "organises_events")}),
    # ... and actors that are only mentioned (Facebook, three times) do not count
    ("Facebook removed the pages on Monday. Facebook said the pages broke its rules. " + IRA_FAKES
     + "The defendants organized rallies in New York.", {("ira", "organises_events")}),
    # campaign descriptions -> the named campaign ("the X network", "a network dubbed / known as X")
    (IRA_SPREADS.replace("election", "vote") + "Researchers tracked the Spamouflage network for years. "
     "The fake accounts spread disinformation about the election.",
     {("spamouflage", "spreads_disinformation"), ("spamouflage", "fake_personas")}),
    (CHINA_TRIPS + "Researchers tracked the Spamouflage network for years. "
     "The fake accounts spread disinformation about the election.",
     {("spamouflage", "spreads_disinformation"), ("spamouflage", "fake_personas")}),
    (CHINA_TRIPS + "Investigators uncovered a network dubbed Spamouflage. "
     "The accounts spread disinformation about the election.", {("spamouflage", "spreads_disinformation")}),
    (CHINA_TRIPS + "Investigators uncovered a network known as Spamouflage. Bots amplified propaganda on X.",
     {("spamouflage", "amplifies")}),
    (IRA_SPREADS + "Investigators uncovered a campaign that researchers dubbed Spamouflage. "
     "The bots spread disinformation about the vote.",
     {("spamouflage", "amplifies"), ("spamouflage", "spreads_disinformation")}),
    (IRA_SPREADS + "Investigators uncovered a network dubbed Spamouflage. "
     "The fake accounts posted disinformation about the vote.", {("spamouflage", "fake_personas")}),
    # a campaign that is also an explicit agent
    ("Spamouflage has spread propaganda about Taiwan on YouTube. "
     "The fake accounts also spread disinformation about the election.",
     {("spamouflage", "spreads_disinformation"), ("spamouflage", "fake_personas")}),
    # two named campaigns: no single campaign, so the main operator
    (IRA_SPREADS + "The Spamouflage operation and the Doppelganger campaign were also active. "
     "The fake accounts spread disinformation about the vote.",
     {("ira", "spreads_disinformation"), ("ira", "fake_personas")}),
    # no named campaign: campaign descriptions go to the main operator
    (IRA_FAKES + "The bots spread disinformation about the election.",
     {("ira", "amplifies"), ("ira", "spreads_disinformation")}),
    # a stray pronoun, no antecedent in the nearby sentences
    (IRA_FAKES + "The election was held in November. Turnout was high. The vote was close. "
     "Over the summer, it organized rallies in New York.", {("ira", "organises_events")}),
]

IRA_FAKE = {("ira", "fake_personas")}
IRA_SPREAD = {("ira", "spreads_disinformation")}

# the description's sentence gives no edge: all tactic edges of the document come from the explicit agents
NOT_RESOLVED = [
    # indefinite descriptions introduce someone new
    ("The Internet Research Agency ran a disinformation campaign aimed at American voters. "
     "A hacking group also organized rallies in Florida.", {("ira", "influence_campaign")}),
    (IRA_FAKES + "A group of hackers broke into the email accounts of campaign staff.", IRA_FAKE),
    # counted, with no list of names
    (IRA_FAKES + "Three defendants organized rallies in New York.", IRA_FAKE),
    # the only explicit agent is a state or a person: not "the defendants"
    ("Russia ran an influence operation in Moldova. The defendants paid voters to reject the referendum.",
     {("russia", "influence_campaign")}),
    ("Russia created fake accounts on Facebook. The defendants organized rallies in New York.",
     {("russia", "fake_personas")}),
    ("Russia spread disinformation about the election. The defendants organized rallies in New York.",
     {("russia", "spreads_disinformation")}),
    ("Yevgeny Prigozhin created fake accounts on Facebook. The defendants organized rallies in New York.",
     {("yevgeny-prigozhin", "fake_personas")}),
    # no explicit agent anywhere in the document
    ("The weather was bad. The group organized rallies in the capital.", set()),
    ("The fake accounts spread disinformation about the election. Nobody knows who runs them.", set()),
    # a description without a tactic
    (IRA_FAKES + "The group organized a beach cleanup.", IRA_FAKE),
    (IRA_FAKES + "The band organized a concert in New York.", IRA_FAKE),
    # negated, denied or hypothetical
    (IRA_FAKES + "The suspects did not organize rallies in New York.", IRA_FAKE),
    (IRA_SPREADS + "The defendants never organized rallies in New York.", IRA_SPREAD),
    (IRA_SPREADS + "The defendants denied organizing rallies in New York.", IRA_SPREAD),
    (IRA_FAKES + "The team might organize rallies in New York.", IRA_FAKE),
]


@pytest.mark.parametrize("text, expected", RESOLVED)
def test_description_resolves_to_the_main_actor(nlp, text, expected):
    assert pairs(fallback(tactics(nlp, text))) == expected


@pytest.mark.parametrize("text, expected", NOT_RESOLVED)
def test_description_not_resolved(nlp, text, expected):
    rels = tactics(nlp, text)
    assert fallback(rels) == []
    assert pairs(rels) == expected


@pytest.mark.parametrize("text, expected", RESOLVED)
def test_fallback_edges_are_flagged_and_less_confident(nlp, text, expected):
    rels = tactics(nlp, text)
    explicit = [r for r in rels if "[agent" not in r["trigger"]]
    for rel in fallback(rels):
        assert "[agent '" in rel["trigger"]
        assert rel["confidence"] < 0.8
        same_rule = [r["confidence"] for r in explicit if r["rule"] == rel["rule"]
                     and r["modality"] == rel["modality"]]
        assert all(rel["confidence"] < c for c in same_rule)


def test_fallback_names_the_actor_in_the_trigger(nlp):
    (rel,) = fallback(tactics(nlp, IRA_FAKES + "The defendants organized rallies in New York."))
    assert rel["trigger"] == "organized [agent 'Internet Research Agency': the document's main actor]"
    assert rel["rule"] == "organise-events" and rel["modality"] == "asserted"


def test_fallback_keeps_the_sentence_modality(nlp):
    (rel,) = fallback(tactics(nlp, IRA_SPREADS + "The defendants may organize rallies in New York."))
    assert rel["source"] == "ira" and rel["modality"] == "hedged"


@pytest.mark.parametrize("sentence, word, kind", [
    ("The defendants created fake accounts.", "defendants", "operator"),
    ("Defendants created fake accounts.", "Defendants", "operator"),
    ("The defendant organized rallies.", "defendant", "operator"),
    ("The group organized rallies.", "group", "operator"),
    ("Personnel created fake accounts.", "Personnel", "operator"),
    ("Its personnel created fake accounts.", "personnel", "operator"),
    ("The staff organized rallies.", "staff", "operator"),
    ("Hackers stole the files.", "Hackers", "operator"),
    ("The fake accounts posted videos.", "accounts", "campaign"),
    ("Fake accounts posted videos.", "accounts", "campaign"),
    ("These accounts posted videos.", "accounts", "campaign"),
    ("Bots amplified the posts.", "Bots", "campaign"),
    ("The bots amplified the posts.", "bots", "campaign"),
    ("The network posted videos.", "network", "campaign"),
    ("The operation targeted voters.", "operation", "campaign"),
    ("The sites copied the design of Le Monde.", "sites", "campaign"),
    ("They created fake accounts.", "They", "pronoun"),
    ("It created fake accounts.", "It", "pronoun"),
    ("Their accounts posted videos.", "Their", "pronoun"),
    # indefinite: someone new
    ("A hacking group organized rallies.", "group", None),
    ("Another group organized rallies.", "group", None),
    ("No group organized rallies.", "group", None),
    ("Some operatives organized rallies.", "operatives", None),
    ("Each defendant organized rallies.", "defendant", None),
    ("A bot amplified the posts.", "bot", None),
    # counted: members of the operator, resolved only when the document lists them by name
    ("Three defendants created fake accounts.", "defendants", "members"),
    ("3 defendants created fake accounts.", "defendants", "members"),
    # a bare singular is no reference
    ("Group members organized rallies.", "Group", None),
    # not a description of an operator at all
    ("He created fake accounts.", "He", None),
    ("The reporters wrote stories.", "reporters", None),
    ("The government organized rallies.", "government", None),
    ("The company sold phones.", "company", None),
])
def test_description_kind(nlp, sentence, word, kind):
    doc = nlp(sentence)
    (token,) = [t for t in doc if t.text == word]
    assert description_kind(token) == kind


# A description the document spells out as a list of people means those people, also when counted;
# "these are the tactics X is accused of deploying" gives X the listed activities; "these programs"
# recalls who ran the programs named before.
@pytest.mark.parametrize("text, expected", [
    ("Prosecutors indicted three suspects on suspicion of buying votes. The suspects — businessman Wu Tien-lai, "
     "chairwoman Lo Mei-hua and director Chen Kuo-min — were charged yesterday.",
     {("wu-tien-lai", "vote_buying"), ("lo-mei-hua", "vote_buying"), ("chen-kuo-min", "vote_buying")}),
    ("Prosecutors indicted three suspects on suspicion of buying votes.", set()),
    ("Funding influencers and hosting officials on lavish trips: these are among the tactics Beijing is accused "
     "of deploying.", {("china", "funds"), ("china", "funds_trips")}),
    ("The United Front Work Department reached out to lawmakers through outreach programs. These programs "
     "included exchange activities with Taiwanese lawmakers.", {("ufwd", "united_front")}),
])
def test_lists_summaries_and_recalled_activities(nlp, text, expected):
    assert {(r["source"], r["relation"]) for r in tactics(nlp, text)} == expected
