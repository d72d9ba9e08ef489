"""Named fault points for the crash tests: ``IOGGRAPH_FAULT=NAME`` kills the build there with SIGKILL.

Points a build passes, in order: ``locked`` (lock held, transaction open), ``planned`` (removed
documents deleted), ``doc-N`` (after the N-th document was written), ``actors`` (derived actors
refreshed, before COMMIT). ``IOGGRAPH_FAULT=dask-worker:MARKER`` makes the first Dask worker that
starts a partition exit (and create MARKER), so Dask has to reschedule it. Unset in normal use:
each check is then one dict lookup.
"""
from __future__ import annotations

import os
import signal

ENV_VAR = "IOGGRAPH_FAULT"


def point(name: str) -> None:
    """Kill this process (as kill -9 would) when ``$IOGGRAPH_FAULT`` names this point."""
    if os.environ.get(ENV_VAR) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def exit_once(name: str) -> None:
    """Exit this process abruptly the first time ``$IOGGRAPH_FAULT`` is ``NAME:MARKER`` (MARKER is created)."""
    value = os.environ.get(ENV_VAR, "")
    if not value.startswith(name + ":"):
        return
    try:
        os.close(os.open(value.split(":", 1)[1], os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return
    os._exit(1)
