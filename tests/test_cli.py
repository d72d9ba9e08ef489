"""The command line, through click's CliRunner: exact messages users see."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ioggraph.cli import cli

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("name, label", [
    ("Wang Huning", "Wang Huning"), ("base 311", "Base 311"), ("UFWD", "United Front Work Department"),
    ("Kinmen residents", "Kinmen residents"), ("王沪宁", "Wang Huning"),
])
def test_query_finds_actor_with_quoted_relation(runner: CliRunner, seed_store: Path, name: str, label: str) -> None:
    result = invoke(runner, "query", "--actor", name, "--store", seed_store)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(label)
    assert '.txt:' in result.output and '"' in result.output


def test_query_suggests_close_names(runner: CliRunner, seed_store: Path) -> None:
    result = runner.invoke(cli, ["query", "--actor", "Wang Hunin", "--store", str(seed_store)])
    assert result.exit_code == 1
    assert result.output == "Error: No actor matches 'Wang Hunin'. Did you mean: Wang Huning?\n"


def test_query_json(runner: CliRunner, seed_store: Path) -> None:
    card = json.loads(invoke(runner, "query", "--actor", "ccp", "--json", "--store", seed_store).output)
    assert card["label"] == "Chinese Communist Party" and card["relations"]


def test_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["query", "--actor", "x", "--store", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "No store at" in result.output and "ioggraph build" in result.output


def test_build_reports_skips_and_exits_2(runner: CliRunner, seed_corpus: Path, tmp_path: Path) -> None:
    (seed_corpus / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["build", str(seed_corpus), "--store", str(tmp_path / "g.db")])
    assert result.exit_code == 2
    assert "skipped:   empty.txt: empty file" in result.output
    assert "3 parsed" in result.output


def test_build_missing_corpus(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(tmp_path / "nope"), "--store", str(tmp_path / "g.db")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: Corpus folder") and "does not exist" in result.output


def test_unknown_export_format(runner: CliRunner, seed_store: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "--format", "xlsx", "-o", str(tmp_path / "x"), "--store", str(seed_store)])
    assert result.exit_code == 1
    assert "Unknown export format 'xlsx'" in result.output and "graphml" in result.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_example(command: str) -> None:
    assert "Example:" in (cli.commands[command].help or "")
