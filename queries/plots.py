"""Figures of a built graph, as PNG and SVG (matplotlib Agg; reruns are byte-identical).

Each figure reads its numbers with a SPARQL query on pyoxigraph: origin -> target heat map,
tactic frequency with DISARM IDs, monthly timeline with the accounts removed from returning
networks, and the tactic co-occurrence network.
"""

from __future__ import annotations

from pathlib import Path

from cio_graph.graph.periods import period_dates
from cio_graph.queries.engine import DEFAULT_GRAPH, Result, run_canned, run_sparql

__all__ = [
    "DPI",
    "MAX_BARS",
    "MAX_COUNTRIES",
    "MAX_TACTICS",
    "STYLE",
    "default_figure_dir",
    "flows_heatmap",
    "monthly_timeline",
    "tactic_frequency",
    "tactic_network",
    "timeline_bins",
    "write_figures",
]

FORMATS = ("png", "svg")
MAX_COUNTRIES = 25  # rows and columns of the heat map: the countries with most networks, then "others"
MAX_TACTICS = 25  # bars of the tactic figures: the tactics most used, then "others"
MAX_BARS = 36  # report periods on the timeline; more are summed by quarter, then by year
MAX_WIDTH = 15.0  # inches: at most 2,250 px at 150 dpi
OTHERS = "others"
DPI = 150

ALL_FLOWS = """
SELECT ?origin ?target (COUNT(?network) AS ?networks) WHERE {
  ?network a cio:Network ; cio:originCountry/cio:alpha2 ?origin ; cio:targetCountry/cio:alpha2 ?target .
}
GROUP BY ?origin ?target
ORDER BY ?origin ?target
"""


def default_figure_dir(graph: Path | str | None = None) -> Path:
    """Where figures go by default: ``figures/`` in the build folder (``exports/figures``).

    >>> default_figure_dir(None).as_posix(), default_figure_dir("build/graph.ttl").as_posix()
    ('exports/figures', 'build/figures')
    """
    path = Path(graph) if graph is not None else DEFAULT_GRAPH
    return (path if path.is_dir() or path.suffix == "" else path.parent) / "figures"


def write_figures(graph: Path | str | None = None, out_dir: Path | str | None = None) -> list[Path]:
    """Draw every figure of ``graph`` (a build folder or RDF file) into ``out_dir``; the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir) if out_dir is not None else default_figure_dir(graph)
    out.mkdir(parents=True, exist_ok=True)
    drawings = (
        ("flows-heatmap", lambda: flows_heatmap(run_sparql(ALL_FLOWS, graph))),
        ("tactic-frequency", lambda: tactic_frequency(run_canned("tactic-frequency", graph=graph))),
        ("monthly-timeline", lambda: monthly_timeline(run_canned("monthly-timeline", graph=graph))),
        (
            "tactic-cooccurrence",
            lambda: tactic_network(
                run_canned("tactic-frequency", graph=graph),
                run_canned("tactic-co-occurrence", {"min_networks": "1"}, graph=graph),
            ),
        ),
    )
    written = []
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]  # matplotlib types the keys as literals
        for name, draw in drawings:
            figure = draw()
            for fmt in FORMATS:
                path = out / f"{name}.{fmt}"
                figure.savefig(path, format=fmt, dpi=DPI, metadata=_metadata(fmt))
                written.append(path)
            plt.close(figure)
    return written


STYLE = {  # the matplotlib settings every figure is drawn with
    "svg.hashsalt": "cio-graph",
    "svg.fonttype": "path",
    "font.size": 10,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": DPI,
    "savefig.bbox": "tight",
}


def _metadata(fmt: str) -> dict:
    """Metadata without dates or versions, so a rerun writes the same bytes."""
    if fmt == "svg":
        return {"Date": None, "Creator": "cio-graph"}
    return {"Software": "cio-graph"}


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_axis_off()


def flows_heatmap(flows: Result):
    """Networks per origin (rows) and target (columns) country; the diagonal is domestic."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    counts = {(o, t): n for o, t, n in flows.rows}
    totals: dict[str, int] = {}
    for (origin, target), n in counts.items():
        totals[origin] = totals.get(origin, 0) + n
        totals[target] = totals.get(target, 0) + n
    ranked = sorted(totals, key=lambda c: (-totals[c], c))[:MAX_COUNTRIES]
    if len(totals) > MAX_COUNTRIES:
        kept = set(ranked)
        folded: dict[tuple[str, str], int] = {}
        for (origin, target), n in counts.items():
            key = (origin if origin in kept else OTHERS, target if target in kept else OTHERS)
            folded[key] = folded.get(key, 0) + n
        counts = folded
        ranked.append(OTHERS)
    origins = [c for c in ranked if any(o == c for o, _ in counts)]
    targets = [c for c in ranked if any(t == c for _, t in counts)]
    size = max(len(targets), 4) * 0.45 + 2.5, max(len(origins), 4) * 0.4 + 2
    figure, ax = plt.subplots(figsize=size)
    if not counts:
        _empty(ax, "No network names both an origin and a target country")
        return figure
    grid = np.array([[counts.get((o, t), 0) for t in targets] for o in origins], dtype=float)
    shown = np.ma.masked_equal(grid, 0)
    image = ax.imshow(shown, cmap="OrRd", vmin=0, vmax=max(grid.max(), 2), aspect="auto")
    for i, origin in enumerate(origins):
        for j, target in enumerate(targets):
            if grid[i, j]:
                ax.text(
                    j,
                    i,
                    f"{int(grid[i, j])}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if grid[i, j] > grid.max() / 3 else "black",
                    fontweight="bold" if origin == target != OTHERS else "normal",
                )
            if origin == target != OTHERS:
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="0.2", lw=1.6))
    ax.set_xticks(range(len(targets)), targets)
    ax.set_yticks(range(len(origins)), origins)
    ax.set_xlabel("target country")
    ax.set_ylabel("operated from")
    ax.set_title("Networks by origin and target country")
    ax.spines[:].set_visible(False)
    ax.set_xticks(np.arange(len(targets) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(origins) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="0.9", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    colorbar = figure.colorbar(image, ax=ax, shrink=0.8, ticks=MaxNLocator(integer=True))
    colorbar.set_label("networks")
    note = "Framed cells: domestic (operated from and targeting the same country)."
    if len(totals) > MAX_COUNTRIES:
        note += (
            f" The {MAX_COUNTRIES} countries with most networks of {len(totals)};"
            f' "{OTHERS}" sums the other {len(totals) - MAX_COUNTRIES}.'
        )
    figure.text(0.01, 0.0, note, fontsize=8, color="0.35")
    return figure


def tactic_frequency(tactics: Result):
    """Networks per tactic, labelled with the tactic's DISARM technique IDs."""
    import matplotlib.pyplot as plt

    rows = tactics.records()
    if len(rows) > MAX_TACTICS:
        rest = rows[MAX_TACTICS:]
        rows = rows[:MAX_TACTICS] + [
            {
                "label": f"{len(rest)} other tactics (uses summed)",
                "disarm": "",
                "networks": sum(r["networks"] for r in rest),
            }
        ]
    rows = rows[::-1]
    figure, ax = plt.subplots(figsize=(9, 0.34 * max(len(rows), 3) + 1.4))
    if not rows:
        _empty(ax, "No tactics")
        return figure
    labels = [f"{r['label']}  ({r['disarm'].replace(' ', ', ')})" if r["disarm"] else r["label"] for r in rows]
    bars = ax.barh(range(len(rows)), [r["networks"] for r in rows], color="#c0504d", height=0.7)
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlabel("networks using the tactic")
    ax.set_title("Tactics, with DISARM technique IDs")
    ax.margins(x=0.08)
    return figure


def monthly_timeline(months: Result):
    """Networks disrupted per month, and accounts: in new networks and removed from returning ones."""
    import matplotlib.pyplot as plt

    rows, unit = timeline_bins(months.records())
    figure, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(min(MAX_WIDTH, max(7, 0.4 * len(rows) + 2)), 6.5),
        sharex=True,
        gridspec_kw={"height_ratios": [1, 1.3]},
    )
    if not rows:
        _empty(top, "No networks")
        bottom.set_axis_off()
        return figure
    x = range(len(rows))
    bars = top.bar(x, [r["networks"] for r in rows], color="#4f81bd", width=0.7)
    top.bar_label(bars, padding=2, fontsize=8 if len(rows) <= 24 else 6)
    top.set_ylabel("networks disrupted")
    top.set_title(f"Covert influence networks per {unit}")
    top.margins(y=0.15)
    bottom.plot(x, [r["accounts"] for r in rows], marker="o", color="#4f81bd", label="accounts in new networks")
    returning = [
        (i, r["returning_accounts_removed"]) for i, r in zip(x, rows) if r["returning_accounts_removed"] is not None
    ]
    if returning:
        bottom.plot(
            [i for i, _ in returning],
            [v for _, v in returning],
            marker="s",
            color="#c0504d",
            label="accounts removed from returning networks",
        )
    bottom.set_yscale("log")
    bottom.set_ylabel("accounts (log scale)")
    bottom.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False, fontsize=9)
    bottom.grid(axis="y", color="0.9", which="major")
    bottom.set_xticks(list(x), [r["period"] for r in rows], rotation=45, ha="right")
    return figure


def tactic_network(tactics: Result, pairs: Result):
    """Tactics on a circle, most used first (dot size: networks using it), joined when networks
    use both (line width: how many)."""
    import math

    import matplotlib.pyplot as plt

    nodes = tactics.records()
    left_out = len(nodes) - MAX_TACTICS
    nodes = nodes[:MAX_TACTICS]
    figure, ax = plt.subplots(figsize=(11, 11))
    ax.set_title("Tactics used together by the same networks", pad=12)
    ax.set_axis_off()
    ax.set_aspect("equal")
    if not nodes:
        _empty(ax, "No tactics")
        return figure
    angle = {row["tactic"]: math.pi / 2 - 2 * math.pi * i / len(nodes) for i, row in enumerate(nodes)}
    where = {t: (math.cos(a), math.sin(a)) for t, a in angle.items()}
    largest = max(row["networks"] for row in nodes)
    links = [row for row in pairs.records() if row["tactic_a"] in where and row["tactic_b"] in where]
    heaviest = max((row["networks"] for row in links), default=1)
    for row in sorted(links, key=lambda r: r["networks"]):
        (x1, y1), (x2, y2) = where[row["tactic_a"]], where[row["tactic_b"]]
        share = row["networks"] / heaviest
        ax.plot(
            [x1, x2],
            [y1, y2],
            color=plt.cm.Blues(0.35 + 0.6 * share),
            linewidth=0.8 + 6 * share,
            alpha=0.85,
            solid_capstyle="round",
            zorder=1,
        )
    for row in nodes:
        x, y = where[row["tactic"]]
        ax.scatter([x], [y], s=60 + 900 * row["networks"] / largest, color="#f4b183", edgecolors="#c0504d", zorder=2)
        degrees = math.degrees(angle[row["tactic"]]) % 360
        left = 90 < degrees < 270
        ax.text(
            1.1 * x,
            1.1 * y,
            f"{row['label']} ({row['networks']})",
            fontsize=9,
            va="center",
            ha="right" if left else "left",
            rotation=degrees - 180 if left else degrees,
            rotation_mode="anchor",
        )
    ax.set_xlim(-2.3, 2.3)
    ax.set_ylim(-2.3, 2.3)
    ax.text(
        0,
        -0.02,
        "Dot size: networks using the tactic (in brackets). "
        "Line width and colour: networks using both."
        + (f" The {MAX_TACTICS} tactics most used; {left_out} others left out." if left_out > 0 else ""),
        transform=ax.transAxes,
        fontsize=9,
        color="0.35",
    )
    return figure


def timeline_bins(rows: list[dict], most: int = MAX_BARS) -> tuple[list[dict], str]:
    """The timeline's bars and what one stands for: report periods as they are, or, past ``most``,
    summed by the quarter of their first day, or past ``most`` quarters by year.

    >>> rows = [{"period": f"2020-{m:02}", "networks": 1, "accounts": 2, "returning_accounts_removed": None}
    ...         for m in range(1, 13)] + [{"period": "2021-H1", "networks": 5, "accounts": 0,
    ...                                    "returning_accounts_removed": 7}]
    >>> bins, unit = timeline_bins(rows, most=6)
    >>> unit
    'quarter (report periods summed by the quarter they start in)'
    >>> [(b["period"], b["networks"], b["accounts"], b["returning_accounts_removed"]) for b in bins[-2:]]
    [('2020-Q4', 3, 6, None), ('2021-Q1', 5, 0, 7)]
    >>> [b["period"] for b in timeline_bins(rows, most=4)[0]], timeline_bins(rows, most=4)[1]
    (['2020', '2021'], 'year (report periods summed by the year they start in)')
    """
    if len(rows) <= most:
        return rows, "report period"
    bins = _sum_by(rows, lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}")
    unit = "quarter"
    if len(bins) > most:
        bins, unit = _sum_by(rows, lambda d: str(d.year)), "year"
    return bins, f"{unit} (report periods summed by the {unit} they start in)"


def _sum_by(rows: list[dict], key) -> list[dict]:
    """Timeline rows summed by ``key(first day of the period)``, in order of the key."""
    bins: dict[str, dict] = {}
    for row in rows:
        label = key(period_dates(str(row["period"]))[0])
        summed = bins.setdefault(
            label, {"period": label, "networks": 0, "accounts": 0, "returning_accounts_removed": None}
        )
        summed["networks"] += row["networks"] or 0
        summed["accounts"] += row["accounts"] or 0
        if row["returning_accounts_removed"] is not None:
            summed["returning_accounts_removed"] = (summed["returning_accounts_removed"] or 0) + row[
                "returning_accounts_removed"
            ]
    return [bins[label] for label in sorted(bins)]
