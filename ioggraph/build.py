"""``ioggraph build``: corpus folder -> store, incrementally and atomically.

Only documents whose content hash changed are parsed again; documents that disappeared are
dropped; a change of model, schemas or ioggraph version re-parses everything. The whole build is
one SQLite transaction (:func:`ioggraph.store.writer`): it commits when every document was written
and the derived actors were refreshed, and leaves the previous build otherwise.

The corpus is read twice: once for content hashes (to plan), once to stream the texts to be
parsed, so memory does not grow with the corpus. Extraction runs here (``n_process=1``), in local
worker processes (:mod:`ioggraph.parallel`) or on a Dask cluster (:mod:`ioggraph.dask_build`);
the results are written in corpus order by this process only.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from ioggraph import __version__, faults, store
from ioggraph.corpus import iter_articles, kept_by_skip
from ioggraph.errors import BuildIncomplete, CorpusError
from ioggraph.extract import extract_many
from ioggraph.language import language_note
from ioggraph.model import Article, DocResult, Skipped
from ioggraph.schemas import fingerprint, schemas_dir
from ioggraph.store_check import check_writable
from ioggraph.store_lock import DEFAULT_WAIT

ProgressFn = Callable[[int, int, str], None]


@dataclass
class BuildReport:
    """What a build did, for the one-screen summary."""

    store: str
    read: int = 0
    parsed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    actors: int = 0
    relations: int = 0
    mentions: int = 0
    seconds: float = 0.0
    notes: list[tuple[str, str]] = field(default_factory=list)   # (document, what the reader or extraction says)


def pipeline_fingerprint(nlp: Language, extra_files: list[Path] = ()) -> str:
    """Model id + pipe names + ioggraph version + schemas content: a change forces a full re-parse."""
    from ioggraph.nlp.loader import model_id
    files = sorted(p for p in schemas_dir().rglob("*") if p.is_file()) + [Path(p) for p in extra_files]
    return f"{model_id(nlp)}|{','.join(nlp.pipe_names)}|{__version__}|{fingerprint(files)}"


def build(corpus: Path, store_path: Path, *, nlp: Language | None = None, model: str | None = None,
          registry_files: list[Path] = (), n_process: int = 1, batch_size: int = 32, strict: bool = False,
          progress: ProgressFn | None = None, dask: str | None = None, wait: float = DEFAULT_WAIT) -> BuildReport:
    """Build or update the store at ``store_path`` from the articles under ``corpus``.

    ``dask``: ``"local:N"`` or a scheduler address (``tcp://host:8786``) to extract on Dask;
    ``wait``: seconds to wait for another build of the same store before StoreBusy.
    """
    started = time.perf_counter()
    corpus, store_path = Path(corpus), Path(store_path)
    report = BuildReport(store=str(store_path))
    check_writable(store_path)
    hashes, report.skipped = _scan_corpus(corpus)
    report.read = len(hashes)
    if strict and report.skipped:
        names = ", ".join(s.path for s in report.skipped)
        raise BuildIncomplete(f"--strict: {len(report.skipped)} file(s) skipped ({names}); the store was not changed.")
    with store.writer(store_path, wait=wait) as con:
        faults.point("locked")
        if nlp is None:
            from ioggraph.nlp import load_pipeline
            nlp = load_pipeline(model, registry_files=registry_files)
        todo = _plan(con, nlp, hashes, report, registry_files)
        touched = store.delete_documents(con, report.removed)
        faults.point("planned")
        results = _extract(nlp, _stream(corpus, todo), total=len(todo), n_process=n_process,
                           batch_size=batch_size, dask=dask, model=model, registry_files=registry_files)
        for i, (article, result) in enumerate(results, 1):
            touched |= store.write_document(con, article, result)
            report.parsed.append(article.path)
            _note(report, article, result)
            faults.point(f"doc-{i}")
            if progress:
                progress(i, len(todo), article.path)
        store.refresh_actors(con, touched)
        faults.point("actors")
        totals = store.counts(con)
        report.actors, report.relations, report.mentions = totals["actors"], totals["relations"], totals["mentions"]
    report.seconds = time.perf_counter() - started
    return report


def _extract(nlp: Language, articles: Iterator[Article], *, total: int, n_process: int, batch_size: int,
             dask: str | None, model: str | None, registry_files) -> Iterator[tuple[Article, DocResult]]:
    """(article, result) pairs in corpus order, from the chosen backend."""
    if dask:
        from ioggraph.dask_build import extract_on_dask
        return extract_on_dask(nlp, articles, dask, total=total, batch_size=batch_size, model=model,
                               registry_files=list(registry_files))
    if n_process > 1 and total > 1:
        from ioggraph.parallel import extract_in_processes
        return extract_in_processes(nlp, articles, n_process=n_process, total=total, batch_size=batch_size,
                                    model=model, registry_files=list(registry_files))
    return extract_many(nlp, articles, batch_size=batch_size, n_process=1)


def _scan_corpus(corpus: Path) -> tuple[dict[str, str], list[Skipped]]:
    """path -> sha256 of every article (texts are not kept), and the skipped files."""
    hashes: dict[str, str] = {}
    skipped: list[Skipped] = []
    for item in iter_articles(corpus):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            hashes[item.path] = item.sha256
    if not hashes and not skipped:
        raise CorpusError(f"Corpus folder '{corpus}' holds no .txt, .md, .jsonl, .html, .pdf or .docx article; add some and build again.")
    return hashes, skipped


def _note(report: BuildReport, article: Article, result) -> None:
    """Reader notes (dropped dates, ignored front matter) and the non-English warning, per document."""
    report.notes += [(article.path, note) for note in article.notes]
    lang = language_note(article, len(result.actors), len(result.mentions))
    if lang:
        report.notes.append((article.path, lang))


def _stream(corpus: Path, todo: list[str]) -> Iterator[Article]:
    """The articles of ``todo``, read again in corpus order (a file changed since the scan is read as it is now)."""
    wanted = set(todo)
    if not wanted:
        return
    for item in iter_articles(corpus):
        if isinstance(item, Article) and item.path in wanted:
            yield item


def _plan(con, nlp: Language, hashes: dict[str, str], report: BuildReport, registry_files) -> list[str]:
    """Paths to parse; sets ``report.removed``. Skipped files keep their previous version."""
    stamp = pipeline_fingerprint(nlp, list(registry_files))
    stored = store.known_hashes(con)
    known = stored
    if store.get_meta(con, "pipeline") != stamp:
        known = {}  # another model, schema or version: parse everything again
        store.set_meta(con, "pipeline", stamp)
    present = set(hashes) | {s.path for s in report.skipped}
    report.removed = sorted(p for p in set(stored) - present if not kept_by_skip(p, report.skipped))
    todo = [path for path, sha in hashes.items() if known.get(path) != sha]
    report.unchanged = len(hashes) - len(todo)
    return todo
