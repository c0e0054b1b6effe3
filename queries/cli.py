"""The ``cio-graph`` command line: the command group, its error messages and the entry point.

Every command calls library functions and prints: the build commands are in
:mod:`queries.cli_build`, the query commands in :mod:`queries.cli_queries`.
"""

from __future__ import annotations

import sys

import click

from cio_graph.graph.errors import InputError
from cio_graph.queries import cli_build, cli_queries

__all__ = ["CioGroup", "cli", "main", "show_error"]

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


for command in (*cli_build.COMMANDS, *cli_queries.COMMANDS):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cio-graph")
