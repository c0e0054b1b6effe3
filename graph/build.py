"""Run the build: input files -> records -> every export, written atomically."""

from __future__ import annotations

import contextlib
import itertools
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

from cio_graph.graph.build_folder import MANIFEST, build_lock, commit, new_staging, verify_build, write_manifest
from cio_graph.graph.child import Progress, in_child
from cio_graph.graph.errors import InputError
from cio_graph.graph.link_records import attach_links, links_by_network
from cio_graph.graph.parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, SkippedRow, parse_file
from cio_graph.graph.progress import OnStage, every
from cio_graph.graph.readers.types import Disclosure, report_id
from cio_graph.graph.record_types import LinkRecord, NetworkRecord, ReportRecord
from cio_graph.graph.records import extract_rows, network_records, report_record, sort_key
from cio_graph.graph.spool import RecordSpool, SpooledNetworks, record_ids

__all__ = [
    "NETWORKS_FILE",
    "REPORTS_FILE",
    "bundled_report",
    "bundled_reports",
    "Month",
    "Collection",
    "months_from_tables",
    "collect",
    "spool_file",
    "spooled_links",
    "new_collection",
    "load_build",
    "read_jsonl",
    "iter_jsonl",
    "read_months",
    "month_key",
    "MonthKey",
    "jsonl",
    "jsonl_lines",
    "write_records",
    "write_build",
]

NETWORKS_FILE = "networks.jsonl"
REPORTS_FILE = "reports.jsonl"


def bundled_report() -> Path:
    """Path of the report shipped with the package (TikTok, January-December 2024)."""
    return Path(str(resources.files("cio_graph.graph") / "data" / "tiktok_cio_2024.txt"))


def bundled_reports() -> list[Path]:
    """The reports ``cio-graph build`` reads when given none: the TikTok report and the Meta pages
    shipped with the package (``graph/data/reports/``)."""
    meta = Path(str(resources.files("cio_graph.graph") / "data" / "reports" / "meta"))
    return [bundled_report(), *sorted(meta.glob("*.md"))]


@dataclass
class Month:
    """One disclosed report (a TikTok month, a Meta page, a TAG bulletin): its record and its networks."""

    report: ReportRecord
    networks: Sequence[NetworkRecord]  # a list, or the report's records in a spool (``--low-memory``)

    @property
    def key(self) -> str:
        """The report's id: one per disclosed document, whatever file (text or HTML) it came from."""
        return self.report["id"]

    def same_content(self, other: Month) -> bool:
        """True when both hold the same networks and month figures, whatever their source file."""
        mine, theirs = self.report, other.report
        return record_ids(self.networks) == record_ids(other.networks) and (
            mine["start_date"],
            mine["end_date"],
            mine["reestablishing_accounts_removed"],
        ) == (theirs["start_date"], theirs["end_date"], theirs["reestablishing_accounts_removed"])


@dataclass
class Collection:
    """Reports gathered from inputs (by report id), with what happened on the way."""

    months: dict[str, Month] = field(default_factory=dict)
    skipped: list[SkippedRow] = field(default_factory=list)
    rows_read: int = 0
    notices: list[str] = field(default_factory=list)
    spool: RecordSpool | None = None  # where the records are kept when not in memory

    def add(self, month: Month) -> None:
        """Add a report; a changed version of a report already held replaces it and says so."""
        old = self.months.get(month.key)
        platform, period = month.report["platform"], month.report["period"]
        page = month.key.removeprefix(report_id(platform, period)).strip("-")
        label = f"{platform} {period}" + (f" {page}" if page else "")
        if old is None:
            self.months[month.key] = month
        elif old.same_content(month):
            self.notices.append(
                f"{label}: {month.report['source_file']} repeats {old.report['source_file']}; unchanged"
            )
        else:
            self.months[month.key] = month
            self.notices.append(
                f"{label}: replaced the version from {old.report['source_file']} "
                f"({len(old.networks)} networks) with {month.report['source_file']} "
                f"({len(month.networks)} networks)"
            )

    @property
    def reports(self) -> list[ReportRecord]:
        return sorted((m.report for m in self.months.values()), key=lambda r: (r["platform"], r["period"], r["id"]))

    @property
    def networks(self) -> Sequence[NetworkRecord]:
        """Every network, sorted by :func:`graph.records.sort_key`: a list, or read from the spool."""
        if self.spool is not None:
            return SpooledNetworks(self.spool, (m.networks for m in self.months.values()))  # type: ignore[misc]
        return sorted((n for m in self.months.values() for n in m.networks), key=sort_key)


def months_from_tables(
    tables: Sequence[Disclosure], on_progress: Callable[[int, int], None] | None = None
) -> list[Month]:
    """Months with their network records; the rows of all tables are extracted in one batch."""
    rows = [row for table in tables for row in table.rows]
    if on_progress is not None:
        on_progress(0, len(rows))
    extractions = iter(extract_rows(rows, on_progress=on_progress))
    return [
        Month(report_record(table), list(network_records(table, [next(extractions) for _ in table.rows])))
        for table in tables
    ]


@contextlib.contextmanager
def new_collection(out_dir: Path, *, low_memory: bool = False) -> Iterator[Collection]:
    """An empty :class:`Collection` for a build into ``out_dir``. With ``low_memory``, its records are
    kept on disk (:mod:`graph.spool`) in a staging folder beside ``out_dir``, removed on leaving."""
    if not low_memory:
        yield Collection()
        return
    Path(out_dir).absolute().parent.mkdir(parents=True, exist_ok=True)
    with new_staging(out_dir) as folder:
        spool = RecordSpool(folder)
        try:
            yield Collection(spool=spool)
        finally:
            spool.remove()


def collect(
    paths: Sequence[Path],
    *,
    platform: str | None = None,
    skip_bad_rows: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
    collection: Collection | None = None,
    on_stage: OnStage | None = None,
) -> Collection:
    """Parse and extract every input into a :class:`Collection` (reports merged by report id).

    ``on_stage(stage, done, total)`` follows the ``parsing`` (files) and ``extracting`` (networks)
    stages (see :mod:`graph.progress`). With the collection's ``spool``, each file is parsed,
    extracted and its records written to the spool before the next is read, in a forked process
    (:func:`spool_file`): the networks of one file in memory at a time, and that memory gone with
    the process (``extracting`` then counts the networks of the files read so far); else every file
    is parsed first and all rows extracted in one batch.
    """
    collection = collection if collection is not None else Collection()
    tables: list[Disclosure] = []
    parsing = every(on_stage, "parsing", step=1)
    extracting = every(on_stage, "extracting")
    extracted = 0
    options: dict[str, Any] = {
        "platform": platform,
        "skip_bad_rows": skip_bad_rows,
        "max_bytes": max_bytes,
        "max_rows": max_rows,
    }
    for number, path in enumerate(paths):
        parsing(number, len(paths))
        if collection.spool is None:
            parsed = parse_file(path, **options)
            collection.skipped.extend(parsed.skipped)
            collection.rows_read += parsed.rows_read
            tables.extend(parsed.tables)
            continue

        def counted(done: int, total: int, before: int = extracted) -> None:
            extracting(before + done, before + total)

        spool = collection.spool
        spool.flush()
        written, skipped, rows_read, rows = in_child(spool_file, spool, path, options, on_progress=counted)
        spool.sync()
        collection.skipped.extend(skipped)
        collection.rows_read += rows_read
        for report, offsets, ids in written:
            collection.add(Month(report, spool.records(offsets, ids)))
        extracted += rows
    parsing(len(paths), len(paths))
    if collection.spool is None:
        for month in months_from_tables(tables, extracting):
            collection.add(month)
    return collection


SpooledFile = tuple[list[tuple[ReportRecord, array, list[str]]], list[SkippedRow], int, int]


def spool_file(spool: RecordSpool, path: Path, options: dict[str, Any], progress: Progress) -> SpooledFile:
    """One input file parsed (``options`` of :func:`graph.parse.parse_file`), its rows extracted and
    its reports' records written to ``spool``: returns each report's record with its records'
    offsets and ids, the skipped rows, the rows read and the networks extracted (what
    :func:`collect` runs in a forked process, :func:`graph.child.in_child`)."""
    parsed = parse_file(path, **options)
    written = [(month.report, *spool.write(month.networks)) for month in months_from_tables(parsed.tables, progress)]
    spool.flush()
    return written, list(parsed.skipped), parsed.rows_read, sum(len(table.rows) for table in parsed.tables)


def spooled_links(networks: SpooledNetworks, progress: Progress) -> dict[str, list[LinkRecord]]:
    """:func:`graph.link_records.links_by_network` of spooled records (what :func:`write_build` runs
    in a forked process: the records are read twice, and what reading them allocates goes with it)."""
    return links_by_network(networks)


def load_build(out_dir: Path, *, verify: bool = True, collection: Collection | None = None) -> Collection:
    """Read the records of an existing build back into a :class:`Collection` (``collection``, when
    given: with its ``spool``, the networks go to the spool a report at a time, not into memory).

    ``verify``: the build's files must match its ``manifest.json`` (sizes, SHA-256, counts of reports
    and networks), else InputError naming the file; nothing is read from a damaged build.
    """
    manifest = verify_build(out_dir) if verify else None
    reports = cast(list[ReportRecord], read_jsonl(out_dir / REPORTS_FILE, ("id", "platform", "period")))
    collection = collection if collection is not None else Collection()
    by_month = read_months(out_dir / NETWORKS_FILE, collection.spool)
    networks = sum(len(month) for month in by_month.values())
    if manifest is not None and (networks, len(reports)) != (manifest["networks"], manifest.get("reports")):
        raise InputError(
            str(out_dir / NETWORKS_FILE),
            None,
            f"{networks} networks and {len(reports)} reports, {MANIFEST} says "
            f"{manifest['networks']} and {manifest.get('reports')}: the build is damaged",
        )
    for report in reports:
        key = (report["platform"], report["period"], report.get("source_file") or "")
        collection.months[report["id"]] = Month(report, by_month.pop(key, []))
    if by_month:
        platform, period, _ = next(iter(by_month))
        raise InputError(
            str(out_dir / NETWORKS_FILE), None, f"networks of {platform} {period} have no report in {REPORTS_FILE}"
        )
    return collection


MonthKey = tuple[str, str, str]


def month_key(network: NetworkRecord) -> MonthKey:
    return network["platform"], network["period"], network.get("source_file") or ""


def read_months(path: Path, spool: RecordSpool | None) -> dict[MonthKey, Sequence[NetworkRecord]]:
    """The network records of a ``networks.jsonl`` by report (platform, period, source file): lists,
    or with a ``spool``, written there a report at a time (a build writes each report's records
    together; a report met again is spooled anew with all its records)."""
    if spool is None:
        lists: dict[MonthKey, list[NetworkRecord]] = {}
        for network in iter_jsonl(path, ("id", "platform", "period")):
            lists.setdefault(month_key(network), []).append(network)  # type: ignore[arg-type]
        return dict(lists)
    spooled: dict[MonthKey, Sequence[NetworkRecord]] = {}
    records = cast(Iterator[NetworkRecord], iter_jsonl(path, ("id", "platform", "period")))
    for key, month in itertools.groupby(records, key=month_key):
        spooled[key] = spool.add([*spooled.get(key, ()), *month])
    return spooled


def read_jsonl(path: Path, required: tuple[str, ...] = ()) -> list[dict]:
    """Records of a JSON-lines file, each an object with the ``required`` keys; a bad line is an
    :class:`InputError` naming it."""
    return list(iter_jsonl(path, required))


def iter_jsonl(path: Path, required: tuple[str, ...] = ()) -> Iterator[dict]:
    """The records of :func:`read_jsonl`, one at a time."""
    if not path.is_file():
        raise InputError(str(path), None, "no such file: expected a cio-graph build folder")
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(str(path), number, f"expected a JSON object: {error.msg}") from None
                except RecursionError:
                    raise InputError(str(path), number, "expected a JSON object: nested too deep") from None
                missing = [key for key in required if key not in record] if isinstance(record, dict) else None
                if missing is None or missing:
                    what = f"no {', '.join(missing)}" if missing else f"found {type(record).__name__}"
                    raise InputError(str(path), number, f"expected a JSON object with {', '.join(required)}: {what}")
                yield record


def jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    return "".join(jsonl_lines(records))


def jsonl_lines(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """One line of JSON per record, as ``json.dumps(record, ensure_ascii=False)`` writes it."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for record in records:
        yield encode(record) + "\n"


def write_records(reports: list[ReportRecord], networks: Sequence[NetworkRecord], out_dir: Path) -> None:
    """``reports.jsonl`` and ``networks.jsonl`` in ``out_dir``, written line by line (a million
    networks' lines are 1.5 GB of text: not made as one string)."""
    for name, records in ((REPORTS_FILE, reports), (NETWORKS_FILE, networks)):
        with (out_dir / name).open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(jsonl_lines(records))


def write_build(
    collection: Collection,
    out_dir: Path,
    on_stage: OnStage | None = None,
    *,
    wait: bool = True,
    low_memory: bool = False,
) -> list[Path]:
    """Write records, every export and ``manifest.json`` into ``out_dir``; returns the files written.

    ``on_stage(stage, done, total)`` follows ``linking``, ``graph triples`` and ``writing`` (see
    :mod:`graph.progress`). The build holds the folder's lock (``wait=False``:
    :class:`graph.build_folder.BuildLocked` when another build holds it) and writes into a staging
    folder beside ``out_dir``; its files replace the previous build's only once all are complete, the
    manifest last (:mod:`graph.build_folder`). A failed or killed build leaves the previous build as
    it was. Files of ``out_dir`` that the build does not write (figures) stay.
    The persisted query store of ``graph.nt`` (:mod:`graph.store`) is made in the staging folder
    and put in place just before the commit: a store whose stamp does not match ``graph.nt`` is
    never used, so a build killed in between leaves nothing wrong behind. ``low_memory``: the
    exports are written one at a time (:func:`graph.export.write_in_sequence`): less memory, more time.
    """
    from cio_graph.graph.export import collection_paused, write_exports
    from cio_graph.graph.store import install_store

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    reports, networks = collection.reports, collection.networks
    linking = every(on_stage, "linking", step=max(1, len(networks)))
    linking(0, len(networks))
    with collection_paused():
        if isinstance(networks, SpooledNetworks):  # found in a child, set on the records as they are read back
            networks.spool.links = in_child(spooled_links, networks)
        else:
            attach_links(networks)
    linking(len(networks), len(networks))
    with build_lock(out_dir, wait=wait), new_staging(out_dir) as staging:
        write_exports(
            reports,
            networks,
            staging,
            also=(write_records, (reports, networks, staging)),
            on_stage=on_stage,
            store=True,
            low_memory=low_memory,
        )
        names = sorted(path.name for path in staging.iterdir() if not path.name.startswith("."))
        write_manifest(staging, names, len(reports), len(networks))
        install_store(staging, out_dir)
        return [out_dir / path.name for path in commit(staging, out_dir)]
