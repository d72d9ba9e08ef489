"""Finding actors by name or alias, suggestions, and the actor card."""
from __future__ import annotations

import networkx as nx
import pytest

from ioggraph.errors import ActorNotFound
from ioggraph.query import actor_card, find_actor, format_card


@pytest.fixture()
def G() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("china", kind="actor", label="China", type="Government", aliases=["Beijing"], docs=["a.txt"], mentions=[])
    g.add_node("legislators", kind="actor", label="local Taiwanese legislators", type="Group", aliases=[], docs=["a.txt"], mentions=[])
    g.add_node("T0126.002", kind="technique", type="Technique", label="Facilitate Logistics or Support for Attendance")
    g.add_edge("china", "legislators", key="e-1", relation="funds_trips", technique="T0126.002", confidence=0.9,
               modality="asserted", reported_by=["Reuters"], evidence=[
                   {"doc": "a.txt", "start": 4, "end": 30, "quote": "Beijing has financed trips", "rule": "funds-trips", "trigger": "financed"}])
    return g


@pytest.mark.parametrize("name, node", [("China", "china"), ("beijing", "china"), ("the Beijing", "china"),
                                        ("LOCAL TAIWANESE LEGISLATORS", "legislators")])
def test_find_actor(G: nx.MultiDiGraph, name: str, node: str) -> None:
    assert find_actor(G, name) == node


def test_technique_nodes_are_not_actors(G: nx.MultiDiGraph) -> None:
    with pytest.raises(ActorNotFound):
        find_actor(G, "T0126.002")


def test_suggestions(G: nx.MultiDiGraph) -> None:
    with pytest.raises(ActorNotFound) as err:
        find_actor(G, "Chinaa")
    assert err.value.suggestions == ["China"]


def test_card_groups_relations_and_shows_lines(G: nx.MultiDiGraph) -> None:
    card = actor_card(G, "china", {"a.txt": "One\nBeijing has financed trips to China."})
    [entry] = card["relations"]["funds_trips"]
    assert (entry["direction"], entry["other"], entry["technique"]) == ("out", "local Taiwanese legislators", "T0126.002")
    assert entry["evidence"][0]["line"] == 2
    text = format_card(card, explain=True)
    assert 'a.txt:2  "Beijing has financed trips"' in text
    assert "rule funds-trips fired on: financed" in text
    assert "reported by Reuters" in text


def test_card_escapes_bidi_and_control_characters(G: nx.MultiDiGraph) -> None:
    G.nodes["china"]["label"] = "Chi\u202ena\x1b[31m"
    text = format_card(actor_card(G, "china", {}))
    assert text.startswith("Chi\\u202ena\\u001b[31m  [Government]")
    assert "\u202e" not in text and "\x1b" not in text


def test_card_wording(G: nx.MultiDiGraph) -> None:
    G.nodes["china"]["mentions"] = [{"doc": "a.txt", "start": 4, "end": 11, "text": "Beijing"}]
    G.nodes["china"]["docs"] = [f"folder/article-{i:03d}.txt" for i in range(40)]
    G.edges["china", "legislators", "e-1"]["reported_by"] = ["report"]
    lines = format_card(actor_card(G, "china", {})).splitlines()
    header = lines[:lines.index("")]
    assert len(header) > 5 and all(len(line) <= 100 for line in header)
    assert lines[1].startswith("  aliases:   Beijing") and "(1 mention)" in "\n".join(lines)
    assert "reported by report" not in "\n".join(lines) and "according to a report" in "\n".join(lines)


def test_pdf_evidence_cites_its_page(G: nx.MultiDiGraph) -> None:
    G.add_edge("china", "legislators", key="e-2", relation="funds_trips", technique=None, confidence=0.9,
               modality="asserted", reported_by=[], evidence=[
                   {"doc": "r.pdf", "start": 13, "end": 39, "quote": "Beijing has financed trips", "rule": "r"}])
    card = actor_card(G, "china", {"r.pdf": "Cover page\n\f\nBeijing has financed trips."})
    [entry] = [e for e in card["relations"]["funds_trips"] if e["edge"] == "e-2"]
    assert (entry["evidence"][0]["page"], entry["evidence"][0]["line"]) == (2, 3)
    assert 'r.pdf p.2:3  "Beijing has financed trips"' in format_card(card)


@pytest.mark.parametrize("disputed, shown", [
    (["China"], "disputed by China"),
    ([], None),
])
def test_card_says_who_disputes_an_edge(G: nx.MultiDiGraph, disputed: list[str], shown: str | None) -> None:
    G.edges["china", "legislators", "e-1"]["disputed_by"] = disputed
    card = actor_card(G, "china", {})
    [entry] = card["relations"]["funds_trips"]
    assert entry["disputed_by"] == disputed
    text = format_card(card)
    if shown:
        assert f"reported by Reuters; {shown})" in text
    else:
        assert "disputed by" not in text


@pytest.mark.parametrize("text, shown", [
    ("plain text, accents é and 中文", "plain text, accents é and 中文"),
    ("a\u202eb", "a\\u202eb"), ("\u2066x\u2069", "\\u2066x\\u2069"), ("a\u200eb\u061c", "a\\u200eb\\u061c"),
    ("red\x1b[31m", "red\\u001b[31m"), ("tab\there", "tab\\u0009here"), ("line\u2028sep\u2029", "line\\u2028sep\\u2029"),
    ("\n  funds_trips", "\n  funds_trips"),  # a newline stays
    ("no-break\u00a0space, soft\u00adhyphen", "no-break\u00a0space, soft\u00adhyphen"),  # Zs, Cf: not escaped
])
def test_visible_escapes_only_controls_bidi_and_line_separators(text: str, shown: str) -> None:
    from ioggraph.textsafety import visible
    assert visible(text) == shown


@pytest.mark.parametrize("module", ["ioggraph.cli", "ioggraph.query", "ioggraph.actor_view", "ioggraph.nlp.text",
                                    "ioggraph.graph", "ioggraph.export.subgraph"])
def test_reading_the_store_does_not_import_spacy(module):
    """``query`` answers in a fraction of a second: importing spaCy alone takes about 1 s."""
    import subprocess
    import sys
    code = f"import sys, {module}; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
