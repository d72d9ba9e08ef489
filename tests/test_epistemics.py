"""Negation, hypotheticals, hedging, planned modality and attribution (``ioggraph.nlp.epistemics``)."""
from __future__ import annotations

import pytest

from ioggraph.nlp import load_pipeline
from ioggraph.nlp.epistemics import assess, disputers, load_cues, reporter_heads, reporter_text
from ioggraph.nlp.tactics import deniers, mark_disputes

# A short story with enough context for the relevance model (as an article gives it).
CONTEXT = ("Security officials said the influence operation targeted voters ahead of the election with "
           "disinformation on social media. ")


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def cues():
    return load_cues()


def token(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, word, dropped, modality", [
    ("Beijing funded the trips.", "funded", False, "asserted"),
    ("Beijing did not fund the trips.", "fund", True, None),
    ("Beijing never funded the trips.", "funded", True, None),
    ("Beijing denies funding the trips.", "funding", True, None),
    ("Beijing could fund the trips.", "fund", True, None),
    ("If Beijing funds the trips, voters will notice.", "funds", True, None),
    ("Beijing allegedly funded the trips.", "funded", False, "hedged"),
    ("Beijing is believed to have funded the trips.", "funded", False, "hedged"),
    ("Beijing is suspected of funding the trips.", "funding", False, "hedged"),
    ("Beijing should fund the trips.", "fund", False, "planned"),
    ("Beijing plans to fund the trips.", "fund", False, "planned"),
    ("Beijing will continue to fund the trips.", "fund", False, "planned"),
    ("Did Beijing fund the trips?", "fund", True, None),
    # a concessive "whether ... or ..." clause leaves the main claim; a "whether" question or "if" does not
    ("Whether or not voters noticed, the network spread fake stories.", "spread", False, "asserted"),
    ("Whether voters noticed or not, the network spread fake stories.", "spread", False, "asserted"),
    ("Whether or not Beijing funded the trips, the network spread fake stories.", "funded", True, None),
    ("Officials asked whether China funded the group.", "funded", True, None),
    ("Officials asked whether or not China funded the group.", "funded", True, None),
    ("If Russia wins, it will spread fake stories.", "spread", True, None),
    ("Unless voters notice, the network will spread fake stories.", "spread", True, None),
])
def test_assess(nlp, cues, text, word, dropped, modality):
    result = assess(token(nlp(text), word), cues)
    assert result.dropped is dropped
    if not dropped:
        assert result.modality == modality
        assert (result.factor < 1) == (modality != "asserted")


def test_relative_clause_is_not_negated_by_the_main_clause(nlp, cues):
    doc = nlp("The broadcaster, which has funded influencers, did not comment.")
    assert not assess(token(doc, "funded"), cues).dropped


@pytest.mark.parametrize("text, word, reporters", [
    ("According to Taiwanese security officials, Beijing funded the trips.", "funded",
     ["Taiwanese security officials"]),
    ("Beijing funded the trips, Reuters reported.", "funded", ["Reuters"]),
    ("Prosecutors said Beijing funded the trips.", "funded", ["Prosecutors"]),
    ("Citing sources and documents, the agency said Beijing funded the trips.", "funded",
     ["sources", "documents", "agency"]),
    ("Beijing funded the trips.", "funded", []),
])
def test_reporters(nlp, cues, text, word, reporters):
    doc = nlp(text)
    heads = reporter_heads(doc[:], token(doc, word), cues)
    assert sorted(reporter_text(h) for h in heads) == sorted(reporters)


def test_cues_load_with_confidence_factors(cues):
    assert cues.confidence["asserted"] == 1.0
    assert cues.confidence["hedged"] < cues.confidence["planned"] <= 1.0
    assert "allegedly" in cues.hedges and "should" in cues.planned and "deny" in cues.denial


# --- disputes: the accused denies the accusations ------------------------------------------------

@pytest.mark.parametrize("text, heads", [
    ("Beijing denied the allegations.", ["Beijing"]),
    ("The Kremlin has rejected the accusations.", ["Kremlin"]),
    ("Moscow dismissed the report as baseless.", ["Moscow"]),
    ("Tehran denied any wrongdoing.", ["Tehran"]),
    ("Pyongyang denies involvement in the campaign.", ["Pyongyang"]),
    ("Minsk has continued to deny the claims.", ["Minsk"]),
    ("The charges were rejected by Moscow.", ["Moscow"]),
    ("Russia and China refuted the accusations.", ["Russia", "China"]),
    ("The ministry repeatedly denied the allegations and called them baseless.", ["ministry"]),
    ("Researchers tied the network to the Iranian government, which rejected the claim.", ["government"]),
    ("Analysts blamed Russia for the hack, a charge that Moscow rejects.", ["Moscow"]),
    ("Analysts blamed Russia for the hack, an accusation Moscow has denied.", ["Moscow"]),
    ("The Kremlin denied meddling in the vote.", ["Kremlin"]),
    ("Analysts blamed Russia for the hack, which Moscow denied.", []),   # no accusation word
    ("Beijing did not deny the allegations.", []),          # a negated denial disputes nothing
    ("Did Beijing deny the allegations?", []),              # nor does a question
    ("Beijing denied funding the trips.", []),              # a denied claim, not a dispute of the others
    ("Beijing rejected the proposal.", []),                 # not an accusation
    ("Beijing repeated the allegations.", []),
])
def test_disputers(nlp, cues, text, heads):
    doc = nlp(text)
    assert [t.text for t in disputers(doc[:], cues)] == heads


@pytest.mark.parametrize("text, expected", [
    ("China funded fake news websites. Beijing denied the allegations.", {"china": "China"}),
    ("Russia ran fake accounts. The Kremlin has rejected the accusations.", {"russia": "Russia"}),
    ("Russia ran fake accounts. Meta rejected the accusations.", {"meta": "Meta"}),
    ("Iran ran fake news sites, researchers said, tying them to the Iranian government, which rejected the "
     "claim.", {"iran": "Iran"}),
    ("Russia ran fake accounts. A spokesperson denied the allegations.", {}),   # no actor: no one
    ("Russia ran fake accounts. Moscow did not deny the allegations.", {}),
])
def test_deniers_are_actor_keys(nlp, cues, text, expected):
    assert deniers(nlp(text), cues) == expected


def _edge(source, kind="tactic"):
    return {"source": source, "target": "T0143", "relation": "influence_activity", "kind": kind}


@pytest.mark.parametrize("text, edges, disputed", [
    # the agent denies in a later sentence: its edges stay, disputed by it
    ("China funded fake news websites. Beijing denied the allegations.", [_edge("china")], [["China"]]),
    # a denial by another actor disputes nothing of the agent's
    ("China funded fake news websites. Meta denied the allegations.", [_edge("china")], [[]]),
    # only the denier's own tactic edges; actor-actor relations are not accusations
    ("China funded fake news websites. Beijing denied the allegations.",
     [_edge("china"), _edge("taiwan"), _edge("china", "relation")], [["China"], [], []]),
])
def test_mark_disputes(nlp, cues, text, edges, disputed):
    out = mark_disputes(edges, deniers(nlp(text), cues))
    assert [r["disputed_by"] for r in out] == disputed
    assert all("disputed_by" not in e for e in edges)      # copies, the input is left alone


def _tactics(nlp, text, agent):
    return [r for r in nlp(CONTEXT + text)._.iog_relations if r["kind"] == "tactic" and r["source"] == agent]


@pytest.mark.parametrize("text, agent, disputed", [
    ("Russia ran a network of fake accounts on Facebook to spread disinformation about the election. "
     "The Kremlin has rejected the accusations.", "russia", ["Russia"]),
    ("China funded a campaign of fake news websites targeting Taiwan. Beijing denied the allegations.",
     "china", ["China"]),
    ("Iran created fake news sites to spread propaganda. Tehran dismissed the report as baseless.",
     "iran", ["Iran"]),
    ("Iran created fake news sites to spread propaganda. Iran denied any wrongdoing.", "iran", ["Iran"]),
    ("China funded a campaign of fake news websites targeting Taiwan. Meta denied the allegations.",
     "china", []),
    ("Russia ran a network of fake accounts on Facebook to spread disinformation about the election. "
     "Facebook rejected the accusations.", "russia", []),
    ("Russia ran a network of fake accounts on Facebook to spread disinformation about the election. "
     "A Russian foreign ministry spokesperson denied the allegations.", "russia", []),
])
def test_pipeline_keeps_disputed_edges(nlp, text, agent, disputed):
    edges = _tactics(nlp, text, agent)
    assert edges, "the accusation gives an edge"
    assert all(r["disputed_by"] == disputed for r in edges)


@pytest.mark.parametrize("text, agent", [
    ("China did not fund the group.", "china"),                      # the denial sentence itself
    ("Beijing denied funding fake news websites.", "china"),
    ("Officials asked whether China funded the group.", "china"),    # a question
    ("If Russia wins, it will spread fake stories on Twitter.", "russia"),
])
def test_pipeline_drops_denied_and_hypothetical_claims(nlp, text, agent):
    assert _tactics(nlp, text, agent) == []


def test_pipeline_keeps_the_main_claim_of_a_whether_concessive(nlp):
    text = "Whether or not voters noticed, Russia's Internet Research Agency spread fake stories on Twitter."
    assert _tactics(nlp, text, "ira")


@pytest.mark.parametrize("text, speaker, accused", [
    ("Russia accused the United States of spreading disinformation.", "Russia", "united-states"),
    ("Russia accused the United States of spreading disinformation on social media.", "Russia", "united-states"),
    ("China accused Taiwan of running fake accounts.", "China", "taiwan"),
])
def test_counter_accusation_is_the_speakers_claim(nlp, text, speaker, accused):
    doc = nlp(CONTEXT + text)
    for rels in (doc._.iog_rule_relations, doc._.iog_relations):
        edges = [r for r in rels if r["kind"] == "tactic" and r["source"] == accused]
        assert edges
        assert all(r["modality"] == "hedged" and speaker in r["reported_by"] for r in edges)


# --- assess keeps its answers per Doc: the same as assessing afresh ----------------------------------

MEMO_TEXTS = [
    "Officials said Russia did not fund the trips. Did China run the accounts? If Iran paid them, it would be new.",
    "The network allegedly planned to spread claims, and Moscow denied the allegations.",
]


@pytest.mark.parametrize("text", MEMO_TEXTS)
def test_kept_assessments_equal_fresh_ones(nlp, cues, text):
    from dataclasses import replace

    from ioggraph.nlp.epistemics import _assess
    doc = nlp(text)
    other_cues = replace(cues, denial=frozenset(), hedges=frozenset({"said"}))
    sents = list(doc.sents)
    for _ in range(2):      # the second round answers from the memo
        for t in doc:
            for sent in (None, t.sent, sents[0], doc[0:len(doc)]):
                within = sent if sent is not None and sent.start <= t.i < sent.end else None
                for c in (cues, other_cues):
                    assert assess(t, c, sent) == _assess(t, c, within)
