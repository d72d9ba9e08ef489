"""Readers by suffix: each kind of file gives plain text (offsets refer to it) and its metadata."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from doc_fixtures import docx_bytes, html_page, pdf_bytes
from ioggraph.corpus import iter_articles
from ioggraph.model import Article, Skipped
from ioggraph.readers import reader_for, supported
from ioggraph.readers.md import to_text
from ioggraph.readers.pdf import page_of_text

GOOD = "The United Front Work Department financed trips for local legislators."


def _one(tmp_path: Path, name: str, data: bytes) -> Article | Skipped:
    (tmp_path / name).write_bytes(data)
    [item] = list(iter_articles(tmp_path))
    return item


def test_every_suffix_has_a_reader() -> None:
    assert {".txt", ".md", ".jsonl", ".html", ".htm", ".pdf", ".docx"} <= set(supported())
    assert reader_for(".HTML") is reader_for(".html")


@pytest.mark.parametrize("markdown, text", [
    ("Beijing [funded](https://x.example/a) the *trips*.\n", "Beijing funded the trips.\n"),
    ("# Title\n\nLine one\nwrapped here.\n\n- item `one`\n- two\n", "Title\n\nLine one wrapped here.\n\nitem one\n\ntwo\n"),
    ("Text with ![a chart](c.png) and <b>html</b>.\n", "Text with a chart and html.\n"),
    ("> quoted claim\n", "quoted claim\n"),
])
def test_markdown_to_plain_text(markdown: str, text: str) -> None:
    assert to_text(markdown) == text


def test_markdown_front_matter_is_metadata(tmp_path: Path) -> None:
    md = "---\ntitle: Fake accounts & *bots*\ndate: 2024-03-01\nurl: https://ex.org/a\nauthor: Jane Reporter\n---\n" + GOOD + "\n"
    article = _one(tmp_path, "a.md", md.encode())
    assert (article.title, article.date, article.url, article.author) == (
        "Fake accounts & *bots*", "2024-03-01", "https://ex.org/a", "Jane Reporter")
    assert article.text == GOOD + "\n"


@pytest.mark.parametrize("front, note", [
    ("a: &x [1]\nb: *x\n", "front matter ignored (YAML aliases are not allowed at line 3)"),
    ("date: 2024-13-45\n", "front matter ignored (invalid value)"),
    ("title: [unclosed\n", "front matter ignored (invalid YAML at line 2)"),
    ("- a list\n", "front matter ignored (expected key: value lines)"),
])
def test_bad_front_matter_is_noted(tmp_path: Path, front: str, note: str) -> None:
    article = _one(tmp_path, "a.md", f"---\n{front}---\n{GOOD}\n".encode())
    assert article.notes == (note,) and article.text == GOOD + "\n"


def test_html_main_text_without_navigation(tmp_path: Path) -> None:
    page = html_page("Fake accounts", [GOOD, "The accounts posed as locals, the report said."],
                     author="Jane Reporter", date="2024-03-01", url="https://ex.org/a")
    article = _one(tmp_path, "page.html", page.encode())
    assert "United Front Work Department financed trips" in article.text
    assert "middot" not in article.text and "·" not in article.text and "Privacy" not in article.text
    assert (article.title, article.author, article.date, article.url) == (
        "Fake accounts", "Jane Reporter", "2024-03-01", "https://ex.org/a")


def test_html_without_text_is_named(tmp_path: Path) -> None:
    item = _one(tmp_path, "empty.htm", b"<html><body><script>var x=1;</script></body></html>")
    assert isinstance(item, Skipped) and item.reason.startswith("no main text found in the web page")


def test_pdf_text_per_page(tmp_path: Path) -> None:
    article = _one(tmp_path, "report.pdf", pdf_bytes([GOOD, "Page two names the Ministry of State Security."]))
    assert article.pages == (0, len(GOOD) + 3)
    second = article.text.index("Ministry")
    assert article.text[:len(GOOD)] == GOOD
    assert (article.page_of(0), article.page_of(second)) == (1, 2)
    assert (page_of_text(article.text, 0), page_of_text(article.text, second)) == (1, 2)


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.4\n%garbage", "not a readable PDF"),
    (pdf_bytes([""]), "PDF without a text layer (1 page(s), probably scanned); run OCR first"),
])
def test_bad_pdf_is_named(tmp_path: Path, data: bytes, reason: str) -> None:
    item = _one(tmp_path, "bad.pdf", data)
    assert isinstance(item, Skipped) and item.reason.startswith(reason)


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    data = docx_bytes([GOOD, "Second paragraph."], title="Brief", author="Analyst", table=[["Actor", "Role"], ["UFWD", "funder"]])
    article = _one(tmp_path, "brief.docx", data)
    assert article.text == f"{GOOD}\nSecond paragraph.\nActor | Role\nUFWD | funder\n"
    assert (article.title, article.author) == ("Brief", "Analyst")
    assert dt.date.fromisoformat(article.date)


def test_broken_docx_is_named(tmp_path: Path) -> None:
    item = _one(tmp_path, "broken.docx", b"PK\x03\x04 not really a zip")
    assert isinstance(item, Skipped) and item.reason.startswith("not a readable .docx")


@pytest.mark.parametrize("name, data, language", [
    ("en.txt", GOOD.encode(), "en"),
    ("zh.txt", "中共中央统战部资助台湾地方议员赴大陆旅行。王沪宁主持了会议。".encode(), "zh"),
    ("ru.txt", "Россия финансировала поездки местных депутатов, сообщили власти Тайваня.".encode(), "ru"),
    ("short.txt", b"UFWD.", None),
])
def test_language_is_detected(tmp_path: Path, name: str, data: bytes, language: str | None) -> None:
    assert _one(tmp_path, name, data).language == language


def test_saved_page_renamed_txt_is_read_as_html(tmp_path: Path) -> None:
    page = html_page("Fake accounts", [GOOD], author="Jane Reporter")
    article = _one(tmp_path, "page.txt", page.encode())
    assert "&middot" not in article.text and "·" not in article.text and GOOD in article.text
    assert article.notes == ("HTML in a .txt file: read as a web page (main text only)",)


def test_text_mentioning_html_stays_text(tmp_path: Path) -> None:
    article = _one(tmp_path, "a.txt", b"The page used <html> tags and the UFWD paid for it.\n")
    assert article.text.startswith("The page used <html>") and article.notes == ()
