"""The ``cio-graph`` commands that ask a build: serve, push, query, sparql, plot."""

from __future__ import annotations

from pathlib import Path

import click

from cio_graph.queries.cli_build import DEFAULT_OUT

__all__ = ["COMMANDS", "plot", "push", "query", "serve", "sparql"]


@click.command()
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Build folder or RDF file to serve (default: exports/, else the bundled report); "
    "an N-Quads (.nq) or TriG (.trig) file serves its named graphs too.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Longest a query may run, in seconds.")
@click.option("--workers", type=int, default=None, help="Query worker processes (default: one per core, at least 2).")
@click.option(
    "--max-answer-bytes",
    type=click.IntRange(min=1),
    default=64 * 2**20,
    show_default=True,
    help="Largest serialized answer; a larger one is refused with 507.",
)
@click.option(
    "--max-per-client",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Uncached queries one client address may run at a time (0: no limit).",
)
@click.option(
    "--worker-memory",
    type=click.IntRange(min=0),
    default=None,
    help="Address space of each query worker, in MB (default: 4096, or 16 times the graph file if larger; 0: no cap).",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a client may take to send a request's headers or body.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows (or triples) of an answer; a longer one is cut and says so in its headers.",
)
@click.option(
    "--on-disk",
    is_flag=True,
    help="Answer from the build's persisted store instead of loading the graph into each worker: starts in "
    "milliseconds with little memory whatever the graph's size; queries over the whole graph run slower.",
)
def serve(
    graph_path,
    host,
    port,
    timeout,
    workers,
    max_answer_bytes,
    max_per_client,
    worker_memory,
    read_timeout,
    max_rows,
    on_disk,
) -> None:
    """Serve the graph: SPARQL endpoint at /sparql, canned queries at /queries, a web page at /."""
    from cio_graph.queries.service import serve as run_service

    run_service(
        graph_path,
        host=host,
        port=port,
        timeout=timeout,
        workers=workers,
        max_answer_bytes=max_answer_bytes,
        max_per_client=max_per_client,
        worker_memory_bytes="auto" if worker_memory is None else worker_memory * 2**20 or None,
        read_timeout=read_timeout,
        max_rows=max_rows,
        on_disk=on_disk,
    )


@click.command()
@click.argument("store_url")
@click.option(
    "--graph-iri",
    "graph_iri",
    default=None,
    help="Name (IRI) of the graph to replace (default: the store's default graph).",
)
@click.option(
    "--graph",
    "old_graph_iri",
    default=None,
    hidden=True,
    help="Deprecated name of --graph-iri (elsewhere --graph is a build folder).",
)
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Build folder or RDF file to push.",
)
def push(store_url, graph_iri, old_graph_iri, source) -> None:
    """Replace a graph of the SPARQL Graph Store Protocol server at STORE_URL with the build's graph."""
    from cio_graph.queries.push import PushError
    from cio_graph.queries.push import push as push_graph

    if old_graph_iri is not None:
        if graph_iri is not None:
            raise click.UsageError("give --graph-iri only (--graph is its deprecated name)")
        click.echo("note: push --graph is deprecated: use --graph-iri", err=True)
        graph_iri = old_graph_iri
    try:
        pushed = push_graph(source, store_url, graph_iri)
    except PushError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"pushed {pushed.source} ({pushed.bytes:,} bytes) to {pushed.url}: HTTP {pushed.status}")


graph_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Build folder or RDF file (.nt, .ttl ...) to query (default: exports/).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
engine_option = click.option(
    "--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True, help="SPARQL engine."
)


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_all", is_flag=True, help="List the canned queries instead of running one.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@graph_option
@format_option
@engine_option
def query(name, list_all, params, graph_path, fmt, engine) -> None:
    """Run the canned query NAME (see --list) over the graph."""
    from cio_graph.queries.engine import format_result, run_canned
    from cio_graph.queries.library import format_listing, list_queries

    if list_all:
        click.echo(format_listing(list_queries(), fmt), nl=False)
        return
    if not name:
        raise click.UsageError("give a query NAME, or --list to see them")
    values = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--param expects KEY=VALUE, got {param!r}")
        values[key.strip()] = value
    from cio_graph.queries.contained import run_contained

    result = run_contained(f"query {name}", run_canned, name, values, graph_path, engine)
    click.echo(format_result(result, fmt, thousands=True), nl=False)


@click.command()
@click.argument("query_or_file")
@graph_option
@format_option
@engine_option
def sparql(query_or_file, graph_path, fmt, engine) -> None:
    """Run an ad-hoc SPARQL query: its text, a .rq/.sparql file, or - for standard input."""
    from cio_graph.queries.contained import run_contained
    from cio_graph.queries.engine import format_result, read_query, run_sparql

    text, source = read_query(query_or_file)
    result = run_contained(source, run_sparql, text, graph_path, engine, source)
    click.echo(format_result(result, fmt, thousands=True), nl=False)


@click.command()
@graph_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for the figures (default: figures/ in the build folder, exports/figures/).",
)
def plot(graph_path, out) -> None:
    """Draw the figures (PNG and SVG): flows heat map, tactic frequency, timeline, tactic co-occurrence."""
    from cio_graph.queries.plots import default_figure_dir, write_figures

    for path in write_figures(graph_path, out or default_figure_dir(graph_path)):
        click.echo(str(path))


COMMANDS = (serve, push, query, sparql, plot)
