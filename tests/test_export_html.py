"""The HTML view: one offline file; in headless Chromium it loads cleanly, finds actors, shows exact quotes."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from export_fixtures import GRAPH_NAMES, load_graph, open_page
from ioggraph import export
from ioggraph.export import html


def _data(page_text: str) -> dict:
    match = re.search(r'<script type="application/json" id="ioggraph-data">(.*?)</script>', page_text, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_page_is_self_contained(graph):
    page = export.render(load_graph(graph), "html").decode("utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)  # nothing fetched
    assert "graphology" in page and "Sigma" in page
    assert page.count("</script>") == 4  # data, graphology, sigma, view: no quote closes a script


def test_hostile_text_stays_data():
    G = load_graph("hostile")
    page = export.render(G, "html").decode("utf-8")
    data = _data(page)
    quotes = {e["quote"] for edge in data["edges"] for e in edge["evidence"]}
    assert quotes == {e["quote"] for *_x, d in G.edges(data=True) for e in d["evidence"]}  # lossless


def test_view_data_lists_filters_legend_and_licences():
    data = html.view_data(load_graph("small"))
    assert data["tactics"]["TA10"]["name"] == "Drive Offline Activity"
    assert data["techniques"]["T0126.002"] == "Facilitate Logistics or Support for Attendance"
    assert set(data["types"]) == {"Government", "Group", "Location", "Organization", "Person", "Technique"}
    assert "MIT" in data["about"] and "sigma.js 3.0.2" in data["about"] and "CC BY-SA 4.0" in data["about"]


def _browser_session(url):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements/export-test.txt")
    return sync_api.sync_playwright()


def test_hostile_page_in_chromium(tmp_path):
    path = tmp_path / "hostile.html"
    export.write(load_graph("hostile"), "html", path, keep_isolated=True)
    messages = []
    with _browser_session(path.as_uri()) as p:
        browser, page = open_page(p, path.as_uri(), messages)
        page.fill("#search", "bureau")
        page.click("#results li >> nth=0")
        title = page.inner_text("#card-title")
        page.click(".rel >> nth=0")
        quotes = page.locator(".quote").all_inner_texts()
        injected = page.evaluate("() => document.querySelectorAll('#panel ops, #panel b, #panel script').length")
        browser.close()
    assert not [m for m in messages if m[0] in ("error", "pageerror")], messages
    assert title == 'Le "Bureau" d\'État <Ops> & co.'  # shown as text, not parsed as HTML
    assert quotes and all(q.strip() for q in quotes) and injected == 0


@pytest.mark.model
def test_seed_view_in_chromium(seed_store, tmp_path):
    from click.testing import CliRunner

    from ioggraph.cli import cli
    from ioggraph.query import load_texts
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["view", "-o", str(out), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    texts = load_texts(seed_store)
    messages = []
    with _browser_session(out.as_uri()) as p:
        browser, page = open_page(p, out.as_uri(), messages)
        assert page.locator("#graph canvas").count() > 0  # sigma drew
        page.fill("#search", "Huning Wang")  # fuzzy: words swapped
        page.wait_for_selector("#results li")
        assert page.locator("#results li").first.inner_text().startswith("Wang Huning")
        page.click("#results li >> nth=0")
        assert page.inner_text("#card-title") == "Wang Huning"
        relations = page.locator(".rel").count()
        assert relations >= 1
        if os.environ.get("IOGGRAPH_WRITE_IMAGES"):  # the README's screenshot
            page.screenshot(path=str(Path(__file__).resolve().parent.parent / "docs" / "img" / "view.png"))
        page.click(".rel >> nth=0")
        quote = page.locator(".quote").first
        doc, start, end = quote.get_attribute("data-doc"), quote.get_attribute("data-start"), quote.get_attribute("data-end")
        shown = quote.inner_text()
        page.select_option("#tactic", index=1)
        hidden = page.evaluate("() => { const r = window.ioggraphView.renderer; const g = window.ioggraphView.graph;"
                               " return g.edges().filter(e => r.getEdgeDisplayData(e).hidden).length; }")
        browser.close()
    assert not [m for m in messages if m[0] in ("error", "pageerror")], messages
    assert shown == texts[doc][int(start):int(end)]
    assert hidden > 0  # the tactic filter hides the other edges
