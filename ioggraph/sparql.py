"""SPARQL over the graph: ``ioggraph query --sparql``.

Reads a contract graph (networkx), builds its RDF view with :func:`ioggraph.export.rdf.build`
(vocabulary in ``schemas/ontology.ttl``) and runs one SPARQL 1.1 query with rdflib. The
prefixes ``iog:``, ``id:``, ``rdf:``, ``rdfs:``, ``skos:``, ``xsd:``, ``prov:`` and ``dcterms:``
are predeclared. Writes nothing.

Example::

    SELECT ?name WHERE { ?a a iog:Person ; rdfs:label ?name } ORDER BY ?name
"""
from __future__ import annotations

from typing import Any

import networkx as nx
from rdflib.query import Result

from ioggraph.errors import IoggraphError

__all__ = ["run_sparql", "PREFIX_HELP"]

PREFIX_HELP = "iog:, id:, rdf:, rdfs:, skos:, xsd:, prov:, dcterms:"


def _cell(term: Any) -> str | None:
    """A result term as text: IRIs and literals by their string value, unbound as None."""
    return None if term is None else str(term)


def _table(result: Result) -> tuple[list[str], list[tuple[str | None, ...]]]:
    """(columns, rows) for SELECT, ASK, CONSTRUCT and DESCRIBE results."""
    if result.type == "ASK":
        return ["ask"], [(str(bool(result.askAnswer)).lower(),)]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = sorted(tuple(_cell(t) for t in triple) for triple in result.graph)
        return ["subject", "predicate", "object"], rows
    columns = [str(v) for v in result.vars or ()]
    return columns, [tuple(_cell(value) for value in row) for row in result]


def run_sparql(graph_nx: nx.MultiDiGraph, query: str) -> tuple[list[str], list[tuple[str | None, ...]]]:
    """Run ``query`` on the RDF view of ``graph_nx``; return (column names, rows of strings/None).

    Raises :class:`~ioggraph.errors.IoggraphError` naming the problem when the query does not
    parse or cannot run (e.g. an update such as INSERT, which is not allowed here).
    """
    from ioggraph.export.rdf import PREFIXES, build

    rdf = build(graph_nx)
    try:
        result = rdf.query(query, initNs=dict(PREFIXES))
        return _table(result)
    except Exception as exc:  # rdflib raises pyparsing/ValueError/... subclasses; name them all once
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IoggraphError(
            f"SPARQL query failed: {first}. Expected a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE "
            f"query; predeclared prefixes: {PREFIX_HELP}; vocabulary in schemas/ontology.ttl."
        ) from exc
