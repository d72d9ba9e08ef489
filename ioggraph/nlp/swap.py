"""Put a wrapper of a model component in that component's place: same name, same position in the pipeline.

Used by :mod:`ioggraph.nlp.fast_attributes` and :mod:`ioggraph.nlp.fast_lemmas`, whose factories take the
component they wrap from the pipeline (``config={"source": name}``) while it is still there.
"""
from __future__ import annotations

from spacy.language import Language


def swap_in(nlp: Language, name: str, factory: str) -> Language:
    """Replace the pipe ``name`` by a ``factory`` component made from it, under the same name and at the
    same place (the pipe names, and so the build's fingerprint, stay as they were)."""
    temp = f"{factory}_new"
    nlp.add_pipe(factory, name=temp, after=name, config={"source": name})
    nlp.remove_pipe(name)
    nlp.rename_pipe(temp, name)
    return nlp
