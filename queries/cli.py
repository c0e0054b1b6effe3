"""The ``cio-graph`` command line: every command calls library functions and prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cio_graph.graph.errors import InputError

DEFAULT_OUT = Path("exports")
NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click >= 8.2


class CioGroup(click.Group):
    """Turns input errors into a one-line message and exit code 1 (a traceback only with --debug);
    every error, click's usage errors too, starts with ``error:``."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            show_error(error)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as error:
            if ctx.params.get("debug"):
                raise
            click.echo(f"error: {error}", err=True)
            sys.exit(1)


def show_error(error: click.ClickException) -> None:
    """Print a click error as click does (usage and hint first for a usage error), prefixed ``error:``;
    no command at all shows the help, as click does."""
    if isinstance(error, NO_ARGS_IS_HELP):
        error.show()
        return
    if isinstance(error, click.UsageError) and error.ctx is not None:
        hint = ""
        if error.ctx.command.get_help_option(error.ctx) is not None:
            hint = f"Try '{error.ctx.command_path} {error.ctx.help_option_names[0]}' for help.\n"
        click.echo(f"{error.ctx.get_usage()}\n{hint}", err=True)
    click.echo(f"error: {error.format_message()}", err=True)


@click.group(cls=CioGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.version_option(package_name="cio-graph")
def cli(debug: bool) -> None:
    """Turn covert-influence-operation disclosures into a knowledge graph and ask it questions."""


input_options = [
    click.option(
        "--platform",
        help="Read with this platform's readers only, e.g. meta (default: the reader that recognises the file best).",
    ),
    click.option("--skip-bad-rows", is_flag=True, help="Build anyway, listing every row skipped and why."),
    click.option("--max-bytes", type=int, default=None, help="Largest input accepted, in bytes (default 50 MB)."),
    click.option(
        "--max-rows",
        type=click.IntRange(min=1),
        default=None,
        help="Most table rows accepted in one input file (default 200,000).",
    ),
]


def with_input_options(function):
    for option in reversed(input_options):
        function = option(function)
    return function


quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="No progress report on stderr (shown only once a build has run 2 s)."
)
no_wait_option = click.option(
    "--no-wait", is_flag=True, help="Stop at once when another build is writing OUT (default: wait for it)."
)


def _collect(files, platform, skip_bad_rows, max_bytes, collection=None, on_stage=None, max_rows=None):
    from cio_graph.graph.build import bundled_reports, collect
    from cio_graph.graph.parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS

    paths = [Path(f) for f in files] or bundled_reports()
    return collect(
        paths,
        platform=platform,
        skip_bad_rows=skip_bad_rows,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        collection=collection,
        on_stage=on_stage,
        max_rows=max_rows or DEFAULT_MAX_ROWS,
    )


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@with_input_options
@quiet_option
def extract(files, platform, skip_bad_rows, max_bytes, max_rows, quiet) -> None:
    """Print the network records of FILE… as JSON lines (default: the bundled report)."""
    from cio_graph.graph.build import jsonl
    from cio_graph.graph.links import attach_links
    from cio_graph.queries.progress import progress_reporter

    with progress_reporter(quiet) as on_stage:
        collection = _collect(files, platform, skip_bad_rows, max_bytes, on_stage=on_stage, max_rows=max_rows)
        networks = collection.networks
        attach_links(networks)
    sys.stdout.write(jsonl(networks))
    _report_problems(collection)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for records and exports.",
)
@with_input_options
@quiet_option
@no_wait_option
def build(files, out, platform, skip_bad_rows, max_bytes, max_rows, quiet, no_wait) -> None:
    """Build records and every export from FILE… (default: the bundled report)."""
    from cio_graph.graph.build import write_build
    from cio_graph.graph.build_folder import build_lock
    from cio_graph.queries.progress import progress_reporter

    with progress_reporter(quiet) as on_stage:
        collection = _collect(files, platform, skip_bad_rows, max_bytes, on_stage=on_stage, max_rows=max_rows)
        with build_lock(out, wait=not no_wait, on_wait=_say):
            written = write_build(collection, out, on_stage=on_stage)
    _report_problems(collection)
    _print_summary(collection, out, written)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@with_input_options
@quiet_option
@no_wait_option
def update(out, files, platform, skip_bad_rows, max_bytes, max_rows, quiet, no_wait) -> None:
    """Add the reports in FILE… to the build in OUT (a changed month replaces the old one)."""
    from cio_graph.graph.build import load_build, write_build
    from cio_graph.graph.build_folder import build_lock
    from cio_graph.queries.progress import progress_reporter

    if not out.is_dir():  # refused before anything, the lock file included, is written
        raise InputError(str(out), None, "no such build folder (expected one written by cio-graph build)")
    with progress_reporter(quiet) as on_stage:
        with build_lock(out, wait=not no_wait, on_wait=_say):  # held from reading the old build to writing the new one
            collection = _collect(
                files,
                platform,
                skip_bad_rows,
                max_bytes,
                collection=load_build(out),
                on_stage=on_stage,
                max_rows=max_rows,
            )
            written = write_build(collection, out, on_stage=on_stage)
    _report_problems(collection)
    _print_summary(collection, out, written)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), default=DEFAULT_OUT)
def validate(path: Path) -> None:
    """Check a graph (a build folder or a .ttl/.nt/.jsonld file) against the SHACL shapes."""
    from cio_graph.graph.validate import validate as run_validation

    conforms, text = run_validation(path)
    click.echo(text)
    sys.exit(0 if conforms else 1)


@cli.command()
@click.argument("records", type=click.Path(path_type=Path))
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--show-errors", is_flag=True, help="List each wrong or missing value, network by network.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--min-f1", type=float, default=0.0, show_default=True, help="Exit 1 when the entity micro F1 is below this."
)
@click.option(
    "--min-field-f1",
    type=float,
    default=0.0,
    show_default=True,
    help="Exit 1 when an entity field, detection source or title has an F1 below this.",
)
@click.option(
    "--min-disclosure-f1",
    type=float,
    default=0.0,
    show_default=True,
    help="Exit 1 when the disclosure micro F1 is below this.",
)
@click.option(
    "--max-unpaired",
    type=int,
    default=0,
    show_default=True,
    help="Exit 1 when more gold networks than this have no predicted partner.",
)
def evaluate(records, gold, show_errors, as_json, min_f1, min_field_f1, min_disclosure_f1, max_unpaired) -> None:
    """Score the network records in RECORDS (JSON lines) against the hand annotation GOLD."""
    import json

    from cio_graph.graph.evaluate import evaluate as run_evaluation
    from cio_graph.graph.evaluate import format_errors

    evaluation = run_evaluation(records, gold)
    if as_json:
        figures = evaluation.as_dict()
        if show_errors:
            figures["errors"] = [
                {
                    "network": e.network,
                    "unpaired": e.unpaired,
                    "fields": {f: {"wrong": list(w), "missing": list(m)} for f, (w, m) in e.fields.items()},
                }
                for e in evaluation.errors
            ]
        click.echo(json.dumps(figures, indent=1, ensure_ascii=False))
    else:
        if show_errors:
            click.echo(format_errors(evaluation), nl=False)
        _print_evaluation(evaluation)
    failures = evaluation.failures(min_f1, min_field_f1, min_disclosure_f1, max_unpaired)
    for failure in failures:
        click.echo(f"below threshold: {failure}", err=True)
    sys.exit(1 if failures else 0)


def _print_evaluation(evaluation) -> None:
    """A rich table on a terminal, plain aligned text otherwise."""
    from cio_graph.graph.evaluate import format_table, table_rows

    if not sys.stdout.isatty():
        click.echo(format_table(evaluation), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Extraction against the gold annotation")
    table.add_column("field")
    for column in ("precision", "recall", "F1"):
        table.add_column(column, justify="right")
    for row in table_rows(evaluation):
        table.add_row(*row)
    console = Console(highlight=False)
    console.print(table)
    console.print(format_table(evaluation).splitlines()[-1])


def _say(message: str) -> None:
    click.echo(f"note: {message}", err=True)


def _report_problems(collection) -> None:
    for notice in collection.notices:
        click.echo(f"note: {notice}", err=True)
    for skipped in collection.skipped:
        click.echo(f"skipped: {skipped.source_file}:{skipped.source_line}: {skipped.reason}", err=True)


def _print_summary(collection, out: Path, written: list[Path]) -> None:
    from rich.console import Console
    from rich.table import Table

    from cio_graph.graph.summary import networks_per_month, networks_per_platform, top_values

    networks = collection.networks
    console = Console()
    platforms = Table(title="Networks per platform")
    for column in ("platform", "periods", "networks", "accounts"):
        platforms.add_column(column, justify="left" if column == "platform" else "right")
    for platform, periods, count, accounts in networks_per_platform(networks):
        platforms.add_row(platform, str(periods), str(count), f"{accounts:,}")
    console.print(platforms)
    months = Table(title="Networks per report period")
    for column in ("platform", "period", "networks", "accounts"):
        months.add_column(column, justify="right" if column in ("networks", "accounts") else "left")
    for platform, period, count, accounts in networks_per_month(networks):
        months.add_row(platform, period, str(count), f"{accounts:,}")
    console.print(months)
    for title, field, key in (("Top target countries", "target_countries", "code"), ("Top tactics", "tactics", "id")):
        table = Table(title=title)
        table.add_column(key)
        table.add_column("networks", justify="right")
        for value, count in top_values(networks, field, key):
            table.add_row(value, str(count))
        console.print(table)
    console.print(
        f"rows read {collection.rows_read} = networks {len(networks)} + skipped {len(collection.skipped)}; "
        f"{len(collection.reports)} reports; {len(written)} files written to {out}/"
    )


@cli.command()
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
def serve(
    graph_path, host, port, timeout, workers, max_answer_bytes, max_per_client, worker_memory, read_timeout, max_rows
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
    )


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.command()
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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cio-graph")
