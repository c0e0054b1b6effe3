"""The explorer's data layer: the records of a build (``networks.jsonl``, ``reports.jsonl``) as things.

A :class:`Dataset` is read from a build folder (a graph file alone has no records: the dataset
is empty) and answers for each kind of thing (network, country, actor, tactic, operation,
platform) the plain data its page shows; the same data is its JSON. Records missing fields
(older or hand-made builds) get empty defaults. Every list is in a fixed order.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cio_graph.graph import reference
from cio_graph.graph.build import NETWORKS_FILE, REPORTS_FILE
from cio_graph.graph.links import fold
from cio_graph.graph.projection import network_label
from cio_graph.graph.record_types import NetworkRecord
from cio_graph.graph.terms import slug
from cio_graph.queries.explorer.evidence import country_name, facts, segments, tactic_label

__all__ = ["DISARM_PAGE", "Dataset", "disarm_url", "load_dataset", "operation_slug", "summary"]

DISARM_PAGE = "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/{id}.md"
LIST_FIELDS = (
    "origin_countries",
    "target_countries",
    "target_regions",
    "languages",
    "actors",
    "government_stances",
    "tactics",
    "topics",
    "links",
    "iocs",
    "other_platforms",
    "attribution",
    "leads_from",
    "consistent_with",
)
TOP = 10


def disarm_url(technique: str) -> str:
    """The DISARM framework's page of a technique id (a plain link; nothing is fetched).

    >>> disarm_url("T0146")
    'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/T0146.md'
    """
    return DISARM_PAGE.format(id=technique)


def operation_slug(name: str) -> str:
    """The slug of a named operation, as its graph node has it (folded, so spellings agree).

    >>> operation_slug("Doppelgänger") == operation_slug("DOPPELGANGER")
    True
    """
    return slug(fold(name))


def normalise(record: NetworkRecord) -> dict:
    """A network record with every field the explorer reads (lists empty, text empty, counts None)."""
    out = dict(record)
    for name in LIST_FIELDS:
        out[name] = list(out.get(name) or [])
    for name in ("platform", "period", "description"):
        out[name] = str(out.get(name) or "")
    for name in ("assets", "followers_detail"):
        out[name] = dict(out.get(name) or {})
    for name in (
        "title",
        "network",
        "named_operation",
        "report",
        "accounts",
        "followers",
        "ad_spend",
        "detection_source",
        "month",
    ):
        out.setdefault(name, None)
    out["id"] = str(out.get("id") or "")
    out["label"] = network_label({**out, "platform": out["platform"] or "unknown", "period": out["period"] or "?"})
    return out


def summary(record: NetworkRecord) -> dict:
    """The row of a network in a list: id, label, platform, period, counts, countries, operation."""
    return {
        "id": record["id"],
        "title": record["label"],
        "platform": record["platform"],
        "period": record["period"],
        "accounts": record["accounts"],
        "followers": record["followers"],
        "origins": [c["code"] for c in record["origin_countries"]],
        "targets": [c["code"] for c in record["target_countries"]],
        "tactics": [t["id"] for t in record["tactics"]],
        "operation": record["named_operation"],
        "links": len(record["links"]),
    }


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Dataset:
    """The networks and reports of one build, with lookups by thing."""

    networks: list[dict] = field(default_factory=list)
    reports: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.networks = [normalise(record) for record in self.networks]
        self.by_id = {record["id"]: record for record in self.networks}

    # ------------------------------------------------------------ networks

    def network(self, network_id: str) -> dict | None:
        """Everything the page of a network shows, or None if there is no such network."""
        record = self.by_id.get(network_id)
        if record is None:
            return None
        found = facts(record)
        title = record["title"] or ""
        full = f"{title} {record['description']}"
        links = []
        for link in record["links"]:
            other = self.by_id.get(link.get("network", ""))
            platform = other["platform"] if other else link.get("platform")
            links.append(
                {
                    **link,
                    "title": other["label"] if other else link.get("network"),
                    "platform": platform,
                    "cross_platform": platform != record["platform"],
                }
            )
        return {
            "record": record,
            "title_segments": segments(title, found, 0, full),
            "description_segments": segments(record["description"], found, len(title) + 1, full),
            "facts": found,
            "report": self.reports.get(record["report"] or ""),
            "origins": [{"code": c["code"], "name": country_name(c["code"])} for c in record["origin_countries"]],
            "targets": [{"code": c["code"], "name": country_name(c["code"])} for c in record["target_countries"]],
            "tactics": [self._tactic_ref(t["id"]) | {"evidence": t.get("evidence")} for t in record["tactics"]],
            "actors": [a | {"slug": slug(a["name"])} for a in record["actors"]],
            "operation": (
                {"name": record["named_operation"], "slug": operation_slug(record["named_operation"])}
                if record["named_operation"]
                else None
            ),
            "links": links,
            "related": self._related(record),
        }

    def _related(self, record: NetworkRecord) -> list[dict]:
        """Networks of the same named operation or the same report, the network itself left out."""
        linked = {link.get("network") for link in record["links"]}
        operation = operation_slug(record["named_operation"]) if record["named_operation"] else None
        related = []
        for other in self.networks:
            if other["id"] == record["id"] or other["id"] in linked:
                continue
            same_operation = (
                operation and other["named_operation"] and operation_slug(other["named_operation"]) == operation
            )
            same_report = record["report"] and other["report"] == record["report"]
            if same_operation or same_report:
                related.append(summary(other) | {"why": "same operation" if same_operation else "same report"})
        return related

    def network_facts(self, network_id: str) -> list[dict]:
        """A network's facts as table rows (kind, value, label, evidence), for its CSV."""
        record = self.by_id[network_id]
        return [
            {"network": network_id, "kind": f.kind, "value": f.value, "label": f.label, "evidence": f.evidence}
            for f in facts(record)
        ]

    # ------------------------------------------------------------ things

    def country(self, code: str) -> dict | None:
        """Networks from, against and within a country (by alpha-2 code); None for an unknown code."""
        mine = [n for n in self.networks if code in self._codes(n)]
        if reference.country(code) is None and not mine:
            return None
        origin, against, domestic = [], [], []
        for record in mine:
            origins = {c["code"] for c in record["origin_countries"]}
            targets = {c["code"] for c in record["target_countries"]}
            if code in origins and code in targets:
                domestic.append(summary(record))
            elif code in origins:
                origin.append(summary(record))
            else:
                against.append(summary(record))
        return {"code": code, "name": country_name(code), "from": origin, "against": against, "domestic": domestic}

    @staticmethod
    def _codes(record: NetworkRecord) -> set[str]:
        return {c["code"] for c in record["origin_countries"] + record["target_countries"]}

    def actor(self, kind: str, actor_slug: str) -> dict | None:
        """An actor (by type and slug of its name) and the networks naming it, with stance and evidence."""
        rows: list[dict] = []
        names: Counter[str] = Counter()
        aliases: set[str] = set()
        for record in self.networks:
            for actor in record["actors"]:
                if actor.get("type") == kind and slug(actor["name"]) == actor_slug:
                    names[actor["name"]] += 1
                    aliases.update(actor.get("aliases") or [])
                    rows.append(summary(record) | {"stance": actor.get("stance"), "evidence": actor.get("evidence")})
        if not rows:
            return None
        name = sorted(names.items(), key=lambda item: (-item[1], item[0]))[0][0]
        return {"name": name, "type": kind, "slug": actor_slug, "aliases": sorted(aliases), "networks": rows}

    def _tactic_ref(self, tactic: str) -> dict:
        known = reference.tactics_by_slug().get(tactic)
        techniques = reference.disarm().techniques
        ids = known.disarm_ids if known else ()
        return {
            "slug": tactic,
            "label": tactic_label(tactic),
            "definition": known.definition if known else "",
            "disarm": [
                {"id": i, "name": techniques[i].name if i in techniques else i, "url": disarm_url(i)} for i in ids
            ],
        }

    def tactic(self, tactic: str) -> dict | None:
        """A tactic of the taxonomy, its DISARM techniques and the networks using it."""
        rows = [
            summary(record) | {"evidence": t.get("evidence")}
            for record in self.networks
            for t in record["tactics"]
            if t["id"] == tactic
        ]
        if not rows and tactic not in reference.tactics_by_slug():
            return None
        return self._tactic_ref(tactic) | {"networks": rows}

    def operation(self, operation: str) -> dict | None:
        """A named operation (by slug) and its networks, across platforms."""
        rows = [
            record
            for record in self.networks
            if record["named_operation"] and operation_slug(record["named_operation"]) == operation
        ]
        if not rows:
            return None
        names = Counter(record["named_operation"] for record in rows)
        name = sorted(names.items(), key=lambda item: (-item[1], item[0]))[0][0]
        return {
            "name": name,
            "slug": operation,
            "platforms": sorted({r["platform"] for r in rows}),
            "networks": [summary(record) for record in rows],
        }

    def platform(self, platform: str) -> dict | None:
        """A platform: its reports (periods) and networks."""
        rows = [record for record in self.networks if record["platform"] == platform]
        if not rows:
            return None
        periods = Counter(record["period"] for record in rows)
        return {
            "slug": platform,
            "label": reference.platform_label(platform),
            "periods": [{"period": p, "networks": periods[p]} for p in sorted(periods)],
            "networks": [summary(record) for record in rows],
        }

    def links(self, network: str | None = None, kind: str | None = None, cross: bool | None = None) -> list[dict]:
        """The links between networks, each pair once (``a`` before ``b`` in record order), best first.

        ``network`` keeps the links of one network, ``kind`` those ``stated`` or ``inferred``,
        ``cross`` those between two platforms (True) or within one (False).
        """
        position = {record["id"]: index for index, record in enumerate(self.networks)}
        seen: set[tuple[str, str]] = set()
        rows = []
        for record in self.networks:
            for link in record["links"]:
                other = self.by_id.get(link.get("network", ""))
                if other is None:
                    continue
                a, b = sorted((record, other), key=lambda r: position[r["id"]])
                if (a["id"], b["id"]) in seen:
                    continue
                seen.add((a["id"], b["id"]))
                row = {
                    "a": a["id"],
                    "a_title": a["label"],
                    "a_platform": a["platform"],
                    "b": b["id"],
                    "b_title": b["label"],
                    "b_platform": b["platform"],
                    "kind": link.get("kind"),
                    "score": link.get("score"),
                    "cross_platform": a["platform"] != b["platform"],
                    "basis": list(link.get("basis") or []),
                    "evidence": list(link.get("evidence") or []),
                }
                if network is not None and network not in (row["a"], row["b"]):
                    continue
                if kind is not None and row["kind"] != kind:
                    continue
                if cross is not None and row["cross_platform"] != cross:
                    continue
                rows.append(row)
        return sorted(
            rows, key=lambda r: (r["kind"] != "stated", -(r["score"] or 0), position[r["a"]], position[r["b"]])
        )

    # ------------------------------------------------------------ the dataset at a glance

    def overview(self) -> dict:
        """Counts at a glance: networks per platform and period, top origins, targets, tactics, operations."""
        per = Counter((record["platform"], record["period"]) for record in self.networks)
        origins = Counter(c["code"] for record in self.networks for c in record["origin_countries"])
        targets = Counter(c["code"] for record in self.networks for c in record["target_countries"])
        used = Counter(t["id"] for record in self.networks for t in record["tactics"])
        operations = Counter(operation_slug(r["named_operation"]) for r in self.networks if r["named_operation"])
        names = {
            operation_slug(r["named_operation"]): r["named_operation"] for r in self.networks if r["named_operation"]
        }

        def top(counter: Counter, label) -> list[dict]:
            ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP]
            return [{"value": value, "label": label(value), "networks": count} for value, count in ranked]

        return {
            "networks": len(self.networks),
            "reports": len(self.reports),
            "links": len(self.links()),
            "cross_platform_links": len(self.links(cross=True)),
            "platforms": [
                {
                    "platform": p,
                    "label": reference.platform_label(p),
                    "networks": sum(c for (q, _), c in per.items() if q == p),
                }
                for p in sorted({p for p, _ in per})
            ],
            "per_period": [
                {"platform": p, "period": period, "networks": count} for (p, period), count in sorted(per.items())
            ],
            "top_origins": top(origins, country_name),
            "top_targets": top(targets, country_name),
            "top_tactics": top(used, tactic_label),
            "operations": top(operations, names.get),
            "largest": [
                summary(record)
                for record in sorted(
                    (r for r in self.networks if r["followers"] is not None), key=lambda r: -r["followers"]
                )[:TOP]
            ],
        }


def load_dataset(source: Path) -> Dataset:
    """The records of the build folder ``source`` (empty when ``source`` is a graph file)."""
    if not source.is_dir():
        return Dataset()
    reports = _read_jsonl(source / REPORTS_FILE)
    return Dataset(_read_jsonl(source / NETWORKS_FILE), {r["id"]: r for r in reports if r.get("id")})
