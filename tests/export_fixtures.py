"""Contract graphs and consumer-tool helpers for the export tests (tests/test_export_*.py).

Graphs come from tests/fixtures/export_*.json (node-link, the JSON contract): ``small`` is a
hand-built graph with parallel edges, a project technique code and a CJK alias; ``hostile`` has
names, quotes, paths and URLs with ``"``, ``'``, ``<``, ``&``, newlines, CRLF, XML-forbidden
control characters (\\x01, \\x0b), DEL, emoji and CJK.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
JS_DIR = Path(__file__).parent / "js"
GRAPH_NAMES = ("small", "hostile")


def load_graph(name: str) -> nx.MultiDiGraph:
    """The fixture graph ``name`` ("small" or "hostile") as a contract MultiDiGraph."""
    data = json.loads((FIXTURES / f"export_{name}.json").read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def graphology_load(fmt: str, path: Path) -> dict:
    """Load ``path`` with graphology-graphml/-gexf via tests/js/load.js; skip when node is missing."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (needed for graphology-graphml/-gexf); run scripts/setup-export-tools.sh")
    if not (JS_DIR / "node_modules" / "graphology").is_dir():
        pytest.skip("tests/js/node_modules is missing; run `npm ci` in tests/js (scripts/setup-export-tools.sh)")
    proc = subprocess.run([node, str(JS_DIR / "load.js"), fmt, str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, f"graphology failed to load {path}:\n{proc.stderr}"
    return json.loads(proc.stdout)


def require_tool(name: str) -> str:
    """Path of the executable ``name``, or skip the test with the install hint."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian raptor2-utils); run scripts/setup-export-tools.sh")
    return path


CHROMIUM_ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


def chromium_path() -> str:
    """Debian's chromium (or $IOGGRAPH_CHROMIUM), or skip with the install hint."""
    import os
    path = os.environ.get("IOGGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("chromium is not installed (Debian package chromium); run scripts/setup-export-tools.sh")
    return path


def open_page(playwright, url: str, messages: list[tuple[str, str]]):
    """A headless Chromium page on ``url`` that records console messages and page errors."""
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(15_000)
    page.on("console", lambda m: messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: messages.append(("pageerror", str(e))))
    page.goto(url)
    page.wait_for_function("window.ioggraphView !== undefined")
    return browser, page
