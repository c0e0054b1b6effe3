"""Progress of a build, told to whoever runs it (the command line draws it; ``graph`` never prints).

The build calls ``on_stage(stage, done, total)`` as it goes: ``parsing`` (input files),
``extracting`` (networks), ``linking`` (networks), ``graph triples`` (networks), ``writing``
(export files). Each stage starts with ``done == 0`` and ends with ``done == total``.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["OnStage", "STAGES", "STAGE_UNITS", "every", "ignore"]

OnStage = Callable[[str, int, int], None]
STAGES = ("parsing", "extracting", "linking", "graph triples", "writing")
STAGE_UNITS = {
    "parsing": "files",
    "extracting": "networks",
    "linking": "networks",
    "graph triples": "networks",
    "writing": "files",
}


def ignore(stage: str, done: int, total: int) -> None:
    """The callback that does nothing (the default)."""


def every(on_stage: OnStage | None, stage: str, step: int = 1000) -> Callable[[int, int], None]:
    """``(done, total)`` calls for one stage, passed on at ``done == 0``, every ``step`` and at the end.

    >>> seen = []
    >>> tell = every(lambda *call: seen.append(call), "extracting", step=2)
    >>> for done in range(6): tell(done, 5)
    >>> seen
    [('extracting', 0, 5), ('extracting', 2, 5), ('extracting', 4, 5), ('extracting', 5, 5)]
    """
    on_stage = on_stage or ignore

    def tell(done: int, total: int) -> None:
        if done % step == 0 or done == total:
            on_stage(stage, done, total)

    return tell
