"""Single-process entity extraction speed, in networks per second, with no row cache helping.

usage: python benchmarks/extract_speed.py [REPORT ...] [--limit N] [--repeat 3] [--profile]

Default reports: the bundled TikTok report and ``benchmarks/data/synthetic-10000.txt``
(generated with ``benchmarks/generate.py 10000 --out benchmarks/data`` when missing).
Every distinct (title, description) pair is extracted once per round, after clearing the
memos of whole rows and of single texts, so the figure is what unseen rows cost (a title seen
earlier in the same round is still read once only, as in a build). The best of ``--repeat``
rounds is printed, by wall-clock and by CPU time (the second is steadier on a busy machine),
and the first round's, when the name-level memos (who a name is, how a run of names splits)
are still empty too. ``--profile`` prints the top of a cProfile run of one round instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from cio_graph.graph import extract as extraction
from cio_graph.graph.parse import parse_file

HERE = Path(__file__).resolve().parent

DEFAULT_REPORTS = (HERE.parent / "graph" / "data" / "tiktok_cio_2024.txt", HERE / "data" / "synthetic-10000.txt")


def distinct_rows(path: Path, limit: int | None) -> list[tuple[str, str]]:
    """The distinct (title, description) pairs of a report, in order."""
    if not path.exists() and path.name == "synthetic-10000.txt":
        from generate import generate

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate(10000)[0], encoding="utf-8")
    pairs = [(row.title, row.description) for table in parse_file(path).tables for row in table.rows]
    return list(dict.fromkeys(pairs))[:limit]


def one_round(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """Wall and CPU seconds to extract every pair once, starting from empty row memos."""
    extraction.clear_caches()
    wall, cpu = time.perf_counter(), time.process_time()
    for title, description in pairs:
        extraction.extract(title, description)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*", type=Path, default=list(DEFAULT_REPORTS))
    parser.add_argument("--limit", type=int, default=None, help="first N distinct rows only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    extraction.extract("Warm-up in Kenya", "Operated from Kenya, targeting a Kenyan audience.")
    for path in args.reports:
        pairs = distinct_rows(path, args.limit)
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(one_round, pairs)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            continue
        rounds = [one_round(pairs) for _ in range(args.repeat)]
        wall, cpu = min(w for w, _ in rounds), min(c for _, c in rounds)
        print(
            f"{path.name}: {len(pairs)} distinct rows, {len(pairs) / wall:,.0f} networks/s "
            f"({len(pairs) / cpu:,.0f} by CPU time; first round {len(pairs) / rounds[0][0]:,.0f})"
        )


if __name__ == "__main__":
    main()
