"""SPARQL over the graph: ``ioggraph query --sparql``.

Reads a contract graph (networkx), builds its RDF view with :func:`ioggraph.export.rdf.build`
(vocabulary in ``schemas/ontology.ttl``) and runs one SPARQL 1.1 query with rdflib. The
prefixes ``iog:``, ``id:``, ``rdf:``, ``rdfs:``, ``skos:``, ``xsd:``, ``prov:`` and ``dcterms:``
are predeclared. Writes nothing and never touches the network: queries with ``SERVICE``,
``FROM``/``FROM NAMED`` (remote graphs) and updates (``INSERT``, ``LOAD`` ...) are refused before
they run. A query runs at most ``timeout`` seconds and returns at most ``max_rows`` rows.

Example::

    SELECT ?name WHERE { ?a a iog:Person ; rdfs:label ?name } ORDER BY ?name
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

import networkx as nx
from rdflib.query import Result

from ioggraph.errors import IoggraphError

__all__ = ["run_sparql", "check_query", "Rows", "SparqlRefused", "SparqlTimeout", "PREFIX_HELP",
           "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS"]

PREFIX_HELP = "iog:, id:, rdf:, rdfs:, skos:, xsd:, prov:, dcterms:"
DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_ROWS = 10_000
_EXPECTED = (f"Expected a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query; predeclared prefixes: "
             f"{PREFIX_HELP}; vocabulary in schemas/ontology.ttl.")


class SparqlRefused(IoggraphError):
    """The query asks for something a local, read-only endpoint does not do (network, updates)."""


class SparqlTimeout(IoggraphError):
    """The query ran longer than its time limit."""


class Rows(list):
    """Result rows; ``truncated`` is True when the query had more than ``max_rows`` rows."""

    truncated: bool = False


def _cell(term: Any) -> str | None:
    """A result term as text: IRIs and literals by their string value, unbound as None."""
    return None if term is None else str(term)


def _table(result: Result, max_rows: int) -> tuple[list[str], Rows]:
    """(columns, rows) for SELECT, ASK, CONSTRUCT and DESCRIBE results."""
    if result.type == "ASK":
        return ["ask"], Rows([(str(bool(result.askAnswer)).lower(),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        columns, source = ["subject", "predicate", "object"], (tuple(_cell(t) for t in triple) for triple in result.graph)
    else:
        columns, source = [str(v) for v in result.vars or ()], (tuple(_cell(value) for value in row) for row in result)
    rows = Rows()
    for row in source:
        if len(rows) == max_rows:
            rows.truncated = True
            break
        rows.append(row)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows.sort()
    return columns, rows


def _walk(node: Any) -> Iterator[Any]:
    """Every algebra node below ``node`` (rdflib CompValue trees, lists and dicts)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def check_query(query: str) -> None:
    """Raise SparqlRefused for updates, SERVICE and FROM/FROM NAMED; IoggraphError when it does not parse."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(query)
    except Exception as exc:  # pyparsing's ParseException and friends
        try:
            parseUpdate(query)
        except Exception:
            raise IoggraphError(f"SPARQL query failed: {_first_line(exc)}. {_EXPECTED}") from None
        raise SparqlRefused(f"SPARQL query failed: updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP ...) are not "
                            f"allowed; the graph is read-only here. {_EXPECTED}") from None
    for node in _walk(list(parsed)):
        name = getattr(node, "name", None)
        if name == "DatasetClause":
            raise SparqlRefused("SPARQL query refused: FROM / FROM NAMED would load other (possibly remote) graphs; "
                                "queries run on the ioggraph store only, so drop the FROM clause.")
        if name == "ServiceGraphPattern":
            raise SparqlRefused("SPARQL query refused: SERVICE would send data to another endpoint over the network; "
                                "queries run on the ioggraph store only, so drop the SERVICE clause.")


def _first_line(exc: Exception) -> str:
    text = str(exc)
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise SparqlTimeout in the main thread after ``seconds`` (SIGALRM); elsewhere, check afterwards."""
    def expire(_signum, _frame):
        raise SparqlTimeout(f"SPARQL query stopped after {seconds:g} s (the time limit); narrow it down "
                            "(LIMIT, more specific patterns) or give a longer --timeout.")
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        started = time.monotonic()
        yield
        if time.monotonic() - started > seconds:
            expire(None, None)
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_sparql(graph_nx: nx.MultiDiGraph, query: str, *, timeout: float = DEFAULT_TIMEOUT,
               max_rows: int = DEFAULT_MAX_ROWS) -> tuple[list[str], Rows]:
    """Run ``query`` on the RDF view of ``graph_nx``; return (column names, rows of strings/None).

    Raises :class:`SparqlRefused` for updates, SERVICE and FROM clauses (before anything runs),
    :class:`SparqlTimeout` after ``timeout`` seconds, and :class:`~ioggraph.errors.IoggraphError`
    naming the problem when the query does not parse or cannot run. ``rows.truncated`` says
    whether rows beyond ``max_rows`` were left out.
    """
    import rdflib.plugins.sparql as rdflib_sparql

    from ioggraph.export.rdf import PREFIXES, build

    check_query(query)
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # never dereference graph IRIs
    rdf = build(graph_nx)
    try:
        with _deadline(timeout):
            result = rdf.query(query, initNs=dict(PREFIXES))
            return _table(result, max_rows)
    except IoggraphError:
        raise
    except Exception as exc:  # rdflib raises pyparsing/ValueError/... subclasses; name them all once
        raise IoggraphError(f"SPARQL query failed: {_first_line(exc)}. {_EXPECTED}") from exc
