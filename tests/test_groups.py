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
    ("It courted policymakers in Washington, who refused.", "policymakers-in-washington", "policymakers in Washington",
     "Group"),   # the comma the parser hangs on the tail's last word is not part of the name
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
    ("China’s state-affiliated reporters posted the videos.", "china-s-state-affiliated-reporters",
     "China’s state-affiliated reporters", "Group"),
    ("Several individuals connected with China's government paid them.", "individuals-connected-with-china-s-government",
     "individuals connected with China's government", "Group"),
    ("Representatives of the Taiwanese government met him.", "representatives-of-the-taiwanese-government",
     "representatives of the Taiwanese government", "Group"),
    # an army of accounts; judgemental words stay out of the name
    ("The bot army attacked the journalists.", "bot-army", "bot army", "Group"),
    ("They worked for secretive Russian troll farms.", "russian-troll-farms", "Russian troll farms", "Group"),
]


@pytest.mark.parametrize("text, key, label, kind", GRAMMAR)
def test_group_grammar(nlp, text: str, key: str, label: str, kind: str) -> None:
    table = nlp(text)._.iog_actors
    assert (table.get(key) or {}).get("label") == label, table
    assert table[key]["type"] == kind


NOT_FROM_GRAMMAR = [
    ("Chinese influence campaigns have grown.", "chinese-influence-campaigns", None),  # an activity, not an actor
    ("Caixin Media sponsored a summit.", "caixin-media", "Group"),                  # a name (NER's), not a collective
    ("News outlets reported the takedown.", "news-outlets", None),                 # a channel
    ("Foreign intelligence was blamed.", "foreign-intelligence", None),            # nobody named
    ("The accounts also target Kashmiri journalists with allegations.", "target-kashmiri-journalists", None),
    # a bare description of an operation is the named operator, not another actor
    ("The troll farm posted the memes.", "troll-farm", None),
    ("The Internet Research Agency, a St. Petersburg-based troll farm, posted.", "petersburg-based-troll-farm", None),
    ("A hacking group broke into the account.", "hacking-group", None),
    ("The Chinese army held drills.", "chinese-army", "Group"),
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


# a group named as the members of a unit is also called by the unit's name (an alias, same node)
MEMBERS = [
    ("Facebook said it removed a network of accounts based in Egypt.", "accounts-based-in-egypt",
     "network of accounts based in Egypt"),
    ("Investigators found a network of Russian hackers behind the leak.", "russian-hackers", "network of Russian hackers"),
    ("A ring of Chinese agents recruited Taiwanese officers.", "chinese-agents", "ring of Chinese agents"),
    ("Russian hackers leaked the files.", "russian-hackers", None),                  # no unit: no such alias
    ("The leaders of Russian hackers met.", "russian-hackers", None),                # "of", but no unit noun
]


@pytest.mark.parametrize("text, key, alias", MEMBERS)
def test_members_of_a_unit_take_its_name_as_alias(nlp, text: str, key: str, alias: str | None) -> None:
    table = nlp(text)._.iog_actors
    units = {a for a in table[key]["aliases"] if " of " in a}
    assert units == ({alias} if alias else set()), table[key]


# an operation tied to who runs it after the noun is named as the same phrase before the noun would name it;
# noun and gerund modifiers say what kind of operation it is, adjectives only describe it
LINKED_AFTER = [
    ("We closed 9 channels in our investigation into coordinated influence operations linked to Vietnam.",
     "vietnam-linked-influence-operations", "Vietnam-linked influence operations", "Vietnam-linked influence operation"),
    ("Researchers found a network linked to the Internet Research Agency.",
     "internet-research-agency-linked-network", "Internet Research Agency-linked network", None),
    ("A hacking group linked with Iran's Islamic Revolutionary Guard Corps tried to break into the account.",
     "islamic-revolutionary-guard-corps-linked-hacking-group", "Islamic Revolutionary Guard Corps-linked hacking group",
     None),
    ("Meta removed fake accounts tied to Russia.", "russia-linked-accounts", "Russia-linked accounts", "Russia-linked account"),
]


@pytest.mark.parametrize("text, key, label, singular", LINKED_AFTER)
def test_operation_linked_to_a_name(nlp, text: str, key: str, label: str, singular: str | None) -> None:
    table = nlp(text)._.iog_actors
    assert table[key]["label"] == label
    assert table[key]["type"] == "Group"
    aliases = set(table[key]["aliases"])
    assert (singular in aliases) if singular else all("-linked" not in a for a in aliases)   # a singular head has no other


@pytest.mark.parametrize("text", [
    "Meta removed dozens of accounts linked to supporters of the president.",   # no name behind the link
    "Officials linked to the party were charged.",                              # not an operation
])
def test_no_linked_operation(nlp, text: str) -> None:
    assert not any("-linked" in v["label"] for v in nlp(text)._.iog_actors.values())


def test_the_name_behind_a_linked_operation_stays_an_actor(nlp) -> None:
    spans = {s.text: s.label_ for s in nlp("Researchers found a network linked to the Internet Research Agency.")
             .spans["iog_actors"]}
    assert spans.get("Internet Research Agency") == "Organization"
