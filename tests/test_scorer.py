"""The trained activity scorer: model file, decisions on sentences (tables), and what must give nothing."""
from __future__ import annotations

import json
import re
import sys

import pytest

from ioggraph.errors import ActivityModelError
from ioggraph.nlp import load_pipeline
from ioggraph.nlp.candidates import _ASCII_FOLDS, descriptions, find_triggers, load_concepts, phrase_words, token_forms
from ioggraph.nlp.candidates import AgentOption
from ioggraph.nlp.decide import (agent_note, agent_probs, document_relevance, edge_techniques, pick_agents,
                                 with_rule_parents)
from ioggraph.nlp.scorer import (DEFAULT_MODEL, FORMAT, ActivityModel, LinearModel, Thresholds, calibrate, dumps,
                                 load_model)

# A short story with enough context for the relevance model (as an article gives it).
CONTEXT = ("Security officials said the influence operation targeted voters ahead of the election with "
           "disinformation on social media. ")


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def tactics(nlp, text):
    return [r for r in nlp(text)._.iog_relations if r["kind"] == "tactic"]


# --- the model as data ----------------------------------------------------------------------------

def test_linear_model_probability():
    m = LinearModel(0.0, {"a": 2.0, "b": -2.0})
    assert m.prob([]) == pytest.approx(0.5)
    assert m.prob(["a"]) > 0.85 and m.prob(["b"]) < 0.15
    assert m.prob(["a", "b", "unknown"]) == pytest.approx(0.5)


def test_shipped_model_loads_and_is_deterministic_json():
    model = load_model()
    assert isinstance(model, ActivityModel) and model.techniques and model.data_sha256
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert dumps(ActivityModel.from_dict(data)) == DEFAULT_MODEL.read_text(encoding="utf-8")
    assert DEFAULT_MODEL.stat().st_size < 2_000_000          # small enough to ship


def test_shipped_model_has_a_record_of_its_data_and_dev_scores():
    record = json.loads(DEFAULT_MODEL.with_name("activity.record.json").read_text(encoding="utf-8"))
    assert record["data"]["train_sha256"] == load_model().data_sha256
    assert {"activity_recall", "actor_precision", "technique_lenient_f1"} <= set(record["dev"])
    assert record["dev"]["calibration"] and "train_cross_validated" in record


@pytest.mark.parametrize("content, message", [
    ("", "cannot read the activity model"),
    ('{"format": "other"}', "expected an activity model"),
    ('{"format": "%s"}' % FORMAT, "malformed activity model"),
])
def test_bad_model_files_are_named_with_the_fix(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_text(content)
    with pytest.raises(ActivityModelError, match=message) as err:
        load_model(str(path))
    assert "make train" in str(err.value)


def test_missing_model_says_how_to_train(tmp_path):
    with pytest.raises(ActivityModelError, match="make train"):
        load_model(str(tmp_path / "none.json"))


@pytest.mark.parametrize("probs, order", [
    ([0.1, 0.9], [1, 0]),
    ([0.8, 0.8], [0, 1]),            # two likely agents both keep their probability (co-defendants)
    ([0.0, 0.0], [0, 1]),
])
def test_agent_probs_rank_without_sharing(probs, order):
    ranked = agent_probs(probs, list(range(len(probs))))
    assert [k for _, k in ranked] == order and [p for p, _ in ranked] == [probs[i] for i in order]


@pytest.mark.parametrize("scored, conjoined, max_agents, expected", [
    ([(0.7, "a"), (0.2, "b")], {}, 1, {"a"}),
    ([(0.7, "a"), (0.2, "b")], {"a": ["b"]}, 1, {"a", "b"}),      # "A and B ran ...": both
    ([(0.45, "a"), (0.44, "b"), (0.2, "c")], {"a": ["b"], "b": ["a"]}, 1, {"a", "b"}),   # one pick together
    ([(0.3, "a"), (0.2, "b")], {}, 1, set()),                     # below the agent threshold
    ([(0.8, "a"), (0.6, "b"), (0.5, "c")], {}, 2, {"a", "b"}),    # at most max_agents picks
    ([(0.8, "a"), (0.3, "b")], {}, 2, {"a"}),                     # each pick must reach the threshold
])
def test_pick_agents(scored, conjoined, max_agents, expected):
    th = Thresholds(agent=0.4, max_agents=max_agents)
    assert {k for _, k in pick_agents(scored, conjoined, th)} == expected


@pytest.mark.parametrize("raw, ab, expected", [
    (0.3, (1.0, 0.0), 0.3),           # identity: the raw P(sentence) x P(agent)
    (0.5, (1.0, 1.0), 0.731),         # shifted on the logit scale
    (0.5, (2.0, 0.0), 0.5),
    (0.0, (1.0, 0.0), 0.0),           # clipped, never a math error
    (1.0, (1.0, 0.0), 1.0),
])
def test_calibration_maps_raw_confidence(raw, ab, expected):
    assert calibrate(raw, ab) == pytest.approx(expected, abs=1e-3)


def test_shipped_model_is_calibrated_and_monotone():
    model = load_model()
    a, _ = model.calibration
    assert a > 0 and model.calibration != (1.0, 0.0)
    values = [model.confidence(p, 1.0) for p in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert values == sorted(values)


# --- candidates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("word, form", [("waging", "wage"), ("posing", "pose"), ("funded", "fund")])
def test_token_forms_survive_lemma_slips(blank_nlp, word, form):
    assert form in token_forms(blank_nlp(word)[0])


@pytest.mark.parametrize("text, concept", [
    ("They ran a hack-and-leak operation.", "cyber"),
    ("The accounts were posing as locals.", "inauthentic"),
    ("It created fake accounts on Facebook.", "inauthentic"),
    ("Moscow is waging an information war.", "disinformation"),
])
def test_trigger_concepts_match_phrases_and_slips(nlp, text, concept):
    doc = nlp(text)
    found, tokens = find_triggers(doc[:], load_concepts(None), set())
    assert concept in found and tokens


def test_ascii_folds_are_every_character_that_matches_an_ascii_word_character_ignoring_case():
    """phrase_hits' word filter relies on it: elsewhere an ASCII phrase word matches only itself."""
    pattern = re.compile("[a-z0-9_]", re.I)
    odd = {chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000 and pattern.fullmatch(chr(c))}
    assert odd == set(_ASCII_FOLDS.pattern[1:-1])


def test_phrase_words_need_every_word_and_a_suffixed_last_one():
    assert phrase_words("fake news") == (frozenset({"fake"}), frozenset({"news", "newss", "newses", "newsing", "newsed"}))
    assert phrase_words("hack-and-leak op.") == (frozenset({"hack"}), frozenset({"and"}), frozenset({"leak"}), frozenset({"op"}))
    assert phrase_words("-leak") is None and phrase_words("caf\u00e9 owner") is None


@pytest.mark.parametrize("text", [
    "They ran a hack-and-leak operation.", "THEY RAN A HACK AND LEAK OPERATION", "a hack\u00a0and\u2014leak",
    "a hack and \u017feak", "the \u212aremlin's fake   accounts", "fake-accountsing", "a fake news site, fake newses",
    "\u00e9fake accounts", "fake\u00e9 accounts", "\u201cfake accounts\u201d", "", "no phrase here",
])
def test_phrase_hits_as_one_search_then_every_concept(nlp, text):
    """The word filter changes nothing: the same hits as searching every concept's pattern."""
    concepts = load_concepts(None, nlp.get_pipe("iog_tactics").lexicon)
    expected = [(c, m.span()) for c, p in concepts.phrases.items() if concepts._any_phrase.search(text)
                for m in p.finditer(text)]
    assert [(c, m.span()) for c, m in concepts.phrase_hits(text)] == expected


@pytest.mark.parametrize("text, label", [
    ("Pro-Hezbollah accounts spread the claims.", "Pro-Hezbollah accounts"),
    ("Anonymous administrators ran the pages.", "Anonymous administrators"),
    ("Mysterious political operatives paid the influencers.", "political operatives"),
])
def test_descriptions_name_unnamed_agents(nlp, text, label):
    """A description that names who acts is an agent option: an actor already (groups grammar) or a
    description the scorer may make one."""
    doc = nlp(text)
    found = [lab for _, lab in descriptions(doc[:])] + [s.text for s in doc.spans["iog_actors"]]
    assert label in found


@pytest.mark.parametrize("text, last_sentence_options", [
    # a description named one or two sentences before stays an agent option of the next sentences
    ("An anonymous administrator ran a Telegram channel for months. The channel paid dozens of influencers "
     "to post videos pushing pro-Kremlin narratives.", {"anonymous-administrator"}),
    ("An anonymous administrator ran the pages. The weather was cold. Then editors of the Kyiv Post were paid "
     "to publish fake stories.", {"anonymous-administrator"}),
    # three sentences back is too far
    ("An anonymous administrator ran the pages. The weather was cold. Nobody spoke. Then editors of the Kyiv Post "
     "were paid to publish fake stories.", set()),
])
def test_descriptions_of_earlier_sentences_are_options(nlp, text, last_sentence_options):
    from ioggraph.nlp.tactics import candidates_of
    cands, _ = candidates_of(nlp(text))
    last = max(cands, key=lambda c: c.sent.start)
    assert last.sent.end == len(last.sent.doc)
    assert {o.key for o in last.options if o.source == "description"} == last_sentence_options


@pytest.mark.parametrize("text, key, read", [
    # the rules' agent logic reads a description like an actor: subject of the trigger verb
    ("An anonymous administrator paid dozens of TikTok influencers in Russia to post videos.",
     "anonymous-administrator", {"verb"}),
    # passive "by"
    ("Dozens of TikTok influencers in Russia were paid by an anonymous administrator to post videos.",
     "anonymous-administrator", {"verb"}),
])
def test_descriptions_are_read_by_the_agent_logic(nlp, text, key, read):
    from ioggraph.nlp.tactics import candidates_of
    cands, _ = candidates_of(nlp(text))
    assert any(read <= c.parse_agents.get(key, set()) for c in cands)


@pytest.mark.parametrize("text, key, back", [
    # named in the sentence, one sentence before, two before (an option says where it was named)
    ("Russia's military intelligence created hundreds of fake accounts to spread disinformation.",
     "russia-military-intelligence", 0),
    ("Russia's military intelligence ran the campaign. It also paid bloggers to spread disinformation.",
     "russia-military-intelligence", 1),
    ("Russia's military intelligence ran the campaign. The weather was cold. Bloggers were paid to spread "
     "disinformation about the vote.", "russia-military-intelligence", 2),
])
def test_agent_options_say_how_far_back_they_were_named(nlp, text, key, back):
    from ioggraph.nlp.tactics import candidates_of
    cands, _ = candidates_of(nlp(text))
    last = max(cands, key=lambda c: c.sent.start)
    assert {o.key: o.back for o in last.options}.get(key) == back


@pytest.mark.parametrize("option, note", [
    (None, ""),
    (AgentOption("iran", "sentence", ()), ""),
    (AgentOption("iran", "previous", (), back=1), " [agent 'Iran' named 1 sentence before the quote]"),
    (AgentOption("iran", "description", (), back=2), " [agent 'Iran' named 2 sentences before the quote]"),
    (AgentOption("iran", "document", (), back=None), " [agent 'Iran': the document's main actor, not named in the quote]"),
    (AgentOption("iran", "rule", (), back=None), " [agent 'Iran' not named in the quote: the rule layer resolved it]"),
])
def test_an_agent_the_quote_does_not_name_is_flagged_on_the_edge(option, note):
    # the edge's trigger (query --explain) says where its agent comes from, so that the analyst can check it
    assert agent_note(option, "Iran") == note


def test_bare_descriptions_are_left_to_the_discourse(nlp):
    assert descriptions(nlp("The accounts spread the claims.")[:]) == []


# --- decisions (agent, technique parent) on sentences ---------------------------------------------

@pytest.mark.parametrize("text, agents", [
    # subject agent, passive "by" agent
    (CONTEXT + "Russia's military intelligence created hundreds of fake accounts to spread disinformation "
     "about the vote.", {"russia-military-intelligence", "military-intelligence", "russia"}),
    (CONTEXT + "The fake news sites were created by Iran to spread disinformation to American voters.",
     {"iran"}),
])
def test_asserted_activities_give_edges(nlp, text, agents):
    rels = [r for r in tactics(nlp, text) if r["start"] > len(CONTEXT) - 2]
    assert rels and {r["source"] for r in rels} <= agents
    for r in rels:
        assert 0 < r["confidence"] <= 1 and r["rule"].startswith("scorer") and r["techniques"]


@pytest.mark.parametrize("text", [
    CONTEXT + "Officials said Russia did not create fake accounts to spread disinformation.",       # negated
    CONTEXT + "If Russia created fake accounts, it could spread disinformation.",                 # hypothetical
    "The football club signed a new striker and the fans celebrated in the city centre.",         # not relevant
    "Apple launched a new phone with a better camera and a longer battery life.",
])
def test_sentences_that_must_give_nothing(nlp, text):
    sent = text.split(". ")[-1]
    assert [r for r in tactics(nlp, text) if sent[:30] in r["quote"]] == []


def test_evidence_quote_is_the_source_text(nlp):
    text = CONTEXT + "The fake news sites were created by Iran to spread disinformation to American voters."
    doc = nlp(text)
    for r in doc._.iog_relations:
        assert r["quote"] == text[r["start"]:r["end"]]


def test_a_headline_gives_no_edge_its_body_does(nlp):
    headline = "Russia created hundreds of fake accounts to spread disinformation about the vote, officials say"
    body = ("Russia's military intelligence created hundreds of fake accounts to spread disinformation "
            "about the vote, security officials said.")
    text = headline + "\n\n" + CONTEXT + body
    rels = tactics(nlp, text)
    assert [r for r in rels if r["start"] < len(headline)] == []
    assert [r for r in rels if r["quote"] == body]


@pytest.mark.parametrize("p_document, sentence_probs, relevance", [
    (0.9, [], 0.9),                       # the document model alone
    (0.5, [0.9, 0.9, 0.9], 0.9),          # three sure activity sentences make it relevant
    (0.5, [0.9, 0.6, 0.3, 0.1], 0.6),     # the mean of the three strongest
    (0.5, [0.99], 0.5),                   # one sentence is not enough: fewer than three count as 0
    (0.8, [0.7, 0.7, 0.7], 0.8),          # never lower than the document model
])
def test_document_relevance(p_document, sentence_probs, relevance):
    assert document_relevance(p_document, sentence_probs) == pytest.approx(relevance)


@pytest.mark.parametrize("parents, rule_techniques, expected", [
    (["T0085"], [], ["T0085"]),                                   # no rule fired: the model's
    (["T0085"], ["T0090.001"], ["T0085", "T0090"]),               # a rule's parent is added after the model's
    (["T0090"], ["T0090.001"], ["T0090"]),                        # already chosen: once
    (["T0085"], ["IOG-001", "T0100", "T0100"], ["T0085", "T0100"]),   # project codes are no parents
    ([], ["T0102.001", "T0100"], ["T0100", "T0102"]),
])
def test_rule_parents_join_the_models(parents, rule_techniques, expected):
    assert with_rule_parents(parents, rule_techniques) == expected


def test_rule_parents_are_refined_to_the_rules_sub_technique():
    ruled = ["T0090.001"]
    assert edge_techniques(["T0085"], ruled) == ["T0085", "T0090.001"]


def _ranked_one_model_at_a_time(model, features):
    """rank_techniques the straightforward way: each technique model's own logit()."""
    scored = [(tid, m.prob(features)) for tid, m in model.techniques.items()]
    return sorted(scored, key=lambda kv: (-kv[1], kv[0]))


TECHNIQUE_MODELS = {"T1": LinearModel(0.5, {"a": 1.25, "b": -0.0, "c": 1e-17}),
                    "T2": LinearModel(-0.25, {"b": 0.1, "c": 0.2, "d": 0.3}),
                    "T3": LinearModel(0.0, {})}


@pytest.mark.parametrize("features", [
    (), ("a",), ("b",), ("a", "b", "c", "d"), ("d", "c", "b", "a"), ("zz", "c", "zz", "a"), ("c", "c"),
])
def test_rank_techniques_equals_each_models_logit(features):
    """All models at once (rows of a matrix added in feature order) gives bit for bit each model's P."""
    model = ActivityModel(*(LinearModel(0.0, {}),) * 4, TECHNIQUE_MODELS, Thresholds())
    assert model.rank_techniques(features) == _ranked_one_model_at_a_time(model, features)


def test_rank_techniques_of_the_shipped_model_on_real_sentences(nlp):
    from ioggraph.nlp.tactics import candidates_of
    model = load_model()
    doc = nlp("Russian operatives created fake accounts on Facebook to spread disinformation about the election. "
              "The Internet Research Agency paid influencers and bought ads targeting Black voters.")
    cands, _ = candidates_of(doc)
    assert cands
    for cand in cands:
        assert model.rank_techniques(cand.features) == _ranked_one_model_at_a_time(model, cand.features)


def _concepts_the_plain_way(concepts, token):
    """Concepts.of_word for a token, the straightforward way: each concept's words against its forms."""
    forms = token_forms(token)
    return sorted(c for c, words in concepts.words.items() if forms & words)


@pytest.mark.parametrize("text", [
    "Russian operatives were waging a disinformation campaign and bought ads, posting fake news.",
    "The TROLLS Posted memes; Spamouflage amplified them through bots and sockpuppets.",
])
@pytest.mark.parametrize("pipeline", ["nlp", "blank_nlp"])
def test_kept_word_concepts_equal_the_plain_lookup(request, pipeline, text):
    concepts = load_concepts()
    doc = request.getfixturevalue(pipeline)(text)
    for _ in range(2):      # the second answer comes from the kept ones
        for t in doc:
            assert concepts.of_word(t.lower_, t.lemma_.lower()) == _concepts_the_plain_way(concepts, t)
            assert concepts.of_token(t) == _concepts_the_plain_way(concepts, t)
