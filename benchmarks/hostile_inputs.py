"""Inputs that multiply under the byte limit, and what reading each costs: time and peak memory.

usage: python benchmarks/hostile_inputs.py [NAME …]

Each bomb is read by ``graph.parse.parse_bytes`` in a fresh process (so that its peak resident
memory is its own); the table shows the seconds, the peak memory and the first words of the error.
Every bomb is refused with an InputError naming the limit it breaks, except ``link-brackets`` (a
Meta page line of unclosed Markdown links) and ``inline-chains`` (a Meta page of deeply nested inline
elements), which are read, in linear time (both were quadratic). The tests read the
same bombs (``tests/test_hostile_inputs.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

HEAD = (
    b"<!DOCTYPE html><html><body><main><p>This report contains information about the covert influence "
    b"operations disrupted between May 1-31, 2024.</p><table>"
    b"<tr><th>Detection Source</th><th>Accounts in network</th><th>Followers of network</th>"
    b"<th>Description</th></tr>\n"
)
TAIL = b"</table></main></body></html>\n"
TEXT_HEAD = (
    "This report contains information about the covert influence operations disrupted between "
    "May 1-31, 2024.\nDetection source | Accounts in network | Followers of network | Description |\n"
)
META_HEAD = (
    "# Indicators of Compromise: Ruritania-Based Network\n\nMeta disrupted a network. This file contains "
    "IOCs from Meta's Adversarial Threat Report Q3 2024.\n\n## Summary\n\nWe removed 5 Facebook accounts. "
)


def colspan_bomb() -> tuple[bytes, str]:
    """4.6 MB of cells spanning 1,000 columns each: billions of cells once laid out."""
    row = b"<tr>" + b"<td colspan=1000>x</td>" * 4 + b"</tr>\n"
    return HEAD + row * (4_600_000 // len(row)) + TAIL, "colspan.html"


def colspan_wide() -> tuple[bytes, str]:
    """Spans within the limit, rows 64 columns wide: millions of laid-out cells from 3 MB."""
    row = b"<tr>" + b"<td colspan=16>x</td>" * 4 + b"</tr>\n"
    return HEAD + row * (3_000_000 // len(row)) + TAIL, "colspan-wide.html"


def rowspan_bomb() -> tuple[bytes, str]:
    """Cells spanning 65,534 rows: every later row drags them along."""
    first = b"<tr>" + b"<td rowspan=65534>x</td>" * 4 + b"</tr>\n"
    return HEAD + first + b"<tr><td>y</td></tr>\n" * 100_000 + TAIL, "rowspan.html"


def attribute_bomb() -> tuple[bytes, str]:
    """1.9 MB: one element with 200,000 attributes (libxml2 checks each against all before it)."""
    attributes = b" ".join(b"a%d" % i for i in range(200_000))
    return HEAD + b"<tr><td " + attributes + b">Internal</td></tr>" + TAIL, "attributes.html"


def deep_nesting() -> tuple[bytes, str]:
    """100,000 nested elements."""
    return HEAD + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + TAIL, "deep.html"


def nested_tables() -> tuple[bytes, str]:
    """50 layout tables, each in a cell of the one around it."""
    opening = b"<table><tr><td>" * 50
    return HEAD.replace(b"<table>", opening, 1) + b"</td></tr></table>" * 50 + TAIL, "nested-tables.html"


def many_cells() -> tuple[bytes, str]:
    """2.1 million empty cells in 9 MB."""
    return HEAD + b"<tr>" + b"<td>" * 2_100_000 + b"</tr>" + TAIL, "cells.html"


def many_elements() -> tuple[bytes, str]:
    """3 million empty inline elements in 9 MB."""
    return (
        HEAD + b"<tr><td>Internal</td><td>1</td><td>2</td><td>" + b"<b>" * 3_000_000 + b"</td></tr>" + TAIL,
        "elements.html",
    )


def short_rows() -> tuple[bytes, str]:
    """One million short rows (about 29 MB of text): a network each."""
    return (TEXT_HEAD + "I | 1 | 2 | Accounts targeting X |\n" * 1_000_000).encode("utf-8"), "rows.txt"


def wide_row() -> tuple[bytes, str]:
    """One text row of 500,000 cells."""
    return (TEXT_HEAD + "Internal | 1 | 2 |" + " x |" * 500_000 + "\n").encode("utf-8"), "wide.txt"


def link_brackets() -> tuple[bytes, str]:
    """A Meta page with a 1 MB paragraph of unclosed Markdown links ('[a](' …)."""
    return (META_HEAD + "[a](" * 250_000 + "\n").encode("utf-8"), "links.md"


def inline_chains() -> tuple[bytes, str]:
    """A 5 MB Meta page of inline elements nested 200 deep around a block (each element's subtree was read
    once per ancestor: quadratic in the depth)."""
    chain = b"<span>" * 200 + b"<div>We removed 5 Facebook accounts.</div>" + b"</span>" * 200
    head = (
        b"<html><body><article><h1>Indicators of Compromise: Ruritania-Based Network</h1><p>Meta disrupted a "
        b"network. This file contains IOCs from Meta's Adversarial Threat Report Q3 2024.</p><h2>Summary</h2>"
    )
    return head + chain * (5_000_000 // len(chain)) + b"</article></body></html>", "chains.html"


BOMBS: dict[str, Callable[[], tuple[bytes, str]]] = {
    "colspan": colspan_bomb,
    "colspan-wide": colspan_wide,
    "rowspan": rowspan_bomb,
    "attributes": attribute_bomb,
    "deep-nesting": deep_nesting,
    "nested-tables": nested_tables,
    "cells": many_cells,
    "elements": many_elements,
    "short-rows": short_rows,
    "wide-row": wide_row,
    "link-brackets": link_brackets,
    "inline-chains": inline_chains,
}

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from hostile_inputs import BOMBS
from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import parse_bytes
data, name = BOMBS[sys.argv[1]]()
start = time.perf_counter()
try:
    parsed = parse_bytes(data, name)
    outcome = f"read: {sum(len(t.rows) for t in parsed.tables)} networks"
except InputError as error:
    outcome = str(error)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"bytes": len(data), "seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""


def measure(name: str) -> dict:
    """Read the bomb ``name`` in a fresh process: its size, seconds, peak MB and outcome."""
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, name, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        check=True,
    )
    return json.loads(result.stdout)


def main() -> None:
    names = sys.argv[1:] or list(BOMBS)
    print(f"{'bomb':<14} {'MB':>6} {'seconds':>8} {'peak MB':>8}  outcome")
    for name in names:
        figures = measure(name)
        print(
            f"{name:<14} {figures['bytes'] / 1e6:>6.1f} {figures['seconds']:>8.2f} {figures['peak_mb']:>8.0f}  "
            f"{figures['outcome'][:90]}"
        )


if __name__ == "__main__":
    main()
