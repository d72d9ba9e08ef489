"""The ``iog_tactics`` component on the real model: who does what to whom (tables of sentences)."""
from __future__ import annotations

import pytest

from ioggraph.nlp import load_pipeline
from ioggraph.nlp.tactics import TacticExtractor

ISSUE_1 = ('The Publicity Department and a psychological warfare unit under the People\'s Liberation Army known '
           'as "Base 311" should run influence campaigns to sway public opinion through social media and news '
           'outlets, according to Taiwanese security officials.')
ISSUE_2 = "Beijing has financed low-cost vacations to China for hundreds of local Taiwanese legislators."


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def relations(nlp, text):
    return nlp(text)._.iog_rule_relations


def triples(rels, kind=None):
    return {(r["source"], r["relation"], r["target"]) for r in rels if kind is None or r["kind"] == kind}


def test_issue_example_base_311(nlp):
    rels = relations(nlp, ISSUE_1)
    tactics = [r for r in rels if r["kind"] == "tactic"]
    assert {r["source"] for r in tactics} == {"publicity-department", "base-311"}
    for r in tactics:
        assert r["relation"] == "influence_campaign" and r["modality"] == "planned"
        # no single DISARM technique for "an influence campaign": the project umbrella code, then the
        # channels' DISARM platform techniques (social media platform, traditional media)
        assert r["techniques"] == ["IOG-INFLUENCE-OP", "T0151.001", "T0111"]
        assert r["channels"] == ["social media", "news outlets"]
        assert r["reported_by"] == ["Taiwanese security officials"]
        assert r["target_is_technique"] and r["target"] == r["technique"]
    assert ("base-311", "part_of", "pla") in triples(rels, "relation")


def test_issue_example_trips(nlp):
    rels = relations(nlp, ISSUE_2)
    assert triples(rels) == {("china", "funds_trips", "local-taiwanese-legislators")}
    assert rels[0]["technique"] == "T0126.002" and rels[0]["modality"] == "asserted"


def test_evidence_contract(nlp):
    doc = nlp("It rained all day. " + ISSUE_2 + " The match ended in a draw.")
    (rel,) = doc._.iog_rule_relations
    assert rel["quote"] == doc.text[rel["start"]:rel["end"]] == ISSUE_2
    assert rel["trigger"] == "financed" and rel["rule"] == "trip-funding"
    assert set(rel) >= {"source", "target", "relation", "kind", "start", "end", "quote", "rule", "technique",
                        "techniques", "confidence", "modality", "reported_by", "channels", "trigger",
                        "target_is_technique"}
    assert 0 < rel["confidence"] <= 1


@pytest.mark.parametrize("text, expected", [
    # passive agent, target from the passive subject
    ("Taiwanese military personnel were recruited by the CCP.",
     {("ccp", "recruits_spies", "taiwanese-military-personnel")}),
    # active voice with an xcomp chain ("is trying to ...")
    ("The Chinese Communist Party is trying to sway Taiwanese voters before the election.",
     {("ccp", "election_interference", "taiwanese-voters")}),
    # coordination of agents
    ("Russia and Iran created fake accounts on Facebook.",
     {("russia", "fake_personas", "T0143.002"), ("iran", "fake_personas", "T0143.002")}),
    # possessive agent of a nominal trigger
    ("The CCP's issuance of Chinese ID cards to Kinmen residents alarmed Taipei.",
     {("ccp", "issues_id_documents", "kinmen-residents")}),
    # relative clause
    ("Chinese state television, which has funded pro-Beijing influencers, denied the report.",
     {("cctv", "pays_influencers", "pro-beijing-influencers")}),
    # vote buying with a target group
    ("Moscow paid Moldovan voters to reject the referendum.",
     {("russia", "vote_buying", "moldovan-voters")}),
    # denigration: "referred to X as ..."
    ("Beijing has referred to the Democratic Progressive Party as dangerous separatists.",
     {("china", "denigrates", "dpp")}),
    # narrative framing
    ("China will continue to play up the narrative of a choice between peace and war.",
     {("china", "frames_narrative", "T0003")}),
    # possessive agent of a nominal trigger, no target actor
    ("The CCP's united front work has intensified.", {("ccp", "united_front", "T0094")}),
    # nominal agent introduced by a preposition ("funding from X"), receiver as target
    ("Local outlets accepted funding from the Chinese government.",
     {("china", "funds", "local-outlets")}),
    # purpose noun: "its role is to ..."
    ("Base 311 is a secretive unit. Its role is to centralize psychological warfare operations.",
     {("base-311", "influence_campaign", "IOG-INFLUENCE-OP")}),
    # ... and one aimed at rallying a population is state propaganda
    ("Base 311 is a secretive unit. Its role is to centralize psychological warfare operations aimed at "
     "rallying the Taiwanese population.", {("base-311", "influence_campaign", "T0002")}),
    # proxies acting on instructions
    ("They allegedly acted on instructions from Huang Daonian.", {("huang-daonian", "directs", "T0093")}),
    # conceal behind front companies
    ("Base 311 operates through front companies.", {("base-311", "conceals_behind_fronts", "T0130.003")}),
    # fake news sites created by an agent (passive)
    ("Fake news sites were created by Iran to target American voters.",
     {("iran", "fake_news_sites", "T0098.001")}),
])
def test_agent_relation_target(nlp, text, expected):
    assert triples(relations(nlp, text), "tactic") == expected


@pytest.mark.parametrize("text", [
    "Beijing did not fund the trips of Taiwanese legislators.",             # negation
    "Meta removed a network of fake accounts linked to China.",             # counter-action, not the agent
    "Taiwan's president will direct the National Security Bureau to cooperate with allies.",  # not a proxy
    "The Chinese Communist Party might recruit Taiwanese soldiers.",        # hypothetical
    "Russia was not accused of paying voters in the election.",             # negated accusation
    "China denies financing trips for Taiwanese legislators.",             # denial
    "If Beijing funded trips for legislators, the plan could backfire.",  # hypothetical
    "The campaign could backfire on Beijing.",                              # no cue + actor pair
    "The bureau did not respond to requests for comment.",                 # no cue
    "A typhoon warning was issued for Taiwan as the storm approached.",     # weather
    "Taiwan beat Japan to win the Premier12 title in Tokyo.",               # sport
    "Fake accounts spread rumours about the storm.",                        # cue but no agent actor
])
def test_nothing(nlp, text):
    assert triples(relations(nlp, text), "tactic") == set()


def test_hedged_lowers_confidence(nlp):
    plain = relations(nlp, "Beijing has financed trips for Taiwanese legislators.")
    hedged = relations(nlp, "Beijing has allegedly financed trips for Taiwanese legislators.")
    assert plain[0]["modality"] == "asserted" and hedged[0]["modality"] == "hedged"
    assert hedged[0]["confidence"] < plain[0]["confidence"]


@pytest.mark.parametrize("text, reporter", [
    ("Beijing has financed trips for Taiwanese legislators, Reuters reported.", "Reuters"),
    ("According to prosecutors, Beijing has financed trips for Taiwanese legislators.", "prosecutors"),
])
def test_attribution(nlp, text, reporter):
    (rel,) = relations(nlp, text)
    assert reporter in rel["reported_by"]


def test_planned_modality(nlp):
    (rel,) = relations(nlp, "Beijing plans to finance trips for Taiwanese legislators.")
    assert rel["modality"] == "planned"


def test_output_is_deterministic(nlp):
    assert relations(nlp, ISSUE_1) == relations(nlp, ISSUE_1)


def test_component_reads_the_lexicon(nlp):
    component = nlp.get_pipe("iog_tactics")
    assert isinstance(component, TacticExtractor) and component.lexicon.rules


def test_channels_and_platform_techniques(nlp):
    (rel,) = relations(nlp, "Iran spread disinformation via messaging apps and on Facebook and Telegram.")
    assert rel["channels"] == ["messaging apps", "Facebook", "Telegram"]
    assert rel["technique"] == "T0115"
    assert {"T0151.004", "T0151.001"} <= set(rel["techniques"])


def test_accusation_gives_the_accused_as_agent_and_hedges(nlp):
    (rel,) = relations(nlp, "China was accused of funding Taiwanese influencers.")
    assert (rel["source"], rel["target"], rel["modality"]) == ("china", "taiwanese-influencers", "hedged")


def test_pronoun_agent_is_flagged_and_less_confident(nlp):
    rels = relations(nlp, "The Chinese Communist Party is pushing residents to take Chinese ID cards. "
                          "It has also intensified its united front efforts.")
    coref = [r for r in rels if r["rule"] == "united-front"]
    assert coref and coref[0]["source"] == "ccp"
    assert "coreference" in coref[0]["trigger"] and coref[0]["confidence"] < 0.8


@pytest.mark.parametrize("text, expected", [
    ("Wang Huning, who is also the deputy chairman of the Central Leading Group for Taiwan Affairs, spoke.",
     ("wang-huning", "member_of", "clg-taiwan")),
    ("Wang Huning is the fourth-ranked leader of the Chinese Communist Party.",
     ("wang-huning", "member_of", "ccp")),
    ("Liao Jian, head of the Taiwan Affairs Office, met the delegation.", ("liao-jian", "leads", "tao")),
])
def test_actor_links(nlp, text, expected):
    assert expected in triples(relations(nlp, text), "relation")


@pytest.mark.parametrize("text, person", [
    # one is a member or a part of an organisation, not of the person it answers to
    ("Wang Huning, who is also the deputy chairman of Beijing's Central Leading Group for Taiwan Affairs under "
     "President Xi Jinping, presided over the conference.", "xi-jinping"),
])
def test_no_membership_of_a_person(nlp, text, person):
    links = [r for r in relations(nlp, text) if r["kind"] == "relation" and r["relation"] in {"member_of", "part_of"}]
    assert links and person not in {r["target"] for r in links}


@pytest.mark.parametrize("text, source, rule", [
    # demonym modifier of an activity noun: the state acts, when the state is an actor of the document
    ("Russia denies everything. Estonia has long faced Russian disinformation campaigns before its votes.",
     "russia", "influence-campaign"),
    # sponsor participle: "Iran-backed outlets"
    ("Iran rejected the report. Investigators found fake Iran-backed news sites.",
     "iran", "inauthentic-news-sites"),
    # instrument of the subject's verb: "hit X with malware"
    ("Last year North Korea struck the ministry's servers with malware.", "north-korea", "malware"),
    # "from" introduces the agent of a campaign noun
    ("Russia denies it. Voters in Riga were targeted by a disinformation campaign from Russia.", "russia",
     "influence-campaign"),
])
def test_modifier_and_instrument_agents(nlp, text, source, rule):
    rels = [r for r in relations(nlp, text) if r["kind"] == "tactic"]
    assert (source, rule) in {(r["source"], r["rule"]) for r in rels}


@pytest.mark.parametrize("text", [
    "Russia denies everything. A pro-Russian disinformation campaign spread in Latvia.",
    "The United States charged them. The operatives created false US personas online.",
    "Russia denies everything. The Russian troll farm posted thousands of memes.",
])
def test_descriptive_demonyms_are_not_agents(nlp, text):
    rels = [r for r in relations(nlp, text) if r["kind"] == "tactic"]
    assert not {r["source"] for r in rels} & {"russia", "united-states"}


def test_organise_rallies(nlp):
    rels = relations(nlp, "Moscow-based operators organized rallies in Florida through fake Facebook groups, "
                          "and the Kremlin organized protests in Chisinau.")
    assert ("russia", "organises_events") in {(r["source"], r["relation"]) for r in rels}


def test_break_into_accounts_is_hacking(nlp):
    rels = relations(nlp, "Last month North Korea tried to break into the email accounts of ministry staff.")
    assert ("north-korea", "hacks") in {(r["source"], r["relation"]) for r in rels}
    assert not relations(nlp, "The thief broke into the house.")
