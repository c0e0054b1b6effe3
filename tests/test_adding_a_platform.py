"""The worked example of docs/adding-a-platform.md runs as written: one module, one registration line."""

from __future__ import annotations

import re
import sys

import cio_graph.graph.readers as registry
from cio_graph.graph.parse import parse_bytes
from tests.conftest import REPO

DOC = (REPO / "docs" / "adding-a-platform.md").read_text(encoding="utf-8")
NOTE = """Example Takedown Note, Q2 2024
- Removed 40 accounts and 3 channels linked to a network operating from Peru.
- Removed 12 accounts targeting audiences in Chile. We received leads from Graphika.
"""


def test_worked_example_reads_the_note(tmp_path, monkeypatch, request):
    module, registration = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)
    package = tmp_path / "example_platform"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "example.py").write_text(module, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    registration = registration.replace("cio_graph.graph.readers.example", "example_platform.example")
    exec(registration, {"register": registry.register})
    request.addfinalizer(lambda: registry.unregister("example-text"))
    assert "example_platform.example" not in sys.modules  # registered, not yet imported
    table = parse_bytes(NOTE.encode(), "note.txt").tables[0]
    assert (table.platform, table.period, table.report_id) == ("example", "2024-Q2", "example-2024-Q2")
    first, second = table.rows
    assert first.assets_dict() == {"accounts": 40, "channels": 3} and first.accounts == 43
    assert second.leads_from == ("Graphika",) and second.detection_source == "external"
    assert [n.row for n in table.rows] == [1, 2]
