"""Groups and audiences from noun phrases, with normalised names (real model: needs the parser)."""
from __future__ import annotations

import pytest


def groups_of(nlp, text: str) -> dict[str, str]:
    doc = nlp(text)
    return {k: v["label"] for k, v in doc._.iog_actors.items() if v["type"] == "Group"}


GROUPS = [
    ("The party is pushing for residents of Kinmen and Lienchiang counties to get IDs.",
     {"kinmen-residents": "Kinmen residents", "lienchiang-residents": "Lienchiang residents"}),
    ("These programs included exchange activities with Taiwanese lawmakers.", {"taiwanese-lawmakers": "Taiwanese lawmakers"}),
    ("Beijing funded trips for local Taiwanese legislators.", {"local-taiwanese-legislators": "local Taiwanese legislators"}),
    ("It offered cheap flights for Taiwanese citizens residing in China to go back and vote.",
     {"taiwanese-citizens-residing-in-china": "Taiwanese citizens residing in China"}),
    ("The campaign targeted young voters on TikTok.", {"young-voters": "young voters"}),
    ("The troll farm tried to reach US audiences.", {"us-audiences": "US audiences"}),
    ("Granting citizenship to large numbers of pro-Russian residents helped.", {"pro-russian-residents": "pro-Russian residents"}),
    ("The sites targeted liberal and conservative voters.",
     {"liberal-voters": "liberal voters", "conservative-voters": "conservative voters"}),
    ("Prosecutors charged 13 Russian nationals.", {"russian-nationals": "Russian nationals"}),
    ("Fake accounts attacked critics of the Chinese government.",
     {"critics-of-the-chinese-government": "critics of the Chinese government"}),
    ("The ads reached people in Western countries.", {"people-in-western-countries": "people in Western countries"}),
    ("Citizens of Moldova were offered money.", {"moldovan-citizens": "Moldovan citizens"}),
    # a country as possessor is the demonym (or the name, when the demonym is a noun)
    ("Taiwan's citizens were offered cheap flights.", {"taiwanese-citizens": "Taiwanese citizens"}),
    ("Hong Kong's pro-democracy activists were smeared.",
     {"hong-kong-pro-democracy-activists": "Hong Kong pro-democracy activists"}),
    ("IRGC-linked hackers broke into the account.", {"irgc-linked-hackers": "IRGC-linked hackers"}),
    # a profession that is an audience by itself
    ("The front company paid journalists to run friendly stories.", {"journalists": "journalists"}),
    # named places of origin replace a bare demonym
    ("On Wang’s orders, Chinese officials from Fujian Province and its Xiamen City Government paid for flights.",
     {"fujian-and-xiamen-officials": "Fujian and Xiamen officials"}),
    # a participle the parser takes for a verb still qualifies the group
    ("The party relied on loyal newspapers, paid influencers, and friendly mayors.", {"paid-influencers": "paid influencers"}),
    ("Police questioned the leaders of three Vietnamese hometown associations in Osaka.",
     {"vietnamese-hometown-associations": "Vietnamese hometown associations"}),
]


@pytest.mark.parametrize("text, expected", GROUPS)
def test_group_names(nlp, text: str, expected: dict[str, str]) -> None:
    got = groups_of(nlp, text)
    for key, label in expected.items():
        assert got.get(key) == label, got


def test_casing_and_counts_stay_out_of_the_name(nlp) -> None:
    doc = nlp("Lienchiang Residents said they were afraid. 13 Russian nationals were charged.")
    table = doc._.iog_actors
    assert table["lienchiang-residents"]["label"] == "Lienchiang residents"
    assert "13 Russian nationals" in table["russian-nationals"]["aliases"]


def test_bare_standalone_noun_is_the_one_qualified_group(nlp) -> None:
    doc = nlp("The bots harassed Kashmiri journalists. The journalists reported the accounts.")
    keys = [s.kb_id_ for s in doc.spans["iog_actors"] if s.label_ == "Group"]
    assert keys == ["kashmiri-journalists", "kashmiri-journalists"]


def test_same_audience_merges_across_phrasings(nlp) -> None:
    doc = nlp("The CCP targets residents of Kinmen. Kinmen residents received IDs.")
    keys = [s.kb_id_ for s in doc.spans["iog_actors"] if s.label_ == "Group"]
    assert keys == ["kinmen-residents", "kinmen-residents"]


NOT_GROUPS = [
    "The residents were asked to leave.",           # nothing ties the group to anybody
    "Some people said the bridge was closed.",
    "Other countries sent observers.",
]


@pytest.mark.parametrize("text", NOT_GROUPS)
def test_not_a_group(nlp, text: str) -> None:
    assert groups_of(nlp, text) == {}


def test_named_possessor_group(nlp) -> None:
    got = groups_of(nlp, "Ilan Shor fled the country. Shor’s allies paid voters.")
    assert got.get("shor-s-allies") == "Shor’s allies"


COORDINATED = [
    # a place after both nouns is both's; "similar" is no part of the name
    ("The funds were going to similar pro-China groups and individuals in Taiwan.",
     "pro-china-groups-and-individuals-in-taiwan", "pro-China groups and individuals in Taiwan",
     "pro-China groups and individuals"),
    # one side is no group alone: the pair is one group, named as written
    ("The agency invited 30 DPP party officials and ward chiefs from two districts on a tour.",
     "dpp-party-officials-and-ward-chiefs", "DPP party officials and ward chiefs", None),
    ("Handlers abroad paid officials and local activists to hold rallies.",
     "officials-and-local-activists", "officials and local activists", "local officials and activists"),
    # both sides are groups, but the second names nobody of its own
    ("It courted local politicians and neighborhood officials.", "local-politicians-and-neighborhood-officials",
     "local politicians and neighborhood officials", "local politicians"),
]


@pytest.mark.parametrize("text, key, label, alias", COORDINATED)
def test_coordinated_heads_make_one_group(nlp, text: str, key: str, label: str, alias: str | None) -> None:
    table = nlp(text)._.iog_actors
    assert table[key]["label"] == label, table
    assert "local-activists" not in table
    if alias:
        assert alias in table[key]["aliases"]


def test_qualified_coordinated_groups_stay_apart(nlp) -> None:
    got = groups_of(nlp, "The network paid Estonian politicians and Latvian journalists.")
    assert got.get("estonian-politicians") == "Estonian politicians"
    assert got.get("latvian-journalists") == "Latvian journalists"


# the general grammar: demonym / place / name / role compound + a population or role noun
# (plural agent nouns from schemas/agents.yaml, derived from PETRARCH/Phoenix)
GRAMMAR = [
    ("Dozens of Taiwanese celebrities endorse the claim.", "taiwanese-celebrities", "Taiwanese celebrities", "Group"),
    ("The messages targeted Moldovan voters before the vote.", "moldovan-voters", "Moldovan voters", "Group"),
    ("The videos were aimed at Taiwanese servicemen.", "taiwanese-servicemen", "Taiwanese servicemen", "Group"),
    ("The agency paid Filipino writers to praise the deal.", "filipino-writers", "Filipino writers", "Group"),
    ("The network sent the forged letters to policymakers.", "policymakers", "policymakers", "Group"),
    ("It courted policymakers in Washington.", "policymakers-in-washington", "policymakers in Washington", "Group"),
    ("Parties are secretly paying social media influencers.", "social-media-influencers", "social media influencers", "Group"),
    ("Most of the content is targeted toward Chinese speakers.", "chinese-speakers", "Chinese speakers", "Group"),
    ("The aim was to create division in Swedish society.", "swedish-society", "Swedish society", "Group"),
    ("Facebook removed an Iranian network of fake accounts.", "iranian-network", "Iranian network", "Group"),
    ("A Tehran-based network ran the pages.", "tehran-based-network", "Tehran-based network", "Group"),
    ("The Vietnam-linked influence operation uploaded videos.", "vietnam-linked-influence-operation",
     "Vietnam-linked influence operation", "Group"),
    ("The accounts also target Kashmiri journalists with allegations.", "kashmiri-journalists", "Kashmiri journalists", "Group"),
    # a collective noun takes its own type
    ("Chinese media amplified the videos.", "chinese-media", "Chinese media", "Media"),
    ("The influencers attacked members of Kenya’s judiciary.", "kenya-s-judiciary", "Kenya’s judiciary", "Organization"),
    ("The agency defended the Gupta family in the press.", "gupta-family", "Gupta family", "Group"),
    ("The accounts posed as American conservatives.", "american-conservatives", "American conservatives", "Group"),
    ("It paid Nigerian influencers and Kenyan TikTokers to post.", "kenyan-tiktokers", "Kenyan TikTokers", "Group"),
    ("The Russian-speaking minority in Estonia was the audience.", "russian-speaking-minority",
     "Russian-speaking minority", "Group"),
    ("The Belarusian opposition was targeted.", "belarusian-opposition", "Belarusian opposition", "Group"),
    ("The bots sent the links to Telegram users.", "telegram-users", "Telegram users", "Group"),
    ("The company hired Facebook influencers.", "facebook-influencers", "Facebook influencers", "Group"),
    ("The Philippine military said the posts were fake.", "philippine-military", "Philippine military", "MilitaryUnit"),
    # owners in full, countries owning role nouns, "connected with", "representatives of"
    ("The report named Vladimir Putin’s political opponents.", "vladimir-putin-s-political-opponents",
     "Vladimir Putin’s political opponents", "Group"),
    # the whole owner's name, though the parser hangs a verb on it
    ("For a year, the pro-Russian operation has been spreading false information to attack Ukraine and its allies, "
     "discredit Vladimir Putin’s political opponents, and try to undermine the electoral process.",
     "vladimir-putin-s-political-opponents", "Vladimir Putin’s political opponents", "Group"),
    ("China’s state-affiliated reporters posted the videos.", "china-s-state-affiliated-reporters",
     "China’s state-affiliated reporters", "Group"),
    ("Several individuals connected with China's government paid them.", "individuals-connected-with-china-s-government",
     "individuals connected with China's government", "Group"),
    ("Representatives of the Taiwanese government met him.", "representatives-of-the-taiwanese-government",
     "representatives of the Taiwanese government", "Group"),
    # an army of accounts; judgemental words stay out of the name
    ("The bot army attacked the journalists.", "bot-army", "bot army", "Group"),
    ("They worked for secretive Russian troll farms.", "russian-troll-farms", "Russian troll farms", "Group"),
    # an operation named by what it is linked to, or by its stance
    ("The platform removed coordinated influence operations linked to Laos.",
     "coordinated-influence-operations-linked-to-laos", "coordinated influence operations linked to Laos", "Group"),
    # a collective named by its members
    ("The state has built a network of social media personalities who repeat its lines.",
     "network-of-social-media-personalities", "network of social media personalities", "Group"),
    ("The campaign relied on a cadre of Westerners who run video channels.", "cadre-of-westerners",
     "cadre of Westerners", "Group"),
    ("Regulators said a coordinated network of WeChat’s news accounts shared the story.",
     "coordinated-network-of-wechat-s-news-accounts", "coordinated network of WeChat’s news accounts", "Group"),
    # "of" tails: a named person, a definite role noun; a role noun as owner; a list of countries
    ("The bots attacked critics of President Emmanuel Macron and his allies and the party.",
     "critics-of-president-emmanuel-macron", "critics of President Emmanuel Macron", "Group"),
    ("The accounts were linked to employees of the governor.", "employees-of-the-governor",
     "employees of the governor", "Group"),
    ("The trolls insulted the mayor's critics online.", "mayor-s-critics", "mayor’s critics", "Group"),
    ("The agency partnered with newspapers in Peru, Chile, Ecuador, and Uruguay.",
     "newspapers-in-peru-chile-ecuador-and-uruguay", "newspapers in Peru, Chile, Ecuador, and Uruguay", "Group"),
    # an abbreviation in a stance, the words of a place name, plural troll farms, a linked organisation
    ("Facebook and Twitter removed pro-U.S. accounts.", "pro-u-s-accounts", "pro-U.S. accounts", "Group"),
    ("They blocked officials from having access to high level New York State officers.",
     "high-level-new-york-state-officers", "high level New York State officers", "Group"),
    ("Former contractors said they were part of secretive troll farms.", "troll-farms", "troll farms", "Group"),
    ("The company found links to individuals associated with a Tehran-based IT company.", "tehran-based-it-company",
     "Tehran-based IT company", "Organization"),
    ("The campaign tried to sway Taiwanese public opinion.", "taiwanese-public-opinion", "Taiwanese public opinion",
     "Group"),
    # an adjective phrase after the head, a state-run qualifier, a team named by its country
    ("The accounts were associated with organizations critical of President Erdogan and the Turkish Government.",
     "organizations-critical-of-president-erdogan-and-the-turkish-government",
     "organizations critical of President Erdogan and the Turkish Government", "Group"),
    ("A third of the network included state-media outlets and anonymous accounts.", "state-media-outlets",
     "state-media outlets", "Group"),
    ("The three-member team would work from the embassy. It is unclear whether the Russian team is active.",
     "russian-team", "Russian team", "Group"),
    # role nouns of influence operations the agents dictionary lacks
    ("Kremlin-linked oligarchs financed the sites.", "kremlin-linked-oligarchs", "Kremlin-linked oligarchs", "Group"),
    ("Russian bots amplified the posts.", "russian-bots", "Russian bots", "Group"),
    # where a network is run from, an army of trolls
    ("The company removed a network of inauthentic accounts run from Iran.", "network-run-from-iran",
     "network run from Iran", "Group"),
    ("The firm hired an army of trolls to harass reporters.", "army-of-trolls", "army of trolls", "Group"),
    # a platform tail
    ("Influencers on TikTok were paid to post the videos.", "influencers-on-tiktok", "influencers on TikTok", "Group"),
    # a region says whose a collective is; a place after it, though the parser hangs it on the verb
    ("The main goal is to discredit the government in the eyes of Western public opinion.", "western-public-opinion",
     "western public opinion", "Group"),
    ("The aim was to turn public opinion in China against the government.", "public-opinion-in-china",
     "public opinion in China", "Group"),
    # a count before the second noun starts a group of its own
    ("Prosecutors charged 12 Chinese nationals and two companies with fraud.", "chinese-nationals",
     "Chinese nationals", "Group"),
]


@pytest.mark.parametrize("text, key, label, kind", GRAMMAR)
def test_group_grammar(nlp, text: str, key: str, label: str, kind: str) -> None:
    table = nlp(text)._.iog_actors
    assert (table.get(key) or {}).get("label") == label, table
    assert table[key]["type"] == kind


NOT_FROM_GRAMMAR = [
    ("Chinese influence campaigns have grown.", "chinese-influence-campaigns", None),  # an activity, not an actor
    ("He was accused of leading a pro-Russian influence operation in Europe.", "pro-russian-influence-operation", None),
    ("Caixin Media sponsored a summit.", "caixin-media", "Group"),                  # a name (NER's), not a collective
    ("News outlets reported the takedown.", "news-outlets", None),                 # a channel
    ("Foreign intelligence was blamed.", "foreign-intelligence", None),            # nobody named
    ("Foreign media covered it.", "foreign-media", None),
    ("The accounts also target Kashmiri journalists with allegations.", "target-kashmiri-journalists", None),
    # a bare description of an operation is the named operator, not another actor
    ("The troll farm posted the memes.", "troll-farm", None),
    ("The Internet Research Agency, a St. Petersburg-based troll farm, posted.", "petersburg-based-troll-farm", None),
    ("A hacking group broke into the account.", "hacking-group", None),
    ("The Chinese army held drills.", "chinese-army", "Group"),
    # an organisation described without a base or a link is the one named around it
    ("The Internet Research Agency, a St. Petersburg-based company, ran the pages.", "st-petersburg-based-company", None),
    ("The company ran the pages.", "company", None),
    ("A London-based cybersecurity company Certfa tied the attacks to Iran.", "london-based-cybersecurity-company", None),
    # a state's own people are the state acting, not a population
    ("Iran's operatives posed as Israeli citizens on Telegram.", "iranian-operatives", None),
    # accounts with no name among their words describe the operation named before them
    ("Spamouflage ran a network of fake accounts.", "network-of-fake-accounts", None),
    # names listed after a place are the firms, not more places
    ("The ads were bought by two marketing firms in Kenya, Bluebird and Zentrix, which ran the pages.",
     "marketing-firms-in-kenya-bluebird-and-zentrix", None),
    # a platform's groups and pages are channels
    ("The claims spread through WhatsApp groups and Facebook pages.", "whatsapp-groups", None),
    ("The claims spread through WhatsApp groups and Facebook pages.", "facebook-pages", None),
    # a passive participle with its agent is an activity, not part of the name
    ("It warned of Taiwanese military personnel being recruited by the CCP.",
     "taiwanese-military-personnel-being-recruited-by-the-ccp", None),
]


@pytest.mark.parametrize("text, key, not_type", NOT_FROM_GRAMMAR)
def test_not_a_group_from_grammar(nlp, text: str, key: str, not_type: str | None) -> None:
    table = nlp(text)._.iog_actors
    if not_type is None:
        assert key not in table, table
    else:
        assert table.get(key, {}).get("type") != not_type, table


def test_place_tail_kept_when_no_name_qualifies(nlp) -> None:
    """"political parties in Nigeria": a generic adjective says less than the place after the head."""
    got = groups_of(nlp, "Political parties in Nigeria are secretly paying influencers.")
    assert "political-parties-in-nigeria" in got, got


def test_named_network_is_the_named_actor(nlp) -> None:
    """"the Spamouflage network" is Spamouflage, not a group of its own."""
    assert "spamouflage-network" not in nlp("Researchers tracked the Spamouflage network for years.")._.iog_actors


def test_group_with_a_place_tail_has_its_other_names(nlp) -> None:
    table = nlp("Political parties in Nigeria are secretly paying influencers.")._.iog_actors
    assert {"political parties", "Nigerian political parties"} <= set(table["political-parties-in-nigeria"]["aliases"])


def test_collective_with_an_unknown_type_is_named(tmp_path) -> None:
    from ioggraph.errors import SchemaError
    from ioggraph.nlp.group_lexicon import GroupLexicon
    path = tmp_path / "groups.yaml"
    path.write_text("nouns: [voters]\ncollective: {media: Newspaper}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"groups.yaml.*collective.*media"):
        GroupLexicon.load(path)


def test_group_without_its_place_tail_is_the_same_audience(nlp) -> None:
    doc = nlp("Political parties in Nigeria are paying influencers. The political parties denied it. "
              "Taiwanese citizens residing in China voted. Taiwanese citizens at home did not.")
    keys = {s.text: s.kb_id_ for s in doc.spans["iog_actors"]}
    assert keys["political parties"] == "political-parties-in-nigeria"
    assert keys["Taiwanese citizens"] == "taiwanese-citizens"  # a participle tail names a narrower group


ALIASES = [
    # the describing adjectives the name leaves out are another surface form
    ("The money went to shadowy political operatives.", "political-operatives", "shadowy political operatives"),
    ("The company removed a network of inauthentic accounts run from Iran.", "network-run-from-iran",
     "network of inauthentic accounts run from Iran"),
    # "X linked to Laos" is also "Laos-linked X"
    ("The platform removed coordinated influence operations linked to Laos.",
     "coordinated-influence-operations-linked-to-laos", "Laos-linked influence operations"),
    ("Influencers on TikTok were paid to post the videos.", "influencers-on-tiktok", "TikTok influencers"),
    # a short relative clause is another name as written
    ("The ads reached Kenyan voters who use TikTok.", "kenyan-voters", "Kenyan voters who use TikTok"),
    ("It described the targets as Israeli academics or researchers who study Iran.", "israeli-academics-or-researchers",
     "Israeli academics or researchers who study Iran"),
    # a collective keeps its members' own name
    ("The state has built a network of social media personalities.", "network-of-social-media-personalities",
     "social media personalities"),
]


@pytest.mark.parametrize("text, key, alias", ALIASES)
def test_group_other_names(nlp, text: str, key: str, alias: str) -> None:
    table = nlp(text)._.iog_actors
    assert alias in table[key]["aliases"], table


def test_a_linked_campaign_alone_is_no_alias(nlp) -> None:
    """"a campaign tied to the Chinese government" is not also just "campaign"."""
    table = nlp("Meta removed a campaign tied to the Chinese government.")._.iog_actors
    assert "campaign" not in table["campaign-tied-to-the-chinese-government"]["aliases"]
