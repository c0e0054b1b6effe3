"""`pip install .` installs one import root, cio_graph, with every module and data file of graph/ and queries/."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("cio_graph-*.whl")
    return found


def test_the_wheel_holds_one_import_root(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    roots = {name.split("/")[0] for name in names}
    assert roots == {"cio_graph", next(r for r in roots if r.endswith(".dist-info"))}


def test_every_tracked_file_of_the_packages_is_in_the_wheel(wheel):
    tracked = subprocess.run(
        ["git", "ls-files", "graph", "queries"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.split()
    assert len(tracked) > 100
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [path for path in tracked if f"cio_graph/{path}" not in names]
    assert missing == []


def test_the_installed_package_runs_without_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    script = (
        "import cio_graph.graph, cio_graph.queries.library as library\n"
        "from cio_graph.graph.build import bundled_reports\n"
        "print(cio_graph.graph.__file__)\n"
        "print(len(library.list_queries()), len(bundled_reports()))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    assert shown[0].startswith(str(target))
    queries, reports = map(int, shown[1].split())
    assert queries == len(list((REPO / "queries").glob("*.rq"))) and reports >= 2
