"""The ``cio-graph`` commands that read reports and write a build: extract, build, update, validate, evaluate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cio_graph.graph.errors import InputError

__all__ = ["COMMANDS", "DEFAULT_OUT", "build", "evaluate", "extract", "update", "validate"]

DEFAULT_OUT = Path("exports")

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
low_memory_option = click.option(
    "--low-memory",
    is_flag=True,
    help="Keep the records on disk and write the exports one at a time on one core: less memory, more time.",
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


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@with_input_options
@quiet_option
def extract(files, platform, skip_bad_rows, max_bytes, max_rows, quiet) -> None:
    """Print the network records of FILE… as JSON lines (default: the bundled report)."""
    from cio_graph.graph.build import jsonl_lines
    from cio_graph.graph.link_records import attach_links
    from cio_graph.queries.progress import progress_reporter

    with progress_reporter(quiet) as on_stage:
        collection = _collect(files, platform, skip_bad_rows, max_bytes, on_stage=on_stage, max_rows=max_rows)
        networks = collection.networks
        attach_links(networks)
    sys.stdout.writelines(jsonl_lines(networks))
    _report_problems(collection)


@click.command()
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
@low_memory_option
def build(files, out, platform, skip_bad_rows, max_bytes, max_rows, quiet, no_wait, low_memory) -> None:
    """Build records and every export from FILE… (default: the bundled report)."""
    from cio_graph.graph.build import new_collection, write_build
    from cio_graph.graph.build_folder import build_lock
    from cio_graph.queries.progress import progress_reporter

    with progress_reporter(quiet) as on_stage, new_collection(out, low_memory=low_memory) as collection:
        _collect(files, platform, skip_bad_rows, max_bytes, collection=collection, on_stage=on_stage, max_rows=max_rows)
        with build_lock(out, wait=not no_wait, on_wait=_say):
            written = write_build(collection, out, on_stage=on_stage, low_memory=low_memory)
        _report_problems(collection)
        _print_summary(collection, out, written)  # before a spool of the records is removed


@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@with_input_options
@quiet_option
@no_wait_option
@low_memory_option
def update(out, files, platform, skip_bad_rows, max_bytes, max_rows, quiet, no_wait, low_memory) -> None:
    """Add the reports in FILE… to the build in OUT (a changed month replaces the old one)."""
    from cio_graph.graph.build import load_build, new_collection, write_build
    from cio_graph.graph.build_folder import build_lock
    from cio_graph.queries.progress import progress_reporter

    if not out.is_dir():  # refused before anything, the lock file included, is written
        raise InputError(str(out), None, "no such build folder (expected one written by cio-graph build)")
    with progress_reporter(quiet) as on_stage, new_collection(out, low_memory=low_memory) as collection:
        with build_lock(out, wait=not no_wait, on_wait=_say):  # held from reading the old build to writing the new one
            _collect(
                files,
                platform,
                skip_bad_rows,
                max_bytes,
                collection=load_build(out, collection=collection),
                on_stage=on_stage,
                max_rows=max_rows,
            )
            written = write_build(collection, out, on_stage=on_stage, low_memory=low_memory)
        _report_problems(collection)
        _print_summary(collection, out, written)  # before a spool of the records is removed


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), default=DEFAULT_OUT)
def validate(path: Path) -> None:
    """Check a graph (a build folder or a .ttl/.nt/.jsonld file) against the SHACL shapes."""
    from cio_graph.graph.validate import validate as run_validation

    conforms, text = run_validation(path)
    click.echo(text)
    sys.exit(0 if conforms else 1)


@click.command()
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


COMMANDS = (extract, build, update, validate, evaluate)
