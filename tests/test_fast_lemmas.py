"""``iog_lemmatizer`` writes exactly the lemmas of the model's rule lemmatizer and changes nothing else."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from ioggraph.nlp.fast_lemmas import FACTORY, FastLemmatizer, hashed_twin, supported, use_fast_lemmatizer
from ioggraph.nlp.loader import load_model

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

SENTENCES = [
    # verbs: tenses, participles, auxiliaries, irregulars
    "The committee was meeting when the senators had already voted and left.",
    "She writes, wrote, has written and is writing reports; they ran, run and are running.",
    "Officials denied that the agency had been spreading stories it knew were false.",
    # nouns: plurals, irregulars, mass nouns, comparatives and superlatives
    "The children's teeth and the geese's feet were the worst of the analyses and crises.",
    "Bigger networks of bots posted better, more numerous and the most viral messages.",
    # proper nouns, acronyms, possessives
    "Moscow's envoy met NATO, the EU and the U.S. State Department in Brussels on Monday.",
    "Acme Holdings Ltd. paid Jane O'Neill and the Smiths through PayPal and Telegram.",
    # punctuation, quotes, brackets, dashes, ellipsis
    '"Wait..." he said -- (quietly) -- [then] left; "No!" she replied? Yes: it\'s done.',
    # numbers, dates, money, percentages, ordinals
    "On 3 March 2024, 1,200 accounts (12.5%) spent $4.3m and EUR 20 in the 2nd round.",
    # contractions and clitics
    "I'm sure they'd've said we can't, won't and shouldn't; y'all don't know what's gone.",
    # hyphenated words and compounds
    "Kremlin-backed, state-run outlets ran well-funded, long-running pro-Russian campaigns.",
    "The so-called fact-checkers re-posted follow-ups about e-mail and anti-vaccine claims.",
    # mixed case, URLs, emails, symbols, non-ASCII
    "VISIT www.example.org or write to press@example.com #Elections2024 @user 😊 Café Zürich.",
    # line breaks and extra spaces
    "Headline Here\n\nBy A Writer\n\nThe   first paragraph  ends here.\n",
    # rare or invented words, so the string store gets new lemmas
    "The trolls zorbified the blorpings while quuxing frobnicated widgetries.",
    "",
    "A",
]

ATTRS = ("text", "lemma_", "pos_", "tag_", "morph", "dep_", "head.i", "ent_type_", "ent_iob_", "is_sent_start",
         "norm_", "whitespace_")


def rows(doc: Doc) -> list[tuple[str, ...]]:
    return [tuple(str(eval(f"t.{a}", {"t": t})) for a in ATTRS) for t in doc]


@pytest.fixture(scope="module")
def plain() -> Language:
    return load_model()


@pytest.fixture(scope="module")
def fast() -> Language:
    return use_fast_lemmatizer(load_model())


def test_it_replaces_the_rule_lemmatizer_in_place(plain: Language, fast: Language) -> None:
    assert fast.pipe_names == plain.pipe_names
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert fast.get_pipe_meta("lemmatizer").factory == FACTORY
    assert type(plain.get_pipe("lemmatizer")).__name__ == "EnglishLemmatizer"  # the plain model is untouched


def test_our_pipeline_uses_it(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    assert nlp.pipe_names.index("lemmatizer") == nlp.pipe_names.index("attribute_ruler") + 1


@pytest.mark.parametrize("text", SENTENCES)
def test_same_lemmas_and_everything_else(plain: Language, fast: Language, text: str) -> None:
    assert rows(fast(text)) == rows(plain(text))


def test_same_lemmas_through_pipe_twice(plain: Language, fast: Language) -> None:
    """Second pass: every key comes from the cache."""
    for _ in range(2):
        for a, b in zip(fast.pipe(SENTENCES, batch_size=4), plain.pipe(SENTENCES, batch_size=4)):
            assert rows(a) == rows(b)


def _with_lemmas(nlp: Language, text: str, preset: dict[int, str]) -> Doc:
    doc = nlp.make_doc(text)
    for i, lemma in preset.items():
        doc[i].lemma_ = lemma
    return nlp(doc)


def test_a_token_with_a_lemma_keeps_it(plain: Language, fast: Language) -> None:
    text = "The ministers were running campaigns."
    preset = {1: "MINISTER", 3: "sprint"}
    doc = _with_lemmas(fast, text, preset)
    assert rows(doc) == rows(_with_lemmas(plain, text, preset))
    assert [doc[1].lemma_, doc[3].lemma_, doc[4].lemma_] == ["MINISTER", "sprint", "campaign"]


def _overwriting(make: Callable[[], Language]) -> Language:
    nlp = make()
    lemmatizer = nlp.get_pipe("lemmatizer")
    (lemmatizer.original if isinstance(lemmatizer, FastLemmatizer) else lemmatizer).overwrite = True
    return nlp


def test_overwrite_is_respected() -> None:
    plain, fast = _overwriting(load_model), _overwriting(lambda: use_fast_lemmatizer(load_model()))
    assert fast.get_pipe("lemmatizer").overwrite
    text = "They've been saying it's the best of times."
    preset = {0: "X", 2: "Y"}
    doc = _with_lemmas(fast, text, preset)
    assert rows(doc) == rows(_with_lemmas(plain, text, preset))
    assert doc[0].lemma_ != "X"


def test_lemmas_survive_memory_zones(plain: Language, fast: Language) -> None:
    """A lemma first stored inside a zone leaves the string store with it; the next doc adds it again."""
    text = "The trolls glorpified the snarfblats."
    for _ in range(3):
        with fast.memory_zone():
            got = rows(fast(text))
        assert got == rows(plain(text))


def test_corpus_lemmas_equal_the_plain_model(nlp: Language, plain: Language) -> None:
    """The full pipeline (iog_lines moves some sentence starts) against plain spaCy on corpus/."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    assert texts
    for ours, theirs in zip(nlp.pipe(texts), plain.pipe(texts)):
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]


def test_corpus_everything_equal_with_only_the_lemmatizer_swapped(plain: Language, fast: Language) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for a, b in zip(fast.pipe(texts), plain.pipe(texts)):
        assert rows(a) == rows(b)


class _Subclass(Lemmatizer):
    pass


def test_other_lemmatizers_are_left_alone(blank_nlp: Language) -> None:
    nlp = load_model()
    original = nlp.get_pipe("lemmatizer")
    assert supported(original)
    assert not supported(_Subclass(nlp.vocab, None, mode="rule"))
    assert not supported(Lemmatizer(nlp.vocab, None, mode="lookup"))
    original.lemmatize = lambda token: [token.text]  # patched: not the rule lemmatizer any more
    assert not supported(original)
    assert use_fast_lemmatizer(nlp).get_pipe("lemmatizer") is original
    lookup = Language(blank_nlp.vocab)
    lookup.add_pipe("lemmatizer", config={"mode": "lookup"})
    kept = lookup.get_pipe("lemmatizer")
    assert use_fast_lemmatizer(lookup).get_pipe("lemmatizer") is kept
    assert use_fast_lemmatizer(Language(blank_nlp.vocab)).pipe_names == []


POS = ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "AUX", "PRON", "NUM", "PUNCT", "X", "SPACE", "DET")
MORPHS = ("", "Number=Sing", "Number=Plur", "VerbForm=Inf", "Tense=Past|VerbForm=Fin",
          "Aspect=Prog|Tense=Pres|VerbForm=Part", "Tense=Pres|VerbForm=Fin", "Degree=Cmp", "Degree=Sup", "Degree=Pos", "VerbForm=Ger")


def test_the_twin_lemmatizes_as_the_original_for_any_pos_and_morph(plain: Language) -> None:
    """The twin (frozenset index tables) against the original, on every token of the table under each pos
    and morph above: whole lists of forms, not only the first."""
    original = plain.get_pipe("lemmatizer")
    twin = hashed_twin(original)
    assert twin.lookups.get_table("lemma_index").get("noun") == frozenset(
        original.lookups.get_table("lemma_index").get("noun"))
    words = {t.text for doc in plain.pipe(SENTENCES) for t in doc} | {
        "indices", "matrices", "wolves", "mice", "was", "better", "worse", "further", "data", "media", "ran",
        "leaves", "axes", "bases", "sped", "lay", "lain", "geese", "oxen", "criteria", "phenomena", "is", "has"}
    for word in sorted(words):
        doc = plain.make_doc(word)
        for token in doc:
            for pos in POS:
                for morph in MORPHS:
                    token.pos_ = pos
                    token.set_morph(morph or None)
                    original.cache.clear()
                    twin.cache.clear()
                    assert twin.rule_lemmatize(token) == original.rule_lemmatize(token), (word, pos, morph)
