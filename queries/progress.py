"""Build progress on stderr: a rich display on a terminal, otherwise a line now and then.

Nothing shows during the first :data:`QUIET_SECONDS` of a build, so the small bundled reports
build silently. After that, on a terminal, a transient rich progress bar per stage; elsewhere
(a log, a pipe) one line when a stage starts and at most one every :data:`LINE_SECONDS` within
it: ``cio-graph: extracting 12,000/20,000 networks``.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

from cio_graph.graph.progress import STAGE_UNITS, OnStage

__all__ = ["LINE_SECONDS", "QUIET_SECONDS", "LineProgress", "RichProgress", "progress_reporter"]

QUIET_SECONDS = 2.0
LINE_SECONDS = 2.0


def describe(stage: str, done: int, total: int) -> str:
    """One progress line.

    >>> describe("extracting", 12000, 20000)
    'cio-graph: extracting 12,000/20,000 networks'
    """
    return f"cio-graph: {stage} {done:,}/{total:,} {STAGE_UNITS.get(stage, '')}".rstrip()


class LineProgress:
    """Lines on a stream: at each new stage and at most every ``every`` seconds, once ``quiet``
    seconds have passed since the start."""

    def __init__(
        self,
        stream: TextIO,
        clock: Callable[[], float] = time.monotonic,
        quiet: float = QUIET_SECONDS,
        every: float = LINE_SECONDS,
    ) -> None:
        self.stream, self.clock, self.quiet, self.every = stream, clock, quiet, every
        self.start = clock()
        self.stage: str | None = None
        self.last_line = float("-inf")

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        new_stage = stage != self.stage
        self.stage = stage
        if now - self.start < self.quiet:
            return
        if new_stage or now - self.last_line >= self.every:
            self.stream.write(describe(stage, done, total) + "\n")
            self.stream.flush()
            self.last_line = now


class RichProgress:
    """A transient rich progress bar per stage on stderr, shown once ``quiet`` seconds have passed."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, quiet: float = QUIET_SECONDS) -> None:
        self.clock, self.quiet = clock, quiet
        self.start = clock()
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.progress is None:
            if self.clock() - self.start < self.quiet:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.progress.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(f"{stage} ({STAGE_UNITS.get(stage, '')})", total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextlib.contextmanager
def progress_reporter(quiet: bool = False, stream: TextIO | None = None) -> Iterator[OnStage | None]:
    """The ``on_stage`` callback for a build: None when ``quiet``, rich on a terminal, lines otherwise."""
    stream = stream if stream is not None else sys.stderr
    if quiet:
        yield None
    elif stream.isatty():
        reporter = RichProgress()
        try:
            yield reporter
        finally:
            reporter.close()
    else:
        yield LineProgress(stream)
