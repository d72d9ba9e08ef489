"""The scale-benchmark article generator: distinct, reproducible, names swapped within a type."""
from __future__ import annotations

from pathlib import Path

import pytest

from ioggraph.bench_corpus import generate, name_pools, sentences
from ioggraph.corpus import iter_articles
from ioggraph.errors import IoggraphError

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("n, length", [(1, (8, 24)), (30, (3, 6))])
def test_generate_distinct_and_reproducible(tmp_path: Path, n: int, length: tuple[int, int]) -> None:
    files, words = generate(tmp_path / "a", n, [REPO / "corpus"], seed=1, length=length)
    generate(tmp_path / "b", n, [REPO / "corpus"], seed=1, length=length)
    arts = list(iter_articles(tmp_path / "a"))
    assert files == n == len({a.sha256 for a in arts}) and words > n * 20
    assert [a.text for a in arts] == [a.text for a in iter_articles(tmp_path / "b")]


def test_names_are_swapped_whole_words_within_a_type() -> None:
    pattern, type_of, by_type = name_pools()
    assert all(type_of[name] == kind for kind, names in by_type.items() for name in names)
    assert pattern.search("Taiwanese voters") is None or pattern.search("Taiwanese voters").group(0) != "Taiwan"


def test_sentences_needs_articles(tmp_path: Path) -> None:
    with pytest.raises(IoggraphError, match="No sentence found"):
        sentences([tmp_path])
