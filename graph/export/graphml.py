"""``graph.graphml`` and ``country-flows.graphml``: GraphML with typed keys, for Gephi, networkx, igraph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from graph.export.files import write_chunks
from graph.export.property_graph import PropertyGraph, Value
from graph.export.xml_text import xml_attr, xml_text

GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


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


def graphml_chunks(graph: PropertyGraph) -> Iterable[str]:
    node_types = key_types(graph.nodes.values())
    edges = graph.sorted_edges()
    edge_types = key_types(e[2] for e in edges)
    node_keys = {name: f"n_{name}" for name in node_types}
    edge_keys = {name: f"e_{name}" for name in edge_types}
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for domain, types, keys in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
        for name, kind in types.items():
            yield f'  <key id="{keys[name]}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>\n'
    yield '  <graph id="G" edgedefault="directed">\n'
    for node in sorted(graph.nodes):
        yield f"    <node id={xml_attr(node)}>\n"
        yield from data_lines(graph.nodes[node], node_keys, "      ")
        yield "    </node>\n"
    for number, (source, target, attributes) in enumerate(edges):
        yield f'    <edge id="e{number}" source={xml_attr(source)} target={xml_attr(target)}>\n'
        yield from data_lines(attributes, edge_keys, "      ")
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def write_graphml(graph: PropertyGraph, path: Path) -> Path:
    return write_chunks(path, graphml_chunks(graph))
