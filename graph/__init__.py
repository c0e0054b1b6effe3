"""Build side of cio-graph: parse reports, extract entities, model the graph, write exports."""
