"""Load the data files in ``schemas/`` (YAML) and check them, naming file, line and key on error.

YAML mappings are loaded as :class:`Node` dicts that remember the line of each key, so a bad value
can be reported as ``schemas/actors.yaml, line 12, key 'type': ...``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ioggraph.errors import SchemaError
from ioggraph.textsafety import shorten

MAX_YAML_BYTES = 20_000_000  # a registry or lexicon larger than this is refused before parsing

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"
_MARKER = "actors.yaml"


@lru_cache(maxsize=1)
def schemas_dir() -> Path:
    """The built-in schemas folder.

    In a source checkout (editable install, tests) that is the repo's ``schemas/``; an installed
    wheel carries the same files as the package ``ioggraph.data`` (mapped in pyproject.toml),
    found with :mod:`importlib.resources`.
    """
    if (SCHEMAS_DIR / _MARKER).is_file() and (SCHEMAS_DIR.parent / "pyproject.toml").is_file():
        return SCHEMAS_DIR
    # files("ioggraph") (a regular package) is a plain path; "ioggraph.data" would be a namespace one
    packaged = resources.files("ioggraph").joinpath("data")
    if packaged.joinpath(_MARKER).is_file():
        return Path(str(packaged))
    raise SchemaError(SCHEMAS_DIR, "ioggraph's data files (schemas/) are missing from this installation; "
                      "reinstall with `pip install --force-reinstall ioggraph` or run from a source checkout")


class Node(dict):
    """A YAML mapping that knows the (1-based) line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records lines and refuses aliases (``*name``): no billion laughs."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full",
                event.start_mark)
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    out = Node()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
NoAliasLoader = _LineLoader  # for YAML inside user files (Markdown front matter)

_FastLineLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLineLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml's parser with the same line-recording mappings: the same Nodes, about 7x faster."""

    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """``text`` parsed into Nodes: by libyaml when the text has no anchor (``&``: so no alias can resolve),
    else, and for every error (so that messages and lines are always the same), by :class:`_LineLoader`,
    which refuses aliases. libyaml stops nesting past 1,000 levels; the line loader's RecursionError is
    the caller's to report."""
    if _FastLineLoader is not None and "&" not in text:
        try:
            return yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - CSafeLoader subclass
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; syntax errors become SchemaError with the line."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_YAML_BYTES:
            raise SchemaError(path, f"file is {size:,} bytes; YAML data files are limited to {MAX_YAML_BYTES:,} bytes")
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)[:200]
        raise SchemaError(path, f"cannot read the file ({reason}); expected UTF-8 YAML") from None
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SchemaError(path, f"invalid YAML: {problem[:200]}", line=line) from None
    except RecursionError:
        raise SchemaError(path, "invalid YAML: nested too deeply") from None


def require(path: Path, item: Node, key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
    """Return ``item[key]`` after checking its type; raise SchemaError naming file, line and key."""
    if not isinstance(item, dict):
        raise SchemaError(path, f"expected a mapping, got {type(item).__name__} {shorten(item)}", line=getattr(item, "line", None))
    if key not in item or item[key] is None:
        if optional:
            return None
        raise SchemaError(path, "missing required key", line=item.line_of(key) if isinstance(item, Node) else None, key=key)
    value = item[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise SchemaError(path, f"expected {names}, got {type(value).__name__} {shorten(value)}",
                          line=item.line_of(key) if isinstance(item, Node) else None, key=key)
    return value


def require_list_of_str(path: Path, item: Node, key: str) -> tuple[str, ...]:
    """An optional list of strings (absent -> empty)."""
    value = require(path, item, key, list, optional=True) or []
    for v in value:
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            raise SchemaError(path, f"expected a list of strings, found {shorten(v)}", line=item.line_of(key), key=key)
    return tuple(str(v) for v in value)


def fingerprint(paths: Iterable[Path]) -> str:
    """sha256 over the given files' bytes: the store rebuilds everything when it changes."""
    h = hashlib.sha256()
    for p in paths:
        h.update(str(Path(p).name).encode())
        h.update(Path(p).read_bytes())
    return h.hexdigest()
