"""GEXF 1.3 for Gephi desktop and Gephi Lite (graphology-gexf).

Reads a contract graph (docs/ARCHITECTURE.md); :func:`render` returns the file as UTF-8 bytes.

* Parallel edges: every contract edge (one per source, target, relation, technique) is its own
  ``<edge>`` with a unique id and ``kind`` = relation (GEXF 1.3 edge kinds are how Gephi
  models multigraphs, so ``funds`` and ``directs`` between the same pair stay two edges of two
  types). ``label`` = relation too, for viewers that ignore ``kind``.
* Attribute ids equal their titles (``type``, ``aliases`` ...): graphology-gexf names the
  attribute by a non-numeric id, Gephi and networkx by the title, so both agree.
* Node colour as ``viz:color`` (per type), size as ``viz:size`` (4..24, evidence and degree);
  edge ``viz:color`` by DISARM tactic or relation, ``viz:thickness`` from the number of quotes, ``weight`` = number of evidence quotes, every
  quote in ``quote`` (joined with a ``---`` line) and their number in ``quote_count``.
* Timeline: when documents carry dates, the graph is ``mode="dynamic"`` (``timeformat="date"``)
  and every node and edge has a ``<spells>`` interval from its first to its last article date.
* Isolated nodes are left out by :func:`ioggraph.export.write` unless ``keep_isolated``.
* Lists joined with ``|`` as strings; None/empty values left out; XML-illegal characters
  stripped, CR/CRLF -> LF. No ``lastmodifieddate`` (output must not depend on the clock).
* The DISARM attribution goes in ``<meta><description>`` when the graph has techniques.

networkx (3.6) reads only the 1.1draft/1.2draft namespaces; the element structure used here is
the same, so the tests read the file back after registering the 1.3 namespace with networkx.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from ioggraph.export import _common as c

__all__ = ["render"]

NS = "http://gexf.net/1.3"
NS_VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://gexf.net/1.3/gexf.xsd"
_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double", "boolean": "boolean"}
# Columns carried by GEXF itself rather than as <attvalue>.
_NODE_BUILTIN = {"label", "size"}
_EDGE_BUILTIN = {"label", "weight"}


def _meta(root: ET.Element, G: nx.MultiDiGraph) -> None:
    """``<meta>``: creator, and the DISARM attribution as description when techniques ship."""
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = c.GENERATOR
    if c.has_techniques(G):
        ET.SubElement(meta, "description").text = c.ATTRIBUTION


def _attributes(graph: ET.Element) -> None:
    """Declare the node and edge attribute models."""
    for cls, schema, builtin in (("node", c.NODE_SCHEMA, _NODE_BUILTIN),
                                 ("edge", c.EDGE_SCHEMA, _EDGE_BUILTIN)):
        block = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
        for name, kind in schema:
            if name not in builtin:
                ET.SubElement(block, "attribute", {"id": name, "title": name, "type": _GEXF_TYPES[kind]})


def _attvalues(parent: ET.Element, columns: list[tuple[str, str, Any]], builtin: set[str]) -> None:
    """``<attvalues>`` holding every non-builtin column."""
    values = [(n, k, v) for n, k, v in columns if n not in builtin]
    if not values:
        return
    block = ET.SubElement(parent, "attvalues")
    for name, kind, value in values:
        ET.SubElement(block, "attvalue", {"for": name, "value": c.format_scalar(kind, value)})


def _spells(parent: ET.Element, first: Any, last: Any) -> None:
    """``<spells><spell start end/></spells>`` for an interval of ISO dates (nothing without dates)."""
    if first and last:
        block = ET.SubElement(parent, "spells")
        ET.SubElement(block, "spell", {"start": str(first)[:10], "end": str(last)[:10]})


def _nodes(graph: ET.Element, G: nx.MultiDiGraph, ids: dict[Any, str]) -> None:
    """``<nodes>``: id, label, attvalues, spells, viz:size, viz:color; sorted by id."""
    block = ET.SubElement(graph, "nodes")
    sizes = c.node_sizes(G)
    for node in sorted(G.nodes, key=lambda n: ids[n]):
        columns = list(c.node_columns(G, node, sizes))
        values = {n: v for n, _k, v in columns}
        element = ET.SubElement(block, "node", {"id": ids[node], "label": values["label"]})
        _attvalues(element, columns, _NODE_BUILTIN)
        _spells(element, values.get("first_date"), values.get("last_date"))
        ET.SubElement(element, "viz:size", {"value": repr(values["size"])})
        r, g, b = c.colour(G.nodes[node])
        ET.SubElement(element, "viz:color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})


def _edges(graph: ET.Element, G: nx.MultiDiGraph, ids: dict[Any, str]) -> None:
    """``<edges>``: unique id, kind = label = relation, weight = evidence count; sorted by key."""
    block = ET.SubElement(graph, "edges")
    edges = c.sorted_edges(G)
    for (u, v, _key, data), edge_id in zip(edges, c.edge_ids(edges)):
        columns = list(c.edge_columns(data, G))
        values = {n: v for n, _k, v in columns}
        attrs = {"id": edge_id, "source": ids[u], "target": ids[v]}
        if "label" in values:
            attrs.update(kind=values["label"], label=values["label"])
        attrs["weight"] = repr(values["weight"])
        element = ET.SubElement(block, "edge", attrs)
        _attvalues(element, columns, _EDGE_BUILTIN)
        _spells(element, values.get("first_date"), values.get("last_date"))
        r, g, b = c.edge_colour(G, data)
        ET.SubElement(element, "viz:color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
        ET.SubElement(element, "viz:thickness", {"value": repr(c.edge_thickness(data))})


def build_tree(G: nx.MultiDiGraph) -> ET.Element:
    """The ``<gexf>`` element for ``G`` (no I/O)."""
    root = ET.Element("gexf", {"xmlns": NS, "xmlns:viz": NS_VIZ, "xmlns:xsi": XSI,
                               "xsi:schemaLocation": SCHEMA_LOCATION, "version": "1.3"})
    _meta(root, G)
    edgetype = "directed" if G.is_directed() else "undirected"
    dated = any(d.get("first_date") for _n, d in G.nodes(data=True))
    mode = {"mode": "dynamic", "timeformat": "date", "timerepresentation": "interval"} if dated else {"mode": "static"}
    graph = ET.SubElement(root, "graph", {"defaultedgetype": edgetype, **mode})
    _attributes(graph)
    ids = c.node_ids(G)
    _nodes(graph, G, ids)
    _edges(graph, G, ids)
    return root


def render(G: nx.MultiDiGraph) -> bytes:
    """Serialise ``G`` as GEXF 1.3 (UTF-8, indented, deterministic, trailing newline)."""
    return c.xml_bytes(build_tree(G))
