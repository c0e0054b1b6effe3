"""Writing an export file: UTF-8 and ``\\n`` line ends everywhere, so output is byte-identical."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["write_chunks"]


def write_chunks(path: Path, chunks: Iterable[str]) -> Path:
    """Write ``chunks`` of text to ``path`` (UTF-8, ``\\n`` line ends) and return the path."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(chunks)
    return path
