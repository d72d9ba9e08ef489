"""Helpers shared by the exporters: text cleaning, stable ids, flat attribute tables, colours.

Reads a graph that follows the graph contract (docs/ARCHITECTURE.md); writes nothing.
The flat tables (:func:`node_columns`, :func:`edge_columns`) are what GraphML, GEXF and CSV
write: every value is a scalar of one declared type, lists are joined with ``|``, and
``None`` / empty values are left out.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any, Iterator

import networkx as nx

from ioggraph import __version__

ATTRIBUTION = (
    "Contains data from the DISARM Framework (DISARM Red Framework v1.6, plus v1.7 technique list), "
    "\u00a9 DISARM Foundation, https://www.disarm.foundation/ \u2014 "
    "https://github.com/DISARMFoundation/DISARMframeworks \u2014 licensed under CC BY-SA 4.0. "
    "Converted from the DISARM master spreadsheets to CSV/JSON. Descriptions were shortened to "
    "their first sentence and HTML was removed."
)
DISARM_LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
DISARM_PAGE = "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/{}.md"
DISARM_ID = re.compile(r"^T\d{4}(\.\d{3})?$")
GENERATOR = f"ioggraph {__version__}"
LIST_SEP = "|"
# An absolute http(s) IRI with no character that RFC 3987/3986 forbids unescaped.
_IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")

# Characters XML 1.0 forbids (C0 controls except TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF).
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# One colour per node type (Gephi reads r,g,b in GraphML and viz:color in GEXF).
TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "Government": (214, 39, 40),
    "Organization": (255, 127, 14),
    "MilitaryUnit": (140, 86, 75),
    "Media": (148, 103, 189),
    "Person": (31, 119, 180),
    "Group": (44, 160, 44),
    "Location": (127, 127, 127),
    "Technique": (23, 190, 207),
}
DEFAULT_COLOUR = (188, 189, 34)

# Edge colours: a tactic edge by the DISARM tactic of its technique (framework order, strong hues), a
# relation edge by its relation (muted tones, so that influence activity stands out).
TACTIC_COLOURS: dict[str, tuple[int, int, int]] = {
    "TA01": (31, 119, 180), "TA02": (214, 39, 40), "TA13": (255, 127, 14), "TA14": (44, 160, 44),
    "TA06": (148, 103, 189), "TA15": (140, 86, 75), "TA16": (227, 119, 194), "TA05": (188, 189, 34),
    "TA07": (23, 190, 207), "TA08": (57, 59, 121), "TA09": (99, 121, 57), "TA17": (140, 109, 49),
    "TA18": (132, 60, 57), "TA10": (123, 65, 115), "TA11": (49, 130, 189), "TA12": (230, 85, 13),
    "IOG": (82, 82, 82),  # project codes (activities DISARM has no technique for)
}
RELATION_COLOURS: dict[str, tuple[int, int, int]] = {
    "member_of": (150, 150, 150), "part_of": (150, 150, 150), "leads": (120, 120, 160),
    "directs": (120, 120, 160), "funds": (180, 150, 50), "coordinates_with": (150, 120, 170),
    "recruits": (190, 110, 110), "targets": (190, 70, 70),
}
DEFAULT_EDGE_COLOUR = (120, 120, 120)
SIZE_RANGE = (4.0, 24.0)  # node display sizes (Gephi px): smallest and largest
QUOTE_SEP = "\n---\n"  # between the quotes of one edge in the flat formats

# (name, type) of every flat column; types are the GraphML names (GEXF maps them).
NODE_SCHEMA: tuple[tuple[str, str], ...] = (
    ("label", "string"), ("kind", "string"), ("type", "string"), ("aliases", "string"),
    ("mentions", "int"), ("docs", "string"), ("registry", "boolean"),
    ("first_date", "string"), ("last_date", "string"),
    ("tactic", "string"), ("tactic_name", "string"), ("parent", "string"),
    ("url", "string"), ("disarm", "boolean"), ("size", "double"),
)
EDGE_SCHEMA: tuple[tuple[str, str], ...] = (
    ("label", "string"), ("edge_kind", "string"), ("relation", "string"), ("technique", "string"),
    ("techniques", "string"), ("confidence", "double"), ("asserted", "boolean"),
    ("modality", "string"), ("reported_by", "string"), ("disputed_by", "string"), ("channels", "string"),
    ("rules", "string"), ("weight", "double"), ("quote_count", "int"), ("quote", "string"),
    ("quote_doc", "string"), ("quote_docs", "string"), ("tactic", "string"), ("first_date", "string"),
    ("last_date", "string"),
)


def clean_text(value: Any) -> str:
    """Return ``value`` as text that XML 1.0 can hold: illegal characters stripped, CR/CRLF -> LF."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("", text)


def is_iri(value: Any) -> bool:
    """True when ``value`` is an absolute http(s) IRI safe to write as a link (else keep it as text)."""
    return isinstance(value, str) and bool(_IRI_OK.match(value))


def short_hash(text: str, n: int = 8) -> str:
    """First ``n`` hex digits of the SHA-256 of ``text`` (stable across runs and machines)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def node_ids(G: nx.MultiDiGraph) -> dict[Any, str]:
    """Map every node to a unique, non-empty, XML-clean string id (its own id when it is one)."""
    out: dict[Any, str] = {}
    used: set[str] = set()
    for node in G.nodes:
        base = clean_text(node).strip() or f"n-{short_hash(repr(node))}"
        ident, i = base, 1
        while ident in used:
            i += 1
            ident = f"{base}-{i}"
        used.add(ident)
        out[node] = ident
    return out


def sorted_edges(G: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict]]:
    """Edges as (u, v, key, data) sorted by (key, u, v) so that output does not depend on insertion."""
    return sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1])))


def edge_ids(edges: list[tuple[Any, Any, Any, dict]]) -> list[str]:
    """A unique, non-empty id per edge: its key when that is a usable string, else ``e<index>``."""
    out: list[str] = []
    used: set[str] = set()
    for index, (_u, _v, key, _d) in enumerate(edges):
        base = clean_text(key).strip() if isinstance(key, str) else ""
        base = base or f"e{index}"
        ident, i = base, 1
        while ident in used:
            i += 1
            ident = f"{base}-{i}"
        used.add(ident)
        out.append(ident)
    return out


def joined(values: Any) -> str:
    """Join a list of strings with ``|`` (each cleaned, ``|`` inside a value becomes ``/``)."""
    if values is None:
        return ""
    if isinstance(values, str):
        return clean_text(values)
    return LIST_SEP.join(clean_text(v).replace(LIST_SEP, "/") for v in values)


def node_weight(G: nx.MultiDiGraph, node: Any) -> int:
    """How much the graph says about a node: evidence quotes on its edges plus its degree."""
    evidence = sum(len(d.get("evidence") or ()) for _u, _v, d in G.edges(node, data=True))
    evidence += sum(len(d.get("evidence") or ()) for _u, _v, d in G.in_edges(node, data=True))
    return evidence + G.degree(node)


def node_sizes(G: nx.MultiDiGraph) -> dict[Any, float]:
    """Display size per node in :data:`SIZE_RANGE`, growing with the square root of :func:`node_weight`."""
    weights = {n: node_weight(G, n) for n in G.nodes}
    top = math.sqrt(max(weights.values(), default=0)) or 1.0
    low, high = SIZE_RANGE
    return {n: round(low + (high - low) * math.sqrt(w) / top, 3) for n, w in weights.items()}


def node_size(G: nx.MultiDiGraph, node: Any) -> float:
    """Display size of one node (see :func:`node_sizes`; computing all at once is faster)."""
    return node_sizes(G)[node]


def technique_info(G: nx.MultiDiGraph, tech: Any) -> dict[str, Any]:
    """``label``, ``tactic``, ``tactic_name`` of a technique: from its node, else from the DISARM tables.

    A picture format may have dropped the technique node (it had no edge of its own); project codes
    (``IOG-...``) then get the ``IOG`` tactic as in ``ioggraph.disarm``.
    """
    if tech in G and G.nodes[tech].get("kind") == "technique":
        data = G.nodes[tech]
        return {"label": data.get("label") or str(tech), "tactic": data.get("tactic"), "tactic_name": data.get("tactic_name")}
    from ioggraph import disarm
    known = disarm.load_disarm().get(str(tech))
    if known is not None:
        return {"label": known.name, "tactic": known.tactic_id, "tactic_name": known.tactic_name}
    if disarm.PROJECT_ID.match(str(tech or "")):
        return {"label": str(tech), "tactic": disarm.PROJECT_TACTIC[0], "tactic_name": disarm.PROJECT_TACTIC[1]}
    return {"label": str(tech), "tactic": None, "tactic_name": None}


def edge_tactic(G: nx.MultiDiGraph, data: dict) -> str | None:
    """The DISARM tactic (``TA15``) of a tactic edge's technique (None without a technique)."""
    tech = data.get("technique")
    return technique_info(G, tech).get("tactic") if tech else None


def edge_colour(G: nx.MultiDiGraph, data: dict) -> tuple[int, int, int]:
    """RGB colour of an edge: by tactic for tactic edges, by relation for actor-actor relations."""
    if data.get("kind") == "tactic":
        return TACTIC_COLOURS.get(str(edge_tactic(G, data)), DEFAULT_EDGE_COLOUR)
    return RELATION_COLOURS.get(str(data.get("relation")), DEFAULT_EDGE_COLOUR)


def edge_dates(G: nx.MultiDiGraph, data: dict) -> tuple[str | None, str | None]:
    """(first, last) ISO date of the documents an edge's evidence comes from (article dates only)."""
    docs = G.graph.get("documents") or {}
    dates = sorted(str(docs[e["doc"]]["date"])[:10] for e in data.get("evidence") or ()
                   if e.get("doc") in docs and docs[e["doc"]].get("date"))
    return (dates[0], dates[-1]) if dates else (None, None)


def edge_thickness(data: dict) -> float:
    """Display thickness of an edge: 1.5 for one quote, growing with log2 of the number of quotes."""
    return round(1.5 + 1.5 * math.log2(max(1, len(data.get("evidence") or ()))), 3)


def drop_isolated(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` without the nodes that have no edge (what Gephi shows as floating discs)."""
    H = G.copy()
    H.remove_nodes_from([n for n in G.nodes if G.degree(n) == 0])
    return H


def colour(data: dict) -> tuple[int, int, int]:
    """RGB colour for a node's ``type``."""
    return TYPE_COLOURS.get(str(data.get("type")), DEFAULT_COLOUR)


def _typed(kind: str, value: Any) -> Any:
    """Coerce ``value`` to the column type; None or "" means 'leave the cell out'."""
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "double":
        return float(value)
    text = joined(value) if isinstance(value, (list, tuple)) else clean_text(value)
    return text or None


def node_columns(G: nx.MultiDiGraph, node: Any, sizes: dict[Any, float] | None = None
                 ) -> Iterator[tuple[str, str, Any]]:
    """Yield (name, type, value) for the node's flat attributes, skipping empty ones.

    ``sizes`` is :func:`node_sizes` of ``G`` (computed here when not given).
    """
    data = G.nodes[node]
    raw = {
        "label": data.get("label") or str(node), "kind": data.get("kind"), "type": data.get("type"),
        "aliases": data.get("aliases"), "mentions": len(data.get("mentions") or ()),
        "docs": data.get("docs"), "registry": data.get("registry"),
        "first_date": data.get("first_date"), "last_date": data.get("last_date"),
        "tactic": data.get("tactic"), "tactic_name": data.get("tactic_name"),
        "parent": data.get("parent"), "url": data.get("url"), "disarm": data.get("disarm"),
        "size": (sizes if sizes is not None else node_sizes(G))[node],
    }
    for name, kind in NODE_SCHEMA:
        value = _typed(kind, raw[name])
        if value is not None:
            yield name, kind, value


def edge_columns(data: dict, G: nx.MultiDiGraph | None = None) -> Iterator[tuple[str, str, Any]]:
    """Yield (name, type, value) for an edge's flat attributes, skipping empty ones.

    The contract's ``kind`` (tactic/relation) is written as ``edge_kind``: in Gephi and GEXF 1.3
    an edge's ``kind`` is its type, which we set to the relation. ``quote`` holds every quote
    (joined with :data:`QUOTE_SEP`), ``quote_count`` how many, ``quote_doc`` the first one's document
    and ``quote_docs`` all of them. With ``G``, ``tactic`` and the evidence dates are added.
    """
    evidence = data.get("evidence") or []
    first = evidence[0] if evidence else {}
    tactic = edge_tactic(G, data) if G is not None else None
    first_date, last_date = edge_dates(G, data) if G is not None else (None, None)
    raw = {
        "label": data.get("relation"), "edge_kind": data.get("kind"), "relation": data.get("relation"),
        "technique": data.get("technique"), "techniques": data.get("techniques"),
        "confidence": data.get("confidence"), "asserted": data.get("asserted"),
        "modality": data.get("modality"), "reported_by": data.get("reported_by"),
        "disputed_by": data.get("disputed_by"),
        "channels": data.get("channels"), "rules": data.get("rules"),
        "weight": float(len(evidence)), "quote_count": len(evidence),
        "quote": QUOTE_SEP.join(clean_text(e.get("quote", "")) for e in evidence) or None,
        "quote_doc": first.get("doc"),
        "quote_docs": sorted({str(e.get("doc")) for e in evidence if e.get("doc")}),
        "tactic": tactic, "first_date": first_date, "last_date": last_date,
    }
    for name, kind in EDGE_SCHEMA:
        value = _typed(kind, raw[name])
        if value is not None:
            yield name, kind, value


def has_techniques(G: nx.MultiDiGraph) -> bool:
    """True when the graph ships any technique data (then the DISARM attribution must go along)."""
    return any(d.get("kind") == "technique" for _n, d in G.nodes(data=True)) or any(
        d.get("technique") or d.get("techniques") for _u, _v, d in G.edges(data=True))


def format_scalar(kind: str, value: Any) -> str:
    """Text form of a typed scalar as XML and CSV write it (booleans lower-case, numbers repr)."""
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("int", "double"):
        return repr(value)
    return str(value)


def xml_bytes(root) -> bytes:
    """An XML tree as UTF-8 bytes: declaration, two-space indent, trailing newline (deterministic)."""
    import xml.etree.ElementTree as ET
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def json_pieces(value: Any, *, default: Any = None, piece_chars: int = 1 << 20) -> Iterator[bytes]:
    """``value`` as deterministic UTF-8 JSON (``ensure_ascii=False``, ``indent=2``, ``sort_keys=True``,
    trailing newline) in pieces of about ``piece_chars`` characters, encoded as they are written: the
    whole text of a large export (and the millions of small strings ``json.dumps`` joins when it
    indents) is never held at once. Joined, the bytes of ``json.dumps(...) + "\n"``."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True, default=default)
    buffer: list[str] = []
    size = 0
    for chunk in encoder.iterencode(value):
        buffer.append(chunk)
        size += len(chunk)
        if size >= piece_chars:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    buffer.append("\n")
    yield "".join(buffer).encode("utf-8")
