"""The project's error for bad input files."""

from __future__ import annotations

__all__ = ["InputError", "Where"]

Where = tuple[str, "int | None"]  # (file, line): where an input error is; ``InputError(*where, message)``


class InputError(Exception):
    """Bad input: names the file, the line (text) or table row (HTML), and what was expected.

    >>> str(InputError("tiktok.txt", 12, "expected 4 cells, found 3"))
    'tiktok.txt:12: expected 4 cells, found 3'
    >>> str(InputError("tiktok.txt", None, "empty file"))
    'tiktok.txt: empty file'
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self):  # keep pickling (multiprocessing, pytest-xdist) working
        return (type(self), (self.path, self.line, self.message))
