"""GraphML, GEXF and graphology JSON: read back by networkx and by graphology (Gephi Lite's parsers)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from networkx.readwrite import gexf as nx_gexf

from export_fixtures import GRAPH_NAMES, graphology_load, load_graph
from ioggraph import export
from ioggraph.export._common import ATTRIBUTION, SIZE_RANGE, clean_text, drop_isolated

FORMATS = ("graphml", "gexf")
GEXF13 = {"NS_GEXF": "http://gexf.net/1.3", "NS_VIZ": "http://gexf.net/1.3/viz",
          "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
          "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", "VERSION": "1.3"}


@pytest.fixture
def nx_reads_gexf13(monkeypatch):
    """networkx 3.6 knows GEXF 1.1draft/1.2draft; 1.3 uses the same elements under a new namespace."""
    monkeypatch.setitem(nx_gexf.GEXF.versions, "1.3", GEXF13)


def _write(tmp_path, graph, fmt, keep_isolated=False):
    """Write fixture ``graph`` as ``fmt``; return the graph the file should hold, and the path."""
    G = load_graph(graph)
    path = tmp_path / f"{graph}.{fmt}"
    export.write(G, fmt, path, keep_isolated=keep_isolated)
    return (G if keep_isolated else drop_isolated(G)), path


def _read_nx(fmt, path):
    return nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path, version="1.3")


def _labels(G):
    return {str(n): clean_text(d.get("label") or n) for n, d in G.nodes(data=True)}


@pytest.mark.usefixtures("nx_reads_gexf13")
@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_networkx_reads_back(graph, fmt, tmp_path):
    G, path = _write(tmp_path, graph, fmt)
    H = _read_nx(fmt, path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert {str(n): d["label"] for n, d in H.nodes(data=True)} == _labels(G)
    assert Counter((str(u), str(v)) for u, v in H.edges()) == Counter((str(u), str(v)) for u, v in G.edges())
    for _u, _v, data in H.edges(data=True):
        assert isinstance(data["weight"], float) and data["weight"] >= 1.0
        assert data["label"] == data["relation"]


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("fmt", FORMATS + ("graphology",))
def test_graphology_loads_like_gephi_lite(graph, fmt, tmp_path):
    G, path = _write(tmp_path, graph, fmt)
    loaded = graphology_load(fmt, path)
    assert loaded["warnings"] == []
    assert (loaded["order"], loaded["size"]) == (G.number_of_nodes(), G.number_of_edges())
    assert {n: a["label"] for n, a in loaded["nodes"].items()} == _labels(G)
    assert sorted(loaded["edges"]) == sorted(str(k) for _u, _v, k in G.edges(keys=True))
    for edge_id, attrs in loaded["edges"].items():
        assert attrs["label"] == attrs["relation"] and isinstance(attrs["weight"], (int, float))
    for attrs in loaded["nodes"].values():
        assert attrs["color"].startswith(("#", "rgb")) and attrs["size"] > 0
    if fmt == "gexf":
        assert all(a["kind"] == a["relation"] for a in loaded["edges"].values())


@pytest.mark.parametrize("graph", GRAPH_NAMES)
def test_graphml_keys_are_ours_and_typed_once(graph, tmp_path):
    _G, path = _write(tmp_path, graph, "graphml")
    keys = ET.parse(path).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    ids = [k.get("id") for k in keys]
    assert not {"d3", "d7"} & set(ids) and len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[gne]_\w+", i) for i in ids)
    names = Counter((k.get("for"), k.get("attr.name")) for k in keys)
    assert max(names.values()) == 1  # one key (so one type) per attribute name
    assert {k.get("attr.type") for k in keys} <= {"boolean", "int", "double", "string"}
    by_name = {(k.get("for"), k.get("attr.name")): k for k in keys}
    assert by_name[("node", "label")].get("id") == "n_label"
    assert by_name[("edge", "label")].get("id") == "e_label"
    assert by_name[("edge", "weight")].get("attr.type") == "double"


@pytest.mark.parametrize("graph", GRAPH_NAMES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_unique_nonempty_and_text_clean(graph, fmt, tmp_path):
    _G, path = _write(tmp_path, graph, fmt)
    raw = path.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", raw) and "\r" not in raw
    root = ET.fromstring(raw.encode("utf-8"))
    for tag in ("node", "edge"):
        ids = [e.get("id") for e in root.iter() if e.tag.endswith("}" + tag)]
        assert ids and all(ids) and len(ids) == len(set(ids))


def test_hostile_quote_keeps_newline_and_specials(tmp_path, nx_reads_gexf13):
    for fmt in FORMATS:
        _G, path = _write(tmp_path, "hostile", fmt)
        quotes = {d.get("quote") for _u, _v, d in _read_nx(fmt, path).edges(data=True)}
        assert any(q and "\n" in q and '"press"' in q and "]]>" in q for q in quotes), fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_disarm_attribution_travels_with_techniques(fmt, tmp_path):
    _G, path = _write(tmp_path, "small", fmt)
    assert ATTRIBUTION in ET.parse(path).getroot().itertext()
    G = nx.MultiDiGraph(name="ioggraph")
    G.add_node("a", kind="actor", label="A", type="Person")
    assert b"DISARM" not in export.render(G, fmt)


def test_parallel_edges_stay_separate(tmp_path):
    G, path = _write(tmp_path, "small", "gexf")
    pairs = Counter((u, v) for u, v in G.edges())
    assert max(pairs.values()) == 2  # the fixture has a parallel pair
    root = ET.parse(path).getroot()
    edges = [e for e in root.iter("{http://gexf.net/1.3}edge")]
    kinds = Counter((e.get("source"), e.get("target"), e.get("kind")) for e in edges)
    assert max(kinds.values()) == 1


@pytest.mark.parametrize("fmt", FORMATS + ("graphology",))
@pytest.mark.parametrize("keep, expected", [(False, 6), (True, 8)])
def test_isolated_nodes_left_out_unless_kept(fmt, keep, expected, tmp_path):
    _G, path = _write(tmp_path, "small", fmt, keep_isolated=keep)
    loaded = graphology_load(fmt, path)
    assert loaded["order"] == expected
    assert ("xiamen" in loaded["nodes"]) is keep  # Xiamen has no edge in the fixture


@pytest.mark.parametrize("fmt", FORMATS + ("graphology",))
def test_sizes_readable_and_colours_per_kind(fmt, tmp_path):
    _G, path = _write(tmp_path, "small", fmt)
    loaded = graphology_load(fmt, path)
    sizes = [a["size"] for a in loaded["nodes"].values()]
    assert SIZE_RANGE[0] <= min(sizes) < max(sizes) == SIZE_RANGE[1]
    colours = {a["relation"]: a["color"] for a in loaded["edges"].values()}
    assert colours["funds_trips"] != colours["targets"] != colours["part_of"]  # tactic TA10 vs relations
    assert all(a["color"] for a in loaded["edges"].values())


@pytest.mark.parametrize("fmt", FORMATS + ("graphology",))
def test_every_quote_kept_with_a_count(fmt, tmp_path):
    G = load_graph("small")
    u, v, key, data = next((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d["relation"] == "funds_trips")
    G.edges[u, v, key]["evidence"] = data["evidence"] + [dict(data["evidence"][0], quote="A second quote.", start=0, end=15)]
    path = tmp_path / f"two.{fmt}"
    export.write(G, fmt, path)
    edge = graphology_load(fmt, path)["edges"][key]
    assert edge["quote_count"] == 2 and edge["weight"] == 2
    assert data["evidence"][0]["quote"] in edge["quote"] and "A second quote." in edge["quote"]


def test_gexf_spells_follow_article_dates(tmp_path):
    _G, path = _write(tmp_path, "small", "gexf")
    root = ET.parse(path).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    graph = root.find("g:graph", ns)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    ccp = graph.find("g:nodes/g:node[@id='ccp']", ns)
    spell = ccp.find("g:spells/g:spell", ns)
    assert (spell.get("start"), spell.get("end")) == ("2024-03-01", "2024-04-02")
    assert all(e.find("g:spells/g:spell", ns) is not None for e in graph.iter("{http://gexf.net/1.3}edge"))


def test_graphology_json_has_positions_and_keys(tmp_path):
    _G, path = _write(tmp_path, "small", "graphology")
    data = __import__("json").loads(path.read_text(encoding="utf-8"))
    assert all(n["key"] for n in data["nodes"]) and all(e["key"] for e in data["edges"])
    assert all(isinstance(n["attributes"]["x"], float) for n in data["nodes"])
    assert "type" not in {k for n in data["nodes"] for k in n["attributes"]}  # sigma reads type as a program
