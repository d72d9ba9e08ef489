"""Export formats, registered by name, imported on first use (like rdflib's plugin map).

``FORMATS`` maps every name and alias to a :class:`Format`; ``write(G, fmt, path)`` renders
``G`` and writes it atomically (a temporary file in the target folder, then ``os.replace``),
so a reader never sees half a file and a failed export leaves the old file in place.

==========  ==========================================  ==========================
name        module                                      output
==========  ==========================================  ==========================
json        :mod:`ioggraph.export.json_export`          node-link JSON (the contract)
graphml     :mod:`ioggraph.export.graphml`              GraphML for Gephi / yEd
gexf        :mod:`ioggraph.export.gexf`                 GEXF 1.3 for Gephi
ttl         :mod:`ioggraph.export.rdf` (alias turtle)   RDF Turtle
nt          :mod:`ioggraph.export.rdf`                  RDF N-Triples (each piece's lines sorted)
jsonld      :mod:`ioggraph.export.rdf` (alias json-ld)  RDF JSON-LD
stix        :mod:`ioggraph.export.stix`                 STIX 2.1 bundle (``graph.stix.json``)
csv         :mod:`ioggraph.export.csv_export`           ``<stem>.nodes.csv`` + ``<stem>.edges.csv``
graphology  :mod:`ioggraph.export.graphology`           graphology JSON (Gephi Lite "open file")
html        :mod:`ioggraph.export.html`                 one offline HTML page (sigma.js viewer)
navigator   :mod:`ioggraph.export.navigator`            DISARM / ATT&CK Navigator layer
==========  ==========================================  ==========================

The picture formats (graphml, gexf, graphology, html) leave out isolated nodes unless
``keep_isolated=True``: in Gephi they are a cloud of floating discs.
"""
from __future__ import annotations

import importlib
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Union

import networkx as nx

from ioggraph.errors import IoggraphError, UnknownFormat

__all__ = ["FORMATS", "Format", "names", "get", "prepare", "render", "write"]

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]


@dataclass(frozen=True)
class Format:
    """One export format: ``module:function`` renders a graph to bytes, to an iterator of byte pieces
    (written as they come: the RDF formats, whose whole rdflib graph would not fit in memory at scale),
    or to {suffix: bytes}."""

    name: str
    module: str
    function: str
    suffix: str
    split: bool = False  # True: the function returns {suffix: bytes}, one file per suffix
    picture: bool = False  # True: drawn as a network (isolated nodes left out by default)

    def load(self) -> Callable[[nx.MultiDiGraph], Any]:
        """Import the module on first use and return the render function."""
        return getattr(importlib.import_module(self.module), self.function)

    def __call__(self, G: nx.MultiDiGraph) -> Any:
        """Render ``G`` (bytes or an iterator of bytes, or {suffix: bytes} when ``split``)."""
        return self.load()(G)


_P = "ioggraph.export."
_CANONICAL = (
    Format("json", _P + "json_export", "stream", ".json"),
    Format("graphml", _P + "graphml", "render", ".graphml", picture=True),
    Format("gexf", _P + "gexf", "render", ".gexf", picture=True),
    Format("ttl", _P + "rdf", "render_turtle", ".ttl"),
    Format("nt", _P + "rdf", "render_ntriples", ".nt"),
    Format("jsonld", _P + "rdf", "render_jsonld", ".jsonld"),
    Format("stix", _P + "stix", "stream", ".stix.json"),
    Format("csv", _P + "csv_export", "render_files", ".csv", split=True),
    Format("graphology", _P + "graphology", "render", ".graphology.json", picture=True),
    Format("html", _P + "html", "render", ".html", picture=True),
    Format("navigator", _P + "navigator", "render", ".navigator.json"),
)
_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "stix2": "stix",
            "gephi-lite": "graphology", "view": "html", "layer": "navigator"}

FORMATS: dict[str, Format] = {f.name: f for f in _CANONICAL}
FORMATS.update({alias: FORMATS[name] for alias, name in _ALIASES.items()})


def names() -> list[str]:
    """Canonical format names, in registry order (aliases left out)."""
    return [f.name for f in _CANONICAL]


def get(fmt: str) -> Format:
    """The :class:`Format` called ``fmt`` (case-insensitive); UnknownFormat lists the known names."""
    try:
        return FORMATS[fmt.strip().lower()]
    except (KeyError, AttributeError):
        raise UnknownFormat(str(fmt), sorted(FORMATS)) from None


def prepare(G: nx.MultiDiGraph, spec: Format, keep_isolated: bool = False) -> nx.MultiDiGraph:
    """The graph a format draws: without isolated nodes for picture formats unless ``keep_isolated``."""
    if spec.picture and not keep_isolated:
        from ioggraph.export._common import drop_isolated
        return drop_isolated(G)
    return G


def render(G: nx.MultiDiGraph, fmt: str, *, keep_isolated: bool = False) -> bytes:
    """Render ``G`` in a single-file format and return the bytes (no I/O)."""
    spec = get(fmt)
    if spec.split:
        raise IoggraphError(f"Format '{spec.name}' writes several files; use write() with a path.")
    output = spec(prepare(G, spec, keep_isolated))
    return output if isinstance(output, bytes) else b"".join(output)


def _atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or byte pieces as they are made) to ``path`` via a temporary file in the
    same folder and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in [data] if isinstance(data, bytes) else data:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _split_paths(path: Path, suffixes: list[str]) -> list[Path]:
    """``out/graph.csv`` -> ``out/graph.nodes.csv``, ``out/graph.edges.csv``."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return [path.with_name(stem + suffix) for suffix in suffixes]


def _write_file_object(handle: Any, data: bytes | Iterable[bytes]) -> None:
    """Write bytes (or byte pieces) to a binary handle, or text to a text handle."""
    for piece in [data] if isinstance(data, bytes) else data:
        handle.write(piece.decode("utf-8") if isinstance(handle, io.TextIOBase) else piece)


def write(G: nx.MultiDiGraph, fmt: str, path_or_file: PathOrFile, *, keep_isolated: bool = False) -> list[Path]:
    """Render ``G`` as ``fmt`` and write it; return the paths written ([] for a file object).

    A path is written atomically. ``csv`` writes ``<stem>.nodes.csv`` and ``<stem>.edges.csv``
    beside the given path and needs a path, not a file object.
    Picture formats leave out isolated nodes unless ``keep_isolated``.
    Raises :class:`~ioggraph.errors.UnknownFormat` (listing the known names) for an unknown ``fmt``.
    """
    spec = get(fmt)
    output = spec(prepare(G, spec, keep_isolated))
    if hasattr(path_or_file, "write"):
        if spec.split:
            raise IoggraphError(f"Format '{spec.name}' writes several files; give a path, not a file object.")
        _write_file_object(path_or_file, output)
        return []
    path = Path(os.fspath(path_or_file))
    if not spec.split:
        _atomic_write(path, output)
        return [path]
    targets = _split_paths(path, list(output))
    for target, data in zip(targets, output.values()):
        _atomic_write(target, data)
    return targets
