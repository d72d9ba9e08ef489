"""Extraction in local worker processes: workers parse and extract, the build process only writes.

Each worker holds the pipeline once (inherited from the build process when ``fork`` is available,
else loaded by name in the worker) and returns plain :class:`~ioggraph.model.DocResult` lists,
never Docs. Chunks are submitted in corpus order and collected in the same order, with a bounded
number in flight, so the store is written exactly as with ``n_process=1`` and memory does not
grow with the corpus.
"""
from __future__ import annotations

import math
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language

from ioggraph.extract import extract_many
from ioggraph.model import Article, DocResult
from ioggraph.store_lock import close_inherited

_NLP: Language | None = None


def _init(model: str | None, registry_files: list[str]) -> None:
    global _NLP
    close_inherited()
    if _NLP is None:  # spawned, not forked: load the same pipeline by name
        from ioggraph.nlp import load_pipeline
        _NLP = load_pipeline(model, registry_files=[Path(p) for p in registry_files])


def _work(articles: list[Article]) -> list[DocResult]:
    assert _NLP is not None
    return [result for _, result in extract_many(_NLP, articles, batch_size=max(1, len(articles)), n_process=1)]


def chunk_size(total: int, n_process: int, batch_size: int) -> int:
    """At most ``batch_size``, and small enough that every worker gets about 8 chunks (even finish)."""
    return max(1, min(batch_size, math.ceil(total / (8 * n_process))))


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_in_processes(nlp: Language, articles: Iterable[Article], *, n_process: int, total: int,
                         batch_size: int = 32, model: str | None = None,
                         registry_files: list[Path] = ()) -> Iterator[tuple[Article, DocResult]]:
    """(article, result) pairs in input order, extracted by ``n_process`` worker processes."""
    global _NLP
    fork = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork" if fork else "spawn")
    _NLP = nlp if fork else None
    size = chunk_size(total, n_process, batch_size)
    window: deque = deque()
    try:
        with ctx.Pool(n_process, initializer=_init, initargs=(model, [str(p) for p in registry_files])) as pool:
            for chunk in chunks(articles, size):
                window.append((chunk, pool.apply_async(_work, (chunk,))))
                if len(window) > 2 * n_process:
                    yield from _collect(window.popleft())
            while window:
                yield from _collect(window.popleft())
    finally:
        _NLP = None


def _collect(item: tuple[list[Article], mp.pool.AsyncResult]) -> Iterator[tuple[Article, DocResult]]:
    chunk, pending = item
    yield from zip(chunk, pending.get())
