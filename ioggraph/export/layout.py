"""Node positions for the formats that ship a picture (graphology JSON, HTML view).

Reads a contract graph; :func:`positions` returns ``{node: (x, y)}`` from networkx's ForceAtlas2
(the layout Gephi users know) with a fixed seed, rounded to
two decimals: the same graph gives the same picture. Isolated nodes are placed too.
"""
from __future__ import annotations

from typing import Any

import networkx as nx


__all__ = ["positions", "SEED"]

SEED = 7
ITERATIONS = 300


def positions(G: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """ForceAtlas2 positions of every node (an empty dict for an empty graph)."""
    if G.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(G.nodes, key=str))
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if u != v:
            weight = simple.get_edge_data(u, v, {}).get("weight", 0) + len(data.get("evidence") or ()) + 1
            simple.add_edge(u, v, weight=weight)
    # Strong gravity keeps the components of a sparse graph together. node_size (prevent overlap) is left out: with display sizes (4..24) networkx 3.6's ForceAtlas2
    # stops at its random start; sigma and Gephi draw sizes in pixels whatever the coordinates.
    pos = nx.forceatlas2_layout(simple, seed=SEED, max_iter=ITERATIONS, scaling_ratio=10.0, strong_gravity=True)
    return {n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in pos.items()}
