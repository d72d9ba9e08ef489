"""The ``iog_lines`` component on the real model: line breaks and colons as sentence boundaries (tables)."""
from __future__ import annotations

import pytest
import spacy

from ioggraph.nlp import load_pipeline
from ioggraph.nlp.lines import hard_wrapped, line_starts, title_lines


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def sentences(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert "iog_lines" in names
    assert names.index("iog_lines") < names.index("parser")


@pytest.mark.parametrize("text, expected", [
    # a headline line followed by a paragraph: the headline is a sentence of its own
    ("Kremlin's operation targets voters in Western countries\n"
     "The network posted thousands of videos on TikTok. Researchers found it last week.",
     ["Kremlin's operation targets voters in Western countries",
      "The network posted thousands of videos on TikTok.", "Researchers found it last week."]),
    # headline, byline, paragraph
    ("Beijing steps up pressure on Taipei\nBy Jane Doe\nChina has sent dozens of warplanes near the island.",
     ["Beijing steps up pressure on Taipei", "By Jane Doe",
      "China has sent dozens of warplanes near the island."]),
    # blank lines between headline and paragraph
    ("Election watchdogs warn of foreign meddling\n\nOfficials said on Monday that the vote would go ahead.",
     ["Election watchdogs warn of foreign meddling", "Officials said on Monday that the vote would go ahead."]),
    ("Russia's war in Ukraine\n\n\nMoscow has denied the claims.",
     ["Russia's war in Ukraine", "Moscow has denied the claims."]),
    # Windows line ends
    ("Headline about the vote\r\nThe commission said the count was complete.",
     ["Headline about the vote", "The commission said the count was complete."]),
    # one paragraph per line
    ("Headline One\nFirst paragraph here.\nSecond paragraph: it has a colon.\nThird paragraph.",
     ["Headline One", "First paragraph here.", "Second paragraph: it has a colon.", "Third paragraph."]),
    # a caption with a colon, then a paragraph
    ("Photo: Reuters\nThe ministry declined to comment.", ["Photo: Reuters", "The ministry declined to comment."]),
    ("UPDATE: Meta removes network\nThe company said the accounts were based in China.",
     ["UPDATE: Meta removes network", "The company said the accounts were based in China."]),
    # a colon at the end of a line: the line break still ends the sentence
    ("Note:\nThe list follows here.", ["Note:", "The list follows here."]),
    # a line opening with a quotation
    ('Headline\n"We will respond," the minister said.', ["Headline", '"We will respond," the minister said.']),
    # leading and trailing blank lines
    ("  \nChina denies it.\n", ["China denies it."]),
])
def test_line_breaks_end_sentences(nlp, text, expected):
    assert sentences(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # hard-wrapped paragraph: most line breaks fall mid-sentence, so it stays one sentence
    "The network of fake accounts posted\nthousands of videos in several languages\nand researchers at a "
    "university in\nCalifornia found it last week after\na long investigation.",
    "A headline without punctuation\nthe body continues in lower case\nand keeps going without a capital\n"
    "until the end.",
    "Officials said the operation used\nhundreds of accounts to spread\nfalse claims about the vote.",
])
def test_hard_wrapped_text_is_not_split_at_each_line(nlp, text):
    assert sentences(nlp, text) == [text]


@pytest.mark.parametrize("text, expected", [
    # a colon inside a line does not end the sentence
    ("Balloons, paid influencers and trips: these are the tactics Beijing is accused of deploying.",
     ["Balloons, paid influencers and trips: these are the tactics Beijing is accused of deploying."]),
    ("Researchers found three things: fake accounts, cloned sites and paid ads.",
     ["Researchers found three things: fake accounts, cloned sites and paid ads."]),
    ('The spokesman said: "We reject these accusations."', ['The spokesman said: "We reject these accusations."']),
    # ... but a full stop after it still does
    ("Key findings: the network used 300 accounts. It was removed in May.",
     ["Key findings: the network used 300 accounts.", "It was removed in May."]),
    # a colon inside a token is no boundary at all
    ("The meeting started at 10:30 on Monday.", ["The meeting started at 10:30 on Monday."]),
    # no line break: the parser's sentences
    ("The report was published on Monday. It named three companies.",
     ["The report was published on Monday.", "It named three companies."]),
    ("One line only with no break.", ["One line only with no break."]),
])
def test_colons_and_plain_text(nlp, text, expected):
    assert sentences(nlp, text) == expected


@pytest.mark.parametrize("text, starts, wrapped", [
    ("Headline\nBody text here.", ["Body"], False),
    ("Headline\n\nBody text here.", ["Body"], False),
    ("one two\nthree four\nFive six", ["three", "Five"], True),    # 1 of 2 lower case: > 30%
    ("A b\nC d\nE f\nG h\ni j", ["C", "E", "G", "i"], False),       # 1 of 4 lower case: 25%
    ("No line break at all.", [], False),
])
def test_line_starts_and_wrapping_share(text, starts, wrapped):
    doc = spacy.blank("en")(text)
    found = line_starts(doc)
    assert [doc[i].text for i in found] == starts
    if found:
        assert hard_wrapped(doc, found) is wrapped


@pytest.mark.parametrize("text, titles", [
    # headline, then the body
    ("Moscow paying voters to reject the EU, Chisinau warns\n\nThe network paid voters, officials said.",
     ["Moscow paying voters to reject the EU, Chisinau warns"]),
    # headline, byline, dateline: every short line above the first sentence
    ("Beijing steps up pressure on Taipei\nBy Jane Doe\n16 January 2024\nChina sent warplanes near the island.",
     ["Beijing steps up pressure on Taipei", "By Jane Doe", "16 January 2024"]),
    # the body from the first line: no title
    ("Prosecutors indicted seven suspects.\nThe money came from Chinese agencies.", []),
    # one long line with no sentence end (a hard-wrapped or untidy text) is no title
    (" ".join(["word"] * 40), []),
    # a headline ending in a quotation mark is read as a sentence (kept as body)
    ('Minister: "We will respond"\nThe ministry said it would act.', []),
    # at most four title lines
    ("A\nB\nC\nD\nE\nThe body starts here.", ["A", "B", "C", "D"]),
    ("", []),
])
def test_title_lines(text, titles):
    assert [text[s:e] for s, e in title_lines(text)] == titles
