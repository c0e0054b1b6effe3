"""Figures of the bundled report: written, legible sizes, byte-identical on a rerun."""

from __future__ import annotations

import struct

import pytest
from click.testing import CliRunner

from cio_graph.queries.cli import cli
from cio_graph.queries.engine import Result
from cio_graph.queries.plots import (
    MAX_COUNTRIES,
    MAX_TACTICS,
    default_figure_dir,
    flows_heatmap,
    monthly_timeline,
    tactic_frequency,
    tactic_network,
    write_figures,
)

NAMES = ("flows-heatmap", "tactic-frequency", "monthly-timeline", "tactic-cooccurrence")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def figures(bundled_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return out, write_figures(bundled_build, out)


def test_every_figure_is_written_as_png_and_svg(figures):
    tmp_path, written = figures
    assert sorted(p.name for p in written) == sorted(f"{n}.{ext}" for n in NAMES for ext in ("png", "svg"))
    for name in NAMES:
        width, height = png_size((tmp_path / f"{name}.png").read_bytes())
        assert width >= 900 and height >= 700, (name, width, height)
        svg = (tmp_path / f"{name}.svg").read_text()
        assert svg.lstrip().startswith("<?xml") and "<dc:date>" not in svg


def test_figures_are_byte_identical_on_a_rerun(bundled_build, figures, tmp_path):
    first = {p.name: p.read_bytes() for p in figures[1]}
    second = {p.name: p.read_bytes() for p in write_figures(bundled_build / "graph.ttl", tmp_path / "second")}
    assert first == second


def test_plot_command_writes_into_the_folder_given(bundled_build, tmp_path):
    result = CliRunner().invoke(cli, ["plot", "--graph", str(bundled_build), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "flows-heatmap.svg").is_file()
    assert default_figure_dir(bundled_build) == bundled_build / "figures"


def test_plot_command_without_a_graph_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["plot", "--graph", str(tmp_path / "none"), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no such graph" in result.output


# Many periods, countries and tactics --------------------------------------------------------


def png_of(figure) -> tuple[int, int]:
    import io

    import matplotlib.pyplot as plt

    from cio_graph.queries.plots import DPI, STYLE

    buffer = io.BytesIO()
    with plt.rc_context(STYLE):
        figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(figure)
    return png_size(buffer.getvalue())


def months(count: int) -> Result:
    rows = [
        (f"{2000 + i // 12}-{i % 12 + 1:02}", "month", 1 + i % 5, 10 * (i + 1), 0, (i if i % 2 else None))
        for i in range(count)
    ]
    return Result(["period", "granularity", "networks", "accounts", "followers", "returning_accounts_removed"], rows)


def test_300_months_are_summed_by_year_in_a_figure_of_bounded_width():
    figure = monthly_timeline(months(300))
    top, bottom = figure.axes
    labels = [tick.get_text() for tick in bottom.get_xticklabels()]
    assert labels == [str(year) for year in range(2000, 2025)]
    assert "per year" in top.get_title()
    assert sum(bar.get_height() for bar in top.patches) == sum(1 + i % 5 for i in range(300))
    width, _ = png_of(figure)
    assert width < 2500, width


def test_60_months_are_summed_by_quarter_and_36_are_kept():
    figure = monthly_timeline(months(60))
    labels = [tick.get_text() for tick in figure.axes[1].get_xticklabels()]
    assert labels[:2] == ["2000-Q1", "2000-Q2"] and len(labels) == 20
    assert "per quarter" in figure.axes[0].get_title()
    figure = monthly_timeline(months(36))
    assert len(figure.axes[1].get_xticklabels()) == 36 and "per report period" in figure.axes[0].get_title()
    assert png_of(figure)[0] < 2500


def test_many_countries_fold_into_an_others_row_and_column():
    codes = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
    flows = Result(
        ["origin", "target", "networks"],
        [(codes[i], codes[(i * 7 + 3) % 60], 1 + i % 4) for i in range(60)] + [("AA", "AA", 9)],
    )
    figure = flows_heatmap(flows)
    ax = figure.axes[0]
    rows = [tick.get_text() for tick in ax.get_yticklabels()]
    columns = [tick.get_text() for tick in ax.get_xticklabels()]
    assert rows[-1] == columns[-1] == "others" and len(rows) <= MAX_COUNTRIES + 1
    cells = [int(text.get_text()) for text in ax.texts]
    assert sum(cells) == sum(1 + i % 4 for i in range(60)) + 9  # nothing lost in the folding
    assert png_of(figure)[0] < 2500


def test_many_tactics_keep_the_most_used_and_an_others_bar():
    rows = [(f"t{i:02}", f"Tactic {i}", "", 100 - i, 0, 0) for i in range(40)]
    tactics = Result(["tactic", "label", "disarm", "networks", "accounts", "followers"], rows)
    figure = tactic_frequency(tactics)
    labels = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    assert len(labels) == MAX_TACTICS + 1 and labels[0] == "15 other tactics (uses summed)"
    assert labels[-1] == "Tactic 0"
    pairs = Result(["tactic_a", "tactic_b", "networks"], [("t00", "t39", 3), ("t00", "t01", 2)])
    network = tactic_network(tactics, pairs)
    assert len(network.axes[0].lines) == 1  # the pair with a tactic left out is not drawn
    assert "15 others left out" in network.axes[0].texts[-1].get_text()
