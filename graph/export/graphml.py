"""``graph.graphml`` and ``country-flows.graphml``: GraphML with typed keys, for Gephi, networkx, igraph.

Every node also has the ``r``, ``g``, ``b`` (int) and ``size`` (double) attributes that Gephi's
GraphML importer turns into its colour and size (see :mod:`graph.export.gephi`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cio_graph.graph.export.files import write_chunks
from cio_graph.graph.export.gephi import node_styles
from cio_graph.graph.export.property_graph import PropertyGraph, Value
from cio_graph.graph.export.xml_text import AttributeTexts, xml_text

__all__ = ["GRAPHML_TYPES", "STYLE_TYPES", "key_types", "data_lines", "styled_nodes", "graphml_chunks", "write_graphml"]

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


def styled_nodes(graph: PropertyGraph) -> dict[str, dict[str, Value]]:
    """Every node's attributes with its colour and size."""
    styles = node_styles(graph.nodes, graph.edges)
    return {
        node: {**attributes, "r": styles[node].r, "g": styles[node].g, "b": styles[node].b, "size": styles[node].size}
        for node, attributes in graph.nodes.items()
    }


def graphml_chunks(graph: PropertyGraph) -> Iterable[str]:
    nodes = styled_nodes(graph)
    node_types = key_types(nodes.values()) | STYLE_TYPES
    edges = graph.sorted_edges()
    edge_types = key_types(e[2] for e in edges)
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
    for node in sorted(nodes):
        yield f"    <node id={texts[node]}>\n"
        yield from data_lines(nodes[node], node_keys, "      ")
        yield "    </node>\n"
    for number, (source, target, attributes) in enumerate(edges):
        yield f'    <edge id="e{number}" source={texts[source]} target={texts[target]}>\n'
        yield from data_lines(attributes, edge_keys, "      ")
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def write_graphml(graph: PropertyGraph, path: Path) -> Path:
    return write_chunks(path, graphml_chunks(graph))
