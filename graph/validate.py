"""SHACL validation of an exported graph against ``graph/data/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph

from cio_graph.graph.build_folder import MANIFEST, check_manifest
from cio_graph.graph.errors import InputError
from cio_graph.graph.export import shapes_path

__all__ = ["FORMATS", "graph_file", "manifest_problems", "validate"]

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


def manifest_problems(path: Path) -> list[str]:
    """How a build folder (or the folder of a graph file it lists) differs from its ``manifest.json``.

    A build folder (one with ``networks.jsonl``) must have a manifest; a folder of exports alone, or a graph
    file, is checked against its folder's manifest when there is one.
    """
    path = Path(path)
    if path.is_dir():
        if not (path / MANIFEST).is_file():
            return (
                [f"{path / MANIFEST}: missing (a build folder without it is incomplete)"]
                if (path / "networks.jsonl").is_file()
                else []
            )
        return check_manifest(path)
    if (path.parent / MANIFEST).is_file():
        return check_manifest(path.parent, [path.name])
    return []


def validate(path: Path) -> tuple[bool, str]:
    """Whether the graph at ``path`` (file or build folder) conforms to the shapes, and pyshacl's report.

    A build folder whose files differ from its manifest (an interrupted or altered build) does not
    conform, whatever its graph: the report names each file that differs.
    """
    problems = manifest_problems(path)
    path = graph_file(path)
    if problems:
        return False, "Build does not match its manifest:\n" + "\n".join(problems) + "\n"
    data = Graph()
    try:
        data.parse(path, format=FORMATS[path.suffix])
    except Exception as error:  # rdflib raises many parser-specific types
        raise InputError(str(path), None, f"expected {FORMATS[path.suffix]}: {error}") from None
    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, _, text = shacl_validate(data, shacl_graph=shapes)
    return bool(conforms), text
