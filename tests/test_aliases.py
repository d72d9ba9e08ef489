"""Alias resolution to one node per actor (real model), and the text helpers (no model)."""
from __future__ import annotations

import pytest

from ioggraph.nlp.text import clean_label, normalise, slug


@pytest.mark.parametrize("raw, norm", [
    ("The People’s Liberation Army’s", "people's liberation army"),
    ("  Taiwan  Affairs\nOffice ", "taiwan affairs office"),
    ("“Base 311”", "base 311"),
    ("the DPP's", "dpp"),
])
def test_normalise(raw: str, norm: str) -> None:
    assert normalise(raw) == norm


@pytest.mark.parametrize("raw, label", [("the Kremlin", "Kremlin"), ("Reuters’", "Reuters"), ("“Base 311”", "Base 311")])
def test_clean_label(raw: str, label: str) -> None:
    assert clean_label(raw) == label


@pytest.mark.parametrize("raw, out", [("Marco Alcaraz", "marco-alcaraz"), ("Kinmen residents", "kinmen-residents"),
                                      ("Doppelgänger", "doppelganger")])
def test_slug(raw: str, out: str) -> None:
    assert slug(raw) == out
    assert slug("何澄輝").startswith("x")


def keys_by_text(nlp, text: str) -> dict[str, str]:
    doc = nlp(text)
    return {s.text: s.kb_id_ for s in doc.spans["iog_actors"]}


ONE_NODE = [
    # a reporter's variant that shares the registry acronym joins the party, and so do its bare mentions
    ("Beijing has referred to the Democratic People’s Party (DPP) as separatists. The Democratic People’s Party "
     "leads the polls.", ["Democratic People’s Party", "DPP"], "dpp"),
    # an acronym defined in the text
    ("The Taiwan National Security Institute (TNSI) published a study. TNSI said the threat grew.",
     ["Taiwan National Security Institute", "TNSI"], "taiwan-national-security-institute"),
    # short forms of people after the full name
    ("Marco Alcaraz spoke in Taipei. China wants to weaken democracies, Alcaraz said.", ["Marco Alcaraz", "Alcaraz"],
     "marco-alcaraz"),
    ("President Lai Ching-te received the delegation. Lai made the remarks at the office.", ["Lai Ching-te", "Lai"],
     "lai-ching-te"),
    # names given with characters
    ("Ho Cheng-hui (何澄輝) said the threat grew.", ["Ho Cheng-hui"], "ho-cheng-hui"),
    # registry aliases and metonyms
    ("The Office of Taiwan Affairs did not respond. The Taiwan Affairs Office of China organised trips.",
     ["Office of Taiwan Affairs", "Taiwan Affairs Office of China"], "tao"),
    ("Moscow denied it, but Russian authorities paid the voters.", ["Moscow", "Russian authorities"], "russia"),
]


@pytest.mark.parametrize("text, mentions, key", ONE_NODE)
def test_aliases_resolve_to_one_node(nlp, text: str, mentions: list[str], key: str) -> None:
    got = keys_by_text(nlp, text)
    for mention in mentions:
        assert got.get(mention) == key, got


@pytest.mark.parametrize("text, ents, part_of, kind", [
    ("Ilan Shor paid. Shor said so.", [(0, 2, "ORG"), (4, 5, "PERSON")], None, "Person"),
    # NER once calling "TAO" a person does not make a branch named by that acronym a person
    ("Anhui TAO paid. TAO said so.", [(0, 2, "ORG"), (4, 5, "PERSON")], "tao", "Organization"),
])
def test_person_named_as_organisation(nlp, text: str, ents: list, part_of: str | None, kind: str) -> None:
    from spacy.tokens import Span

    from ioggraph.nlp.actors import Candidate
    from ioggraph.nlp.aliases import _people_named_as_orgs
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    first = doc[ents[0][0]:ents[0][1]]
    cand = Candidate(first.start, first.end, "x", "Organization", first.text, "ner", part_of=part_of)
    assert _people_named_as_orgs(doc, [cand])[0].type == kind


def test_cjk_name_becomes_alias(nlp) -> None:
    doc = nlp("Ho Cheng-hui (何澄輝) said the threat grew.")
    assert "何澄輝" in doc._.iog_actors["ho-cheng-hui"]["aliases"]


def test_surname_alone_is_not_merged(nlp) -> None:
    """Without the full name in this document, "Lai" is not Lai Ching-te (nor anybody known)."""
    got = keys_by_text(nlp, "Lai said the company would appeal the ruling.")
    assert "lai-ching-te" not in got.values()


def test_surname_of_another_person_stays_apart(nlp) -> None:
    got = keys_by_text(nlp, "Wang Huning chaired the meeting. Wang Yi, the foreign minister, did not attend.")
    assert got.get("Wang Huning") == "wang-huning"
    assert got.get("Wang Yi") != "wang-huning"


def test_local_branch_is_its_own_node(nlp) -> None:
    doc = nlp("Liao Jian, head of the Anhui Province Taiwan Affairs Office (TAO), paid for the trip. "
              "The Anhui TAO also paid the meals. China’s Taiwan Affairs Office denied it.")
    got = [(s.text, s.kb_id_) for s in doc.spans["iog_actors"] if "TAO" in s.text or "Office" in s.text]
    branch = "anhui-province-taiwan-affairs-office"
    assert got == [("Anhui Province Taiwan Affairs Office", branch), ("TAO", branch), ("Anhui TAO", branch),
                   ("China’s Taiwan Affairs Office", "tao")]
    assert doc._.iog_actors[branch]["part_of"] == "tao"


def test_city_branch_with_possessive(nlp) -> None:
    doc = nlp("Huang, director of the Economic Bureau at Changsha City’s Taiwan Affairs Office, gave orders.")
    entry = doc._.iog_actors["changsha-city-s-taiwan-affairs-office"]
    assert (entry["label"], entry["part_of"], entry["registry"]) == ("Changsha City’s Taiwan Affairs Office", "tao", False)


SURNAMES = [
    # whatever label NER gave the short form (here ORG, PERSON), it joins the document's full name
    ("Wang Cheng of the Labor Party received the money through an account set up by Wang's older sister.",
     "Wang", "wang-cheng"),
    ("Sun Chih-chuan colluded with a Chinese woman. Prosecutors said Sun sent the money.", "Sun", "sun-chih-chuan"),
    ("Huang Daonian formulated the scheme. Prosecutors said Huang and Lin Huai paid.", "Huang", "huang-daonian"),
]


@pytest.mark.parametrize("text, short, key", SURNAMES)
def test_surname_joins_full_name_whatever_ner_said(nlp, text: str, short: str, key: str) -> None:
    assert keys_by_text(nlp, text).get(short) == key


def test_two_people_with_one_surname_take_the_nearest(nlp) -> None:
    got = [(s.text, s.kb_id_) for s in nlp("Lin Huai paid. Lin Mei-hua refused. Lin later left.").spans["iog_actors"]]
    assert ("Lin", "lin-mei-hua") in got


def test_surname_after_earlier_short_forms_still_joins_the_full_name(nlp) -> None:
    doc = nlp("Facebook removed accounts linked to President Jair Bolsonaro. Courts examined news about Bolsonaro. "
              "The party, which Bolsonaro left last year, denied it; his son Flávio Bolsonaro said nothing.")
    assert {s.kb_id_ for s in doc.spans["iog_actors"] if s.text == "Bolsonaro"} == {"jair-bolsonaro"}


def test_known_as_gives_another_name_of_the_person(nlp) -> None:
    doc = nlp("The network was run by Yang Tengbo, a Chinese businessman known as H6. H6 was banned from Britain.")
    assert {s.kb_id_ for s in doc.spans["iog_actors"] if s.text == "H6"} == {"yang-tengbo"}
    assert "H6" in doc._.iog_actors["yang-tengbo"]["aliases"]


def test_called_introduces_a_new_actor(nlp) -> None:
    """"a group called X" names a new actor: X is not another name of anybody."""
    doc = nlp("Prosecutors said Wang Li ran a group called Anzu team.")
    assert doc._.iog_actors["anzu-team"]["label"] == "Anzu team"
