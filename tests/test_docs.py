"""The README documents every command, option and canned query, and its quick start is what CI runs."""

from __future__ import annotations

import re

import click

from cio_graph.queries.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    missing = [name for name in cli.commands if f"cio-graph {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_option_is_documented():
    missing = sorted(
        {
            option
            for command in cli.commands.values()
            for param in command.params
            if isinstance(param, click.Option)
            for option in param.opts
            if option.startswith("--") and option not in README
        }
    )
    assert not missing, f"options missing from README.md: {missing}"


def test_every_canned_query_is_documented():
    names = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    assert names, "no canned queries found"
    missing = [name for name in names if f"| `{name}` |" not in README]
    assert not missing, f"canned queries missing from the README's query table: {missing}"


def test_quick_start_is_the_two_make_commands_and_ci_runs_the_test_one():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^    (make \w+)$", quick_start, flags=re.M) == ["make demo", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
