"""Running a query in a child process, so an engine that aborts ends the child, not the command.

pyoxigraph can abort its process on some queries (see ``docs/known-issues.md``). The command line
runs its queries through :func:`run_contained`: the child (forked, network isolated where the
kernel allows) sends back the result or the error; a child that dies becomes one
:class:`~graph.errors.InputError` naming how it died.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cio_graph.graph.errors import InputError

__all__ = ["run_contained"]


def _child(connection, source: str, function: Callable[..., Any], args: tuple, log: str) -> None:
    import os

    from cio_graph.queries.sandbox import isolate_network

    descriptor = os.open(log, os.O_WRONLY)
    os.dup2(descriptor, 2)  # what the engine prints as it aborts goes to the parent's message
    os.close(descriptor)
    isolate_network()
    try:
        outcome = ("ok", function(*args))
    except InputError as error:
        outcome = ("error", error)
    except Exception as error:
        outcome = ("error", InputError(source, None, f"the query failed: {type(error).__name__}: {error}"))
    connection.send(outcome)
    connection.close()


def run_contained(source: str, function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` computed in a child process; ``source`` names the query in messages.

    >>> run_contained("<query>", sum, [1, 2, 3])
    6
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.NamedTemporaryFile(prefix="cio-graph-query-", suffix=".log") as log:
        process = context.Process(target=_child, args=(sender, source, function, args, log.name), daemon=True)
        process.start()
        sender.close()
        try:
            kind, value = receiver.recv()
        except EOFError:
            process.join()
            code = process.exitcode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            said = _panic_message(Path(log.name).read_text(encoding="utf-8", errors="replace"))
            raise InputError(
                source, None, f"the SPARQL engine crashed on this query ({how}{said}); see docs/known-issues.md"
            ) from None
        finally:
            receiver.close()
        process.join()
        sys.stderr.write(Path(log.name).read_text(encoding="utf-8", errors="replace"))
    if kind == "error":
        raise value
    return value


def _panic_message(log: str) -> str:
    """``": <first line of the engine's panic message>"`` from what the child printed, or ``""``."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if "panicked at" in line:
            return ": " + (lines[index + 1] if index + 1 < len(lines) else line)[:200]
    return ""
