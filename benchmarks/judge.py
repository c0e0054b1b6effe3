"""Speed of the query judge (``queries/query_guard.py``) on ordinary and adversarial text.

    .venv/bin/python benchmarks/judge.py

Prints the mean time to judge every canned query, and the time for 100 kB texts built to make a
tokenizer backtrack or rescan (long runs of name characters and dots, unterminated strings and
IRIs, deep operator runs). The judge reads each text once, so every figure should stay in the
tens of milliseconds; a quadratic case would take seconds to minutes.
"""

from __future__ import annotations

import time

from cio_graph.queries.library import list_queries
from cio_graph.queries.protocol_errors import ProtocolError
from cio_graph.queries.query_guard import check_query

SIZE = 100_000
ADVERSARIAL = {
    "name run with dots": "a." * (SIZE // 2),
    "prefixed names with dots": "a:" + "b." * (SIZE // 2),
    "escaped local names": "a:" + "\\-" * (SIZE // 2),
    "quotes behind escapes": "\"(a(\\'" * (SIZE // 6),
    "unterminated long string": "'''" + "x" * SIZE,
    "IRI starts": "<a" * (SIZE // 2),
    "language tags": "@a-" * (SIZE // 3),
    "unary operators": "!" * SIZE,
    "triple patterns": "SELECT * WHERE { " + " ".join(f'?s{i} <http://e/p{i}> "v{i}" .' for i in range(3000)) + " }",
}


def timed(text: str) -> float:
    started = time.perf_counter()
    try:
        check_query(text)
    except ProtocolError:
        pass
    return time.perf_counter() - started


def main() -> None:
    canned = [query.bind({}) for query in list_queries()]
    rounds = 20
    total = sum(timed(text) for _ in range(rounds) for text in canned)
    print(f"canned queries ({len(canned)}): {1000 * total / (rounds * len(canned)):.3f} ms each on average")
    for name, text in ADVERSARIAL.items():
        print(f"{name} ({len(text):,} chars): {1000 * timed(text):.1f} ms")


if __name__ == "__main__":
    main()
