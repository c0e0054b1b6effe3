"""The house rules, checked on the source: module size, import direction, no cycles, no private imports.

Every module of ``graph/``, ``queries/``, ``tests/`` and ``benchmarks/`` is read with ``ast``, so
imports inside functions count as much as those at the top of a module.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parent.parent
ROOTS = {"graph": "cio_graph.graph", "queries": "cio_graph.queries", "tests": "tests", "benchmarks": ""}
"""Each folder's import name; the benchmarks are scripts that import one another by bare name."""
SOURCE_ROOTS = ("graph", "queries")

MAX_LINES = 420
"""The longest a module of graph/ or queries/ may be: ~400 lines, with a little room for a docstring."""

OVER_THE_LIMIT: dict[str, str] = {}  # e.g. {"graph/model.py": "being split by …"}
"""Modules allowed over MAX_LINES for now, each with the reason; an entry back under the limit must go."""


def _module_name(path: Path) -> str:
    """The dotted import name of a source file, e.g. graph/extract/fields.py → cio_graph.graph.extract.fields."""
    relative = path.relative_to(REPO).with_suffix("")
    parts = [ROOTS[relative.parts[0]], *relative.parts[1:]]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(part for part in parts if part)


@cache
def _modules() -> dict[str, Path]:
    """Every module of the four folders, by dotted name."""
    return {_module_name(path): path for root in ROOTS for path in sorted((REPO / root).rglob("*.py"))}


def _imports(name: str) -> list[tuple[str, str | None, int]]:
    """(module, imported name or None, line) for each import of a module, relative imports resolved."""
    path = _modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = ".".join(part for part in (base if node.level else "", node.module or "") if part)
            found += [(module, alias.name, node.lineno) for alias in node.names]
    return found


def _target(module: str, imported: str | None) -> str | None:
    """The project module an import loads: ``from pkg import sub`` is the submodule, else the module named."""
    modules = _modules()
    if imported and f"{module}.{imported}" in modules:
        return f"{module}.{imported}"
    return module if module in modules else None


def _import_graph() -> nx.DiGraph:
    """Which cio_graph module imports which, function-level imports included."""
    graph = nx.DiGraph()
    for name in _modules():
        if not name.startswith("cio_graph."):
            continue
        graph.add_node(name)
        for module, imported, _line in _imports(name):
            target = _target(module, imported)
            if target and target != name and target.startswith("cio_graph."):
                graph.add_edge(name, target)
    return graph


def test_the_rules_see_every_module():
    """The checks below read the modules they are meant to: a mis-rooted walk would pass them all."""
    modules = _modules()
    assert "cio_graph.graph.extract.fields" in modules and "cio_graph.queries.engine" in modules
    assert "tests.test_house_rules" in modules
    graph = _import_graph()
    assert graph.has_edge("cio_graph.queries.cli_build", "cio_graph.graph.build")  # a function-level import
    assert graph.number_of_edges() > 200


@pytest.mark.parametrize("root", SOURCE_ROOTS)
def test_no_module_is_too_long(root):
    """A module a newcomer can read in one sitting: at most MAX_LINES lines."""
    too_long = {}
    for path in sorted((REPO / root).rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and relative not in OVER_THE_LIMIT:
            too_long[relative] = lines
    assert not too_long, f"split these modules by responsibility (at most {MAX_LINES} lines): {too_long}"


def test_the_exemptions_are_still_needed():
    """A module let off the size rule that has since shrunk loses its exemption."""
    for relative in OVER_THE_LIMIT:
        path = REPO / relative
        lines = len(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else 0
        assert lines > MAX_LINES, f"{relative} has {lines} lines now: remove it from OVER_THE_LIMIT"


def test_no_import_cycle():
    """The modules of cio_graph import one another in one direction only, function-level imports included."""
    cycles = list(nx.simple_cycles(_import_graph()))
    assert not cycles, f"import cycles: {sorted(cycles, key=len)[:5]}"


def test_graph_never_imports_queries():
    """Imports point one way: queries may import graph, never the reverse."""
    wrong = [
        f"{name}:{line} imports {module}"
        for name in _modules()
        if name == "cio_graph.graph" or name.startswith("cio_graph.graph.")
        for module, imported, line in _imports(name)
        if (module == "cio_graph.queries" or module.startswith("cio_graph.queries."))
        or (module == "cio_graph" and imported == "queries")
    ]
    assert not wrong, wrong


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_private_name_is_imported_from_another_module():
    """What one module shares with another is public: no ``from module import _name`` across modules.

    Covers source, tests and benchmarks, for the project's own modules (a standard library's private
    module is read in one place, ``graph/extract/scanning.py``, by ``importlib``).
    """
    modules = _modules()
    wrong = []
    for name in modules:
        for module, imported, line in _imports(name):
            own = module in modules or module.split(".")[0] in ("cio_graph", "tests")
            private_module = any(_is_private(part) for part in module.split("."))
            if own and module != name and ((imported and _is_private(imported)) or private_module):
                wrong.append(f"{modules[name].relative_to(REPO)}:{line} imports {imported or module} from {module}")
    assert not wrong, "\n".join(wrong)


def test_every_module_of_graph_and_queries_declares_its_public_names():
    undeclared = []
    for name, path in sorted(_modules().items()):
        if not name.startswith("cio_graph.") or (path.name == "__init__.py" and path.stat().st_size < 200):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = [
            target
            for node in tree.body
            for target in (node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)])
        ]
        declared = any(isinstance(target, ast.Name) and target.id == "__all__" for target in targets)
        if not declared:
            undeclared.append(str(path.relative_to(REPO)))
    assert undeclared == []
