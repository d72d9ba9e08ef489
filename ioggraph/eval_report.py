"""Score records of ``ioggraph eval``: per-document counts, micro-averaged totals, and the text table."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Ratio:
    """``hit`` out of ``total``; ``value`` is None when there is nothing to count."""

    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hit + other.hit, self.total + other.total)

    def to_dict(self) -> dict[str, Any]:
        return {"value": _round(self.value), "hit": self.hit, "total": self.total}


@dataclass
class PRF:
    """True positives, false positives and false negatives of a set comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"precision": _round(self.precision), "recall": _round(self.recall),
                "f1": _round(self.f1), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class DocScore:
    """The scores of one gold document, with what was missed or wrong (for ``--docs``)."""

    doc: str
    relevant: bool
    in_graph: bool = True
    key_actors: Ratio = field(default_factory=Ratio)
    actor_precision: Ratio = field(default_factory=Ratio)
    activities: Ratio = field(default_factory=Ratio)
    techniques: PRF = field(default_factory=PRF)
    techniques_lenient: PRF = field(default_factory=PRF)
    irrelevant_tactic_edges: list[str] = field(default_factory=list)
    missed_key_actors: list[str] = field(default_factory=list)
    spurious_actors: list[str] = field(default_factory=list)
    missed_activities: list[str] = field(default_factory=list)
    wrong_technique_pairs: list[str] = field(default_factory=list)
    missed_technique_pairs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc, "relevant": self.relevant, "in_graph": self.in_graph}
        for name in ("key_actors", "actor_precision", "activities", "techniques", "techniques_lenient"):
            out[name] = getattr(self, name).to_dict()
        for name in ("irrelevant_tactic_edges", "missed_key_actors", "spurious_actors",
                     "missed_activities", "wrong_technique_pairs", "missed_technique_pairs"):
            out[name] = list(getattr(self, name))
        return out


@dataclass
class Report:
    """Micro-averaged scores over documents (sums of per-document counts)."""

    docs: list[DocScore] = field(default_factory=list)
    not_in_gold: list[str] = field(default_factory=list)
    not_in_corpus: list[str] = field(default_factory=list)

    def _sum(self, name: str) -> Any:
        start = PRF() if name.startswith("techniques") else Ratio()
        return sum((getattr(d, name) for d in self.docs), start)

    @property
    def key_actor_recall(self) -> Ratio:
        return self._sum("key_actors")

    @property
    def actor_precision(self) -> Ratio:
        return self._sum("actor_precision")

    @property
    def activity_recall(self) -> Ratio:
        return self._sum("activities")

    @property
    def techniques(self) -> PRF:
        return self._sum("techniques")

    @property
    def techniques_lenient(self) -> PRF:
        return self._sum("techniques_lenient")

    @property
    def irrelevant_tactic_edges(self) -> int:
        return sum(len(d.irrelevant_tactic_edges) for d in self.docs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.docs),
            "relevant_documents": sum(d.relevant for d in self.docs),
            "key_actor_recall": self.key_actor_recall.to_dict(),
            "actor_precision": self.actor_precision.to_dict(),
            "activity_recall": self.activity_recall.to_dict(),
            "techniques": self.techniques.to_dict(),
            "techniques_lenient": self.techniques_lenient.to_dict(),
            "irrelevant_tactic_edges": self.irrelevant_tactic_edges,
            "not_in_gold": list(self.not_in_gold),
            "not_in_corpus": list(self.not_in_corpus),
            "per_document": [d.to_dict() for d in self.docs],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.3f}"


def format_report(report: Report, *, docs: bool = False) -> str:
    """A plain-text table of the totals; with ``docs``, one row per document and its misses."""
    rel = sum(d.relevant for d in report.docs)
    lines = [f"{len(report.docs)} gold documents scored ({rel} relevant, "
             f"{len(report.docs) - rel} not relevant)", "",
             f"{'metric':<34}{'value':>7}  count"]
    for label, ratio in (("key-actor recall", report.key_actor_recall),
                         ("actor precision", report.actor_precision),
                         ("activity recall", report.activity_recall)):
        lines.append(f"{label:<34}{_fmt(ratio.value):>7}  {ratio.hit}/{ratio.total}")
    for label, prf in (("technique", report.techniques), ("technique, lenient", report.techniques_lenient)):
        lines.append(f"{label + ' precision':<34}{_fmt(prf.precision):>7}  {prf.tp}/{prf.tp + prf.fp}")
        lines.append(f"{label + ' recall':<34}{_fmt(prf.recall):>7}  {prf.tp}/{prf.tp + prf.fn}")
        lines.append(f"{label + ' F1':<34}{_fmt(prf.f1):>7}")
    lines.append(f"{'tactic edges in non-relevant docs':<34}{report.irrelevant_tactic_edges:>7}")
    for label, names in (("not in gold (ignored)", report.not_in_gold),
                         ("gold without article (skipped)", report.not_in_corpus)):
        if names:
            lines.append(f"{label}: {', '.join(names)}")
    if docs:
        lines += ["", *_doc_table(report), *_doc_details(report)]
    return "\n".join(lines)


def _doc_table(report: Report) -> list[str]:
    width = max([len(d.doc) for d in report.docs] + [8])
    rows = [f"{'document':<{width}}  keyR   actP   actR   tecF1  lenF1  irrel"]
    for d in report.docs:
        cells = [_fmt(d.key_actors.value), _fmt(d.actor_precision.value), _fmt(d.activities.value),
                 _fmt(d.techniques.f1), _fmt(d.techniques_lenient.f1)]
        rows.append(f"{d.doc:<{width}}  " + "  ".join(f"{c:>5}" for c in cells)
                    + f"  {len(d.irrelevant_tactic_edges):>5}")
    return rows


def _doc_details(report: Report) -> list[str]:
    lines: list[str] = []
    for d in report.docs:
        parts = [("not in the graph", [] if d.in_graph else ["(no node or edge cites it)"]),
                 ("missed key actors", d.missed_key_actors),
                 ("spurious actors", d.spurious_actors),
                 ("missed activities", d.missed_activities),
                 ("wrong technique pairs", d.wrong_technique_pairs),
                 ("missed technique pairs", d.missed_technique_pairs),
                 ("tactic edges in a non-relevant doc", d.irrelevant_tactic_edges)]
        body = [line for label, items in parts if items for line in _items(label, items)]
        if body:
            lines += ["", d.doc, *body]
    return lines


def _items(label: str, items: list[str]) -> list[str]:
    """One line when short, else a header and one indented line per item."""
    one = f"  {label}: " + "; ".join(items)
    if len(one) <= 100:
        return [one]
    return [f"  {label} ({len(items)}):", *(f"    - {item}" for item in items)]
