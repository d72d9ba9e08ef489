"""The ``iog_tactics`` component (interface; the rule engine lives in ``ioggraph.nlp.rules``).

Reads: ``doc.spans["iog_actors"]`` and ``doc._.iog_actors`` (from ``iog_actors``), the parse, and
the tactic lexicon ``schemas/tactics.yaml``.
Writes: ``doc._.iog_relations``: a list of plain dicts with the fields of
:class:`ioggraph.model.Relation` (strings, numbers and offsets only, so they survive
multiprocessing and DocBin).
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ioggraph.schemas import schemas_dir

if not Doc.has_extension("iog_relations"):
    Doc.set_extension("iog_relations", default=None)


def default_lexicon_path() -> Path:
    return schemas_dir() / "tactics.yaml"


@Language.factory(
    "iog_tactics",
    requires=["doc.spans", "doc._.iog_actors", "token.dep"],
    assigns=["doc._.iog_relations"],
    default_config={"lexicon_path": None},
)
def make_tactic_extractor(nlp: Language, name: str, lexicon_path: str | None) -> TacticExtractor:
    return TacticExtractor(nlp, name, Path(lexicon_path) if lexicon_path else default_lexicon_path())


class TacticExtractor:
    """Finds tactic and actor-actor relations; see the module docstring."""

    def __init__(self, nlp: Language, name: str, lexicon_path: Path):
        self.name = name
        self.lexicon_path = lexicon_path

    def __call__(self, doc: Doc) -> Doc:
        doc._.iog_relations = []
        return doc
