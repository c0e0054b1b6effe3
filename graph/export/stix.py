"""``stix.json``: a STIX 2.1 bundle for threat-intelligence platforms (OpenCTI, MISP).

Networks are intrusion sets, countries and regions locations, tactics attack patterns carrying
their DISARM technique ids, and each report month a report object. Ids are UUIDv5 of the node
IRIs, timestamps come from the report periods: the same input always gives the same bundle.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from pathlib import Path

from graph import model, reference

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, model.DATA_IRI)
DISARM_TECHNIQUE_URL = reference.DISARM_URL + "/blob/main/generated_pages/techniques/{}.md"
TYPE_ORDER = ("identity", "location", "attack-pattern", "intrusion-set", "relationship", "report")


def stix_id(object_type: str, key: str) -> str:
    """A deterministic STIX id: UUIDv5 of ``key`` (an IRI) in the project's namespace."""
    return f"{object_type}--{uuid.uuid5(NAMESPACE, key)}"


def timestamp(day: str) -> str:
    return f"{day}T00:00:00.000Z"


def common(object_type: str, key: str, created: str, modified: str) -> dict:
    return {"type": object_type, "spec_version": "2.1", "id": stix_id(object_type, key),
            "created": created, "modified": modified}


class Bundle:
    """Collects STIX objects by id."""

    def __init__(self, first_day: str, last_day: str) -> None:
        self.objects: dict[str, dict] = {}
        self.shared: dict[tuple[str, str], str] = {}
        self.shared_created, self.shared_modified = timestamp(first_day), timestamp(last_day)

    def add(self, obj: dict) -> str:
        self.objects.setdefault(obj["id"], obj)
        return obj["id"]

    def shared_object(self, kind: str, key: str) -> str:
        """Id of a shared object (identity, location, attack pattern), made once."""
        found = self.shared.get((kind, key))
        if found is None:
            found = self.shared[(kind, key)] = getattr(self, f"make_{kind}")(key)
        return found

    def identity(self, platform: str) -> str:
        return self.shared_object("identity", platform)

    def country(self, code: str) -> str:
        return self.shared_object("country", code)

    def region(self, name: str) -> str:
        return self.shared_object("region", name)

    def attack_pattern(self, slug: str) -> str:
        return self.shared_object("attack_pattern", slug)

    def make_identity(self, platform: str) -> str:
        return self.add({
            **common("identity", model.platform_node(platform), self.shared_created, self.shared_modified),
            "name": reference.platform_label(platform), "identity_class": "organization",
        })

    def make_country(self, code: str) -> str:
        found = reference.country(code)
        return self.add({
            **common("location", model.country_node(code), self.shared_created, self.shared_modified),
            "name": found.name if found else code, "country": code,
        })

    def make_region(self, name: str) -> str:
        return self.add({
            **common("location", model.region_node(name), self.shared_created, self.shared_modified),
            "name": name, "region": model.slug(name),
        })

    def make_attack_pattern(self, slug: str) -> str:
        tactic = reference.tactics_by_slug()[slug]
        framework = reference.disarm()
        techniques = [framework.techniques[i] for i in tactic.disarm_ids]
        phases = sorted({model.slug(framework.tactics[t.parent].name) for t in techniques})
        return self.add({
            **common("attack-pattern", model.tactic_node(slug), self.shared_created, self.shared_modified),
            "name": tactic.label,
            "description": tactic.definition,
            "external_references": [
                {"source_name": "cio-graph", "external_id": slug, "url": model.tactic_node(slug)},
                *({"source_name": "DISARM", "external_id": t.id, "description": t.name,
                   "url": DISARM_TECHNIQUE_URL.format(t.id)} for t in techniques),
            ],
            "kill_chain_phases": [{"kill_chain_name": "disarm", "phase_name": p} for p in phases],
        })

    def relationship(self, source: str, relation: str, target: str, source_key: str, day: str) -> str:
        key = f"{source_key} {relation} {target}"
        return self.add({
            **common("relationship", key, timestamp(day), timestamp(day)),
            "relationship_type": relation, "source_ref": source, "target_ref": target,
        })


def network_description(record: dict) -> str:
    figures = (f"Disrupted by {reference.platform_label(record['platform'])}, report {record['period']}: "
               f"{record['accounts']} accounts, {record['followers']} followers; "
               f"detection source: {record['detection_source']}.")
    return f"{record['description']}\n\n{figures}" if record.get("description") else figures


def add_network(bundle: Bundle, record: dict) -> list[str]:
    """The intrusion set of one network and its relationships; returns their ids."""
    key = model.network_node(record["id"])
    day = model.month_bounds(record["period"])[1]
    intrusion_set = bundle.add({
        **common("intrusion-set", key, timestamp(day), timestamp(day)),
        "name": f"{record['title']} ({record['id']})",
        "description": network_description(record),
        "external_references": [{"source_name": "cio-graph", "external_id": record["id"], "url": key}],
        "created_by_ref": bundle.identity(record["platform"]),
    })
    targets = [
        ("originates-from", bundle.country(c["code"])) for c in record.get("origin_countries") or ()
    ] + [
        ("targets", bundle.country(c["code"])) for c in record.get("target_countries") or ()
    ] + [
        ("targets", bundle.region(r["name"])) for r in record.get("target_regions") or ()
    ] + [
        ("uses", bundle.attack_pattern(t["id"])) for t in record.get("tactics") or ()
    ]
    ids = [intrusion_set]
    for relation, target in dict.fromkeys(targets):
        ids += [target, bundle.relationship(intrusion_set, relation, target, key, day)]
    return ids


def build_bundle(reports: list[dict], networks: list[dict]) -> dict:
    """The STIX 2.1 bundle of the records (a dict ready for ``json.dumps``)."""
    periods = sorted({r["period"] for r in reports} | {n["period"] for n in networks})
    first_day = model.month_bounds(periods[0])[0] if periods else "1970-01-01"
    last_day = model.month_bounds(periods[-1])[1] if periods else "1970-01-01"
    bundle = Bundle(first_day, last_day)
    month_refs: dict[tuple[str, str], set[str]] = {}
    for record in sorted(networks, key=lambda n: n["id"]):
        month_refs.setdefault((record["platform"], record["period"]), set()).update(add_network(bundle, record))
    report_records = {(r["platform"], r["period"]): r for r in reports}
    for platform, period in sorted(set(report_records) | set(month_refs)):
        record = report_records.get((platform, period), {"id": f"{platform}-{period}"})
        day = model.month_bounds(period)[1]
        report = {
            **common("report", model.report_node(record["id"]), timestamp(day), timestamp(day)),
            "name": f"{reference.platform_label(platform)} covert influence operations, {period}",
            "published": timestamp(day),
            "report_types": ["threat-report"],
            "created_by_ref": bundle.identity(platform),
            "object_refs": sorted(month_refs.get((platform, period), set()) | {bundle.identity(platform)}),
        }
        if record.get("intro"):
            report["description"] = record["intro"]
        reference_entry = {"source_name": "cio-graph", "external_id": record["id"], "url": model.report_node(record["id"])}
        if record.get("source_sha256"):
            reference_entry["hashes"] = {"SHA-256": record["source_sha256"]}
            reference_entry["description"] = f"derived from {record.get('source_file') or 'its source file'}"
        report["external_references"] = [reference_entry]
        bundle.add(report)
    objects = sorted(bundle.objects.values(), key=lambda o: (TYPE_ORDER.index(o["type"]), o["id"]))
    digest = hashlib.sha256("\n".join(o["id"] for o in objects).encode()).hexdigest()
    return {"type": "bundle", "id": stix_id("bundle", digest), "objects": objects}


def stix_chunks(bundle: dict) -> Iterable[str]:
    yield f'{{"type": "bundle", "id": "{bundle["id"]}", "objects": [\n'
    separator = ""
    for obj in bundle["objects"]:
        yield separator + json.dumps(obj, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def write_stix(reports: list[dict], networks: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(stix_chunks(build_bundle(reports, networks)))
    return path
