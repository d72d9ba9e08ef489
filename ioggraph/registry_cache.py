"""Compile a registry once: the parsed actors and their tokenised surface forms, cached by content hash.

A registry of 200,000 actors takes minutes to parse (YAML with line numbers for error messages)
and to tokenise (one ``nlp.make_doc`` per name and alias) on every build, even when nothing
changed. Here both are kept in ``$IOGGRAPH_CACHE`` (default ``$XDG_CACHE_HOME/ioggraph`` or
``~/.cache/ioggraph``) under the SHA-256 of the registry files' bytes and ioggraph's version
(the tokens also under the spaCy version and model id). A cache file that is missing, unreadable
or from another version is ignored and rewritten (atomically: temporary file + rename); set
``IOGGRAPH_CACHE=off`` to disable it. The cache never changes results: same files, same actors.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ioggraph import __version__
from ioggraph.registry import RegistryActor, default_registry_path
from ioggraph.registry import load_registry as parse_registry

ENV_VAR = "IOGGRAPH_CACHE"
FORMAT = "1"


class Registry(dict):
    """``load_registry``'s dict, plus ``digest``: the hash of the files it came from."""

    digest: str | None = None


def cache_dir() -> Path | None:
    value = os.environ.get(ENV_VAR)
    if value == "off":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ioggraph"


def registry_digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256(f"ioggraph {__version__} registry-cache {FORMAT}\n".encode())
    for path in (default_registry_path(), *paths):
        data = Path(path).read_bytes()
        h.update(f"{len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def load_registry(paths: Iterable[Path] = ()) -> Registry:
    """:func:`ioggraph.registry.load_registry`, parsed once per content and then read from the cache."""
    paths = [Path(p) for p in paths]
    digest = registry_digest(paths)
    cached = _read(f"registry-{digest}.pickle")
    if not isinstance(cached, dict):
        cached = parse_registry(paths)
        _write(f"registry-{digest}.pickle", dict(cached))
    out = Registry(cached)
    out.digest = digest
    return out


def cached(kind: str, files: Iterable[Path], compute: Callable[[], Any]) -> Any:
    """``compute()``, cached under the hash of ``files``' bytes (and ioggraph's version)."""
    h = hashlib.sha256(f"ioggraph {__version__} {kind} {FORMAT}\n".encode())
    for path in files:
        h.update(Path(path).read_bytes())
    name = f"{kind}-{h.hexdigest()}.pickle"
    value = _read(name)
    if value is None:
        value = compute()
        _write(name, value)
    return value


class DocMaker:
    """``nlp.make_doc`` for registry forms, with the tokens of every form seen before read from the cache."""

    def __init__(self, nlp: Any, registry: dict[str, RegistryActor]):
        from spacy import __version__ as spacy_version
        from spacy.tokens import Doc
        self._doc, self._nlp = Doc, nlp
        digest = getattr(registry, "digest", None)
        meta = nlp.meta
        self.name = None if digest is None else hashlib.sha256(
            f"{digest}|{spacy_version}|{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}".encode()
        ).hexdigest()
        loaded = _read(f"tokens-{self.name}.pickle") if self.name else None
        self.tokens: dict[str, tuple[list[str], list[bool]]] = loaded if isinstance(loaded, dict) else {}
        self.added = 0

    def __call__(self, text: str) -> Any:
        cached = self.tokens.get(text)
        if cached is not None:
            return self._doc(self._nlp.vocab, words=cached[0], spaces=cached[1])
        doc = self._nlp.make_doc(text)
        if self.name:
            self.tokens[text] = ([t.text for t in doc], [bool(t.whitespace_) for t in doc])
            self.added += 1
        return doc

    def save(self) -> None:
        """Write the token cache when new forms were tokenised."""
        if self.name and self.added:
            _write(f"tokens-{self.name}.pickle", self.tokens)
            self.added = 0


def doc_maker(nlp: Any, registry: dict[str, RegistryActor]) -> Callable[[str], Any]:
    return DocMaker(nlp, registry)


def _read(name: str) -> Any:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / name).open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own cache folder, written by _write
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None


def _write(name: str, value: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
    except OSError:
        pass  # a cache that cannot be written only costs time
