"""Shared fixtures: the bundled report built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from cio_graph.graph.build import bundled_report, bundled_reports, collect, write_build

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "gold"


@pytest.fixture(scope="session")
def bundled_collection():
    """Records of the bundled report."""
    return collect([bundled_report()])


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory, bundled_collection) -> Path:
    """A build folder of the bundled report (records and every export)."""
    out = tmp_path_factory.mktemp("build")
    write_build(bundled_collection, out)
    return out


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> Path:
    """What ``cio-graph build`` writes with no input (the TikTok report and the bundled Meta pages)."""
    out = tmp_path_factory.mktemp("default")
    write_build(collect(bundled_reports()), out)
    return out
