"""Worker-side extraction: n_process > 1 writes the same store as n_process = 1."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ioggraph.build import build
from ioggraph.parallel import chunk_size, chunks


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [line for line in con.iterdump() if "'pipeline'" not in line]
    finally:
        con.close()


@pytest.mark.parametrize("total, n_process, batch_size, expected", [
    (1, 2, 32, 1), (16, 2, 32, 1), (100, 2, 32, 7), (10_000, 2, 32, 32), (10_000, 4, 8, 8),
])
def test_chunk_size(total: int, n_process: int, batch_size: int, expected: int) -> None:
    assert chunk_size(total, n_process, batch_size) == expected


@pytest.mark.parametrize("n, size, expected", [(0, 3, []), (5, 2, [2, 2, 1]), (4, 4, [4])])
def test_chunks(n: int, size: int, expected: list[int]) -> None:
    assert [len(c) for c in chunks(range(n), size)] == expected


@pytest.mark.model
def test_two_workers_write_what_one_process_writes(seed_corpus: Path, tmp_path: Path, nlp) -> None:
    for i in range(6):
        (seed_corpus / f"extra{i}.txt").write_text(
            f"Report {i}. China has financed trips for local Taiwanese legislators, officials said.\n", encoding="utf-8")
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    build(seed_corpus, one, nlp=nlp, n_process=1)
    report = build(seed_corpus, two, nlp=nlp, n_process=2, batch_size=2)
    assert report.parsed == sorted(report.parsed) and len(report.parsed) == 9
    assert dump(two) == dump(one)
