"""Benchmark ``ioggraph.build.build`` against plain ``nlp.pipe`` with the same spaCy model.

One run measures, each in a fresh ``python`` subprocess (so model loading, caches and peak RSS
do not leak between measurements):

* throughput (docs/s, words/s) and peak RSS of the build and of plain spaCy at each corpus size
  (the base corpus replicated ``size`` times), and the build/spaCy time ratio;
* growth of time and memory from the smallest to the larger sizes;
* a rebuild after one file changed among ``rebuild_docs`` as a fraction of the full build;
* the speed-up of ``n_process=2`` (or the largest value given) over ``n_process=1``.

Timings exclude model loading (reported separately as ``load_seconds``) and follow one short
warm-up Doc. Plain spaCy consumes the Docs as they come (``for doc in nlp.pipe(...)``) rather than
keeping them all in a list, so its peak RSS is the model's, as it is for the build. Nothing here imports spaCy or click.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ioggraph.bench_report import format_bench, summarise
from ioggraph.errors import IoggraphError

__all__ = ["BenchResult", "Measure", "bench_options", "format_bench", "prepare_corpus", "run_bench"]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = Path("bench/results/latest.json")
DEFAULT_EXTRA = (REPO.parent / "shared" / "eval" / "dev" / "articles",)
QUICK: dict[str, Any] = {"sizes": (1, 4), "rebuild_docs": 40}
WORKER = "import sys; from ioggraph.bench_worker import main; main(sys.argv[1])"
MARKER = "BENCH-RESULT "


@dataclass
class Measure:
    """One subprocess measurement."""

    task: str                  # "build", "spacy" or "rebuild"
    size: float                # corpus size as a multiple of the base corpus
    n_process: int
    docs: int
    words: int
    seconds: float             # processing time, model loading excluded
    load_seconds: float
    maxrss_mb: float           # the measuring process's own peak RSS
    children_maxrss_mb: float  # largest peak RSS among its worker processes (n_process > 1)
    extra: dict[str, Any] = field(default_factory=dict)
    cpu_seconds: float | None = None   # CPU time over the same span (the process and the workers it waited for)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass
class BenchResult:
    sources: list[str]
    base_docs: int
    base_words: int
    measures: list[Measure] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        runs = [{**asdict(m), "docs_per_s": round(m.docs_per_s, 2), "words_per_s": round(m.words_per_s, 1)}
                for m in self.measures]
        return {"meta": self.meta, "corpus": {"sources": self.sources, "base_docs": self.base_docs,
                                              "base_words": self.base_words},
                "runs": runs, "summary": summarise(self)}


def parse_numbers(text: str, *, name: str) -> tuple[float, ...]:
    """"1,4,16" -> (1, 4, 16); IoggraphError naming the option otherwise."""
    try:
        values = tuple(float(x) if "." in x else int(x) for x in text.split(",") if x.strip())
    except ValueError:
        values = ()
    if not values or min(values) <= 0:
        raise IoggraphError(f"{name} expects positive numbers separated by commas, like 1,4,16; got '{text}'.")
    return values


def bench_options(*, corpora: Sequence[Path] = (), sizes: str = "1,4,16", n_process: str = "1,2",
                  rebuild_docs: int = 100, repeat: int = 1, quick: bool = False) -> dict[str, Any]:
    """Keyword arguments for :func:`run_bench` from command-line strings (shared by CLI and bench/run.py).

    Without ``corpora`` the extra folder is the dev articles (``../shared/eval/dev/articles``) when present.
    """
    extra = list(corpora) if corpora else [p for p in DEFAULT_EXTRA if p.is_dir()]
    opts = {"corpus_dirs": extra, "sizes": parse_numbers(sizes, name="--sizes"),
            "n_process": tuple(int(n) for n in parse_numbers(n_process, name="--n-process")),
            "rebuild_docs": rebuild_docs, "repeat": max(1, repeat)}
    return {**opts, **(QUICK if quick else {})}


def default_sources(extra: Sequence[Path] = ()) -> list[Path]:
    """The repository's ``corpus/`` plus ``extra`` folders."""
    base = REPO / "corpus"
    return [base, *[Path(p) for p in extra if Path(p) != base]]


def base_texts(sources: Sequence[Path]) -> list[tuple[str, str]]:
    """(name, text) of every readable article in ``sources``, in order, names made unique."""
    from ioggraph.corpus import iter_articles
    from ioggraph.model import Article

    out: list[tuple[str, str]] = []
    for i, src in enumerate(sources):
        if not Path(src).is_dir():
            raise IoggraphError(f"Benchmark corpus folder '{src}' does not exist.")
        for art in iter_articles(Path(src)):
            if isinstance(art, Article):
                out.append((f"s{i}_{art.path.replace('/', '_').replace('#', '_')}", art.text))
    if not out:
        raise IoggraphError(f"No readable article in {', '.join(map(str, sources))}.")
    return out


def prepare_corpus(texts: Sequence[tuple[str, str]], dest: Path, *, n_docs: int) -> tuple[int, int]:
    """Write ``n_docs`` files into ``dest`` cycling through ``texts``; return (docs, words).

    Copies after the first get a distinct last line, so every file has its own content hash and
    the build cannot treat it as already parsed.
    """
    dest.mkdir(parents=True, exist_ok=True)
    words = 0
    for k in range(n_docs):
        name, text = texts[k % len(texts)]
        rep = k // len(texts)
        body = text if rep == 0 else f"{text.rstrip()}\n\nBenchmark copy {rep}.\n"
        stem, suffix = os.path.splitext(name)
        (dest / f"r{rep:03d}_{stem}{suffix or '.txt'}").write_text(body, encoding="utf-8")
        words += len(body.split())
    return n_docs, words


def _measure(spec: dict[str, Any], *, size: float, docs: int, words: int) -> Measure:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)}
    proc = subprocess.run([sys.executable, "-c", WORKER, json.dumps(spec)], capture_output=True,
                          text=True, env=env, check=False)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-12:])
        raise IoggraphError(f"Benchmark worker failed ({spec['task']}, exit {proc.returncode}):\n{tail}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(MARKER)]
    if not lines:
        raise IoggraphError(f"Benchmark worker printed no result ({spec['task']}): {proc.stdout[-500:]}")
    out = json.loads(lines[-1][len(MARKER):])
    return Measure(task=spec["task"], size=size, n_process=spec["n_process"], docs=docs, words=words,
                   seconds=out.pop("seconds"), load_seconds=out.pop("load_seconds"),
                   maxrss_mb=out.pop("maxrss_mb"), children_maxrss_mb=out.pop("children_maxrss_mb"),
                   cpu_seconds=out.pop("cpu_seconds", None), extra=out)


def run_bench(corpus_dirs: Sequence[Path] = (), *, sizes: Sequence[float] = (1, 4, 16),
              n_process: Sequence[int] = (1, 2), rebuild_docs: int = 100, batch_size: int = 32,
              repeat: int = 1, model: str | None = None, out_json: Path | None = DEFAULT_OUT,
              progress: Callable[[str], None] | None = None) -> BenchResult:
    """Run every measurement (see the module docstring), write ``out_json`` and return the result.

    With ``repeat > 1`` each size/task cell is measured that many times and the fastest run kept.
    """
    say = progress or (lambda _msg: None)
    sources = default_sources(corpus_dirs)
    texts = base_texts(sources)
    result = BenchResult(sources=[str(s) for s in sources], base_docs=len(texts),
                         base_words=sum(len(t.split()) for _, t in texts),
                         meta=_meta(model, batch_size, repeat))
    common = {"model": model, "batch_size": batch_size}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ioggraph-bench-") as tmp:
        for size in sorted(sizes):
            procs = [1, *(n for n in n_process if n != 1)] if size == max(sizes) else [1]
            result.measures += _measure_size(texts, Path(tmp), size, procs, common, repeat, say)
        if rebuild_docs > 0:
            corpus = Path(tmp) / "corpus-rebuild"
            docs, words = prepare_corpus(texts, corpus, n_docs=rebuild_docs)
            say(f"rebuild after 1 of {docs} files changed")
            spec = {**common, "task": "rebuild", "corpus": str(corpus), "n_process": 1,
                    "store": str(Path(tmp) / "rebuild.db")}
            result.measures.append(_measure(spec, size=docs / len(texts), docs=docs, words=words))
    result.meta["total_seconds"] = round(time.perf_counter() - started, 1)
    if out_json is not None:
        out_json.parent.mkdir(parents=True, exist_ok=True)
        out_json.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
    return result


def _measure_size(texts: Sequence[tuple[str, str]], tmp: Path, size: float, procs: Sequence[int],
                  common: dict[str, Any], repeat: int, say: Callable[[str], None]) -> list[Measure]:
    """Plain spaCy and the build on the corpus replicated ``size`` times, for each n_process."""
    corpus = tmp / f"corpus-{size}x"
    docs, words = prepare_corpus(texts, corpus, n_docs=max(1, round(size * len(texts))))
    out = []
    for n in procs:
        runs: dict[str, list[Measure]] = {"spacy": [], "build": []}
        for i in range(max(1, repeat)):     # spaCy, build, spaCy, build, ...: a drift in load hits both
            for task in ("spacy", "build"):
                say(f"{task} {size:g}x ({docs} docs, n_process={n})" + (f", run {i + 1}" if repeat > 1 else ""))
                runs[task].append(_measure({**common, "task": task, "corpus": str(corpus), "n_process": n,
                                            "store": str(tmp / f"{task}-{size}x-{n}-{i}.db")},
                                           size=size, docs=docs, words=words))
        out += [fastest(runs[task]) for task in ("spacy", "build")]
    return out


def fastest(runs: Sequence[Measure]) -> Measure:
    """The run of least wall time, carrying the least CPU time of all the runs (each the best estimate of
    the work itself: noise from other processes only ever adds time)."""
    best = min(runs, key=lambda m: m.seconds)
    cpu = [m.cpu_seconds for m in runs if m.cpu_seconds is not None]
    return replace(best, cpu_seconds=min(cpu) if cpu else None)


def _meta(model: str | None, batch_size: int, repeat: int) -> dict[str, Any]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "load_average_at_start": load, "model": model,
            "batch_size": batch_size, "repeat": repeat,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
