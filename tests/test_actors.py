"""The iog_actors component on the real model: NER cleaning, typing by rule, junk, the contract."""
from __future__ import annotations

import pytest

from ioggraph.model import ACTOR_TYPES


def actors_of(nlp, text: str) -> dict[str, tuple[str, str]]:
    """key -> (label, type) for every actor of the text."""
    doc = nlp(text)
    return {k: (v["label"], v["type"]) for k, v in doc._.iog_actors.items()}


FOUND = [
    # countries and capitals that act are Governments, whatever NER called them ("Paraguay" is ORG)
    ("Paraguay is never alone, the minister said.", "paraguay", "Paraguay", "Government"),
    ("Tokyo protested against the drills.", "japan", "Japan", "Government"),
    ("The Czech government sanctioned the outlet.", "czechia", "Czechia", "Government"),
    ("Beijing has urged voters to make the right choice.", "china", "China", "Government"),
    ("The Kremlin denied the report.", "russia", "Russia", "Government"),
    ("Tehran dismissed the accusations.", "iran", "Iran", "Government"),
    ("A China-funded trip took the officials to Anhui.", "china", "China", "Government"),
    # the registry types units and outlets
    ("A psychological warfare unit known as Base 311 ran the campaign.", "base-311", "Base 311", "MilitaryUnit"),
    ("Chinese state television called them an independence act.", "cctv", "China Central Television", "Media"),
    # NER spans cleaned: whole names with an inner "’s", possessor split off
    ("Beijing has referred to the Democratic People’s Party as separatists.", "democratic-people-s-party",
     "Democratic People’s Party", "Organization"),
    ("The Chinese Women’s Federation organised the visit.", "chinese-women-s-federation", "Chinese Women’s Federation", "Organization"),
    ("He is deputy chairman of Beijing’s Central Leading Group for Taiwan Affairs.", "clg-taiwan",
     "Central Leading Group for Taiwan Affairs", "Organization"),
    ("Marco Alcaraz, minister of Paraguay’s National Secretariat of Intelligence, said so.", "marco-alcaraz", "Marco Alcaraz", "Person"),
    # types by rule
    ("The Solomon Star newspaper agreed to publish the articles.", "solomon-star", "Solomon Star", "Media"),
    ("The Eastern Theater Command announced drills.", "pla-eastern-theater", "Eastern Theater Command", "MilitaryUnit"),
    ("Iranians posed as American activists online.", "iranians", "Iranians", "Group"),
    # NER's slips on type: a masthead taken for a person, a person with a role taken for an organisation
    ("Reporters at the Solomon Star said the paper took the money.", "solomon-star", "Solomon Star", "Media"),
    ("Readers of Der Spiegel saw the forged pages.", "der-spiegel", "Der Spiegel", "Media"),
    ("Ilan Shor, the founder of a banned party, moved the money.", "ilan-shor", "Ilan Shor", "Person"),
    # a state's organs: owner + organ noun, an embassy with its city
    ("The editor wrote to Russia’s embassy in Nairobi, and the Russian embassy paid him.", "russia-embassy",
     "Russia’s embassy in Nairobi", "Organization"),
    ("The accounts were run by people tied to Iranian law enforcement.", "iran-law-enforcement",
     "Iranian law enforcement", "Organization"),
    # association names keep where they sit
    ("Wu Ming, chairman of the Association of Fishing Firms in Xiamen, was charged.",
     "association-of-fishing-firms-in-xiamen", "Association of Fishing Firms in Xiamen", "Organization"),
    # a place acted upon, even when the parser attaches "of" to the wrong noun
    ("The posts praised Moscow's province Crimea and attacks of the United States, and critics of Kyiv.",
     "united-states", "United States", "Government"),
]


@pytest.mark.parametrize("text, key, label, kind", FOUND)
def test_actor_found_and_typed(nlp, text: str, key: str, label: str, kind: str) -> None:
    assert actors_of(nlp, text).get(key) == (label, kind)


ABSENT = [
    ("The delegation met intelligence chiefs in Paraguay.", "paraguay"),        # a setting, not an actor
    ("The conference was held in Beijing on Monday.", "china"),
    ("Folklore and literature, among the island's richest treasures, are on show. Folklore fans came.", "folklore"),
    ("Comment Template", "comment-template"),
    ("The report ended.\nWrite to Taiwan Today at ttonline@example.tw", "taiwan-today"),
    ("Write to Taiwan Today at tt@example.gov.twThe Democratic Progressive Party won.", "taiwan-today"),
    ("Fake accounts spread memes.\nDado Ruvic / Reuters", "dado-ruvic"),
    ("The officials visited Kinmen-Xiamen twin-city projects.", "kinmen-xiamen"),
    ("Supporters waved pro-Beijing flags.", "pro-beijing"),
    ("The newspaper received SBD 350,000 in funding.", "sbd-350-000"),
    ("The opponents of Ma’s party protested.", "ma-s-party"),
    ("The Army said nothing. The army of bots kept posting.", "army"),
    ("The campaign demanded audacity from Kremlin manipulators.", "kremlin"),  # a registry metonym, not acting
    ("The Kremlin's propaganda network spread across Africa.", "kremlin-s-propaganda-network"),  # an activity
    ("The Ministry of State Security's officers posed as researchers.", "security-s-officers"),  # the ministry's own
    ("Former Moldovan MP Ilan Shor denied paying voters.", "moldovan-mp"),  # a description, not a name
]


@pytest.mark.parametrize("text, key", ABSENT)
def test_not_an_actor(nlp, text: str, key: str) -> None:
    assert key not in actors_of(nlp, text)


def test_boilerplate_does_not_eat_glued_text(nlp) -> None:
    assert "dpp" in actors_of(nlp, "Write to Taiwan Today at tt@example.gov.twThe Democratic Progressive Party won.")


def test_output_contract(nlp) -> None:
    doc = nlp("The Chinese Communist Party (CCP) pushed residents of Kinmen to get IDs, "
              "Taiwan's National Security Bureau said. The CCP denied it.")
    table = doc._.iog_actors
    for span in doc.spans["iog_actors"]:
        assert span.label_ in ACTOR_TYPES
        assert span.kb_id_ in table
        assert table[span.kb_id_]["type"] == span.label_
    for entry in table.values():
        assert set(entry) >= {"label", "type", "aliases", "registry"}
        assert entry["aliases"] == sorted(entry["aliases"])
        assert isinstance(entry["registry"], bool)
    assert table["ccp"]["registry"] and "CCP" in table["ccp"]["aliases"]
    assert table["nsb"]["part_of"] == "taiwan"
    assert [s.text for s in doc.spans["iog_actors"] if s.kb_id_ == "ccp"] == ["Chinese Communist Party", "CCP", "CCP"]


def test_every_actor_keeps_its_mentions(nlp) -> None:
    doc = nlp("Lai Ching-te spoke. Lai later met the DPP. The Democratic Progressive Party agreed.")
    mentions = {}
    for span in doc.spans["iog_actors"]:
        mentions.setdefault(span.kb_id_, []).append(span.text)
    assert mentions["lai-ching-te"] == ["Lai Ching-te", "Lai"]
    assert mentions["dpp"] == ["DPP", "Democratic Progressive Party"]


@pytest.mark.parametrize("text, key", [
    ("Newswire.com with Reuters Est. 2min 28-03-2024 The ministry denied it.", "newswire-com"),
    ("The office was raided. [EPA-EFE/JOHN SMITH] Police said nothing.", "epa-efe"),
    ("Taipei Feedzy TAIPEI (Reuters) - The ministry said.", "feedzy-taipei"),
])
def test_bylines_and_credits_are_not_actors(nlp, text: str, key: str) -> None:
    assert key not in actors_of(nlp, text)


PRO_ANTI_KEEP = [
    # one "pro-X"/"anti-X" mention must not make every other mention of X a common word
    ("Journalists posted critical posts about Hezbollah. Pro-Hezbollah accounts attacked them. "
     "Later, anti-Hezbollah users replied.", "hezbollah", "Organization"),
    ("The pro-Kremlin channels grew. Analysts said Kremlin officials directed the Kremlin's bloggers.", "russia", "Government"),
]


@pytest.mark.parametrize("text, key, kind", PRO_ANTI_KEEP)
def test_pro_anti_mention_keeps_the_name(nlp, text: str, key: str, kind: str) -> None:
    assert actors_of(nlp, text).get(key, (None, None))[1] == kind


WHOLE_NAMES = [
    # across "and" when NER stopped on it, without an open bracket, "<institution> of the <ORG>" chains
    ("Front organisations, such as the Association for Free Research and International Cooperation (AFRIC), "
     "planned it.", "association-for-free-research-and-international-cooperation",
     "Association for Free Research and International Cooperation", "Organization"),
    ("It campaigned against the opposition Democratic Alliance (DA) and the Economic Freedom Fighters (EFF).",
     "democratic-alliance", "Democratic Alliance", "Organization"),
    ("Da's federation received assignments from the United Front Work Department of the Jiangsu Provincial "
     "Committee of the Chinese Communist Party (CCP).",
     "united-front-work-department-of-the-jiangsu-provincial-committee-of-the-chinese-",
     "United Front Work Department of the Jiangsu Provincial Committee of the Chinese Communist Party", "Organization"),
    # an NER name around a registry name is another actor ("Nationalist Party" is a KMT alias)
    ("A few Pages used the Bangladesh Nationalist Party.", "bangladesh-nationalist-party",
     "Bangladesh Nationalist Party", "Organization"),
    ("Structura National Technology and the China Daily Distribution Corp. paid.", "structura-national-technology",
     "Structura National Technology", "Organization"),
    # NER's label slips: a journalist taken for a facility
    ("The note came from Farnaz Fassihi, a veteran Iranian-American journalist.", "farnaz-fassihi", "Farnaz Fassihi", "Person"),
]


@pytest.mark.parametrize("text, key, label, kind", WHOLE_NAMES)
def test_names_stay_whole(nlp, text: str, key: str, label: str, kind: str) -> None:
    assert actors_of(nlp, text).get(key) == (label, kind)


def test_chained_name_is_a_branch_and_keeps_the_acronym_apart(nlp) -> None:
    table = nlp(WHOLE_NAMES[2][0])._.iog_actors
    assert table[WHOLE_NAMES[2][1]]["part_of"] == "ufwd"
    assert "ccp" in table and "CCP" not in table[WHOLE_NAMES[2][1]]["aliases"]


def test_registry_name_inside_another_name_is_not_that_actor(nlp) -> None:
    assert "kmt" not in actors_of(nlp, "A few Pages used the Bangladesh Nationalist Party.")


INTRODUCED = [
    # names the text introduces with a cue, which NER misses or mislabels
    ("An investigation showed that a group called Anzu team was behind the operation.", "anzu-team", "Anzu team", "Organization"),
    ("The man colluded with a Chinese woman, surnamed Da, on Beijing's instructions.", "da", "Da", "Person"),
    ("The operation, dubbed Doppelganger, cloned news sites.", "doppelganger", "Doppelganger", "Organization"),
    ("A network known as Spamouflage posted the videos.", "spamouflage", "Spamouflage", "Organization"),
    ("Microsoft tracked a group it called Storm-1516 for months.", "storm-1516", "Storm-1516", "Organization"),
    ("The hackers, known as APT31, are linked to China.", "apt31", "APT31", "Organization"),
    ("Researchers tied it to a military intelligence unit known as Unit 29155.", "unit-29155", "Unit 29155", "Organization"),
    # a person's role right before a name NER took for a facility
    ("Kremlin-linked oligarch Ilan Shor paid protesters in Chisinau.", "ilan-shor", "Ilan Shor", "Person"),
    # an organisation NER left out, named with its organisation word
    ("The corporation paid the Boston Globe and the Sun Sentinel Company in Florida.", "sun-sentinel-company",
     "Sun Sentinel Company", "Organization"),
    ("A Chinese PR firm, Shenzhen Haimaiyunxiang Media, ran the websites.", "shenzhen-haimaiyunxiang-media",
     "Shenzhen Haimaiyunxiang Media", "Media"),
    # a metonym's determiner is no root: "The Kremlin-backed broadcaster" is the state acting
    ("The Kremlin-backed broadcaster RT was banned.", "russia", "Russia", "Government"),
    # states' authorities are the state, not a group
    ("German authorities said Moscow was behind the campaign.", "germany", "Germany", "Government"),
    ("The governments of Moldova and Romania expelled the diplomats.", "romania", "Romania", "Government"),
    # a state's organs, a state in a hyphenated compound, a country's own organisation
    ("Prosecutors accused Iran’s intelligence service of hacking an SMS operator.", "iran-intelligence-service",
     "Iran’s intelligence service", "Organization"),
    ("The US seized domains linked to Russian government-directed influence operations.", "russia", "Russia", "Government"),
    ("Lebanon’s Hezbollah, Venezuela and Cuba all made efforts to influence the election.", "hezbollah", "Hezbollah",
     "Organization"),
    # a title is not part of the name
    ("Former NSW Treasurer Eric Roozendal went to work for the company.", "eric-roozendal", "Eric Roozendal", "Person"),
]


@pytest.mark.parametrize("text, key, label, kind", INTRODUCED)
def test_introduced_and_retyped_actors(nlp, text: str, key: str, label: str, kind: str) -> None:
    assert actors_of(nlp, text).get(key) == (label, kind)


def test_introduced_name_joins_its_later_mentions(nlp) -> None:
    doc = nlp("The man colluded with a Chinese woman, surnamed Da, on Beijing's instructions. Later Da paid him.")
    assert [s.kb_id_ for s in doc.spans["iog_actors"] if s.text == "Da"] == ["da", "da"]


NOT_INTRODUCED = [
    ("The so-called experts said nothing.", "experts"),
    ("He was named chairman in 2019.", "chairman"),
    ("The language is called Chinese.", "chinese"),
]


@pytest.mark.parametrize("text, key", NOT_INTRODUCED)
def test_cue_without_a_name_gives_nothing(nlp, text: str, key: str) -> None:
    assert key not in actors_of(nlp, text)


OWNED_UNITS = [
    ("The bot army is run by Hezbollah’s electronic unit.", "hezbollah-s-electronic-unit", "Hezbollah’s electronic unit",
     "Hezbollah"),
    ("Kiriyenko's task force paid the bloggers.", "kiriyenko-s-task-force", "Kiriyenko's task force", None),
    ("Meta's security team removed the network.", "meta-s-security-team", "Meta's security team", "Meta"),
]


@pytest.mark.parametrize("text, key, label, owner", OWNED_UNITS)
def test_unit_named_by_its_owner(nlp, text: str, key: str, label: str, owner: str | None) -> None:
    got = actors_of(nlp, text)
    assert got.get(key) == (label, "Organization")
    if owner:
        assert any(lab == owner for lab, _ in got.values()), got  # the owner stays its own actor


def test_abbreviated_government(nlp) -> None:
    assert actors_of(nlp, "The Indian Govt denied the report.").get("india") == ("India", "Government")


def test_name_with_its_seat_keeps_the_bare_name_as_alias(nlp) -> None:
    table = nlp("The Chinese Students and Scholars Association in the UK organised the protest.")._.iog_actors
    entry = table["chinese-students-and-scholars-association-in-the-uk"]
    assert entry["label"] == "Chinese Students and Scholars Association in the UK"
    assert "Chinese Students and Scholars Association" in entry["aliases"]


def test_no_unlabelled_names_in_a_title_case_headline(nlp) -> None:
    from ioggraph.nlp.named_as import unlabelled_names
    doc = nlp("Russian Bots Spread Fake Spy Warnings Across The Press Agency Network Of Berlin Media")
    assert unlabelled_names(doc) == []


STANCE_AND_CODE_NAMES = [
    # a stance prefix is not part of the name; a kind word after it neither
    ("It planned a pro-African National Congress campaign.", "african-national-congress", "African National Congress"),
    ("They backed the pro-EU Party of Action and Solidarity.", "party-of-action-and-solidarity",
     "Party of Action and Solidarity"),
    ("Several pages used the Awami League party.", "awami-league", "Awami League"),
    # code names, slashed acronyms and brand capitals are names
    ("Researchers said Storm-1516 posted the videos.", "storm-1516", "Storm-1516"),
    ("AMTV and RFE/RL reported the operation.", "rfe-rl", "RFE/RL"),
    ("The report by AMTV said the accounts were fake.", "amtv", "AMTV"),
]


@pytest.mark.parametrize("text, key, label", STANCE_AND_CODE_NAMES)
def test_stance_prefixes_and_code_names(nlp, text: str, key: str, label: str) -> None:
    assert actors_of(nlp, text).get(key, (None,))[0] == label


@pytest.mark.parametrize("text, key", [
    ("It planned to interfere in the 2019 South African general election.", "south-africa"),
    ("Russia tried to meddle in the US.", "united-states"),
    ("The disinformation campaign in Moldova grew.", "moldova"),
])
def test_state_targeted_by_interference_is_an_actor(nlp, text: str, key: str) -> None:
    assert actors_of(nlp, text).get(key, (None, None))[1] == "Government"


def test_outlet_edition_is_a_branch_of_the_outlet(nlp) -> None:
    table = nlp("Sputnik Moldova and the Moscow-based Izborsk Club promoted the narrative.")._.iog_actors
    assert (table["sputnik-moldova"]["type"], table["sputnik-moldova"]["part_of"]) == ("Media", "sputnik")


def test_name_after_an_organisation_owner_is_an_alias(nlp) -> None:
    from ioggraph.nlp.ner import _owned_name
    doc = nlp("The Atlantic Council's Digital Forensic Research Lab found the pages.")
    assert _owned_name(doc[1:8]) == {"Digital Forensic Research Lab"}
    assert _owned_name(doc[1:3]) == set()


def test_person_owner_inside_an_organisation_name_is_split_off(nlp) -> None:
    doc = nlp("Yevgeny Prigozhin denied it. Prigozhin’s Internet Research Agency operated in Libya.")
    got = [(s.text, s.kb_id_) for s in doc.spans["iog_actors"]]
    assert ("Prigozhin", "yevgeny-prigozhin") in got and ("Internet Research Agency", "ira") in got


@pytest.mark.parametrize("text, key", [
    ("The outlet Pravda Serbia republished the articles.", "pravda-serbia"),
    ("Russian state news agency RIA Novosti quoted the ministry.", "ria-novosti"),
    ("The channel, called Golos Mordora, had 200,000 subscribers.", "golos-mordora"),
])
def test_outlet_named_after_its_kind_is_media(nlp, text: str, key: str) -> None:
    assert actors_of(nlp, text).get(key, (None, None))[1] == "Media"
