"""Frequent actors that are not in the registry, as a YAML registry snippet ready to review and paste.

``candidates(store_path_or_pairs, min_count=2)`` reads either a built store (its ``mentions`` and
``documents`` tables) or an iterable of ``(doc_text, mention)`` pairs, where a mention is a
:class:`ioggraph.model.Mention` or a dict with the same fields. Registry mentions are left out.
The result loads with :func:`ioggraph.registry.load_registry` once written to a file; each entry's
``description`` carries the counts and one example sentence, so a reviewer sees the evidence.

No spaCy here: sentences are cut from the document text around the first mention.
"""
from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ioggraph.model import Mention
from ioggraph.nlp.text import clean_label, normalise

HEADER = """\
# Candidate actors: frequent in the corpus but not in the registry.
# Review each entry (id, name, type, aliases), delete the ones you do not want, then use the file
# with `ioggraph build CORPUS --registry THIS_FILE` (entries with a built-in id override it).
"""
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n")
_QUERY = """SELECT d.text AS doc_text, m.start, m."end", m.text, m.key, m.type, m.source
            FROM mentions m JOIN documents d ON d.id = m.doc_id ORDER BY d.path, m.start"""


@dataclass
class _Tally:
    key: str
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)   # the documents' own labels, when known
    aliases: set[str] = field(default_factory=set)
    types: Counter[str] = field(default_factory=Counter)
    docs: set[int] = field(default_factory=set)
    example: str = ""

    @property
    def count(self) -> int:
        return sum(self.forms.values())


def candidates(source: Path | str | Iterable[tuple[str, Mention | dict[str, Any]]], min_count: int = 2,
               *, registry_ids: Iterable[str] | None = None) -> str:
    """YAML text listing non-registry actors with at least ``min_count`` mentions, most frequent first."""
    if registry_ids is None:
        from ioggraph.registry import load_registry
        registry_ids = load_registry().keys()
    known = set(registry_ids)
    store = isinstance(source, (str, Path))
    pairs = read_store(Path(source)) if store else source
    tallies = tally(pairs, known)
    if store:
        apply_doc_actors(Path(source), tallies)
    chosen = sorted((t for t in tallies.values() if t.count >= min_count), key=lambda t: (-t.count, t.key))
    return HEADER + ("actors:\n" + "".join(_entry(t) for t in chosen) if chosen else "actors: []\n")


def read_store(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(doc_text, mention dict) pairs from a built store."""
    from ioggraph.store import open_existing
    con = open_existing(path)
    try:
        for row in con.execute(_QUERY):
            yield row["doc_text"], {k: row[k] for k in ("start", "end", "text", "key", "type", "source")}
    except sqlite3.DatabaseError as exc:
        from ioggraph.errors import StoreError
        raise StoreError(f"'{path}' has no readable mentions ({exc}); rebuild it with `ioggraph build`.") from None
    finally:
        con.close()


def apply_doc_actors(path: Path, tallies: dict[str, _Tally]) -> None:
    """Names and aliases as the documents resolved them (``doc_actors``), over raw mention texts."""
    import json
    from ioggraph.store import open_existing
    con = open_existing(path)
    try:
        for row in con.execute("SELECT key, label, aliases FROM doc_actors"):
            if row["key"] in tallies:
                tallies[row["key"]].labels[row["label"]] += 1
                tallies[row["key"]].aliases |= set(json.loads(row["aliases"]))
    finally:
        con.close()


def tally(pairs: Iterable[tuple[str, Mention | dict[str, Any]]], known: set[str]) -> dict[str, _Tally]:
    """Per actor key: surface forms, types, documents and the first example sentence."""
    out: dict[str, _Tally] = {}
    doc_ids: dict[str, int] = {}
    for doc_text, mention in pairs:
        m = mention if isinstance(mention, dict) else mention.__dict__
        if m["source"] == "registry" or m["key"] in known:
            continue
        t = out.setdefault(m["key"], _Tally(m["key"]))
        t.forms[clean_label(m["text"])] += 1
        t.types[m["type"]] += 1
        t.docs.add(doc_ids.setdefault(doc_text, len(doc_ids)))
        if not t.example:
            t.example = sentence_at(doc_text, m["start"], m["end"])
    return out


def sentence_at(text: str, start: int, end: int, width: int = 240) -> str:
    """The sentence of ``text`` holding [start, end), on one line, at most ``width`` characters."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() + 1 for m in _SENTENCE_END.finditer(text, end)), len(text))
    sentence = re.sub(r"\s+", " ", text[left:right]).strip()
    return sentence if len(sentence) <= width else sentence[: width - 1].rstrip() + "…"


def _entry(t: _Tally) -> str:
    name = max(t.labels, key=lambda f: (t.labels[f], len(f), f)) if t.labels else _name(t)
    aliases = sorted({f for f in (t.aliases if t.labels else t.forms) if normalise(f) != normalise(name)})
    entry = {"id": t.key, "name": name, "type": t.types.most_common(1)[0][0], "aliases": aliases,
             "description": f"{t.count} mentions in {len(t.docs)} document(s), e.g.: {t.example}"}
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    return "".join(f"  {line}\n" for line in text.splitlines())


def _name(t: _Tally) -> str:
    """The form the key was made from ("Marco Alcaraz" for marco-alcaraz); else the longest, most frequent."""
    from ioggraph.nlp.text import slug
    exact = [f for f in t.forms if slug(f) == t.key]
    pool = exact or list(t.forms)
    return max(pool, key=lambda f: (len(f.split()), t.forms[f], f))
