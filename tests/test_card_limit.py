"""query --actor --limit: the card lists the first N documents and quotes per relation and counts the rest.

A small store written without the model (hand-made extraction results), its documents stored out of
path order and one rewritten, so that stored order differs from path order. The card read from the
store's ``edges`` table must equal the card of the whole graph at every limit.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from ioggraph import store
from ioggraph.actor_view import actor_view
from ioggraph.cli import cli
from ioggraph.graph import load_graph
from ioggraph.model import ActorRecord, Article, DocResult, Mention, Relation
from ioggraph.query import DEFAULT_LIMIT, MORE_HINT, actor_card, format_card, load_texts
from store_fixtures import copy_without_table

CHINA = ActorRecord("china", "China", "Government", ("Beijing",))
LEGISLATORS = ActorRecord("legislators", "local Taiwanese legislators", "Group")
UFWD = ActorRecord("ufwd", "United Front Work Department", "Government")

# document number -> (China funds trips of legislators?, UFWD directs China?); China is in every one
DOCS = {i: (i % 3 != 0, i % 4 == 0) for i in range(14)}
ORDER = [7, 2, 11, 0, 13, 5, 9, 1, 12, 3, 8, 10, 4, 6]  # the order they are stored in


def _doc(i: int, *, extra: str = "") -> tuple[Article, DocResult]:
    funds, directs = DOCS[i]
    s1 = f"Beijing has financed trips number {i}."
    s2 = "The UFWD directs China."
    text = f"Intro {i}.\n{s1}\n{s2}{extra}\n"
    start1, start2 = text.index(s1), text.index(s2)
    mentions = [Mention(start1, start1 + 7, "Beijing", "china", "Government", "alias")]
    actors = {"china": CHINA}
    relations = []
    if funds:
        actors["legislators"] = LEGISLATORS
        mentions.append(Mention(start1 + 8, start1 + 11, "has", "legislators", "Group", "ner"))
        relations.append(Relation("china", "legislators", "funds_trips", "tactic", start1, start1 + len(s1), s1,
                                  "funds-trips", technique="T0126.002", confidence=0.9, reported_by=("Reuters",),
                                  trigger="financed"))
    if directs:
        actors["ufwd"] = UFWD
        mentions.append(Mention(start2 + 4, start2 + 8, "UFWD", "ufwd", "Government", "registry"))
        mentions.append(Mention(start2 + 17, start2 + 22, "China", "china", "Government", "registry"))
        relations.append(Relation("ufwd", "china", "directs", "relation", start2, start2 + len(s2), s2, "directs",
                                  confidence=0.7, modality="hedged", trigger="directs"))
    path = f"news/article-{i:02d}.txt"
    article = Article(path, text, hashlib.sha256(text.encode()).hexdigest(), len(text), title=f"Article {i}",
                      date=f"2024-01-{i + 1:02d}")
    return article, DocResult(path, mentions, actors, relations)


def _write(db: Path, docs: list[tuple[Article, DocResult]]) -> None:
    with store.writer(db) as con:
        touched: set[str] = set()
        for article, result in docs:
            touched |= store.write_document(con, article, result)
        store.refresh_actors(con, touched)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("limit") / "g.db"
    _write(path, [_doc(i) for i in ORDER])
    _write(path, [_doc(2, extra=" Edited.")])  # rewritten: a new id, the last in stored order
    return path


@pytest.fixture(scope="module")
def whole(db: Path):
    return load_graph(db), load_texts(db)


def _whole_card(whole, limit):
    G, texts = whole
    return actor_card(G, "china", texts, limit=limit)


@pytest.mark.parametrize("limit", [None, 0, 1, 2, 3, 4, 9, 10, 13, 14, 100, DEFAULT_LIMIT])
def test_store_card_equals_whole_graph_card(db: Path, whole, limit: int | None) -> None:
    card = actor_view(db, "China", limit=limit)
    assert card == _whole_card(whole, limit)
    assert format_card(card, explain=True) == format_card(_whole_card(whole, limit), explain=True)


# limit -> documents listed, funds_trips quotes listed, directs quotes listed
@pytest.mark.parametrize("limit, docs, funds, directs", [
    (0, 14, 9, 4), (None, 14, 9, 4), (1, 1, 1, 1), (3, 3, 3, 3), (4, 4, 4, 4), (5, 5, 5, 4),
    (9, 9, 9, 4), (10, 10, 9, 4), (14, 14, 9, 4), (50, 14, 9, 4),
])
def test_limit_lists_the_first_and_counts_all(db: Path, limit: int | None, docs: int, funds: int, directs: int) -> None:
    card = actor_view(db, "beijing", limit=limit)
    assert (card["document_count"], card["mentions"]) == (14, 14 + 4)
    assert len(card["documents"]) == docs
    assert card["documents"] == sorted(card["documents"])
    assert card["documents"] == [f"news/article-{i:02d}.txt" for i in range(docs)]
    [f] = card["relations"]["funds_trips"]
    [d] = card["relations"]["directs"]
    assert (f["evidence_count"], d["evidence_count"]) == (9, 4)
    assert (len(f["evidence"]), len(d["evidence"])) == (funds, directs)
    # the first by document path: the same quotes as the head of the full list
    full = actor_view(db, "beijing", limit=0)["relations"]
    assert f["evidence"] == full["funds_trips"][0]["evidence"][:funds]
    assert d["evidence"] == full["directs"][0]["evidence"][:directs]
    cited = {ev["doc"] for ev in f["evidence"] + d["evidence"]}
    assert set(card["sources"]) == set(card["documents"]) | cited


# limit -> the lines that say how many more there are
@pytest.mark.parametrize("limit, more", [
    (0, []),
    (None, []),
    (10, ["... and 4 more"]),
    (8, ["... and 6 more", f"       ... and 1 more quote; {MORE_HINT}"]),
    (3, ["... and 11 more", f"       ... and 1 more quote; {MORE_HINT}", f"       ... and 6 more quotes; {MORE_HINT}"]),
    (14, []),
])
def test_truncation_lines(db: Path, limit: int | None, more: list[str]) -> None:
    text = format_card(actor_view(db, "China", limit=limit))
    found = [line for line in text.splitlines() if "... and" in line]
    assert len(found) == len(more)
    for line, want in zip(found, more):
        assert want in line, (line, want)
    if not limit:
        assert "more" not in text


def test_card_without_limit_is_the_card_before_limits(db: Path, whole) -> None:
    """--limit 0: every document and quote; the text is the card as it was before limits and counts."""
    card = actor_view(db, "China", limit=0)
    G, texts = whole
    assert card["documents"] == G.nodes["china"]["docs"]
    assert sum(len(e["evidence"]) for items in card["relations"].values() for e in items) == 9 + 4
    bare = {k: v for k, v in card.items() if k != "document_count"}
    bare["relations"] = {rel: [{k: v for k, v in e.items() if k != "evidence_count"} for e in items]
                         for rel, items in card["relations"].items()}
    assert format_card(bare) == format_card(card)


@pytest.mark.parametrize("args, listed, line", [
    ([], DEFAULT_LIMIT, "... and 4 more"),
    (["--limit", "2"], 2, f"       ... and 7 more quotes; {MORE_HINT}"),
    (["--limit", "0"], 14, None),
])
def test_cli_limit(db: Path, args: list[str], listed: int, line: str | None) -> None:
    result = CliRunner().invoke(cli, ["query", "--actor", "China", "--store", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    shown = set(re.findall(r"news/article-\d\d\.txt", result.output.split("\n\n")[0]))
    assert len(shown) == listed
    if line is None:
        assert "... and" not in result.output
    else:
        assert line in result.output.splitlines() or any(line in x for x in result.output.splitlines())
    card = CliRunner().invoke(cli, ["query", "--actor", "China", "--store", str(db), "--json", *args]).output
    assert '"document_count": 14' in card and '"evidence_count": 9' in card


def test_cli_rejects_a_negative_limit(db: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "--actor", "China", "--store", str(db), "--limit", "-1"])
    assert result.exit_code == 2
    assert "--limit" in result.output


def _edges(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM edges ORDER BY key").fetchall()
    finally:
        con.close()


def test_edges_follow_rewrites_and_deletions(tmp_path: Path) -> None:
    """The edges table kept up to date build by build equals the one computed once from the rows."""
    db = tmp_path / "g.db"
    _write(db, [_doc(i) for i in ORDER])
    _write(db, [_doc(4, extra=" Edited.")])
    with store.writer(db) as con:
        store.refresh_actors(con, store.delete_documents(con, ["news/article-08.txt", "news/article-03.txt"]))
    kept = _edges(db)
    assert [r[6] for r in kept if r[3] == "directs"] == [3]  # evidence_count: documents 0, 4, 12 (8 deleted)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM edges")
    con.commit()
    con.close()
    with store.writer(db):  # an empty edges table: filled once from the relation rows
        pass
    assert _edges(db) == kept


def test_store_without_edges_table_is_still_answered(db: Path, tmp_path: Path) -> None:
    old = copy_without_table(db, tmp_path / "old.db", "edges")
    for limit in (0, 3, None):
        assert actor_view(old, "China", limit=limit) == actor_view(db, "China", limit=limit)

