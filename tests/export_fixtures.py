"""Contract graphs for the export tests, read from tests/fixtures/export_*.json (node-link)."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

FIXTURES = Path(__file__).parent / "fixtures"
GRAPH_NAMES = ("small", "hostile")


def load_graph(name: str) -> nx.MultiDiGraph:
    """The fixture graph ``name`` ("small" or "hostile") as a contract MultiDiGraph."""
    data = json.loads((FIXTURES / f"export_{name}.json").read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
