"""The ioggraph pipeline: the spaCy model plus the ``iog_*`` components.

``load_pipeline()`` returns the statistical model with ``iog_lines`` before the parser,
``iog_actors``, ``iog_tactics`` and ``iog_places`` added after ``ner``, and the model's ``attribute_ruler``
and rule ``lemmatizer`` run by ``iog_attribute_ruler`` and ``iog_lemmatizer`` (:mod:`.fast_attributes`,
:mod:`.fast_lemmas`: the same attributes and lemmas, set per document at once; same names and places). Nothing outside ``ioggraph.nlp`` and ``ioggraph.extract`` imports spaCy.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from ioggraph.nlp import actors as _actors  # noqa: F401  (registers the factory)
from ioggraph.nlp import lines as _lines  # noqa: F401  (registers the component)
from ioggraph.nlp import story_places as _story_places  # noqa: F401  (registers the factory)
from ioggraph.nlp import tactics as _tactics  # noqa: F401  (registers the factory)
from ioggraph.nlp.fast_attributes import use_fast_attribute_ruler
from ioggraph.nlp.fast_lemmas import use_fast_lemmatizer
from ioggraph.nlp.loader import load_model, model_id

__all__ = ["load_model", "load_pipeline", "model_id", "add_components"]


def add_components(nlp: Language, *, registry_files: Iterable[Path] = (), lexicon_file: Path | None = None,
                   scorer: bool = True) -> Language:
    """Add ioggraph's components to an already loaded pipeline (in place) and return it.

    ``iog_lines`` goes before the parser (line breaks end sentences), the others after ``ner``; ``iog_places``
    (countries a relevant story names) after the tactic layer, so that it changes no edge. The model's
    ``attribute_ruler`` and rule ``lemmatizer`` are run by ``iog_attribute_ruler`` and ``iog_lemmatizer``
    (the same attributes and lemmas, faster; see :mod:`.fast_attributes` and :mod:`.fast_lemmas`)."""
    use_fast_attribute_ruler(nlp)
    use_fast_lemmatizer(nlp)
    if "iog_lines" not in nlp.pipe_names:
        parser = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        nlp.add_pipe("iog_lines", before=parser) if parser else nlp.add_pipe("iog_lines", first=True)
    nlp.add_pipe("iog_actors", config={"registry_paths": [str(p) for p in registry_files]})
    nlp.add_pipe("iog_tactics", config={"lexicon_path": str(lexicon_file) if lexicon_file else None, "scorer": scorer})
    nlp.add_pipe("iog_places")
    return nlp


def load_pipeline(model: str | None = None, *, registry_files: Iterable[Path] = (), lexicon_file: Path | None = None,
                  scorer: bool = True) -> Language:
    """The spaCy model (see :mod:`ioggraph.nlp.loader`) with ioggraph's components; ``scorer=False`` leaves
    out the trained activity scorer (the rules' relations are the output; ``ioggraph train`` uses it)."""
    return add_components(load_model(model), registry_files=registry_files, lexicon_file=lexicon_file,
                          scorer=scorer)
