"""Every input an analyst has, through the command line: the summary names every file and what
happened, the exit status says whether anything was skipped, and no case gives a traceback."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import ioggraph.nlp
from doc_fixtures import docx_bytes, html_page, pdf_bytes
from ioggraph import chunking
from ioggraph.cli import cli

pytestmark = pytest.mark.model
EN = "Taiwan officials said the United Front Work Department financed trips for local legislators to China."
ZH = "中共中央统战部资助台湾地方议员赴大陆旅行。王沪宁主持了这次会议，台湾官员表示这是一场统战活动。"
RU = "Власти Тайваня заявили, что Отдел работы единого фронта финансировал поездки местных депутатов в Китай."


@pytest.fixture()
def runner(nlp, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CliRunner whose builds reuse the session's pipeline instead of loading the model again."""
    monkeypatch.setattr(ioggraph.nlp, "load_pipeline", lambda *a, **k: nlp)
    return CliRunner()


def _mixed_corpus(root: Path) -> Path:
    root.mkdir()
    (root / "a.txt").write_text(EN + "\n", encoding="utf-8")
    (root / "b.md").write_text(f"---\ntitle: Trips\ndate: 2024-03-01\n---\n# Trips\n\n[{EN}](https://x.example)\n", encoding="utf-8")
    (root / "c.html").write_text(html_page("Trips", [EN, "The accounts posed as locals, the report said."]), encoding="utf-8")
    (root / "d.pdf").write_bytes(pdf_bytes([EN, "Second page."]))
    (root / "e.docx").write_bytes(docx_bytes([EN]))
    (root / "f.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "1", "text": EN, "title": "One", "date": "2024-13-45"},
        {"id": "1", "text": EN},
        {"id": "2", "text": 42},
    ]) + "\n", encoding="utf-8")
    (root / "zh.txt").write_text(ZH + "\n", encoding="utf-8")
    (root / "ru.txt").write_text(RU + "\n", encoding="utf-8")
    (root / "wide.txt").write_bytes(("\n" + EN + "\n").encode("utf-16"))
    (root / "long.txt").write_text("\n\n".join([EN] * 80) + "\n", encoding="utf-8")
    (root / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (root / "scan.pdf").write_bytes(pdf_bytes([""]))
    (root / "notes.xlsx").write_bytes(b"PK")
    (root / ".hidden.txt").write_text(EN, encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    return root


def test_a_mixed_corpus_builds_and_names_everything(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunking, "MAX_CHARS", 4000)   # long.txt (8 kB) goes through in chunks
    monkeypatch.setattr(chunking, "CHUNK_CHARS", 3000)
    corpus = _mixed_corpus(tmp_path / "corpus")
    result = runner.invoke(cli, ["build", str(corpus), "--store", str(tmp_path / "g.db")])
    out = result.output
    assert result.exit_code == 2, out
    assert "Traceback" not in out
    for name in ("a.txt", "b.md", "c.html", "d.pdf", "e.docx", "f.jsonl#1", "zh.txt", "ru.txt", "wide.txt", "long.txt"):
        assert f"  parsed:    {name}" in out or "... and" in out
    assert "10 parsed" in out and "10 read" in out
    for line in [
        "skipped:   .hidden.txt: hidden file (name starts with '.'), not read",
        "skipped:   bin.txt: binary file (contains NUL bytes)",
        "skipped:   f.jsonl#1: line 2: duplicate id '1' (first on line 1)",
        "skipped:   f.jsonl#3: line 3: 'text' must be a string, got int 42",
        "skipped:   gone.txt: broken symbolic link",
        "skipped:   notes.xlsx: unsupported file type '.xlsx'",
        "skipped:   pipe.txt: not a regular file (FIFO), not read",
        "skipped:   scan.pdf: PDF without a text layer",
        "note:      f.jsonl#1: invalid date '2024-13-45' dropped (expected YYYY-MM-DD)",
        "note:      zh.txt: language 'zh': tactic extraction is English-only; 2 actor(s) and 2 mention(s) found",
        "note:      ru.txt: language 'ru': tactic extraction is English-only;",
    ]:
        assert line in out, f"{line!r} not in:\n{out}"
    card = json.loads(runner.invoke(cli, ["query", "--actor", "UFWD", "--json", "--store", str(tmp_path / "g.db")]).output)
    assert {"c.html", "d.pdf", "e.docx", "long.txt", "wide.txt", "zh.txt"} <= set(card["documents"])


def test_unreadable_folder_keeps_its_documents(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(EN + "\n", encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text(EN + " Again.\n", encoding="utf-8")
    store = str(tmp_path / "g.db")
    assert runner.invoke(cli, ["build", str(corpus), "--store", store]).exit_code == 0
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if Path(p).name == "sub" else real(p))
    result = runner.invoke(cli, ["build", str(corpus), "--store", store])
    assert result.exit_code == 2
    assert "skipped:   sub/: unreadable folder (Permission denied); its documents keep their previous version" in result.output
    assert "0 removed" in result.output
    monkeypatch.setattr(os, "scandir", real)
    card = json.loads(runner.invoke(cli, ["query", "--actor", "UFWD", "--json", "--store", store]).output)
    assert card["documents"] == ["a.txt", "sub/b.txt"]


@pytest.mark.parametrize("args, message", [
    (["build", "/nonexistent/corpus"], "Error: Corpus folder '/nonexistent/corpus' does not exist"),
    (["build", "CORPUS", "--batch-size", "0"], "Error: Invalid value for '--batch-size': 0 is not in the range x>=1."),
    (["build", "CORPUS", "--n-process", "0"], "Error: Invalid value for '--n-process': 0 is not in the range x>=1."),
    (["export", "--format", "json", "-o", "TMP", "--store", "STORE"], "Error: 'TMP' is a folder; give the file to write"),
    (["candidates", "-o", "TMP/missing/x.yaml", "--store", "STORE"], "Error: Cannot write 'TMP/missing/x.yaml' (No such file or directory)"),
    (["query", "--sparql", "@TMP/missing.rq", "--store", "STORE"], "Error: Cannot read the SPARQL query file 'TMP/missing.rq' (No such file or directory)"),
    (["query", "--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--store", "STORE"],
     "Error: SPARQL query refused: SERVICE would send data to another endpoint"),
    (["query", "--actor", "wang", "--store", "STORE"], "Error: No actor matches 'wang'. Did you mean: Wang Huning?"),
])
def test_error_lines_not_tracebacks(runner: CliRunner, seed_store: Path, tmp_path: Path, args: list[str], message: str) -> None:
    subs = {"CORPUS": str(Path(__file__).parent.parent / "corpus"), "STORE": str(seed_store), "TMP": str(tmp_path)}
    real_args = [a.replace("TMP", subs["TMP"]) if "TMP" in a else subs.get(a, a) for a in args]
    result = runner.invoke(cli, real_args)
    assert result.exit_code in (1, 2), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert message.replace("TMP", str(tmp_path)) in result.output


def test_query_card_wording(runner: CliRunner, seed_store: Path) -> None:
    out = runner.invoke(cli, ["query", "--actor", "UFWD", "--store", str(seed_store)]).output
    assert "(1 mention)" in out and "1 mentions" not in out
    assert "reported by report" not in out
    arrows = [line for line in out.splitlines() if line.startswith("    -> T")]
    assert arrows, out
    for line in arrows:  # "-> T0136 Cultivate Support", never "-> Cultivate Support  T0136 Cultivate Support"
        assert not re.match(r"    -> (.+)  T[\d.]+ \1", line), line
