"""One build at a time per store: an advisory lock on ``<store>.lock`` naming the build that holds it.

The lock is ``flock`` on the lock file, so the kernel releases it when the holder exits, however
it exits (kill -9 included): a lock file left behind never blocks the next build. The file holds
``{"pid", "host", "started"}`` of the holder, which the second build puts in its message. Worker
processes forked by a build close their copy of the descriptor (:func:`close_inherited`), so a
worker outliving a killed build does not keep the store locked.
"""
from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ioggraph.errors import StoreBusy

try:
    import fcntl
except ImportError:  # Windows: SQLite's own lock (BEGIN IMMEDIATE) is the only guard
    fcntl = None  # type: ignore[assignment]

DEFAULT_WAIT = 5.0   # seconds a second build waits for the first one before it stops
_POLL = 0.1
_HELD: list[int] = []


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


@contextmanager
def build_lock(store: Path, *, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the build lock of ``store``; StoreBusy naming the holder after ``wait`` seconds."""
    if fcntl is None:
        yield
        return
    path = lock_path(store)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, store, wait)
        _HELD.append(fd)
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        try:
            yield
        finally:
            _HELD.remove(fd)
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock


def _acquire(fd: int, path: Path, store: Path, wait: float) -> None:
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusy(f"Another build is writing '{store}' ({describe_holder(path)}); "
                                f"waited {wait:g} s. Let it finish, or stop it, then build again "
                                "(--wait SECONDS waits longer).") from None
            time.sleep(_POLL)


def describe_holder(path: Path) -> str:
    """'pid 123 on host, started 2026-12-02T06:40:12Z' from the lock file, or what is known."""
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "a build that is just starting"
    return f"pid {info.get('pid', '?')} on {info.get('host', '?')}, started {info.get('started', '?')}"


def close_inherited() -> None:
    """In a forked worker: drop the inherited lock descriptors (the parent keeps its lock)."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()
