"""ioggraph.bench: corpus replication and the derived figures (no subprocess, no spaCy model)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ioggraph.bench import BenchResult, Measure, base_texts, bench_options, default_sources, prepare_corpus
from ioggraph.bench_report import format_bench, summarise
from ioggraph.bench_worker import _counts
from ioggraph.corpus import iter_articles
from ioggraph.errors import IoggraphError

TEXTS = [("a.txt", "One two three."), ("b.md", "Four five.")]


@pytest.mark.parametrize("n_docs, words", [(1, 3), (2, 5), (5, 3 + 2 + (3 + 3) + (2 + 3) + (3 + 3))])
def test_prepare_corpus_distinct_names_and_hashes(tmp_path: Path, n_docs: int, words: int) -> None:
    assert prepare_corpus(TEXTS, tmp_path, n_docs=n_docs) == (n_docs, words)
    articles = list(iter_articles(tmp_path))
    assert len(articles) == n_docs
    assert len({a.sha256 for a in articles}) == n_docs


def test_base_texts_and_sources(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "one.txt").write_text("Hello there.", encoding="utf-8")
    assert base_texts([tmp_path / "x"]) == [("s0_one.txt", "Hello there.")]
    assert default_sources([tmp_path])[-1] == tmp_path
    with pytest.raises(IoggraphError, match="does not exist"):
        base_texts([tmp_path / "missing"])


class _Report:
    parsed = ["a", "b"]
    unchanged = 3
    removed: list[str] = []
    skipped = 0


def test_counts_accepts_lists_and_numbers() -> None:
    assert _counts(_Report()) == {"parsed": 2, "unchanged": 3, "removed": 0, "skipped": 0}


def m(task: str, size: float, seconds: float, rss: float, n: int = 1, cpu: float | None = None,
      **extra: object) -> Measure:
    return Measure(task=task, size=size, n_process=n, docs=int(10 * size), words=int(3000 * size),
                   seconds=seconds, load_seconds=0.5, maxrss_mb=rss, children_maxrss_mb=0.0, extra=dict(extra),
                   cpu_seconds=cpu if cpu is not None else seconds)


RESULT = BenchResult(sources=["corpus"], base_docs=10, base_words=3000, measures=[
    m("spacy", 1, 1.0, 200), m("build", 1, 2.0, 210, cpu=1.25), m("spacy", 4, 4.0, 220), m("build", 4, 8.0, 231),
    m("spacy", 4, 2.5, 150, n=2), m("build", 4, 5.0, 160, n=2),
    m("rebuild", 10, 20.0, 240, rebuild_seconds=0.5, rebuild_fraction=0.025, noop_seconds=0.1,
      noop_counts={"parsed": 0}, rebuild_counts={"parsed": 1, "unchanged": 99}),
])


@pytest.mark.parametrize("path, expected", [
    (("build_over_spacy_time", "1x"), 2.0),
    (("build_over_spacy_time", "4x"), 2.0),
    (("build_over_spacy_cpu", "1x"), 1.25),
    (("build_over_spacy_cpu", "4x"), 2.0),
    (("growth", "build", "4x", "time"), 4.0),
    (("growth", "build", "4x", "rss"), 1.1),
    (("growth", "spacy", "4x", "docs"), 4.0),
    (("n_process_speedup", "build_n2"), 1.6),
    (("n_process_speedup", "spacy_n2"), 1.6),
    (("rebuild", "rebuild_fraction"), 0.025),
    (("rebuild", "docs"), 100),
])
def test_summarise(path: tuple[str, ...], expected: float) -> None:
    value = summarise(RESULT)
    for key in path:
        value = value[key]
    assert value == pytest.approx(expected)


def test_format_bench_and_to_dict() -> None:
    text = format_bench(RESULT)
    for needle in ("build / plain spaCy time at 4x: 2.0x", "time at 1x: 2.0x (CPU time 1.25x; throughput 0.8x spaCy's)",
                   "n_process=2 speed-up of build: x1.6",
                   "rebuild after 1 of 100 files changed: 0.50 s = 2.5% of a full build"):
        assert needle in text
    data = RESULT.to_dict()
    assert data["runs"][0]["docs_per_s"] == 10.0 and data["summary"]["rebuild"]["docs"] == 100


@pytest.mark.parametrize("kwargs, key, expected", [
    ({"sizes": "1,4,16"}, "sizes", (1, 4, 16)),
    ({"sizes": "0.5,2"}, "sizes", (0.5, 2)),
    ({"n_process": "1,2"}, "n_process", (1, 2)),
    ({"quick": True}, "sizes", (1, 4)),
    ({"quick": True}, "rebuild_docs", 40),
    ({"corpora": [Path("x")]}, "corpus_dirs", [Path("x")]),
])
def test_bench_options(kwargs: dict, key: str, expected: object) -> None:
    assert bench_options(**kwargs)[key] == expected


@pytest.mark.parametrize("sizes", ["", "a,b", "0,4", "-1"])
def test_bench_options_errors(sizes: str) -> None:
    with pytest.raises(IoggraphError, match="--sizes expects positive numbers"):
        bench_options(sizes=sizes)


@pytest.mark.parametrize("runs, seconds, cpu", [
    ([(3.0, 2.5), (2.0, 2.2), (2.5, 1.9)], 2.0, 1.9),     # least wall and least CPU, each over all runs
    ([(1.0, None)], 1.0, None),                           # a worker that measured no CPU time
])
def test_fastest_keeps_least_wall_and_least_cpu(runs, seconds, cpu) -> None:
    from ioggraph.bench import fastest

    best = fastest([m("build", 1, s, 100, cpu=c) if c is not None else
                    Measure("build", 1, 1, 10, 3000, s, 0.5, 100, 0.0) for s, c in runs])
    assert (best.seconds, best.cpu_seconds) == (seconds, cpu)
