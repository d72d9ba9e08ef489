"""Named fault points for the crash tests: ``IOGGRAPH_FAULT=NAME`` kills the build there with SIGKILL.

Points a build passes, in order: ``locked`` (lock held, transaction open), ``planned`` (removed
documents deleted), ``doc-N`` (after the N-th document was written), ``actors`` (derived actors
refreshed, before COMMIT). Unset in normal use: :func:`point` is then one dict lookup.
"""
from __future__ import annotations

import os
import signal

ENV_VAR = "IOGGRAPH_FAULT"


def point(name: str) -> None:
    """Kill this process (as kill -9 would) when ``$IOGGRAPH_FAULT`` names this point."""
    if os.environ.get(ENV_VAR) == name:
        os.kill(os.getpid(), signal.SIGKILL)
