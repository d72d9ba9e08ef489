"""``make bench-scale``: the build at N generated articles (default 1k, 5k; N is configurable).

For each N: N articles from :mod:`ioggraph.bench_corpus` (sentences of ``../shared/eval/train``
recombined, names swapped) in a temporary folder, then, each in a fresh subprocess: plain spaCy
``nlp.pipe`` and the build on the same texts (words/s, peak RSS), the build with ``n_process=2``,
a no-change rebuild and a rebuild after one article changed, ``query --actor`` latency (the most
mentioned actor and a rare one), the graph load and every export format. Store size per article
is the file size over N. Results: ``bench/results/scale-N.json`` and a Markdown table on stdout.
"""
from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ioggraph.bench import REPO, _measure
from ioggraph.bench_corpus import generate

DEFAULT_SOURCES = (REPO.parent / "shared" / "eval" / "train" / "articles", REPO / "corpus")
DEFAULT_OUT = Path("bench/results")


def sources_available(sources: Sequence[Path] | None = None) -> list[Path]:
    """The first existing folder of ``sources`` (default :data:`DEFAULT_SOURCES`: train articles, else the
    seed corpus)."""
    return [next(p for p in (DEFAULT_SOURCES if sources is None else sources) if Path(p).is_dir())]


SKIPPABLE = frozenset({"spacy", "export"})   # the long measurements a 50,000-article run may leave out


def run_size(n: int, *, sources: Sequence[Path], n_process: int = 2, model: str | None = None,
             batch_size: int = 32, say: Callable[[str], None] = print,
             saved: Callable[[dict[str, Any]], None] = lambda row: None,
             skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every measurement at one size but those in ``skip`` (of :data:`SKIPPABLE`); a dict ready for JSON
    (``saved`` gets it after each measurement)."""
    with tempfile.TemporaryDirectory(prefix=f"ioggraph-scale-{n}-") as tmp:
        corpus, store = Path(tmp) / "corpus", Path(tmp) / "store.db"
        docs, words = generate(corpus, n, sources, seed=n)
        common = {"model": model, "batch_size": batch_size, "corpus": str(corpus), "n_process": 1}
        row: dict[str, Any] = {"docs": docs, "words": words, "sources": [str(s) for s in sources]}

        def measure(name: str, **spec: Any) -> dict[str, Any]:
            say(f"{n} articles: {name}")
            m = _measure({**common, **spec}, size=n, docs=docs, words=words)
            row[name] = {"seconds": round(m.seconds, 3), "load_seconds": round(m.load_seconds, 2),
                         "words_per_s": round(m.words_per_s, 1), "maxrss_mb": m.maxrss_mb,
                         "children_maxrss_mb": m.children_maxrss_mb, **m.extra}
            saved(row)
            return row[name]
        if "spacy" not in skip:
            measure("spacy", task="spacy")
        measure("build", task="build", store=str(store))
        row["store_bytes"] = store.stat().st_size
        if n_process > 1:
            measure(f"build_n{n_process}", task="build", store=str(Path(tmp) / "store-n.db"), n_process=n_process)
        measure("rebuild", task="touch_rebuild", store=str(store))
        measure("query", task="query", store=str(store))
        if "export" not in skip:
            measure("export", task="export", store=str(store))
    return row


def run_scale(sizes: Sequence[int], *, out_dir: Path = DEFAULT_OUT, n_process: int = 2, model: str | None = None,
              say: Callable[[str], None] = print, skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    sources = sources_available()
    if Path(sources[0]) != Path(DEFAULT_SOURCES[0]):   # runs that read different sentences do not compare
        say(f"{DEFAULT_SOURCES[0]} not found: sentences of {sources[0]} instead (not comparable with runs on train)")
    else:
        say(f"sentences of {sources[0]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sizes:
        started = time.perf_counter()
        path = out_dir / f"scale-{n}.json"

        def save(row: dict[str, Any], path: Path = path) -> None:  # partial results survive an interrupted run
            path.write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")
        row = run_size(n, sources=sources, n_process=n_process, model=model, say=say, saved=save, skip=skip)
        row["total_seconds"] = round(time.perf_counter() - started, 1)
        save(row)
        rows.append(row)
    return rows


def _f(value: float | None, fmt: str = "{:,.0f}") -> str:
    return "–" if value is None else fmt.format(value)


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The Markdown table of the README: one column per size."""
    def line(label: str, get: Callable[[dict], str]) -> str:
        return f"| {label} | " + " | ".join(get(r) for r in rows) + " |"
    nkey = next((k for k in rows[0] if k.startswith("build_n")), None) if rows else None
    out = ["| | " + " | ".join(f"{r['docs']:,} articles" for r in rows) + " |",
           "|---|" + "---|" * len(rows),
           line("words", lambda r: f"{r['words']:,}"),
           line("plain spaCy, words/s", lambda r: _f(_get(r, "spacy", "words_per_s"))),
           line("`ioggraph build`, words/s", lambda r: _f(r["build"]["words_per_s"])),
           line("build / spaCy throughput", lambda r: _f(
               r["build"]["words_per_s"] / r["spacy"]["words_per_s"] if "spacy" in r else None, "{:.2f}"))]
    if nkey:
        out.append(line(f"build `--n-process {nkey[7:]}`, words/s (speed-up)", lambda r: (
            f"{r[nkey]['words_per_s']:,.0f} (×{r['build']['seconds'] / r[nkey]['seconds']:.2f})" if nkey in r else "–")))
    out += [
        line("peak RSS build / spaCy (MB)", lambda r: f"{r['build']['maxrss_mb']:.0f} / {_f(_get(r, 'spacy', 'maxrss_mb'))}"),
        line("store size per article (KB)", lambda r: f"{r['store_bytes'] / r['docs'] / 1024:.1f}"),
        line("rebuild, no change (s)", lambda r: f"{r['rebuild']['noop_seconds']:.2f}"),
        line("rebuild, 1 article changed (s, % of full)", lambda r: (
            f"{r['rebuild']['seconds']:.2f} ({100 * r['rebuild']['seconds'] / r['build']['seconds']:.2f}%)")),
        line("`query --actor`, rare / most mentioned (ms)", lambda r: (
            f"{1000 * r['query']['rare_seconds']:.0f} / {1000 * r['query']['top_seconds']:.0f}")),
        line("the `ioggraph query --actor` command, wall (s)", lambda r: _f(r["query"].get("cli_seconds"), "{:.2f}")),
        line("load graph for export (s)", lambda r: _f(_get(r, "export", "graph_seconds"), "{:.2f}")),
    ]
    formats = next((list(r["export"]["formats"]) for r in rows if "export" in r), [])
    out.append(line("export (s): " + ", ".join(formats), lambda r: " / ".join(
        f"{r['export']['formats'][f]:.2f}" for f in formats) if "export" in r else "–"))
    return "\n".join(out)


def _get(row: dict[str, Any], measurement: str, key: str) -> Any:
    """A figure of a measurement, or None when the run skipped it."""
    return (row.get(measurement) or {}).get(key)
