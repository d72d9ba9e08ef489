"""``ioggraph build``: corpus folder -> store, incrementally and atomically.

Only documents whose content hash changed are parsed again; documents that disappeared are
dropped; a change of model, schemas or ioggraph version re-parses everything. The store is
replaced only when the whole build succeeded (see :func:`ioggraph.store.transaction`).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from ioggraph import __version__, store
from ioggraph.corpus import iter_articles, kept_by_skip
from ioggraph.errors import BuildIncomplete, CorpusError
from ioggraph.extract import extract_many
from ioggraph.language import language_note
from ioggraph.model import Article, Skipped
from ioggraph.resolve import write_actors
from ioggraph.schemas import fingerprint, schemas_dir

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
    notes: list[tuple[str, str]] = field(default_factory=list)   # (document, what the reader or extraction says)
    actors: int = 0
    relations: int = 0
    mentions: int = 0
    seconds: float = 0.0


def pipeline_fingerprint(nlp: Language, extra_files: list[Path] = ()) -> str:
    """Model id + pipe names + ioggraph version + schemas content: a change forces a full re-parse."""
    from ioggraph.nlp.loader import model_id
    files = sorted(p for p in schemas_dir().rglob("*") if p.is_file()) + [Path(p) for p in extra_files]
    return f"{model_id(nlp)}|{','.join(nlp.pipe_names)}|{__version__}|{fingerprint(files)}"


def build(corpus: Path, store_path: Path, *, nlp: Language | None = None, model: str | None = None,
          registry_files: list[Path] = (), n_process: int = 1, batch_size: int = 32, strict: bool = False,
          progress: ProgressFn | None = None) -> BuildReport:
    """Build or update the store at ``store_path`` from the articles under ``corpus``."""
    started = time.perf_counter()
    report = BuildReport(store=str(store_path))
    articles, report.skipped = _read_corpus(Path(corpus))
    report.read = len(articles)
    if strict and report.skipped:
        names = ", ".join(s.path for s in report.skipped)
        raise BuildIncomplete(f"--strict: {len(report.skipped)} file(s) skipped ({names}); the store was not changed.")
    if nlp is None:
        from ioggraph.nlp import load_pipeline
        nlp = load_pipeline(model, registry_files=registry_files)
    with store.transaction(Path(store_path)) as con:
        todo = _plan(con, nlp, articles, report, registry_files)
        for i, (article, result) in enumerate(extract_many(nlp, todo, batch_size=batch_size, n_process=n_process), 1):
            store.write_document(con, article, result)
            report.parsed.append(article.path)
            _note(report, article, result)
            if progress:
                progress(i, len(todo), article.path)
        report.actors = write_actors(con)
        totals = store.counts(con)
        report.relations, report.mentions = totals["relations"], totals["mentions"]
    report.seconds = time.perf_counter() - started
    return report


def _read_corpus(corpus: Path) -> tuple[list[Article], list[Skipped]]:
    articles, skipped = [], []
    for item in iter_articles(corpus):
        (skipped if isinstance(item, Skipped) else articles).append(item)
    if not articles and not skipped:
        raise CorpusError(f"Corpus folder '{corpus}' holds no .txt, .md, .jsonl, .html, .pdf or .docx article; add some and build again.")
    return articles, skipped


def _note(report: BuildReport, article: Article, result) -> None:
    """Reader notes (dropped dates, ignored front matter) and the non-English warning, per document."""
    report.notes += [(article.path, note) for note in article.notes]
    lang = language_note(article, len(result.actors), len(result.mentions))
    if lang:
        report.notes.append((article.path, lang))


def _plan(con, nlp: Language, articles: list[Article], report: BuildReport, registry_files) -> list[Article]:
    """Decide what to parse; delete what disappeared. Skipped files keep their previous version."""
    stamp = pipeline_fingerprint(nlp, list(registry_files))
    stored = store.known_hashes(con)
    known = stored
    if store.get_meta(con, "pipeline") != stamp:
        known = {}  # another model, schema or version: parse everything again
        store.set_meta(con, "pipeline", stamp)
    present = {a.path for a in articles} | {s.path for s in report.skipped}
    report.removed = sorted(p for p in set(stored) - present if not kept_by_skip(p, report.skipped))
    store.delete_documents(con, report.removed)
    todo = [a for a in articles if known.get(a.path) != a.sha256]
    report.unchanged = len(articles) - len(todo)
    return todo
