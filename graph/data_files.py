"""The bundled data files (``graph/data``): where they are, and their CSV rows with the header checked."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from cio_graph.graph.errors import InputError

__all__ = ["csv_rows", "data_path", "read_csv"]


def data_path(*parts: str) -> Path:
    """Path of a file bundled in ``graph/data``."""
    return Path(str(resources.files("cio_graph.graph").joinpath("data", *parts)))


def csv_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Each row of a CSV file with the line it ends on, checking that the header has ``columns``.

    >>> csv_rows(data_path("gazetteer_seats.csv"), ("code", "names"))[0][0]
    2
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path.name, 1, f"expected columns {', '.join(columns)}; missing {', '.join(missing)}")
        return [(reader.line_num, row) for row in reader]


def read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a CSV file, checking that the header has ``columns``."""
    return [row for _, row in csv_rows(path, columns)]
