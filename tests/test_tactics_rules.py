"""The newer lexicon rules of ``schemas/tactics.yaml`` on the real model (tables of sentences).

Each case: a sentence -> the tactic edges (source, relation) it gives and, for each, one technique
that must be among the edge's ``techniques`` (the rule's own or one its object words add).
Then sentences where the same trigger words appear in unrelated news and nothing should come out.
"""
from __future__ import annotations

import pytest

from ioggraph.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def tactics(nlp, text):
    return [r for r in nlp(text)._.iog_rule_relations if r["kind"] == "tactic"]


# Rules with ``context_words`` fire on an ambiguous cue only when the sentence has a context word or
# the document already shows the actor running an influence activity: this preamble does the latter.
PREAMBLE = " ".join(f"{actor} spread disinformation about the election." for actor in (
    "Spamouflage", "The Internet Research Agency", "The Russian government", "Iran", "China",
    "The Chinese Communist Party"))
GATED = {"manipulate-algorithms", "create-communities", "support-candidate", "promote-integration", "lookalike-domains"}


def tactics_after_preamble(nlp, text):
    """The tactic edges of ``text`` read after PREAMBLE (the preamble's own edges left out)."""
    offset = len(PREAMBLE) + 1
    return [r for r in tactics(nlp, f"{PREAMBLE} {text}") if r["start"] >= offset]


FIRES = [
    # --- persona: presenting operatives or outlets as someone else; the persona adds the sub-technique
    ("persona", "Iran's operatives posed as Israeli citizens on Telegram.",
     {("iran", "uses_personas", "T0097.101")}),
    ("persona", "The Ministry of State Security's officers were presented as researchers.",
     {("mss", "uses_personas", "T0097.107")}),
    ("persona", "The Internet Research Agency masqueraded as Black Lives Matter activists.",
     {("ira", "uses_personas", "T0097.103")}),
    ("persona", "Iranian hackers masqueraded as journalists to target dissidents.",
     {("iranian-hackers", "uses_personas", "T0097.102")}),
    ("persona", "The Chinese Communist Party posed as Taiwanese engineers on LinkedIn.",
     {("ccp", "uses_personas", "T0097.108")}),
    ("persona", "China's United Front Work Department posed as a think tank.",
     {("ufwd", "uses_personas", "T0097.204")}),
    ("persona", "The Internet Research Agency describes itself as an independent news organization.",
     {("ira", "uses_personas", "T0097.202")}),
    ("persona", "The Internet Research Agency styled itself as a marketing company.",
     {("ira", "uses_personas", "T0097.205")}),
    ("persona", "North Korea posed as recruiters from American companies.",
     {("north-korea", "uses_personas", "T0097.205")}),
    # --- manipulate-algorithms
    ("manipulate-algorithms", "Spamouflage tried to game YouTube's recommendation algorithm.",
     {("spamouflage", "manipulates_algorithms", "T0121")}),
    ("manipulate-algorithms", "The Russian government gamed the ranking algorithms of search engines.",
     {("russia", "manipulates_algorithms", "T0121")}),
    ("manipulate-algorithms", "Iran deceived the platform's algorithms with coordinated likes.",
     {("iran", "manipulates_algorithms", "T0121")}),
    ("manipulate-algorithms", "China exploited TikTok's recommendation system to push its messages.",
     {("china", "manipulates_algorithms", "T0121")}),  # "its messages" alone are not disinformation
    # --- conceal-network (VPNs, proxies); the operator is the document's when the sentence names none
    ("conceal-network", "The Internet Research Agency used VPNs to hide its location.",
     {("ira", "conceals_network", "T0129.001")}),
    ("conceal-network", "Spamouflage used residential proxies to evade detection.",
     {("spamouflage", "conceals_network", "T0129.001")}),
    ("conceal-network", "The Internet Research Agency created fake accounts on Facebook. "
     "The posts were routed through a virtual private network.",
     {("ira", "fake_personas", "T0143.002"), ("ira", "conceals_network", "T0129.001")}),
    # --- create-communities; pages, groups and channels add the platform feature
    ("create-communities", "The Internet Research Agency created Facebook groups for American Muslims.",
     {("ira", "creates_communities", "T0151.002")}),
    ("create-communities", "The Internet Research Agency ran dozens of Facebook pages targeting black Americans.",
     {("ira", "creates_communities", "T0151.003")}),
    ("create-communities", "Spamouflage set up a Telegram channel to spread its content.",
     {("spamouflage", "creates_communities", "T0151.007")}),
    ("create-communities", "China created online communities for overseas Chinese students.",
     {("china", "creates_communities", "T0092.003")}),
    ("create-communities", "The Kremlin operates a network of forums for Russian speakers in Estonia.",
     {("russia", "creates_communities", "T0092.003")}),
    # --- lookalike-domains
    ("lookalike-domains", "The Internet Research Agency cloned the website of Der Spiegel.",
     {("ira", "impersonates_media", "T0143.003")}),
    ("lookalike-domains", "The GRU spoofed the design of the Guardian website.",
     {("gru", "impersonates_media", "T0143.003")}),
    ("lookalike-domains", "The Internet Research Agency mimicked the websites of European newspapers.",
     {("ira", "impersonates_media", "T0149.003")}),
    ("lookalike-domains", "The Internet Research Agency copied the design of the Washington Post website.",
     {("ira", "impersonates_media", "T0143.003")}),
    ("lookalike-domains", "The Internet Research Agency created lookalike domains of Western newspapers.",
     {("ira", "impersonates_media", "T0149.003")}),
    ("lookalike-domains", "The GRU used spoofed domains to spread fake articles.",
     {("gru", "impersonates_media", "T0143.003")}),
    # --- support-candidate
    ("support-candidate", "Russia backed the pro-Kremlin candidate in the Moldovan election.",
     {("russia", "election_interference", "T0136.006")}),
    ("support-candidate", "The Kremlin boosted the candidacy of a far-right politician in Romania.",
     {("russia", "election_interference", "T0136.006")}),
    ("support-candidate", "China supported the opposition candidate in Taiwan's presidential election.",
     {("china", "election_interference", "T0136.006")}),
    ("support-candidate", "The Internet Research Agency promoted Donald Trump's candidacy on social media.",
     {("ira", "election_interference", "T0136.006")}),
    ("support-candidate", "Beijing favoured candidates who supported closer ties with China.",
     {("china", "election_interference", "T0136.006")}),
    ("support-candidate", "The Russian government tried to prop up its preferred candidate in the election.",
     {("russia", "election_interference", "T0136.006")}),
    # --- persuasion-campaign: an influence campaign aimed at convincing or rallying a population
    ("persuasion-campaign", "China ran an influence campaign to win over young Taiwanese.",
     {("china", "influence_campaign", "T0002")}),
    ("persuasion-campaign", "Beijing launched an influence operation aimed at convincing Taiwanese voters "
     "that unification is inevitable.", {("china", "influence_campaign", "T0002")}),
    ("persuasion-campaign", "The Chinese Communist Party's propaganda campaign to glorify the People's "
     "Liberation Army reached Taiwan.", {("ccp", "influence_campaign", "T0002")}),
    # --- propaganda-campaign
    ("propaganda-campaign", "Russia ran a propaganda campaign on Telegram.",
     {("russia", "influence_campaign", "T0002")}),
    ("propaganda-campaign", "The Kremlin's propaganda network spread across Africa.",
     {("russia", "influence_campaign", "T0002")}),
    ("propaganda-campaign", "China mounted a propaganda effort in Southeast Asia.",
     {("china", "influence_campaign", "T0002")}),
    ("propaganda-campaign", "A propaganda campaign by the Chinese Communist Party targeted overseas students.",
     {("ccp", "influence_campaign", "T0002")}),
    # --- smear-campaign
    ("smear-campaign", "China ran a smear campaign against the Taiwanese president.",
     {("china", "denigrates", "T0135.001")}),
    ("smear-campaign", "The Kremlin's smear campaign against Alexei Navalny intensified.",
     {("russia", "denigrates", "T0135.001")}),
    ("smear-campaign", "A smear campaign by Russia targeted the Moldovan president.",
     {("russia", "denigrates", "T0135.001")}),
    # --- promote-integration
    ("promote-integration", "China is promoting integration between Fujian and Kinmen.",
     {("china", "promotes_integration", "T0136.005")}),
    ("promote-integration", "Beijing wants to accelerate the integration of Kinmen with Xiamen.",
     {("china", "promotes_integration", "T0136.005")}),
    ("promote-integration", "The Chinese Communist Party pushed for unification with Taiwan.",
     {("ccp", "promotes_integration", "T0136.005")}),
    ("promote-integration", 'China\'s promotion of a "twin-city living sphere" between Xiamen and Kinmen '
     "worried Taipei.", {("china", "promotes_integration", "T0136.005")}),
    # --- pro-state-messaging
    ("pro-state-messaging", "Beijing urged Taiwanese businessmen to oppose independence.",
     {("china", "frames_narrative", "T0002")}),
    ("pro-state-messaging", "The Taiwan Affairs Office called on Taiwanese youth to support reunification "
     "with the motherland.", {("tao", "frames_narrative", "T0002")}),
    ("pro-state-messaging", "China lectured Taiwanese students about the motherland.",
     {("china", "frames_narrative", "T0002")}),
    ("pro-state-messaging", "Chinese officials encouraged Kinmen residents to support unification.",
     {("chinese-officials", "frames_narrative", "T0002")}),
    ("pro-state-messaging", "Beijing encouraged Taiwanese youth to embrace the motherland.",
     {("china", "frames_narrative", "T0136")}),
    # --- glorifying-content; the kind of content adds the technique (song T0088, video/film T0087, article T0085)
    ("glorifying-content", "The Chinese Communist Party produced a rap song glorifying the People's Liberation "
     "Army.", {("ccp", "produces_propaganda", "T0088")}),
    ("glorifying-content", "The Russian government produced nationalist films glorifying the war in Ukraine.",
     {("russia", "produces_propaganda", "T0087")}),
    ("glorifying-content", "China produced a video glorifying its soldiers.",
     {("china", "produces_propaganda", "T0087")}),
    ("glorifying-content", "China released a nationalist film glorifying its soldiers.",
     {("china", "produces_propaganda", "T0087")}),
    ("glorifying-content", "The Chinese Communist Party published articles glorifying Xi Jinping.",
     {("ccp", "produces_propaganda", "T0085")}),
    # --- object_techniques of spread-disinformation: the stance of the message
    ("spread-disinformation", "Spamouflage has spread pro-China messages on YouTube.",
     {("spamouflage", "spreads_disinformation", "T0136.004")}),
    ("spread-disinformation", "China spread pro-China messages on YouTube.",
     {("china", "spreads_disinformation", "T0136.004")}),
    ("spread-disinformation", "Russia spread anti-Western messages in Africa.",
     {("russia", "spreads_disinformation", "T0135")}),
    ("spread-disinformation", "Russia spread propaganda in Moldova.",
     {("russia", "spreads_disinformation", "T0002")}),
]


@pytest.mark.parametrize("rule, text, expected", FIRES)
def test_rule_fires(nlp, rule, text, expected):
    rels = tactics_after_preamble(nlp, text) if rule in GATED else tactics(nlp, text)
    assert rule in {r["rule"] for r in rels}
    assert {(r["source"], r["relation"]) for r in rels} == {(s, rel) for s, rel, _ in expected}
    for source, relation, technique in expected:
        assert any(technique in r["techniques"] for r in rels
                   if (r["source"], r["relation"]) == (source, relation)), (source, relation, technique)


@pytest.mark.parametrize("text, rule, technique", [
    # the persona's kind
    ("The Ministry of State Security's officers were presented as researchers.", "persona", "T0097.107"),
    ("Iranian hackers masqueraded as journalists to target dissidents.", "persona", "T0097.102"),
    ("The Internet Research Agency masqueraded as Black Lives Matter activists.", "persona", "T0097.103"),
    ("Iran's operatives posed as Israeli citizens on Telegram.", "persona", "T0097.101"),
    # the community's platform feature
    ("The Internet Research Agency created Facebook groups for American Muslims.", "create-communities",
     "T0151.002"),
    ("Spamouflage set up a Telegram channel to spread its content.", "create-communities", "T0151.007"),
    # the content's kind
    ("The Chinese Communist Party produced a rap song glorifying the People's Liberation Army.",
     "glorifying-content", "T0088"),
    ("The Chinese Communist Party published articles glorifying Xi Jinping.", "glorifying-content", "T0085"),
    # the message's stance
    ("China spread pro-China messages on YouTube.", "spread-disinformation", "T0136.004"),
    ("Russia spread anti-Western messages in Africa.", "spread-disinformation", "T0135"),
])
def test_object_words_add_techniques(nlp, text, rule, technique):
    (rel,) = [r for r in tactics_after_preamble(nlp, text) if r["rule"] == rule]
    assert technique in rel["techniques"]


@pytest.mark.parametrize("text, technique", [
    ("The Internet Research Agency presented its trolls as local residents.", "T0097.107"),
    ("Iran's operatives posed as Israeli citizens on Telegram.", "T0097.102"),
    ("China spread pro-China messages on YouTube.", "T0135"),
    ("Russia spread anti-Western messages in Africa.", "T0136.004"),
    ("The Chinese Communist Party produced a rap song glorifying the People's Liberation Army.", "T0087"),
])
def test_object_techniques_come_only_from_their_words(nlp, text, technique):
    assert all(technique not in r["techniques"] for r in tactics(nlp, text))


NOTHING = [
    # support-candidate: candidates outside elections, or no actor at all
    "Fans support the team's candidate for captain.",
    "Manchester United fans support the club's candidate for captain.",
    "The union backed the candidate for the board of directors.",
    "The club promoted a young candidate to the first team.",
    "FIFA supported the candidate for the 2030 World Cup.",
    # conceal-network: VPNs as a product or a work tool
    "The company offers a VPN service to its customers.",
    "Nike offers a VPN service to its employees.",
    "Employees use a virtual private network to work from home.",
    "The Internet Research Agency never used VPNs to hide its location.",      # negated
    # glorifying-content: patriotic or praising content with no state operator
    "The band produced a patriotic song for the national day.",
    "The school choir recorded a patriotic anthem for the ceremony.",
    "The studio released a film praising the firefighters.",
    "The newspaper published an article praising the new stadium.",
    # pro-state-messaging: urging in sport and school
    "The coach urged the players to stay calm.",
    "Arsenal's coach urged the players to stay calm.",
    "The teacher encouraged students to visit their homeland.",
    "The mayor called for the unification of the two football clubs.",
    "South Korea's president called for peaceful reunification with North Korea.",
    # promote-integration: business integration
    "The bank promoted integration of its payment systems.",
    "The airline accelerated the integration of its new fleet.",
    "The city will deepen integration with neighbouring towns on transport.",
    # manipulate-algorithms: engineering
    "The startup gamed the search ranking to attract customers.",
    "Google updated its ranking algorithm last week.",
    "The engineers manipulated the recommendation algorithm to improve accuracy.",
    # create-communities: clubs, libraries, schools
    "The football club created a Facebook group for its fans.",
    "The library runs a reading community for children.",
    "The school set up a Telegram channel for parents.",
    "Spotify set up a Telegram channel for its users.",
    # lookalike-domains: design work
    "The startup cloned the website of a competitor.",
    "The designer copied the design of the Apple website.",
    # persona: acting, modelling, self-description of a company
    "The actor posed as a doctor in the new film.",
    "The model posed as a journalist for the photo shoot.",
    "The scientist presented her findings as a researcher at the conference.",
    "The company describes itself as a leader in cloud computing.",
    "Microsoft describes itself as a leader in cloud computing.",
    "Russia's foreign minister presented the proposal as a compromise.",
    "The Kremlin described itself as a victim of Western aggression.",
    "China bills itself as a champion of developing countries.",
    # counter-action and unattributed accounts
    "Meta removed a network of fake accounts that posed as American journalists.",
    "Researchers said the accounts posed as journalists.",
    # smear, propaganda, influence campaigns with no actor
    "The tabloid ran a smear campaign against the football coach.",
    "The government launched a propaganda campaign against smoking.",
    "The health ministry ran an influence campaign to persuade citizens to get vaccinated.",
    "Coca-Cola launched a marketing campaign on Instagram.",
    # spread: weather, farming, sport rumours, marketing
    "The storm spread across the region.",
    "The farmers spread fertilizer on the fields.",
    "Rumours spread about the transfer of the striker.",
    "The charity circulated a positive message about recycling.",
    # named companies, clubs and states with an ambiguous cue and no influence context
    "Samsung cloned the design of the Apple website.",
    "Microsoft launched a proxy server for enterprise clients.",
    "Manchester United created a Facebook group for its fans.",
    "Apple boosted its candidate pool for engineering jobs.",
    "Samsung spread positive messages about its new phone.",
    "Taiwan's government urged citizens to defend the island's independence.",
    "Lufthansa accelerated the integration of its new fleet.",
    "Netflix released a documentary praising the firefighters.",
    "Google manipulated its own ranking algorithm to favour its shopping service.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_nothing(nlp, text):
    assert tactics(nlp, text) == []
