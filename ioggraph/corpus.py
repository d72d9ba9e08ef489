"""Read a corpus folder into :class:`~ioggraph.model.Article` records.

Walks the folder recursively in a stable order and hands each file to the reader registered for
its suffix (:mod:`ioggraph.readers`). Nothing is left out silently: a file or folder that is not
read becomes a :class:`~ioggraph.model.Skipped` record naming it and the reason (unsupported
type, hidden, unreadable folder, FIFO, broken symlink, symlink loop, binary, empty, not UTF-8 ...).
The caller decides whether that is fatal (``--strict``). A skipped folder's path ends in ``/``:
:func:`kept_by_skip` tells the build which stored documents it covers, so they keep their
previous version instead of being removed.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ioggraph import readers
from ioggraph.errors import CorpusError
from ioggraph.language import with_language
from ioggraph.model import Article, Skipped
from ioggraph.readers.base import ReadFailed

SUPPORTED: frozenset[str] = frozenset(readers.supported())


def _supported_txt() -> str:
    return ", ".join(sorted(SUPPORTED))


def check_root(root: Path) -> None:
    """Raise CorpusError unless ``root`` is a readable folder."""
    if not root.exists():
        hint = " (a broken symbolic link)" if root.is_symlink() else ""
        raise CorpusError(f"Corpus folder '{root}' does not exist{hint}; give a folder of articles ({_supported_txt()}).")
    if not root.is_dir():
        raise CorpusError(f"Corpus '{root}' is not a folder; give a folder of articles ({_supported_txt()}).")
    if not os.access(root, os.R_OK | os.X_OK):
        raise CorpusError(f"Corpus folder '{root}' is not readable (permission denied); fix its permissions.")


def walk(root: Path) -> Iterator[Path | Skipped]:
    """Files to read below ``root`` (sorted by relative path), and Skipped records for the rest."""
    check_root(root)
    seen = {_inode(root)}
    yield from _walk(root, root, seen)


def list_files(root: Path) -> list[Path]:
    """Supported, readable files below ``root``, sorted; raises CorpusError for a bad root."""
    return [p for p in walk(root) if isinstance(p, Path)]


def _inode(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino


def _walk(root: Path, folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        rel = folder.relative_to(root).as_posix() + "/"
        yield Skipped(rel, f"unreadable folder ({exc.strerror or exc}); its documents keep their previous version")
        return
    for entry in entries:
        path = Path(entry.path)
        rel = path.relative_to(root).as_posix()
        if entry.name.startswith("."):
            kind = "folder" if entry.is_dir() else "file"
            yield Skipped(rel + ("/" if kind == "folder" else ""), f"hidden {kind} (name starts with '.'), not read")
            continue
        try:
            st = path.stat()  # follows symlinks
        except OSError as exc:
            if entry.is_symlink():
                problem = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
                yield Skipped(rel, f"{problem} (-> {os.readlink(path)})")
            else:
                yield Skipped(rel, f"unreadable ({exc.strerror or exc})")
            continue
        if stat.S_ISDIR(st.st_mode):
            if (st.st_dev, st.st_ino) in seen:
                yield Skipped(rel + "/", "symbolic link to a folder already read (a loop or a duplicate), not read again")
                continue
            seen.add((st.st_dev, st.st_ino))
            yield from _walk(root, path, seen)
            continue
        suffix = path.suffix.lower()
        if not stat.S_ISREG(st.st_mode):
            what = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
            yield Skipped(rel, f"not a regular file ({what}), not read")
        elif suffix not in SUPPORTED:
            yield Skipped(rel, f"unsupported file type '{suffix or path.name}'; readable: {_supported_txt()}")
        else:
            yield path


def read_file(root: Path, path: Path) -> Iterator[Article | Skipped]:
    """Yield the article(s) in one file, or one Skipped record saying why not."""
    rel = path.relative_to(root).as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(rel, f"unreadable ({exc.strerror or exc})")
        return
    if not data.strip():
        yield Skipped(rel, "empty file")
        return
    reader = readers.reader_for(path.suffix)
    try:
        for item in reader(rel, data):
            yield with_language(item) if isinstance(item, Article) else item
    except ReadFailed as exc:
        yield Skipped(rel, str(exc))


def iter_articles(root: Path) -> Iterator[Article | Skipped]:
    """Every article below ``root`` in a stable order, with Skipped records for what was not read."""
    for item in walk(root):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(root, item)


def kept_by_skip(doc_path: str, skipped: list[Skipped]) -> bool:
    """True when stored document ``doc_path`` lies in a skipped file or folder (keep its old version)."""
    for s in skipped:
        if doc_path == s.path or doc_path.startswith(s.path + "#"):
            return True
        if s.path.endswith("/") and doc_path.startswith(s.path):
            return True
    return False
