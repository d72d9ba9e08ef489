"""Derived figures (ratios, growth, speed-ups) and the text table of a benchmark run."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ioggraph.bench import BenchResult, Measure


def _find(result: BenchResult, task: str, size: float, n_process: int = 1) -> Measure | None:
    return next((m for m in result.measures
                 if m.task == task and m.size == size and m.n_process == n_process), None)


def _div(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def _sizes(result: BenchResult) -> list[float]:
    return sorted({m.size for m in result.measures if m.task != "rebuild"})


def _growth(result: BenchResult, task: str) -> dict[str, dict[str, float | None]]:
    sizes = _sizes(result)
    first = _find(result, task, sizes[0]) if sizes else None
    out: dict[str, dict[str, float | None]] = {}
    for size in sizes[1:]:
        m = _find(result, task, size)
        if first and m:
            out[f"{size:g}x"] = {"time": _div(m.seconds, first.seconds),
                                 "rss": _div(m.maxrss_mb, first.maxrss_mb),
                                 "docs": _div(m.docs, first.docs)}
    return out


def _speedups(result: BenchResult) -> dict[str, float | None]:
    sizes = _sizes(result)
    out: dict[str, float | None] = {}
    for m in result.measures:
        if sizes and m.size == sizes[-1] and m.n_process > 1 and m.task != "rebuild":
            one = _find(result, m.task, m.size)
            out[f"{m.task}_n{m.n_process}"] = _div(one.seconds if one else None, m.seconds)
    return out


def summarise(result: BenchResult) -> dict[str, Any]:
    """build/spaCy time ratio per size (wall and CPU), growth from the smallest size, rebuild fraction,
    speed-ups."""
    ratio, cpu = {}, {}
    for size in _sizes(result):
        b, s = _find(result, "build", size), _find(result, "spacy", size)
        ratio[f"{size:g}x"] = _div(b.seconds if b else None, s.seconds if s else None)
        cpu[f"{size:g}x"] = _div(b.cpu_seconds if b else None, s.cpu_seconds if s else None)
    rebuild = next((m for m in result.measures if m.task == "rebuild"), None)
    reb = None
    if rebuild is not None:
        reb = {k: rebuild.extra.get(k) for k in ("rebuild_fraction", "rebuild_seconds", "noop_seconds",
                                                  "noop_counts", "rebuild_counts", "parsed")}
        reb.update(docs=rebuild.docs, full_seconds=round(rebuild.seconds, 3))
    return {"build_over_spacy_time": ratio, "build_over_spacy_cpu": cpu, "growth": {"build": _growth(result, "build"),
                                                       "spacy": _growth(result, "spacy")},
            "rebuild": reb, "n_process_speedup": _speedups(result)}


def _row(m: Measure) -> str:
    return (f"{m.task:<7} {m.size:>5g}x {m.n_process:>3} {m.docs:>6} {m.words:>8} {m.seconds:>8.2f} "
            f"{m.docs_per_s:>7.1f} {m.words_per_s:>8.0f} {m.maxrss_mb:>7.0f} {m.children_maxrss_mb:>7.0f} "
            f"{m.load_seconds:>6.1f}")


def format_bench(result: BenchResult) -> str:
    """A plain-text table of every measurement and the derived figures."""
    summary = summarise(result)
    lines = [f"corpus: {result.base_docs} base docs, {result.base_words} words, from "
             + ", ".join(result.sources), "",
             "task     size   np   docs    words  seconds  docs/s  words/s  RSS MB  kids MB  load s"]
    lines += [_row(m) for m in result.measures if m.task != "rebuild"]
    lines.append("")
    for size, r in summary["build_over_spacy_time"].items():
        cpu = summary["build_over_spacy_cpu"].get(size)
        lines.append(f"build / plain spaCy time at {size}: {r if r is not None else '-'}x"
                     + (f" (CPU time {cpu}x; throughput {_div(1.0, cpu)}x spaCy's)" if cpu is not None else ""))
    for task, growth in summary["growth"].items():
        steps = "; ".join(f"{k}: time x{g['time']}, RSS x{g['rss']} (docs x{g['docs']})"
                          for k, g in growth.items())
        if steps:
            lines.append(f"growth of {task} from {_sizes(result)[0]:g}x: {steps}")
    for key, value in summary["n_process_speedup"].items():
        task, n = key.rsplit("_n", 1)
        lines.append(f"n_process={n} speed-up of {task}: x{value}")
    reb = summary["rebuild"]
    if reb:
        lines.append(f"rebuild after 1 of {reb['docs']} files changed: {reb['rebuild_seconds']:.2f} s = "
                     f"{100 * (reb['rebuild_fraction'] or 0):.1f}% of a full build ({reb['full_seconds']:.2f} s); "
                     f"no-change rebuild {reb['noop_seconds']:.2f} s")
        lines.append(f"  counts after the change: {reb['rebuild_counts']}; with no change: {reb['noop_counts']}")
    if "total_seconds" in result.meta:
        lines.append(f"total benchmark time: {result.meta['total_seconds']} s (load average at start: "
                     f"{result.meta.get('load_average_at_start')}, {result.meta.get('cpus')} CPUs)")
    return "\n".join(lines)
