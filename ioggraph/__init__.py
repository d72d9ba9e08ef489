"""ioggraph: news articles about influence operations -> an evidence-backed knowledge graph."""
from __future__ import annotations

__version__ = "0.2.0"

__all__ = ["__version__"]
