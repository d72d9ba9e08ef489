"""Helpers shared by the exporters: text cleaning, stable ids, flat attribute tables, colours.

Reads a graph that follows the graph contract (docs/ARCHITECTURE.md); writes nothing.
The flat tables (:func:`node_columns`, :func:`edge_columns`) are what GraphML, GEXF and CSV
write: every value is a scalar of one declared type, lists are joined with ``|``, and
``None`` / empty values are left out.
"""
from __future__ import annotations

import hashlib
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
    ("modality", "string"), ("reported_by", "string"), ("channels", "string"),
    ("rules", "string"), ("weight", "double"), ("quote", "string"), ("quote_doc", "string"),
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


def node_size(G: nx.MultiDiGraph, node: Any) -> float:
    """Display size: grows with the square root of max(mentions, degree)."""
    mentions = len(G.nodes[node].get("mentions") or ())
    return round(10.0 + 5.0 * math.sqrt(max(mentions, G.degree(node))), 3)


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


def node_columns(G: nx.MultiDiGraph, node: Any) -> Iterator[tuple[str, str, Any]]:
    """Yield (name, type, value) for the node's flat attributes, skipping empty ones."""
    data = G.nodes[node]
    raw = {
        "label": data.get("label") or str(node), "kind": data.get("kind"), "type": data.get("type"),
        "aliases": data.get("aliases"), "mentions": len(data.get("mentions") or ()),
        "docs": data.get("docs"), "registry": data.get("registry"),
        "first_date": data.get("first_date"), "last_date": data.get("last_date"),
        "tactic": data.get("tactic"), "tactic_name": data.get("tactic_name"),
        "parent": data.get("parent"), "url": data.get("url"), "disarm": data.get("disarm"),
        "size": node_size(G, node),
    }
    for name, kind in NODE_SCHEMA:
        value = _typed(kind, raw[name])
        if value is not None:
            yield name, kind, value


def edge_columns(data: dict) -> Iterator[tuple[str, str, Any]]:
    """Yield (name, type, value) for an edge's flat attributes, skipping empty ones.

    The contract's ``kind`` (tactic/relation) is written as ``edge_kind``: in Gephi and GEXF 1.3
    an edge's ``kind`` is its type, which we set to the relation.
    """
    evidence = data.get("evidence") or []
    first = evidence[0] if evidence else {}
    raw = {
        "label": data.get("relation"), "edge_kind": data.get("kind"), "relation": data.get("relation"),
        "technique": data.get("technique"), "techniques": data.get("techniques"),
        "confidence": data.get("confidence"), "asserted": data.get("asserted"),
        "modality": data.get("modality"), "reported_by": data.get("reported_by"),
        "channels": data.get("channels"), "rules": data.get("rules"),
        "weight": float(len(evidence)), "quote": first.get("quote"), "quote_doc": first.get("doc"),
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
