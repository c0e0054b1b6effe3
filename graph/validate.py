"""SHACL validation of an exported graph against ``graph/data/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph

from graph.errors import InputError
from graph.export import shapes_path

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}


def graph_file(path: Path) -> Path:
    """The graph file to validate: ``path`` itself, or ``graph.ttl`` of a build folder."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise InputError(str(path), None, "no such file: expected a graph file (.ttl, .nt, .jsonld) or a build folder")
    if path.suffix not in FORMATS:
        raise InputError(str(path), None, f"expected a graph file ending in {', '.join(FORMATS)}")
    return path


def validate(path: Path) -> tuple[bool, str]:
    """Whether the graph at ``path`` (file or build folder) conforms to the shapes, and pyshacl's report."""
    path = graph_file(path)
    data = Graph()
    try:
        data.parse(path, format=FORMATS[path.suffix])
    except Exception as error:  # rdflib raises many parser-specific types
        raise InputError(str(path), None, f"expected {FORMATS[path.suffix]}: {error}") from None
    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, _, text = shacl_validate(data, shacl_graph=shapes)
    return bool(conforms), text
