"""The Examples of every module's docstrings run as tests (the installed modules, by their import names)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cio_graph.graph
import cio_graph.queries


def _modules() -> list[str]:
    names = []
    for package in (cio_graph.graph, cio_graph.queries):
        names.append(package.__name__)
        names += [
            info.name
            for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
            if not info.name.endswith("__main__")
        ]
    return sorted(names)


def _examples() -> list[tuple[str, str]]:
    found = []
    finder = doctest.DocTestFinder()
    for name in _modules():
        for test in finder.find(importlib.import_module(name)):
            if test.examples:
                found.append((name, test.name))
    return found


EXAMPLES = _examples()


def test_the_modules_have_examples():
    assert len({module for module, _ in EXAMPLES}) >= 10


@pytest.mark.parametrize(("module", "name"), EXAMPLES, ids=[name for _, name in EXAMPLES])
def test_docstring_examples(module, name):
    (test,) = [t for t in doctest.DocTestFinder().find(importlib.import_module(module)) if t.name == name]
    report: list[str] = []
    result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test, out=report.append)
    assert result.failed == 0, "".join(report)
