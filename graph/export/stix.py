"""``stix.json``: a STIX 2.1 bundle for threat-intelligence platforms (OpenCTI, MISP).

Networks are intrusion sets, countries and regions locations, tactics attack patterns carrying
their DISARM technique ids, and each report a report object created by the platform's identity.
Indicators are STIX indicators with patterns (``[domain-name:value = '…']``, ``[url:value = '…']``)
that ``indicate`` the networks listing them, accounts also ``user-account`` observables; a named
operation is a campaign ``attributed-to`` each of its networks; links between networks are
``related-to`` relationships carrying their kind, score and evidence. Ids are UUIDv5 of the node
IRIs, timestamps come from the report periods: the same input always gives the same bundle.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cio_graph.graph import model, reference
from cio_graph.graph.export.stix_objects import (
    ACCOUNT_TYPES,
    NAMESPACE,
    SCO_NAMESPACE,
    Bundle,
    common,
    stix_id,
    stix_region,
    timestamp,
)
from cio_graph.graph.export.stix_runs import ObjectRuns, PairRuns
from cio_graph.graph.links import indicator_key, platform_slug
from cio_graph.graph.model_disclosures import indicator_kind, indicator_node, link_node, operation_node
from cio_graph.graph.periods import period_bounds
from cio_graph.graph.record_types import IndicatorRecord, LinkRecord, NetworkRecord, ReportRecord
from cio_graph.graph.spool import in_id_order

__all__ = [
    "NAMESPACE",
    "CHUNK_NETWORKS",
    "REPORTS_PER_RUN",
    "add_objects",
    "add_report",
    "flush",
    "indicator_pattern",
    "network_description",
    "write_stix",
]

CHUNK_NETWORKS = 20_000  # networks whose objects make one sorted run
REPORTS_PER_RUN = 50  # report objects per run (each lists the objects of its networks)


def _figure(value: object, unit: str) -> str:
    return f"{value:,} {unit}" if isinstance(value, int) else f"{unit}: not stated"


def network_description(record: NetworkRecord) -> str:
    figures = (
        f"Disrupted by {reference.platform_label(record['platform'])}, report {record['period']}: "
        f"{_figure(record.get('accounts'), 'accounts')}, {_figure(record.get('followers'), 'followers')}; "
        f"detection source: {record.get('detection_source') or 'not stated'}."
    )
    if record.get("attribution"):
        figures += f" Attributed to {'; '.join(record['attribution'])}."
    return f"{record['description']}\n\n{figures}" if record.get("description") else figures


def observable_uuid(contributing: dict) -> uuid.UUID:
    """The STIX 2.1 id of an observable: UUIDv5 of its id-contributing properties as canonical JSON."""
    canonical = json.dumps(contributing, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return uuid.uuid5(SCO_NAMESPACE, canonical)


def _quote(value: str) -> str:
    """A string literal of the STIX patterning language."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


HASH_NAMES = {32: "MD5", 40: "SHA-1", 64: "SHA-256", 128: "SHA-512"}


def indicator_pattern(kind: str, compared: str, value: str) -> str:
    """The STIX pattern of an indicator.

    >>> indicator_pattern("domain", "gagauzia24.info", "https://gagauzia24.info/")
    "[domain-name:value = 'gagauzia24.info']"
    >>> indicator_pattern("ip", "45.141.152.19", "45.141.152.19")
    "[ipv4-addr:value = '45.141.152.19']"
    >>> indicator_pattern("hash", "d41d8cd98f00b204e9800998ecf8427e", "D41D8CD98F00B204E9800998ECF8427E")
    "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"
    """
    bare = compared.split("/", 1)[0]
    if kind == "domain":
        return f"[domain-name:value = {_quote(bare)}]"
    if kind == "ip":
        return f"[{'ipv6-addr' if ':' in bare else 'ipv4-addr'}:value = {_quote(bare)}]"
    if kind == "email":
        return f"[email-addr:value = {_quote(compared)}]"
    if kind == "hash" and len(compared) in HASH_NAMES:
        name = HASH_NAMES[len(compared)]
        return f"[file:hashes.{name if '-' not in name else repr(name)} = {_quote(compared)}]"
    return f"[url:value = {_quote(value)}]"


def add_indicator(bundle: Bundle, ioc: IndicatorRecord, intrusion_set: str, key: str, day: str) -> list[str]:
    """The indicator of one listed domain, URL or account (and its user-account), indicating the network."""
    compared = indicator_key(ioc)
    node = indicator_node(compared)
    value = str(ioc.get("value") or compared)
    kind = indicator_kind(ioc)
    pattern = indicator_pattern(kind, compared, value)
    created = bundle.shared_created
    indicator = bundle.add(
        {
            **common("indicator", node, created, created),
            "name": value,
            "description": f"{kind} listed by a platform's disclosure of a covert influence network",
            "pattern": pattern,
            "pattern_type": "stix",
            "valid_from": created,
            "indicator_types": ["malicious-activity"],
            "external_references": [{"source_name": "cio-graph", "external_id": compared, "description": node}],
        }
    )
    ids = [indicator, bundle.relationship(indicator, "indicates", intrusion_set, node, day)]
    if kind == "account" and ioc.get("handle"):
        platform = platform_slug(ioc.get("platform") or "")
        contributing = {"user_id": str(ioc["handle"]), "account_login": str(ioc["handle"])}
        if platform in ACCOUNT_TYPES:
            contributing["account_type"] = ACCOUNT_TYPES[platform]
        ids.append(
            bundle.add(
                {
                    "type": "user-account",
                    "spec_version": "2.1",
                    "id": f"user-account--{observable_uuid(contributing)}",
                    **contributing,
                    "display_name": value,
                }
            )
        )
    return ids


def add_operation(bundle: Bundle, name: str, intrusion_set: str, key: str, day: str) -> list[str]:
    """The campaign of a named operation, attributed to the network."""
    node = operation_node(name)
    campaign = bundle.add(
        {
            **common("campaign", node, bundle.shared_created, bundle.shared_modified),
            "name": name,
            "description": f"Influence operation named {name} in platforms' disclosures",
            "external_references": [
                {"source_name": "cio-graph", "external_id": node.rsplit("/", 1)[1], "description": node}
            ],
        }
    )
    return [campaign, bundle.relationship(campaign, "attributed-to", intrusion_set, node, day)]


def add_link(bundle: Bundle, record: NetworkRecord, link: LinkRecord, day: str) -> str:
    """A related-to relationship between two networks, with the link's kind, score and evidence."""
    node = link_node(record["id"], link["network"])
    description = f"{link['kind']} link, score {link['score']} ({', '.join(link['basis'])}): " + "; ".join(
        link["evidence"]
    )
    return bundle.add(
        {
            **common("relationship", node, timestamp(day), timestamp(day)),
            "relationship_type": "related-to",
            "description": description,
            "source_ref": stix_id("intrusion-set", model.network_node(record["id"])),
            "target_ref": stix_id("intrusion-set", model.network_node(link["network"])),
            "confidence": round(100 * float(link["score"])),
        }
    )


def add_network(bundle: Bundle, record: NetworkRecord) -> list[str]:
    """The intrusion set of one network and its relationships; returns their ids."""
    key = model.network_node(record["id"])
    day = period_bounds(record["period"])[1]
    intrusion_set = bundle.add(
        {
            **common("intrusion-set", key, timestamp(day), timestamp(day)),
            "name": f"{record['title']} ({record['id']})",
            "description": network_description(record),
            "external_references": [{"source_name": "cio-graph", "external_id": record["id"], "description": key}],
            "created_by_ref": bundle.identity(record["platform"]),
        }
    )
    targets = (
        [("originates-from", bundle.country(c["code"])) for c in record.get("origin_countries") or ()]
        + [("targets", bundle.country(c["code"])) for c in record.get("target_countries") or ()]
        + [("targets", bundle.region(r["name"])) for r in record.get("target_regions") or () if stix_region(r["name"])]
        + [("uses", bundle.attack_pattern(t["id"])) for t in record.get("tactics") or ()]
    )
    ids = [intrusion_set]
    for relation, target in dict.fromkeys(targets):
        ids += [target, bundle.relationship(intrusion_set, relation, target, key, day)]
    for ioc in record.get("iocs") or ():
        if indicator_key(ioc):
            ids += add_indicator(bundle, ioc, intrusion_set, key, day)
    if name := record.get("named_operation"):
        ids += add_operation(bundle, name, intrusion_set, key, day)
    for link in record.get("links") or ():
        if record["id"] < link["network"]:
            ids.append(add_link(bundle, record, link, day))
    return ids


def write_stix(
    reports: list[ReportRecord],
    networks: Sequence[NetworkRecord],
    path: Path,
    *,
    spill_folder: Path | None = None,
    chunk: int | None = None,
) -> Path:
    """The STIX 2.1 bundle of the records: its objects made ``chunk`` networks at a time (default
    :data:`CHUNK_NETWORKS`), each part sorted and kept as a run (:mod:`graph.export.stix_runs`: files
    in ``spill_folder`` when given, else in memory), merged once for the bundle's id (a digest of
    every object id) and once to write them."""
    objects = ObjectRuns(spill_folder, "objects")
    refs = PairRuns(spill_folder, "refs")
    try:
        add_objects(reports, networks, objects, refs, chunk or CHUNK_NETWORKS)
        digest = hashlib.sha256()
        separator = b""
        for object_id, _ in objects.objects():
            digest.update(separator + object_id.encode())
            separator = b"\n"
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(f'{{"type": "bundle", "id": "{stix_id("bundle", digest.hexdigest())}", "objects": [\n')
            out.writelines(text if number == 0 else ",\n" + text for number, (_, text) in enumerate(objects.objects()))
            out.write("\n]}\n")
    finally:
        objects.remove()
        refs.remove()
    return path


def add_objects(
    reports: list[ReportRecord], networks: Sequence[NetworkRecord], objects: ObjectRuns, refs: PairRuns, chunk: int
) -> None:
    """Every object of the bundle into ``objects``: the networks' in runs of ``chunk`` networks, then
    the reports', whose ``object_refs`` are the pairs gathered in ``refs`` on the way."""
    bounds = [period_bounds(p) for p in {r["period"] for r in reports} | {n["period"] for n in networks}]
    first_day = min(b[0] for b in bounds) if bounds else "1970-01-01"
    last_day = max(b[1] for b in bounds) if bounds else "1970-01-01"
    bundle = Bundle(first_day, last_day)
    pairs: list[tuple[str, str]] = []
    for done, record in enumerate(in_id_order(networks), 1):
        report_id = model.report_of(record)
        pairs.extend((report_id, ref) for ref in add_network(bundle, record))
        if done % chunk == 0:
            flush(bundle, objects, refs, pairs)
    flush(bundle, objects, refs, pairs)
    report_records = {r["id"]: r for r in reports}
    grouped = refs.grouped()
    group = next(grouped, None)
    for number, report_id in enumerate(sorted(set(report_records) | set(refs.keys)), 1):
        document = report_records.get(report_id)
        if document is None:  # networks without a report record: platform and period from the id
            sample = next(n for n in networks if model.report_of(n) == report_id)
            document = {"id": report_id, "platform": sample["platform"], "period": sample["period"]}
        object_refs: set[str] = set()
        if group is not None and group[0] == report_id:
            object_refs.update(group[1])
            group = next(grouped, None)
        add_report(bundle, document, object_refs)
        if number % REPORTS_PER_RUN == 0:
            flush(bundle, objects, refs, [])
    flush(bundle, objects, refs, [])


def flush(bundle: Bundle, objects: ObjectRuns, refs: PairRuns, pairs: list[tuple[str, str]]) -> None:
    """The bundle's objects made since the last flush as a run, and the refs' pairs as another."""
    if bundle.objects:
        objects.add_objects(bundle.objects.values())
        bundle.objects.clear()
    if pairs:
        refs.keys.update(report for report, _ in pairs)
        refs.add(pairs[:])
        pairs.clear()


def add_report(bundle: Bundle, document: ReportRecord | dict, object_refs: set[str]) -> None:
    """The report object of one report (a disclosed month, page or bulletin) and what it lists."""
    platform, period = document["platform"], document["period"]
    day = period_bounds(period)[1]
    report = {
        **common("report", model.report_node(document["id"]), timestamp(day), timestamp(day)),
        "name": document.get("title") or f"{reference.platform_label(platform)} covert influence operations, {period}",
        "published": timestamp(day),
        "report_types": ["threat-report"],
        "created_by_ref": bundle.identity(platform),
        "object_refs": sorted(object_refs | {bundle.identity(platform)}),
    }
    if document.get("intro"):
        report["description"] = document["intro"]
    reference_entry: dict[str, Any] = {
        "source_name": "cio-graph",
        "external_id": document["id"],
        "description": model.report_node(document["id"]),
    }
    if document.get("source_sha256"):
        reference_entry["hashes"] = {"SHA-256": document["source_sha256"]}
        reference_entry["description"] = f"derived from {document.get('source_file') or 'its source file'}"
    report["external_references"] = [reference_entry]
    bundle.add(report)
