"""The corpus reader: every bad file is named with a reason, and the rest is read."""
from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from ioggraph.corpus import iter_articles, kept_by_skip
from ioggraph.errors import CorpusError
from ioggraph.model import Article, Skipped

GOOD = "China has financed trips for local legislators.\n"


@pytest.mark.parametrize("name, data, reason", [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("latin1.txt", "Caf\u00e9 owners were paid".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
])
def test_bad_files_are_skipped_by_name(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    items = list(iter_articles(tmp_path))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.path for s in skipped] == [name]
    assert reason in skipped[0].reason
    assert [a.path for a in items if isinstance(a, Article)] == ["good.txt"]


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeff".encode() + GOOD.encode())
    [article] = list(iter_articles(tmp_path))
    assert article.text == GOOD


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked.txt").write_text(GOOD, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = list(iter_articles(tmp_path))
    assert items[1] == Skipped("locked.txt", "unreadable (Permission denied)")
    assert isinstance(items[0], Article)


def test_recursive_sorted_and_everything_else_named(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "1.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    items = list(iter_articles(tmp_path))
    assert [a.path for a in items if isinstance(a, Article)] == ["1.md", "b/2.txt"]
    reasons = {s.path: s.reason for s in items if isinstance(s, Skipped)}
    assert reasons == {
        ".git/": "hidden folder (name starts with '.'), not read",
        ".hidden.txt": "hidden file (name starts with '.'), not read",
        "photo.png": "unsupported file type '.png'; readable: .docx, .htm, .html, .jsonl, .markdown, .md, .ndjson, "
                     ".pdf, .text, .txt, .xhtml",
    }


def test_jsonl_articles_carry_metadata(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "a1", "text": "First.", "date": "2024-01-10", "title": "T", "url": "https://x"}\n'
        "not json\n", encoding="utf-8")
    first, bad = list(iter_articles(tmp_path))
    assert (first.path, first.date, first.title, first.url) == ("feed.jsonl#a1", "2024-01-10", "T", "https://x")
    assert bad.path == "feed.jsonl#2" and "expected one JSON object" in bad.reason


@pytest.mark.parametrize("lines, path, reason", [
    (['{"text": 42}'], "feed.jsonl#1", "line 1: 'text' must be a string, got int 42"),
    (['[1, 2]'], "feed.jsonl#1", "line 1: expected a JSON object with a 'text' key, got a list"),
    (['{"body": "x"}'], "feed.jsonl#1", "line 1: no 'text' key; expected a JSON object with a 'text' key (keys found: ['body'])"),
    (['{"text": "  "}'], "feed.jsonl#1", "line 1: empty 'text'"),
    (['{"id": "a", "text": "One."}', '', '{"id": "a", "text": "Two."}'], "feed.jsonl#a",
     "line 3: duplicate id 'a' (first on line 1); give every line its own 'id'"),
])
def test_bad_jsonl_lines_are_named(tmp_path: Path, lines: list[str], path: str, reason: str) -> None:
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    skipped = [i for i in iter_articles(tmp_path) if isinstance(i, Skipped)]
    assert skipped == [Skipped(path, reason)]


@pytest.mark.parametrize("date, kept, note", [
    ("2024-01-10", "2024-01-10", None),
    ("2024-01-10T08:30:00+08:00", "2024-01-10", None),
    ("2024-13-45", None, "invalid date '2024-13-45' dropped (expected YYYY-MM-DD)"),
    ("yesterday", None, "invalid date 'yesterday' dropped (expected YYYY-MM-DD)"),
])
def test_jsonl_dates_are_checked(tmp_path: Path, date: str, kept: str | None, note: str | None) -> None:
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": GOOD, "date": date}) + "\n", encoding="utf-8")
    [article] = list(iter_articles(tmp_path))
    assert article.date == kept
    assert article.notes == ((note,) if note else ())


def test_jsonl_text_may_hold_line_separators(tmp_path: Path) -> None:
    text = "Line one\u2028still line one\u0085and more."
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "x", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = list(iter_articles(tmp_path))
    assert article.text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be", "utf-32-be"])
def test_utf16_and_utf32_with_bom_are_decoded(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}.get(encoding, b"")
    (tmp_path / "wide.txt").write_bytes(bom + GOOD.encode(encoding))
    [article] = list(iter_articles(tmp_path))
    assert article.text == GOOD


def test_fifo_and_broken_symlinks_are_named(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    reasons = {s.path: s.reason for s in iter_articles(tmp_path) if isinstance(s, Skipped)}
    assert reasons == {
        "dangling.txt": f"broken symbolic link (-> {tmp_path / 'gone.txt'})",
        "loop.txt": f"symbolic link loop (-> {tmp_path / 'loop.txt'})",
        "pipe.txt": "not a regular file (FIFO), not read",
        "sub/up/": "symbolic link to a folder already read (a loop or a duplicate), not read again",
    }


def test_symlinked_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(GOOD, encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "linked").symlink_to(tmp_path / "real")
    assert [a.path for a in iter_articles(root)] == ["linked/a.txt"]


def test_unreadable_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_articles(tmp_path))
    assert items[1] == Skipped("locked/", "unreadable folder (Permission denied); its documents keep their previous version")
    assert kept_by_skip("locked/a.txt", [items[1]]) and not kept_by_skip("b.txt", [items[1]])


@pytest.mark.parametrize("doc, skipped, kept", [
    ("feed.jsonl#a1", "feed.jsonl", True),
    ("feed.jsonl2#a1", "feed.jsonl", False),
    ("dir/x.txt", "dir/", True),
    ("dirx/x.txt", "dir/", False),
    ("a.txt", "a.txt", True),
])
def test_kept_by_skip(doc: str, skipped: str, kept: bool) -> None:
    assert kept_by_skip(doc, [Skipped(skipped, "r")]) is kept


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing", "Corpus folder '.*missing' does not exist; give a folder of articles"),
    (lambda p: (p / "file.txt").write_text("x") and p / "file.txt", "is not a folder"),
])
def test_bad_corpus_root(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        list(iter_articles(make(tmp_path)))
