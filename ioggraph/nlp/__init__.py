"""spaCy side of ioggraph: model loading (:mod:`.loader`), the ``iog_*`` components and the
decisions they make, one module each; :mod:`.pipeline` puts them together.

``load_pipeline``, ``add_components``, ``load_model`` and ``model_id`` are imported from
:mod:`.pipeline` on first use, so that a module of this package that needs no spaCy (``text``,
used by ``query``) does not make its importer load spaCy (about 1 s).
"""
from __future__ import annotations

from typing import Any

__all__ = ["load_model", "load_pipeline", "model_id", "add_components"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from ioggraph.nlp import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module 'ioggraph.nlp' has no attribute '{name}'")
