"""Figures of the bundled report: written, legible sizes, byte-identical on a rerun."""

from __future__ import annotations

import struct

import pytest
from click.testing import CliRunner

from queries.cli import cli
from queries.plots import default_figure_dir, write_figures

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
