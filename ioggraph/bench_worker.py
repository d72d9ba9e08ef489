"""One benchmark measurement, run in a fresh subprocess by :mod:`ioggraph.bench`.

``main(spec_json)`` runs the task named in the spec ("spacy", "build" or "rebuild") and prints
``BENCH-RESULT {json}`` as its last stdout line: seconds (wall time, model loading excluded),
cpu_seconds (CPU time of the process and of the worker processes it waited for, over the same span), load_seconds,
the process's own peak RSS and that of its largest worker process, plus task-specific counts.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MARKER = "BENCH-RESULT "
WARM_UP = "Officials in Taipei said the campaign used fake accounts to target voters."


def _warm_up(nlp: Any) -> None:
    """One short Doc before timing, so one-off initialisation is not charged to the first size."""
    nlp(WARM_UP)


def _cpu() -> float:
    """CPU seconds used so far by this process and the child processes it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _peak_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return round(kb / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _texts(corpus: Path) -> list[str]:
    from ioggraph.corpus import iter_articles
    from ioggraph.model import Article

    return [a.text for a in iter_articles(corpus) if isinstance(a, Article)]


def _spacy(spec: dict[str, Any]) -> dict[str, Any]:
    from ioggraph.nlp.loader import load_model, model_id

    start = time.perf_counter()
    nlp = load_model(spec["model"])
    load = time.perf_counter() - start
    _warm_up(nlp)
    texts = _texts(Path(spec["corpus"]))
    start, cpu = time.perf_counter(), _cpu()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=spec["batch_size"], n_process=spec["n_process"]):
        tokens += len(doc)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": _cpu() - cpu, "load_seconds": load,
            "tokens": tokens, "model": model_id(nlp)}


def _counts(report: Any) -> dict[str, Any]:
    """parsed / unchanged / removed / skipped as numbers (the report may hold lists of paths)."""
    out = {}
    for name in ("parsed", "unchanged", "removed", "skipped"):
        value = getattr(report, name, None)
        out[name] = len(value) if isinstance(value, (list, tuple, set, dict)) else value
    return out


def _timed_build(build: Callable[..., Any], spec: dict[str, Any], nlp: Any) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds, counts) of one build."""
    start, cpu = time.perf_counter(), _cpu()
    report = build(Path(spec["corpus"]), Path(spec["store"]), nlp=nlp, n_process=spec["n_process"],
                   batch_size=spec["batch_size"])
    return time.perf_counter() - start, _cpu() - cpu, _counts(report)


def _load_build(spec: dict[str, Any]) -> tuple[Callable[..., Any], Any, float]:
    from ioggraph.build import build
    from ioggraph.nlp import load_pipeline

    start = time.perf_counter()
    nlp = load_pipeline(spec["model"])
    load = time.perf_counter() - start
    _warm_up(nlp)
    return build, nlp, load


def _build(spec: dict[str, Any]) -> dict[str, Any]:
    build, nlp, load = _load_build(spec)
    seconds, cpu, counts = _timed_build(build, spec, nlp)
    return {"seconds": seconds, "cpu_seconds": cpu, "load_seconds": load, **counts}


def _rebuild(spec: dict[str, Any]) -> dict[str, Any]:
    """Full build, a no-change rebuild, then a rebuild after appending a sentence to one file."""
    build, nlp, load = _load_build(spec)
    full, cpu, counts = _timed_build(build, spec, nlp)
    noop, _, noop_counts = _timed_build(build, spec, nlp)
    victim = sorted(Path(spec["corpus"]).glob("*.txt"))[0]
    with victim.open("a", encoding="utf-8") as fh:
        fh.write("\n\nThe ministry later issued a short correction to this report.\n")
    again, _, after = _timed_build(build, spec, nlp)
    return {"seconds": full, "cpu_seconds": cpu, "load_seconds": load, **counts, "noop_seconds": noop, "noop_counts": noop_counts,
            "rebuild_seconds": again, "rebuild_fraction": again / full if full else None,
            "rebuild_counts": after, "changed_file": victim.name}


TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "spacy": _spacy, "build": _build, "rebuild": _rebuild,
}


def main(spec_json: str) -> None:
    from ioggraph.bench_scale_worker import TASKS as SCALE_TASKS
    spec = json.loads(spec_json)
    out = {**TASKS, **SCALE_TASKS}[spec["task"]](spec)
    out["maxrss_mb"] = _peak_mb(resource.RUSAGE_SELF)
    out["children_maxrss_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    print(MARKER + json.dumps(out), flush=True)
