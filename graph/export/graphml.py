"""``graph.graphml`` and ``country-flows.graphml``: GraphML with typed keys, for Gephi, networkx, igraph.

Every node also has the ``r``, ``g``, ``b`` (int) and ``size`` (double) attributes that Gephi's
GraphML importer turns into its colour and size (see :mod:`graph.export.gephi`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cio_graph.graph.export.files import write_chunks
from cio_graph.graph.export.gephi import node_style
from cio_graph.graph.export.property_graph import PropertyGraph, Value
from cio_graph.graph.export.xml_text import AttributeTexts, xml_text

__all__ = ["GRAPHML_TYPES", "STYLE_TYPES", "key_types", "data_lines", "styled", "graphml_chunks", "write_graphml"]

GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
STYLE_TYPES = {"r": "int", "g": "int", "b": "int", "size": "double"}


def key_types(attribute_sets: Iterable[dict[str, Value]]) -> dict[str, str]:
    """GraphML type of every attribute name, sorted by name."""
    types: dict[str, str] = {}
    for attributes in attribute_sets:
        for name, value in attributes.items():
            types.setdefault(name, GRAPHML_TYPES[type(value)])
    return dict(sorted(types.items()))


def data_lines(attributes: dict[str, Value], keys: dict[str, str], indent: str) -> Iterable[str]:
    for name in sorted(attributes):
        yield f'{indent}<data key="{keys[name]}">{xml_text(attributes[name])}</data>\n'


def styled(attributes: dict[str, Value], degree: int) -> dict[str, Value]:
    """A node's attributes with its colour and size (:func:`graph.export.gephi.node_style`)."""
    style = node_style(attributes, degree)
    return {**attributes, "r": style.r, "g": style.g, "b": style.b, "size": style.size}


def graphml_chunks(graph: PropertyGraph) -> Iterable[str]:
    degree = graph.degrees()
    node_types = key_types(attributes for _, attributes in graph.all_nodes())
    node_types = dict(sorted((node_types | STYLE_TYPES).items())) if node_types else dict(STYLE_TYPES)
    edge_types = key_types(attributes for _, _, attributes in graph.all_edges())
    node_keys = {name: f"n_{name}" for name in node_types}
    edge_keys = {name: f"e_{name}" for name in edge_types}
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for domain, types, keys in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
        for name, kind in types.items():
            yield f'  <key id="{keys[name]}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>\n'
    yield '  <graph id="G" edgedefault="directed">\n'
    texts = AttributeTexts()
    for node, attributes in graph.sorted_nodes():
        yield f"    <node id={texts[node]}>\n"
        yield from data_lines(styled(attributes, degree[node]), node_keys, "      ")
        yield "    </node>\n"
    for number, (source, target, attributes, _) in enumerate(graph.sorted_edges()):
        yield f'    <edge id="e{number}" source={texts[source]} target={texts[target]}>\n'
        yield from data_lines(attributes, edge_keys, "      ")
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def write_graphml(graph: PropertyGraph, path: Path) -> Path:
    return write_chunks(path, graphml_chunks(graph))
