"""``graph.gexf``: GEXF 1.2 in dynamic mode, each network and its edges living in its report month.

Gephi's timeline then shows the networks month by month; reference nodes (countries, tactics, ...)
have no time bounds and are always present. Every node has a ``viz:color`` (by kind) and a
``viz:size`` (networks by followers, others by degree; see :mod:`graph.export.gephi`). The ``lastmodifieddate`` is the last day of the newest
month in the data, so two builds of the same input are byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cio_graph.graph.export.files import write_chunks
from cio_graph.graph.export.gephi import node_style
from cio_graph.graph.export.property_graph import PropertyGraph, Value
from cio_graph.graph.export.xml_text import AttributeTexts, xml_attr

__all__ = [
    "GEXF_TYPES",
    "TIME_BOUNDS",
    "NATIVE",
    "attribute_types",
    "attvalues",
    "bounds",
    "timed",
    "gexf_chunks",
    "write_gexf",
]

GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
TIME_BOUNDS = ("start", "end")
NATIVE = ("label", "weight", *TIME_BOUNDS)  # GEXF attributes of the element itself


def attribute_types(attribute_sets: Iterable[dict[str, Value]]) -> dict[str, str]:
    types: dict[str, str] = {}
    for attributes in attribute_sets:
        for name, value in attributes.items():
            if name not in NATIVE:
                types.setdefault(name, GEXF_TYPES[type(value)])
    return dict(sorted(types.items()))


def attvalues(attributes: dict[str, Value], indent: str, texts: AttributeTexts) -> Iterable[str]:
    names = [n for n in sorted(attributes) if n not in NATIVE]
    if names:
        yield f"{indent}<attvalues>\n"
        for name in names:
            yield f"{indent}  <attvalue for={texts[name]} value={xml_attr(attributes[name])}/>\n"
        yield f"{indent}</attvalues>\n"


def bounds(attributes: dict[str, Value]) -> str:
    return "".join(f" {b}={xml_attr(attributes[b])}" for b in TIME_BOUNDS if b in attributes)


def timed(attributes: dict[str, Value], source: dict[str, Value]) -> dict[str, Value]:
    """An edge's attributes after its source node's time bounds (an edge lives while its network does)."""
    return {**{b: source[b] for b in TIME_BOUNDS if b in source}, **attributes}


def gexf_chunks(graph: PropertyGraph) -> Iterable[str]:
    ends = [str(a["end"]) for _, a in graph.all_nodes() if "end" in a]
    modified = max(ends, default="1970-01-01")
    del ends
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
    )
    yield f'  <meta lastmodifieddate="{modified}">\n    <creator>cio-graph</creator>\n  </meta>\n'
    yield '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n'
    node_attributes = (attributes for _, attributes in graph.all_nodes())
    edge_attributes = (attributes for _, _, attributes in graph.all_edges())  # time bounds are not attributes
    for domain, attribute_sets in (("node", node_attributes), ("edge", edge_attributes)):
        yield f'    <attributes class="{domain}" mode="static">\n'
        for name, kind in attribute_types(attribute_sets).items():
            yield f'      <attribute id={xml_attr(name)} title={xml_attr(name)} type="{kind}"/>\n'
        yield "    </attributes>\n"
    degree = graph.degrees()
    texts = AttributeTexts()
    yield "    <nodes>\n"
    for node, attributes in graph.sorted_nodes():
        style = node_style(attributes, degree[node])
        yield f"      <node id={texts[node]} label={xml_attr(attributes['label'])}{bounds(attributes)}>\n"
        yield from attvalues(attributes, "        ", texts)
        yield f'        <viz:color r="{style.r}" g="{style.g}" b="{style.b}"/>\n'
        yield f'        <viz:size value="{style.size}"/>\n'
        yield "      </node>\n"
    yield "    </nodes>\n    <edges>\n"
    for number, (source, target, own, source_node) in enumerate(graph.sorted_edges()):
        attributes = timed(own, source_node)
        weight = f' weight="{attributes["weight"]}"' if "weight" in attributes else ""
        yield (
            f'      <edge id="{number}" source={texts[source]} target={texts[target]}{weight}{bounds(attributes)}>\n'
        )
        yield from attvalues(attributes, "        ", texts)
        yield "      </edge>\n"
    yield "    </edges>\n  </graph>\n</gexf>\n"


def write_gexf(graph: PropertyGraph, path: Path) -> Path:
    return write_chunks(path, gexf_chunks(graph))
