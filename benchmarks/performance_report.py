"""The Markdown of docs/performance.md, from the figures ``benchmarks/performance.py`` measured:
one table per part, and every target with its figure and "met" or "not met"."""

from __future__ import annotations

__all__ = ["report"]


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:,.1f}"


def ratio(project: float | None, raw: float | None) -> str:
    return "–" if project is None or raw is None or raw == 0 else f"{project / raw:.2f}"


def verdict(met: bool) -> str:
    return "met" if met else "not met"


def report(
    builds: list[dict],
    queries: dict[int, list[dict]],
    cold: dict[str, float],
    writers: dict,
    writers_size: int | None,
    loads: tuple[str, str],
    service: dict | None = None,
    service_size: int | None = None,
    service_duration: float = 10.0,
    startups: dict[int, dict] | None = None,
    cached: dict[str, dict] | None = None,
    million: dict | None = None,
) -> str:
    lines = [
        "# Performance",
        "",
        "Written by `benchmarks/performance.py` (synthetic reports of `benchmarks/generate.py`) on this "
        "project's 2-core machine, shared with other work: figures of one run compare with each other, "
        "not with other runs. What the figures mean, and why the build and queries are as fast as they "
        "are: [performance-notes.md](performance-notes.md).",
        "",
        f"Load average before: {loads[0]}; after: {loads[1]}.",
        "",
    ]
    targets: list[tuple[str, str, str]] = []
    lines += [
        "## Build",
        "",
        "Fresh `cio-graph build -q` of the synthetic text report: wall time (median of the runs given), "
        "peak memory of the process tree (PSS; the build runs a second process and a store thread), time "
        "of each stage (one run), and the floor: a fresh pyoxigraph process loading the final `graph.nt`.",
        "",
        "| networks | triples | runs | build (s) | peak (MB PSS) | floor (s) | build / floor | stages (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for b in builds:
        stages = ", ".join(f"{name} {value:.1f}" for name, value in b["stages"].items() if name != "total")
        lines.append(
            f"| {b['size']:,} | {b['triples']:,} | {b.get('runs', '')} | {seconds(b['wall'])} | "
            f"{b['peak_mb']:,.0f} | {seconds(b['floor'])} | {b['wall'] / b['floor']:.1f} | {stages} |"
        )
    lows = [b for b in builds if b.get("low_memory")]
    if lows:
        lines += [
            "",
            "`cio-graph build -q --low-memory` (the exports one at a time in one process, the store loaded in "
            "batches), one fresh run beside the default build's figures above:",
            "",
            "| networks | build (s) | × default | peak (MB PSS) | × default |",
            "|---:|---:|---:|---:|---:|",
        ]
        for b in lows:
            low = b["low_memory"]
            lines.append(
                f"| {b['size']:,} | {seconds(low['wall'])} | {low['wall'] / b['wall']:.2f} | "
                f"{low['peak_mb']:,.0f} | {low['peak_mb'] / b['peak_mb']:.2f} |"
            )
    if million:
        lines += million_table(million, builds, targets)
    lines += sizes_table(builds, million)
    for b in builds:
        if b["size"] == 100_000:
            targets.append(
                ("build of 100,000 networks, every export, ≤ 30 s", f"{b['wall']:.1f} s", verdict(b["wall"] <= 30))
            )
            targets.append(
                (
                    "build of 100,000 networks: peak memory ≤ 2 GB",
                    f"{b['peak_mb']:,.0f} MB",
                    verdict(b["peak_mb"] <= 2048),
                )
            )
            if b.get("low_memory"):
                low = b["low_memory"]
                targets.append(
                    (
                        "build of 100,000 networks with `--low-memory`: peak memory ≤ 2 GB",
                        f"{low['peak_mb']:,.0f} MB ({low['wall']:.1f} s)",
                        verdict(low["peak_mb"] <= 2048),
                    )
                )
    if writers:
        lines += [
            "",
            f"RDF writers side by side at {writers_size:,} networks (`benchmarks/writers.py`, "
            "in process, median of 3; ratio to the fastest):",
            "",
            "| file | writer | s | × fastest |",
            "|---|---|---:|---:|",
        ]
        for name, times in writers.items():
            best = min(times.values())
            for writer, value in times.items():
                lines.append(f"| {name} | {writer} | {value:.2f} | {value / best:.2f} |")
    for size, rows in queries.items():
        lines += [
            "",
            f"## Canned queries at {size:,} networks",
            "",
            "End to end: a fresh `cio-graph query NAME --format csv` (persisted store) against a fresh raw "
            "script (pyoxigraph loads `graph.nt`, runs the query, reads the rows; above 10,000 networks "
            "for a few queries only, as its load takes ~20 s), medians. In process, "
            "medians on stores already open: the project's engine (`run_on_store`: the query, its rows "
            "turned into Python values) on the in-memory store, as the service's workers and a "
            "long-lived Python process hold it, against raw `Store.query` reading the rows on the same "
            "store; and `run_canned` on the persisted (on-disk) store a fresh `cio-graph query` opens. "
            "Ratio = project / raw.",
            "",
            "| query | end to end (s) | raw (s) | ratio | in memory (ms) | raw (ms) | ratio | persisted (ms) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            memory = row.get("inproc_memory")
            lines.append(
                f"| `{row['query']}` | {seconds(row.get('fresh'))} | {seconds(row.get('fresh_raw'))} | "
                f"{ratio(row.get('fresh'), row.get('fresh_raw'))} | "
                f"{'–' if memory is None else f'{memory * 1000:,.1f}'} | "
                f"{row['inproc_raw'] * 1000:,.1f} | {ratio(memory, row['inproc_raw'])} | {row['inproc'] * 1000:,.1f} |"
            )
        measured = [row for row in rows if row.get("inproc_memory") is not None and row["inproc_raw"] >= 0.005]
        if measured:
            worst = max(measured, key=lambda row: row["inproc_memory"] / row["inproc_raw"])
            targets.append(
                (
                    f"canned queries in process at {size:,} networks within 1.5× of raw pyoxigraph "
                    "(queries of 5 ms or more)",
                    f"at most {worst['inproc_memory'] / worst['inproc_raw']:.2f}× (`{worst['query']}`) over "
                    f"{len(measured)} queries",
                    verdict(worst["inproc_memory"] / worst["inproc_raw"] <= 1.5),
                )
            )
        fresh = [row for row in rows if "fresh" in row]
        if size >= 100_000 and fresh:
            fast = [row["query"] for row in fresh if row["fresh"] <= 0.5]
            slow = [row for row in fresh if row["fresh"] > 0.5]
            bounded = [row for row in slow if row["inproc_raw"] > 0.5]  # the engine alone, graph in memory
            targets.append(
                (
                    f"fresh-process canned query at {size:,} networks ≤ 0.5 s",
                    f"{len(fast)} of {len(fresh)}; slowest {max(row['fresh'] for row in fresh):.2f} s; "
                    f"{len(bounded)} of the {len(slow)} slower ones take over 0.5 s in raw pyoxigraph "
                    "itself with the graph already in memory",
                    verdict(len(fast) == len(fresh)),
                )
            )
            compared = [row for row in fresh if "fresh_raw" in row]
            speedups = [row["fresh_raw"] / row["fresh"] for row in compared]
            targets.append(
                (
                    f"fresh-process canned query at {size:,} networks ≥ 5× faster than raw pyoxigraph",
                    f"{min(speedups):.1f}× to {max(speedups):.1f}× over {len(compared)} queries",
                    verdict(min(speedups) >= 5),
                )
            )
    if service:
        from service import markdown as service_table
        from service import targets as service_targets

        lines += ["", f"## Service at {service_size:,} networks", ""]
        lines += service_table(service, f"{service_size:,}-network", service_duration)
        targets += service_targets(service)
    if cached:
        from service import cached_markdown, cached_targets

        lines += ["", "## Cached answers", ""]
        lines += cached_markdown(cached, service_duration)
        targets += cached_targets(cached)
    if startups:
        lines += [
            "",
            "## Service start-up",
            "",
            "From `cio-graph serve` starting to its first answer, and the PSS of its process tree then: "
            "workers loading `graph.nt` into memory (the default) and `--on-disk` (the persisted store).",
            "",
            "| networks | in memory (s) | (MB PSS) | on disk (s) | (MB PSS) |",
            "|---:|---:|---:|---:|---:|",
        ]
        for size, modes in sorted(startups.items()):
            memory, disk = modes["in memory"], modes["on disk"]
            lines.append(
                f"| {size:,} | {memory['ready']:.2f} | {memory['pss_mb']:,.0f} | {disk['ready']:.2f} | {disk['pss_mb']:,.0f} |"
            )
        if million:
            disk = million["startup"]
            lines.append(f"| {million['size']:,} | – | – | {disk['ready']:.2f} | {disk['pss_mb']:,.0f} |")
            startups = {**startups, million["size"]: {"on disk": disk}}
        largest = max(startups)
        ready = startups[largest]["on disk"]["ready"]
        targets.append(
            (
                f"`serve` starts in seconds on a large build (`--on-disk`, {largest:,} networks)",
                f"{ready:.2f} s, {startups[largest]['on disk']['pss_mb']:,.0f} MB",
                verdict(ready <= 5),
            )
        )
    lines += ["", "## Cold start", "", "| command | s |", "|---|---:|"]
    for command, value in cold.items():
        lines.append(f"| `cio-graph {command}` | {value:.2f} |")
        targets.append((f"`cio-graph {command}` ≤ 0.3 s", f"{value:.2f} s", verdict(value <= 0.3)))
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {name} | {figure} | {met} |" for name, figure, met in targets]
    return "\n".join(lines) + "\n"


def million_table(million: dict, builds: list[dict], targets: list[tuple[str, str, str]]) -> list[str]:
    """The section of the largest build, with its two targets against the ``--low-memory`` build of a
    tenth of its networks in the same run (time ≤ 11×, peak memory ≤ 1.25×)."""
    size, tenth = million["size"], million["size"] // 10
    base = next((b["low_memory"] for b in builds if b["size"] == tenth and b.get("low_memory")), None)
    lines = [
        "",
        f"`cio-graph build -q --low-memory` of {size:,} networks in {million['parts']} files of consecutive "
        f"months (a report per file, as published), one fresh run, against the {tenth:,}-network "
        "`--low-memory` build above:",
        "",
        f"| networks | triples | build (s) | × {tenth:,} | peak (MB PSS) | × {tenth:,} |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    time_ratio = peak_ratio = None
    if base is not None:
        time_ratio, peak_ratio = million["wall"] / base["wall"], million["peak_mb"] / base["peak_mb"]
    lines.append(
        f"| {size:,} | {million['triples']:,} | {seconds(million['wall'])} | "
        f"{'–' if time_ratio is None else f'{time_ratio:.1f}'} | {million['peak_mb']:,.0f} | "
        f"{'–' if peak_ratio is None else f'{peak_ratio:.2f}'} |"
    )
    if time_ratio is not None and peak_ratio is not None:
        targets.append(
            (
                f"{size:,} networks: time ≤ 11 × the {tenth:,}-network build's (both `--low-memory`)",
                f"{million['wall']:,.0f} s, {time_ratio:.1f}×",
                verdict(time_ratio <= 11),
            )
        )
        targets.append(
            (
                f"{size:,} networks: memory bounded, not growing with the input (peak ≤ 1.25 × the "
                f"{tenth:,}-network build's, both `--low-memory`)",
                f"{million['peak_mb']:,.0f} MB, {peak_ratio:.2f}×",
                verdict(peak_ratio <= 1.25),
            )
        )
    return lines


def sizes_table(builds: list[dict], million: dict | None) -> list[str]:
    """Bytes of every export, per build size."""
    measured = [b for b in [*builds, *([million] if million else [])] if b.get("sizes")]
    if not measured:
        return []
    names = sorted({name for b in measured for name in b["sizes"]})
    lines = [
        "",
        "Size of every file of the build (MB, 10^6 bytes):",
        "",
        "| file | " + " | ".join(f"{b['size']:,}" for b in measured) + " |",
        "|---|" + "---:|" * len(measured),
    ]
    for name in names:
        cells = [f"{b['sizes'][name] / 1e6:,.1f}" if name in b["sizes"] else "–" for b in measured]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return lines
