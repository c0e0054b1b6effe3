"""Steps of the build run in a forked process (graph/child.py): what comes back, what goes wrong, and
``build --low-memory`` parsing each input file that way."""

from __future__ import annotations

import os

import pytest

from cio_graph.graph.build import bundled_reports, collect, new_collection
from cio_graph.graph.child import in_child
from cio_graph.graph.errors import InputError


def steps(total: int, progress) -> list[int]:
    for done in range(total + 1):
        progress(done, total)
    return list(range(total))


def bad_line(path: str, progress) -> None:
    raise InputError(path, 12, "expected 4 cells, found 3")


def dies(progress) -> None:
    os._exit(3)


def grows(progress) -> int:
    held = [bytearray(1 << 20) for _ in range(200)]  # 200 MB held in the child only
    return sum(len(block) for block in held)


def test_the_result_and_every_progress_call_come_back():
    seen: list[tuple[int, int]] = []
    assert in_child(steps, 3, on_progress=lambda *call: seen.append(call)) == [0, 1, 2]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_an_input_error_comes_back_with_its_file_and_line():
    with pytest.raises(InputError) as raised:
        in_child(bad_line, "report.txt")
    assert (raised.value.path, raised.value.line) == ("report.txt", 12)
    assert str(raised.value) == "report.txt:12: expected 4 cells, found 3"


def test_a_child_that_dies_is_an_error_naming_its_exit_code():
    with pytest.raises(RuntimeError, match=r"dies stopped \(exit code 3\)"):
        in_child(dies)


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def test_the_memory_of_the_step_leaves_with_the_child():
    before = resident_mb()
    assert in_child(grows) == 200 << 20
    assert resident_mb() - before < 50


def test_low_memory_collect_parses_each_file_in_a_child_with_the_same_records_and_progress(tmp_path):
    paths = bundled_reports()
    calls: list[tuple[str, int, int]] = []
    in_memory = collect(paths)
    with new_collection(tmp_path / "out", low_memory=True) as spooled:
        collect(paths, collection=spooled, on_stage=lambda *call: calls.append(call))
        assert list(spooled.networks) == list(in_memory.networks)
        assert spooled.rows_read == in_memory.rows_read and spooled.skipped == in_memory.skipped
        extracting = [done for stage, done, _ in calls if stage == "extracting"]
        assert extracting[-1] == len(in_memory.networks) and extracting == sorted(extracting)
        # the spool goes on after what the children wrote: a record added here reads back
        month = spooled.spool.add([{"id": "x", "platform": "tiktok", "period": "2024-01", "row": 1}])
        assert next(iter(month))["id"] == "x" and list(spooled.networks) == list(in_memory.networks)


def test_low_memory_collect_stops_at_a_bad_file_naming_it(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    with new_collection(tmp_path / "out", low_memory=True) as spooled:
        with pytest.raises(InputError, match="empty.txt"):
            collect([bundled_reports()[0], bad], collection=spooled)
