"""The corpus reader: every bad file is named with a reason, and the rest is read."""
from __future__ import annotations

from pathlib import Path

import pytest

from ioggraph.corpus import iter_articles
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


def test_recursive_sorted_and_hidden_ignored(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "1.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert [a.path for a in iter_articles(tmp_path)] == ["1.md", "b/2.txt"]


def test_jsonl_articles_carry_metadata(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "a1", "text": "First.", "date": "2024-01-10", "title": "T", "url": "https://x"}\n'
        "not json\n", encoding="utf-8")
    first, bad = list(iter_articles(tmp_path))
    assert (first.path, first.date, first.title, first.url) == ("feed.jsonl#a1", "2024-01-10", "T", "https://x")
    assert bad.path == "feed.jsonl#2" and "expected a JSON object" in bad.reason


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing", "does not exist"),
    (lambda p: (p / "file.txt").write_text("x") and p / "file.txt", "is not a folder"),
])
def test_bad_corpus_root(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        list(iter_articles(make(tmp_path)))
