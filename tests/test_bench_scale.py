"""bench-scale: the table from saved results (no subprocess, no model) and the export task on a small store."""
from __future__ import annotations

import pytest

from ioggraph.bench_scale import table

ROW = {"docs": 1000, "words": 385_000, "store_bytes": 9_728_000,
       "spacy": {"words_per_s": 1741.0, "maxrss_mb": 453.0, "seconds": 221.0},
       "build": {"words_per_s": 1173.0, "maxrss_mb": 455.0, "seconds": 328.0},
       "build_n2": {"words_per_s": 1514.0, "seconds": 254.0},
       "rebuild": {"seconds": 0.59, "noop_seconds": 0.15},
       "query": {"rare_seconds": 0.005, "top_seconds": 0.011, "cli_seconds": 1.6},
       "export": {"graph_seconds": 0.63, "formats": {"json": 0.69, "ttl": 19.76}}}


def test_table_has_a_column_per_size_and_every_figure() -> None:
    text = table([ROW, {**ROW, "docs": 5000}])
    lines = text.splitlines()
    assert lines[0] == "| | 1,000 articles | 5,000 articles |"
    for needle in ("| build / spaCy throughput | 0.67 |", "1,514 (×1.29)", "| 455 / 453 |", "| 9.5 |",
                   "0.59 (0.18%)", "| 5 / 11 |", "| 1.60 |", "export (s): json, ttl | 0.69 / 19.76"):
        assert needle in text, needle


def test_table_without_parallel_build_shows_a_dash() -> None:
    other = {k: v for k, v in ROW.items() if k != "build_n2"}
    assert "| 1,514 (×1.29) | – |" in table([ROW, other])


def test_table_of_a_run_that_skipped_spacy_and_export_shows_dashes() -> None:
    skipped = {k: v for k, v in ROW.items() if k not in {"spacy", "export"}}
    text = table([ROW, {**skipped, "docs": 50_000}])
    for needle in ("| build / spaCy throughput | 0.67 | – |", "| 455 / 453 | 455 / – |", "| 0.63 | – |",
                   "export (s): json, ttl | 0.69 / 19.76 | – |"):
        assert needle in text, needle


def test_export_task_writes_every_format_for_undated_articles(seed_corpus, tmp_path, nlp) -> None:
    """bench-scale's articles have no date: STIX reports take their files' dates, as `export --corpus` does."""
    from ioggraph.bench_scale_worker import EXPORT_FORMATS, export
    from ioggraph.build import build
    store = tmp_path / "store.db"
    build(seed_corpus, store, nlp=nlp)
    out = export({"store": str(store), "corpus": str(seed_corpus)})
    assert set(out["formats"]) == set(EXPORT_FORMATS) and out["edges"] > 0


@pytest.mark.parametrize("first_exists, said", [(True, "sentences of"), (False, "not comparable")])
def test_a_run_says_which_articles_its_sentences_come_from(tmp_path, monkeypatch, first_exists, said) -> None:
    import ioggraph.bench_scale as bs
    train = tmp_path / "train"
    if first_exists:
        train.mkdir()
    monkeypatch.setattr(bs, "DEFAULT_SOURCES", (train, bs.REPO / "corpus"))
    lines: list[str] = []
    bs.run_scale([], out_dir=tmp_path / "out", say=lines.append)
    assert said in lines[0]
