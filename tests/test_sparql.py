"""SPARQL is local and read-only: no network, no updates, a time limit and a row limit."""
from __future__ import annotations

import socket
import time

import pytest

from export_fixtures import load_graph
from ioggraph.errors import IoggraphError
from ioggraph.sparql import SparqlRefused, SparqlTimeout, run_sparql


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list:
    """Record (and block) every attempt to open a connection."""
    attempts: list = []

    def connect(self, address, *args):
        attempts.append(address)
        raise OSError("network blocked by the test")
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: connect(None, address))
    return attempts


@pytest.mark.parametrize("query, message", [
    ("SELECT ?q WHERE { ?e iog:quote ?q . SERVICE <http://127.0.0.1:9/sparql> { ?q ?p ?o } }", "SERVICE would send data"),
    ("SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://example.org/> { ?s ?p ?o } } }", "SERVICE would send data"),
    ("SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }", "FROM / FROM NAMED would load"),
    ("SELECT * FROM NAMED <http://example.org/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM / FROM NAMED would load"),
    ("LOAD <http://example.org/g.ttl>", r"updates \(INSERT, DELETE, LOAD"),
    ("DELETE WHERE { ?s ?p ?o }", r"updates \(INSERT, DELETE, LOAD"),
])
def test_network_and_updates_are_refused(no_network: list, query: str, message: str) -> None:
    with pytest.raises(SparqlRefused, match=message) as err:
        run_sparql(load_graph("small"), query)
    assert no_network == []
    assert len(str(err.value)) < 1024


def test_a_cartesian_query_stops_at_the_time_limit() -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    with pytest.raises(SparqlTimeout, match=r"stopped after 0.5 s \(the time limit\)"):
        run_sparql(load_graph("small"), query, timeout=0.5)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("max_rows, truncated", [(3, True), (100_000, False)])
def test_row_limit(max_rows: int, truncated: bool) -> None:
    G = load_graph("small")
    columns, rows = run_sparql(G, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=max_rows)
    assert columns == ["s", "p", "o"] and rows.truncated is truncated
    assert len(rows) == 3 if truncated else len(rows) > 3


def test_strings_mentioning_service_are_fine() -> None:
    _columns, rows = run_sparql(load_graph("small"), 'SELECT ?x WHERE { BIND("SERVICE <http://x/>" AS ?x) }')
    assert rows == [("SERVICE <http://x/>",)]


def test_bad_syntax_names_the_problem() -> None:
    with pytest.raises(IoggraphError, match="SPARQL query failed: .*predeclared prefixes"):
        run_sparql(load_graph("small"), "SELEC ?x")
