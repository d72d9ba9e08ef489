"""Registry aliases inside text written without spaces (Chinese, Japanese, Korean)."""
from __future__ import annotations

import pytest

from ioggraph.model import DocResult, Mention
from ioggraph.multilingual import complete, find_aliases
from ioggraph.readers.base import make_article
from ioggraph.registry import RegistryActor

REGISTRY = {
    "ufwd": RegistryActor("ufwd", "United Front Work Department", "Organization", ("UFWD", "中央统战部", "统战部")),
    "wang-huning": RegistryActor("wang-huning", "Wang Huning", "Person", ("王沪宁",)),
}


@pytest.mark.parametrize("text, taken, found", [
    ("中共中央统战部资助台湾议员。", [], [(2, 7, "中央统战部", "ufwd")]),          # longest form wins
    ("王沪宁主持会议，统战部出资。王沪宁", [], [(0, 3, "王沪宁", "wang-huning"), (14, 17, "王沪宁", "wang-huning"),
                                         (8, 11, "统战部", "ufwd")]),
    ("统战部", [(0, 3)], []),                                                   # already found by the pipeline
    ("UFWD paid.", [], []),                                                     # Latin forms are the matcher's job
])
def test_find_aliases(text: str, taken: list, found: list) -> None:
    mentions = find_aliases(text, REGISTRY, taken)
    assert [(m.start, m.end, m.text, m.key) for m in mentions] == found
    assert all(text[m.start:m.end] == m.text for m in mentions)


@pytest.mark.parametrize("language, added", [("zh", 2), ("en", 0), (None, 0)])
def test_complete_only_for_spaceless_languages(language: str | None, added: int) -> None:
    class FakeNlp:
        pipe_names = ["iog_actors"]

        def get_pipe(self, name):
            return type("Pipe", (), {"registry": REGISTRY})()
    article = make_article("zh.txt", "王沪宁主持会议，统战部出资。")
    article = article.__class__(**{**article.__dict__, "language": language})
    result = complete(FakeNlp(), article, DocResult("zh.txt"))
    assert len(result.mentions) == added
    if added:
        assert set(result.actors) == {"ufwd", "wang-huning"} and result.actors["ufwd"].registry
