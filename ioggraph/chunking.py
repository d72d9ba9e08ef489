"""Long documents in pieces: split at paragraph or sentence boundaries, merge the results back.

spaCy refuses texts over ``nlp.max_length`` (E088) and parsing cost grows faster than length, so
a document longer than :data:`MAX_CHARS` is parsed as chunks of at most :data:`CHUNK_CHARS`
(measured on the seed text: one 300 kB document took ×1.46 the time of the same text as 10 kB
files with 20,000-character chunks, ×1.22 with 10,000).
:func:`split` returns ``[(offset, chunk)]`` whose chunks concatenate to the text exactly;
:func:`merge` shifts every offset of the per-chunk :class:`~ioggraph.model.DocResult` by its
chunk's offset, so ``quote == text[start:end]`` holds for the whole document, merges the
actor records seen in several chunks, and lets a denial in one chunk dispute the agent's tactic
edges in the others (``disputed_by``, as within one Doc). Pure functions, no spaCy.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from ioggraph.model import ActorRecord, DocResult, Relation

MAX_CHARS = 30_000      # longer documents are chunked
CHUNK_CHARS = 10_000    # the size each chunk aims at (never more)

# Preferred cut points, best first: a blank line, a line break, a sentence end, any whitespace.
_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?。！？][\"'”’)\]]*\s+"), re.compile(r"\s+"))


def split(text: str, *, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``[(offset, chunk)]`` covering ``text``, each chunk at most ``limit`` characters."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    out, start = [], 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        out.append((start, text[start:end]))
        start = end
    if start < len(text) or not out:
        out.append((start, text[start:]))
    return out


def _cut(text: str, start: int, hard: int) -> int:
    """The best cut in ``text[start:hard]``, in its second half when possible; ``hard`` otherwise."""
    floor = start + (hard - start) // 2
    for pattern in _CUTS:
        best = None
        for m in pattern.finditer(text, floor, hard):
            if m.end() <= hard:
                best = m.end()
        if best is not None and best > start:
            return best
    if 0xD800 <= ord(text[hard - 1]) <= 0xDBFF and hard - 1 > start:  # never split a surrogate pair
        return hard - 1
    return hard


def needs_chunks(text: str, *, max_chars: int = MAX_CHARS) -> bool:
    return len(text) > max_chars


def merge(doc: str, parts: Iterable[tuple[int, DocResult]]) -> DocResult:
    """One DocResult for document ``doc`` from ``(chunk offset, chunk result)`` pairs."""
    merged = DocResult(doc)
    for offset, part in parts:
        merged.mentions += [dataclasses.replace(m, start=m.start + offset, end=m.end + offset) for m in part.mentions]
        merged.relations += [dataclasses.replace(r, start=r.start + offset, end=r.end + offset) for r in part.relations]
        for key, actor in part.actors.items():
            merged.actors[key] = _merge_actor(merged.actors.get(key), actor)
        for key, label in part.deniers.items():
            merged.deniers.setdefault(key, label)
    merged.actors = dict(sorted(merged.actors.items()))
    merged.relations = [_disputed(r, merged.deniers) for r in merged.relations]
    return merged


def _disputed(rel: Relation, deniers: dict[str, str]) -> Relation:
    """A denial in another chunk of the document disputes the agent's tactic edges too."""
    if rel.kind != "tactic" or rel.source not in deniers or rel.disputed_by:
        return rel
    return dataclasses.replace(rel, disputed_by=(deniers[rel.source],))


def _merge_actor(old: ActorRecord | None, new: ActorRecord) -> ActorRecord:
    if old is None:
        return new
    aliases = tuple(sorted(set(old.aliases) | set(new.aliases) - {old.label}))
    return dataclasses.replace(old, aliases=aliases, registry=old.registry or new.registry)
