"""Extraction on a Dask cluster: partitions of articles go to workers, results come back in order.

``--dask local:N`` starts a ``LocalCluster`` of N single-threaded worker processes on this
machine; ``--dask tcp://host:8786`` uses a running scheduler (workers need ioggraph, the same
spaCy model and, for ``--registry``, the same files at the same paths). Each worker loads the
pipeline once and returns plain :class:`~ioggraph.model.DocResult` lists; the build process
writes them in corpus order as they arrive (a small reorder buffer), so the store is the same as
a local build. A failing partition is retried by Dask (``retries``); a partition that still fails
stops the build, which rolls back and leaves the previous store.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.language import Language

from ioggraph import faults
from ioggraph.errors import IoggraphError
from ioggraph.extract import extract_many
from ioggraph.model import Article, DocResult
from ioggraph.parallel import chunk_size, chunks

RETRIES = 2
CONNECT_TIMEOUT = 15  # seconds
INSTALL = "pip install 'ioggraph[dask]'"
_PIPELINES: dict[tuple, Language] = {}


class DaskUnavailable(IoggraphError):
    """--dask was given but dask.distributed is missing, the address is malformed or unreachable."""


def parse_target(spec: str) -> tuple[str, Any]:
    """'local:2' -> ('local', 2); 'tcp://host:8786' -> ('address', 'tcp://host:8786')."""
    if spec.startswith("local:"):
        count = spec.split(":", 1)[1]
        if not count.isdigit() or int(count) < 1:
            raise DaskUnavailable(f"--dask {spec!r}: expected local:N with N ≥ 1 workers, e.g. local:2.")
        return "local", int(count)
    if "://" in spec or spec.count(":") == 1:
        return "address", spec
    raise DaskUnavailable(f"--dask {spec!r}: expected a scheduler address (tcp://host:8786) or local:N.")


@contextmanager
def client_for(spec: str) -> Iterator[Any]:
    """A connected ``distributed.Client`` (and its LocalCluster), closed on exit."""
    kind, value = parse_target(spec)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable(f"--dask needs dask.distributed, which is not installed: {INSTALL}.") from None
    cluster = None
    try:
        if kind == "local":
            cluster = LocalCluster(n_workers=value, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(value, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise DaskUnavailable(f"Cannot reach the Dask scheduler at {value} ({exc}); start one "
                              "(`dask scheduler` and `dask worker ADDRESS`) or use --dask local:N.") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def worker_stamp(nlp: Language, registry_files: Iterable[str]) -> str:
    from ioggraph.build import pipeline_fingerprint
    return pipeline_fingerprint(nlp, [Path(p) for p in registry_files])


def extract_partition(articles: list[Article], model: str | None, registry_files: list[str]) -> tuple[str, list[DocResult]]:
    """Runs on a worker: the pipeline (loaded once per worker process) over one partition."""
    faults.exit_once("dask-worker")
    key = (model, tuple(registry_files))
    if key not in _PIPELINES:
        from ioggraph.nlp import load_pipeline
        _PIPELINES[key] = load_pipeline(model, registry_files=[Path(p) for p in registry_files])
    nlp = _PIPELINES[key]
    results = [r for _, r in extract_many(nlp, articles, batch_size=max(1, len(articles)), n_process=1)]
    return worker_stamp(nlp, registry_files), results


def extract_on_dask(nlp: Language, articles: Iterable[Article], spec: str, *, total: int, batch_size: int = 32,
                    model: str | None = None, registry_files: list[Path] = ()) -> Iterator[tuple[Article, DocResult]]:
    """(article, result) pairs in input order, extracted by the workers of ``spec``."""
    files = [str(p) for p in registry_files]
    expected = worker_stamp(nlp, files)
    if total == 0:
        return
    with client_for(spec) as client:
        from distributed import as_completed
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _ordered(client, as_completed(), chunks(articles, chunk_size(total, workers, batch_size)),
                            limit=2 * workers + 2, args=(model, files), expected=expected)


def _ordered(client: Any, completed: Any, parts: Iterator[list[Article]], *, limit: int, args: tuple,
             expected: str) -> Iterator[tuple[Article, DocResult]]:
    """Keep ``limit`` partitions in flight or waiting for their turn; yield results in partition order."""
    tag = uuid.uuid4().hex[:8]
    pending: dict[Any, tuple[int, list[Article]]] = {}
    ready: dict[int, tuple[list[Article], list[DocResult]]] = {}
    numbered = enumerate(parts)
    next_out = 0

    def top_up() -> None:
        while len(pending) + len(ready) < limit:
            item = next(numbered, None)
            if item is None:
                return
            future = client.submit(extract_partition, item[1], *args, retries=RETRIES, pure=False,
                                   key=f"ioggraph-extract-{tag}-{item[0]}")
            pending[future] = item
            completed.add(future)
    top_up()
    for future in completed:
        index, chunk = pending.pop(future)
        stamp, results = future.result()
        future.release()
        if stamp != expected:
            raise DaskUnavailable(f"A Dask worker runs another pipeline ({stamp.split('|')[0]}, here "
                                  f"{expected.split('|')[0]}) or other schemas; install the same ioggraph and model on every worker.")
        ready[index] = (chunk, results)
        while next_out in ready:
            done_chunk, done_results = ready.pop(next_out)
            yield from zip(done_chunk, done_results)
            next_out += 1
        top_up()
