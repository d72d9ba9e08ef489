"""``.md``: Markdown rendered to plain text (markdown-it-py, CommonMark).

Link and emphasis markup is dropped (the link text stays), each block becomes one paragraph, a
hard-wrapped paragraph is joined into one line. YAML front matter between ``---`` lines gives
title, date, url and author; it is parsed with ioggraph's safe loader (no aliases, bounded size).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from ioggraph.model import Article, Skipped
from ioggraph.readers import register
from ioggraph.readers.base import decode, make_article, require_text
from ioggraph.schemas import NoAliasLoader

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_MAX_FRONT_MATTER = 20_000


@register(".md", ".markdown")
def read(path: str, data: bytes) -> Iterator[Article | Skipped]:
    source = require_text(decode(data))
    meta, notes, body = front_matter(source)
    text = require_text(to_text(body), "Markdown file")
    yield make_article(path, text, title=meta.get("title"), date=meta.get("date"), url=meta.get("url"),
                       author=meta.get("author"), notes=notes)


def front_matter(source: str) -> tuple[dict, tuple[str, ...], str]:
    """(front matter mapping, notes, the Markdown after it)."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, (), source
    block, rest = match.group(1), source[match.end():]
    if len(block) > _MAX_FRONT_MATTER:
        return {}, ("front matter ignored (over 20,000 characters)",), rest
    try:
        meta = yaml.load(block, Loader=NoAliasLoader)  # noqa: S506 - SafeLoader that refuses aliases
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        alias = "aliases" in str(getattr(exc, "problem", ""))
        return {}, (f"front matter ignored ({'YAML aliases are not allowed' if alias else 'invalid YAML'}{where})",), rest
    except (ValueError, RecursionError):  # e.g. an impossible date such as 2024-13-45
        return {}, ("front matter ignored (invalid value)",), rest
    if not isinstance(meta, dict):
        return {}, ("front matter ignored (expected key: value lines)",), rest
    return meta, (), rest


def to_text(markdown: str) -> str:
    """Plain text of ``markdown``: one paragraph per block, separated by blank lines."""
    from markdown_it import MarkdownIt

    blocks: list[str] = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "inline":
            blocks.append(_inline(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(b for b in (block.strip() for block in blocks) if b) + "\n"


def _inline(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
