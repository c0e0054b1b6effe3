"""Score predicted network records against a hand annotation (gold) of the same reports.

``cio-graph evaluate RECORDS.jsonl GOLD.jsonl`` runs :func:`evaluate` and prints
:func:`format_table`. Both files hold one network record a line (``docs/records.md``).

Pairing: a gold record with ``source_file`` and ``row`` pairs with the predicted record of the
same platform, file name (no folder) and row; where the two sides count a different number of
networks in one file, first by equal accounts and followers, then the rest in order of row.
Any other gold record pairs by (platform, period, accounts, followers). A gold network with no
partner is missed in every field it scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cio_graph.graph.errors import InputError
from cio_graph.graph.scoring import DISCLOSURE_FIELDS, ENTITY_FIELDS, FIELDS, REPORTED_FIELDS, FieldScore, compare_field

__all__ = [
    "Record",
    "Score",
    "NetworkErrors",
    "Evaluation",
    "to_record",
    "read_records",
    "pair",
    "evaluate",
    "prf",
    "table_rows",
    "format_table",
    "format_errors",
]

FileKey = tuple[str, str, int]  # platform, file name, row
PlainKey = tuple[str, str, "int | None", "int | None"]  # platform, year-month, accounts, followers


@dataclass(frozen=True)
class Record:
    """A network record as read from a JSON-lines file, with the keys it pairs by."""

    data: dict
    path: str
    line: int
    file_key: FileKey | None
    plain_key: PlainKey | None

    @property
    def label(self) -> str:
        """How a network is named in error listings."""
        if self.file_key:
            where = f"{self.file_key[0]} {self.file_key[1]} row {self.file_key[2]}"
        else:
            assert self.plain_key is not None  # a record has one key or the other
            platform, period, accounts, followers = self.plain_key
            where = f"{platform} {period} accounts {accounts} followers {followers}"
        title = self.data.get("title")
        return f"{where}" + (f" ({title})" if title else "") + f" [{Path(self.path).name}:{self.line}]"


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from true positive, false positive and false negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score | FieldScore) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def counted(self) -> bool:
        return bool(self.tp or self.fp or self.fn)

    def figures(self) -> dict[str, float]:
        precision, recall, f1 = prf(self.tp, self.fp, self.fn)
        return {"precision": precision, "recall": recall, "f1": f1}


@dataclass(frozen=True)
class NetworkErrors:
    """The wrong and missing values of one gold network, field by field."""

    network: str
    unpaired: bool
    fields: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # field -> (wrong, missing)


@dataclass(frozen=True)
class Evaluation:
    """Totals per field over every gold network, and what could not be paired."""

    totals: dict[str, Score]
    unpaired: int
    extra_predicted: int
    errors: list[NetworkErrors] = field(default_factory=list)

    def fields(self) -> list[str]:
        """The fields reported: entity and reported fields always, disclosure fields where counted."""
        return [f for f in FIELDS if f not in DISCLOSURE_FIELDS or self.totals[f].counted]

    @property
    def micro(self) -> Score:
        """Totals over the entity fields."""
        return sum((self.totals[f] for f in ENTITY_FIELDS), Score())

    @property
    def disclosure_micro(self) -> Score | None:
        """Totals over the disclosure fields, ``None`` where the gold scores none of them."""
        total = sum((self.totals[f] for f in DISCLOSURE_FIELDS), Score())
        return total if total.counted else None

    @property
    def lowest_field_f1(self) -> float:
        """The lowest F1 of the entity fields, detection source and title."""
        return min(self.totals[f].figures()["f1"] for f in ENTITY_FIELDS + REPORTED_FIELDS)

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready data: a precision/recall/F1 object per field, then the averages."""
        out: dict[str, Any] = {f: self.totals[f].figures() for f in self.fields()}
        out["micro"] = self.micro.figures()
        if self.disclosure_micro:
            out["disclosure_micro"] = self.disclosure_micro.figures()
        out["lowest_field_f1"] = self.lowest_field_f1
        out["unpaired_gold"] = self.unpaired
        out["extra_predicted"] = self.extra_predicted
        return out

    def failures(
        self, min_f1: float = 0.0, min_field_f1: float = 0.0, min_disclosure_f1: float = 0.0, max_unpaired: int = 0
    ) -> list[str]:
        """Why the figures miss the thresholds (empty when they meet all of them)."""
        out = []
        if self.micro.figures()["f1"] < min_f1:
            out.append(f"entity micro F1 {self.micro.figures()['f1']:.3f} is below {min_f1}")
        if self.lowest_field_f1 < min_field_f1:
            low = [f for f in ENTITY_FIELDS + REPORTED_FIELDS if self.totals[f].figures()["f1"] < min_field_f1]
            out.append(f"field F1 below {min_field_f1}: {', '.join(low)}")
        disclosure = self.disclosure_micro
        if disclosure and disclosure.figures()["f1"] < min_disclosure_f1:
            out.append(f"disclosure micro F1 {disclosure.figures()['f1']:.3f} is below {min_disclosure_f1}")
        if self.unpaired > max_unpaired:
            out.append(f"{self.unpaired} gold networks have no predicted partner (at most {max_unpaired} allowed)")
        return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1; an empty side counts as perfect.

    >>> prf(3, 1, 2)
    (0.75, 0.6, 0.6666666666666665)
    >>> prf(0, 0, 0), prf(0, 2, 0)
    ((1.0, 1.0, 1.0), (0.0, 1.0, 0.0))
    """
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def _whole(value: Any, name: str, path: str, line: int) -> int | None:
    """A count as read: ``None``, an integer, or a string of digits."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, str))
        or (isinstance(value, float) and not value.is_integer())
        or (isinstance(value, str) and not value.isdigit())
    ):
        raise InputError(path, line, f"expected a whole number for {name!r}, found {value!r}")
    return int(value)


def to_record(data: Any, path: str, line: int) -> Record:
    """A parsed JSON line as a :class:`Record`; raises :class:`InputError` when it cannot be paired.

    >>> to_record({"platform": "Meta", "source_file": "pages/a.md", "row": "2"}, "p.jsonl", 3).file_key
    ('meta', 'a.md', 2)
    >>> to_record({"period": "2024-12-01", "accounts": 5.0}, "p.jsonl", 4).plain_key
    ('tiktok', '2024-12', 5, None)
    """
    if not isinstance(data, dict):
        raise InputError(path, line, f"expected a JSON object (a network record), found {type(data).__name__}")
    platform = str(data.get("platform") or "tiktok").lower()
    file_key: FileKey | None = None
    plain_key: PlainKey | None = None
    if data.get("source_file") and data.get("row") is not None:
        name = str(data["source_file"]).replace("\\", "/").rsplit("/", 1)[-1]
        row = _whole(data["row"], "row", path, line)
        assert row is not None  # a present row is a whole number or an error
        file_key = (platform, name, row)
    if data.get("period"):
        plain_key = (
            platform,
            str(data["period"])[:7],
            _whole(data.get("accounts"), "accounts", path, line),
            _whole(data.get("followers"), "followers", path, line),
        )
    elif file_key is None:
        raise InputError(path, line, "expected 'period' (or 'source_file' and 'row') to pair the network by")
    return Record(data, path, line, file_key, plain_key)


def read_records(path: str | Path) -> list[Record]:
    """The records of a JSON-lines file (blank lines ignored); bad lines raise :class:`InputError`."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(name, None, f"cannot read the file ({error})") from None
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(name, number, f"expected a JSON object, not valid JSON ({error.msg})") from None
        out.append(to_record(data, name, number))
    return out


def _row(record: Record) -> int:
    assert record.file_key is not None  # records of a file have a file key
    return record.file_key[2]


def _pair_in_file(gold: list[Record], predicted: list[Record]) -> dict[int, Record]:
    """Partners for the gold networks of one file (by position in ``gold``)."""
    gold = sorted(gold, key=_row)
    predicted = sorted(predicted, key=_row)
    if len(gold) == len(predicted):
        return {id(g): p for g, p in zip(gold, predicted)}
    out, left = {}, list(predicted)
    for g in gold:
        if g.data.get("accounts") is None:
            continue
        hit = next(
            (
                p
                for p in left
                if p.data.get("accounts") == g.data["accounts"] and p.data.get("followers") == g.data.get("followers")
            ),
            None,
        )
        if hit is not None:
            out[id(g)] = hit
            left.remove(hit)
    out.update({id(g): p for g, p in zip([g for g in gold if id(g) not in out], left)})
    return out


def pair(gold: list[Record], predicted: list[Record]) -> list[tuple[Record, Record | None]]:
    """Each gold record with its predicted partner (``None`` when it has none), in gold order."""
    by_file: dict[tuple[str, str], list[Record]] = {}
    plain: dict[PlainKey, Record] = {}
    for p in predicted:
        if p.file_key:
            by_file.setdefault(p.file_key[:2], []).append(p)
            if p.plain_key:  # a file's record answers a plain key unless a plain record does
                plain.setdefault(p.plain_key, p)
        elif p.plain_key is not None:
            plain[p.plain_key] = p
    gold_files: dict[tuple[str, str], list[Record]] = {}
    for g in gold:
        if g.file_key:
            gold_files.setdefault(g.file_key[:2], []).append(g)
    partner: dict[int, Record] = {}
    for key, records in gold_files.items():
        partner.update(_pair_in_file(records, by_file.get(key, [])))
    return [(g, partner.get(id(g)) if g.file_key else plain.get(g.plain_key) if g.plain_key else None) for g in gold]


def _score_pair(gold: Record, predicted: Record | None) -> dict[str, FieldScore]:
    data = predicted.data if predicted else {}
    out = {}
    for name in FIELDS:
        try:
            score = compare_field(name, data, gold.data)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            culprit = gold if predicted is None else predicted
            raise InputError(
                culprit.path, culprit.line, f"cannot read field {name!r} of this record or its gold partner ({error!r})"
            ) from None
        if score is not None:
            out[name] = score
    return out


def evaluate(predicted: Iterable[Record] | str | Path, gold: Iterable[Record] | str | Path) -> Evaluation:
    """Pair ``predicted`` with ``gold`` (records or JSON-lines paths) and total each field's counts."""
    predicted = read_records(predicted) if isinstance(predicted, (str, Path)) else list(predicted)
    gold = read_records(gold) if isinstance(gold, (str, Path)) else list(gold)
    totals = {name: Score() for name in FIELDS}
    errors, unpaired = [], 0
    for g, p in pair(gold, predicted):
        unpaired += p is None
        wrong = {}
        for name, score in _score_pair(g, p).items():
            totals[name] += score
            if score.wrong or score.missing:
                wrong[name] = (score.wrong, score.missing)
        if wrong or p is None:
            errors.append(NetworkErrors(g.label, p is None, wrong))
    paired = len(gold) - unpaired
    return Evaluation(totals, unpaired, max(0, len(predicted) - paired), errors)


def table_rows(evaluation: Evaluation) -> list[tuple[str, str, str, str]]:
    """(name, precision, recall, F1) for each reported field, then the entity and disclosure micro averages."""
    scores = [(f, evaluation.totals[f]) for f in evaluation.fields()] + [("entity micro", evaluation.micro)]
    if evaluation.disclosure_micro:
        scores.append(("disclosure micro", evaluation.disclosure_micro))
    rows = []
    for name, score in scores:
        figures = score.figures()
        rows.append((name, f"{figures['precision']:.3f}", f"{figures['recall']:.3f}", f"{figures['f1']:.3f}"))
    return rows


def format_table(evaluation: Evaluation) -> str:
    """The figures as plain aligned text.

    >>> print(format_table(Evaluation({f: Score(3, 1, 2) for f in FIELDS}, 1, 0)).splitlines()[0])
    field               precision  recall     F1
    """
    lines = [f"{'field':18s} {'precision':>10s} {'recall':>7s} {'F1':>6s}"]
    lines += [f"{name:18s} {p:>10s} {r:>7s} {f1:>6s}" for name, p, r, f1 in table_rows(evaluation)]
    lines.append(
        f"lowest field F1 {evaluation.lowest_field_f1:.3f}; gold networks without a partner: "
        f"{evaluation.unpaired}; predicted networks without one: {evaluation.extra_predicted}"
    )
    return "\n".join(lines) + "\n"


def format_errors(evaluation: Evaluation) -> str:
    """Each gold network with a wrong or missing value: one line for it, one per field below it."""
    lines = []
    for network in evaluation.errors:
        lines.append(network.network + (": no predicted partner" if network.unpaired else ""))
        for name, (wrong, missing) in network.fields.items():
            parts = ([f"wrong {', '.join(wrong)}"] if wrong else []) + (
                [f"missing {', '.join(missing)}"] if missing else []
            )
            lines.append(f"  {name}: {'; '.join(parts)}")
    return "\n".join(lines) + ("\n" if lines else "")
