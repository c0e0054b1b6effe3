"""A step of the build run in a forked process, so that the memory it uses leaves with it.

A step that reads a whole input file, or goes through every network once, allocates far more than
it returns; CPython keeps much of what it frees (its small-object arenas are given back only when
wholly empty), so after ten such steps a process holds ten steps' worth of memory it no longer
uses. Run in a child, the step's memory is the child's: the parent receives only the result.
``build --low-memory`` parses and extracts each input file, and finds the links, this way.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["Progress", "in_child"]

T = TypeVar("T")
Progress = Callable[[int, int], None]  # (done, total) of the step


def _ignore(done: int, total: int) -> None:
    """Progress nobody follows."""


def in_child(step: Callable[..., T], *args: Any, on_progress: Progress | None = None) -> T:
    """``step(*args, progress=...)`` run in a forked process: its result, or its error raised here.

    The step calls ``progress(done, total)`` as it goes; the calls are passed on to ``on_progress``
    in this process. The arguments are not copied (the child is a fork of this process); the result
    and any error are pickled back. Where processes cannot be forked, the step runs in this process.

    >>> def count(numbers, progress):
    ...     progress(len(numbers), len(numbers))
    ...     return sum(numbers)
    >>> seen = []
    >>> in_child(count, [1, 2, 3], on_progress=lambda *call: seen.append(call)), seen
    (6, [(3, 3)])
    >>> def fail(progress):
    ...     raise ValueError("expected a number")
    >>> in_child(fail)
    Traceback (most recent call last):
    ValueError: expected a number
    """
    on_progress = on_progress or _ignore
    if "fork" not in multiprocessing.get_all_start_methods():
        return step(*args, progress=on_progress)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(sender, step, args), name=f"cio-graph-{step.__name__}")
    child.start()
    sender.close()
    try:
        while True:
            try:
                kind, value = receiver.recv()
            except EOFError:
                child.join()
                raise RuntimeError(f"{step.__name__} stopped (exit code {child.exitcode})") from None
            if kind == "progress":
                on_progress(*value)
            elif kind == "result":
                return value
            else:
                raise value
    except BaseException:
        child.terminate()  # an error, or an interrupt here: the child's work is moot
        raise
    finally:
        receiver.close()
        child.join()


def _run(sender: Any, step: Callable[..., Any], args: tuple) -> None:
    """The child's side of :func:`in_child`."""

    def progress(done: int, total: int) -> None:
        sender.send(("progress", (done, total)))

    try:
        result = step(*args, progress=progress)
    except BaseException as error:  # every error goes back to the parent
        try:
            sender.send(("error", error))
        except Exception:  # an error that cannot be pickled goes back as its text
            sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    else:
        sender.send(("result", result))
    finally:
        sender.close()
