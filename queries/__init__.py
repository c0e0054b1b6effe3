"""Ask side of cio-graph: the SPARQL query library, networkx helpers, plots and the service."""
