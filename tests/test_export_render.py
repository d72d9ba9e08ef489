"""Render the GEXF of corpus/ as Gephi Lite would (graphology-gexf, ForceAtlas2, sigma.js) and check the picture.

What a person checks at first sight: the labels of the 20 largest nodes are all shown and none overlaps
another, edges are visible, and each node type has its own colour.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from export_fixtures import CHROMIUM_ARGS, JS_DIR, chromium_path
from render_page import measure

pytestmark = pytest.mark.model
TOP = 20


def _rgb(colour: str) -> tuple[int, ...]:
    """``#1f77b4`` or ``rgba(31,119,180,1.0)`` -> (31, 119, 180)."""
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(float(x)) for x in colour[colour.index("(") + 1:-1].split(",")[:3])


def _close(a, b, tolerance=40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


@pytest.fixture(scope="module")
def rendered(seed_store, tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements/export-test.txt")
    node = shutil.which("node")
    if node is None or not (JS_DIR / "node_modules" / "graphology-layout-forceatlas2").is_dir():
        pytest.skip("node or tests/js/node_modules missing; run scripts/setup-export-tools.sh")
    from ioggraph import export
    from ioggraph.graph import load_graph
    tmp = tmp_path_factory.mktemp("render")
    export.write(load_graph(seed_store), "gexf", tmp / "graph.gexf")
    proc = subprocess.run([node, str(JS_DIR / "layout.js"), str(tmp / "graph.gexf")], capture_output=True,
                          text=True, timeout=120, check=True)
    with sync_api.sync_playwright() as p:
        result = measure(p, chromium_path(), CHROMIUM_ARGS, json.loads(proc.stdout), tmp, TOP)
    if os.environ.get("IOGGRAPH_WRITE_IMAGES"):
        shutil.copy(tmp / "render.png", Path(__file__).resolve().parent.parent / "docs" / "img" / "gexf-sigma.png")
    return result


def test_page_draws_without_errors(rendered):
    assert rendered["errors"] == []


def test_largest_labels_are_shown_and_do_not_overlap(rendered):
    boxes = rendered["boxes"]
    assert len(boxes) == TOP and all(b["shown"] for b in boxes), [b["label"] for b in boxes if not b["shown"]]
    pairs = [(a["label"], b["label"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    assert pairs == []


def test_nodes_show_their_type_colour(rendered):
    # a node's centre may lie under a neighbour or an edge in a dense layout: nearly all must show
    wrong = [(box["label"], pixel, box["color"]) for box, pixel in zip(rendered["boxes"], rendered["node_pixels"])
             if not _close(pixel, _rgb(box["color"]))]
    assert len(wrong) <= 2, wrong
    by_type = {}
    for box in rendered["boxes"]:
        by_type.setdefault(box["type"], set()).add(box["color"])
    assert all(len(colours) == 1 for colours in by_type.values())
    assert len({next(iter(c)) for c in by_type.values()}) == len(by_type) >= 4


def test_edges_are_visible(rendered):
    # an edge is drawn when any of the three points sampled along it is not background white
    drawn = [points for points in rendered["edge_pixels"] if any(not _close(p, (255, 255, 255), 8) for p in points)]
    assert len(drawn) >= 0.8 * len(rendered["edge_pixels"])
