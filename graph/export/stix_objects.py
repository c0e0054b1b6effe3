"""The STIX objects of ``stix.json``: deterministic ids and timestamps, region names, and the Bundle making shared objects once."""

from __future__ import annotations

import uuid

from cio_graph.graph import model, reference

__all__ = [
    "ACCOUNT_TYPES",
    "DISARM_TECHNIQUE_URL",
    "NAMESPACE",
    "REGIONS",
    "REGION_ALIASES",
    "SCO_NAMESPACE",
    "TYPE_ORDER",
    "Bundle",
    "common",
    "stix_id",
    "stix_region",
    "timestamp",
]

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, model.DATA_IRI)
SCO_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")  # STIX 2.1, section 2.9
DISARM_TECHNIQUE_URL = reference.DISARM_URL + "/blob/main/generated_pages/techniques/{}.md"
TYPE_ORDER = (
    "identity",
    "location",
    "attack-pattern",
    "campaign",
    "intrusion-set",
    "indicator",
    "user-account",
    "relationship",
    "report",
)
# STIX's account-type vocabulary where a platform has an entry in it.
ACCOUNT_TYPES = {"meta": "facebook", "facebook": "facebook", "x": "twitter", "twitter": "twitter"}


# STIX 2.1 region-ov, and the regions reports name that it holds under another name.
REGIONS = frozenset(
    (
        "africa",
        "eastern-africa",
        "middle-africa",
        "northern-africa",
        "southern-africa",
        "western-africa",
        "americas",
        "latin-america-caribbean",
        "south-america",
        "caribbean",
        "central-america",
        "northern-america",
        "asia",
        "eastern-asia",
        "central-asia",
        "south-eastern-asia",
        "southern-asia",
        "western-asia",
        "europe",
        "eastern-europe",
        "northern-europe",
        "southern-europe",
        "western-europe",
        "antarctica",
        "oceania",
        "australia-new-zealand",
        "melanesia",
        "micronesia",
        "polynesia",
    )
)
REGION_ALIASES = {
    "gulf": "western-asia",
    "persian-gulf": "western-asia",
    "arabian-gulf": "western-asia",
    "middle-east": "western-asia",
    "levant": "western-asia",
    "caucasus": "western-asia",
    "south-caucasus": "western-asia",
    "sub-saharan-africa": "africa",
    "sahel": "africa",
    "horn-of-africa": "eastern-africa",
    "north-africa": "northern-africa",
    "west-africa": "western-africa",
    "east-africa": "eastern-africa",
    "maghreb": "northern-africa",
    "mena": "western-asia",
    "latin-america": "latin-america-caribbean",
    "north-america": "northern-america",
    "southeast-asia": "south-eastern-asia",
    "south-asia": "southern-asia",
    "east-asia": "eastern-asia",
    "asia-pacific": "asia",
    "balkans": "southern-europe",
    "western-balkans": "southern-europe",
    "baltics": "northern-europe",
    "baltic-states": "northern-europe",
    "scandinavia": "northern-europe",
    "nordic-countries": "northern-europe",
    "central-europe": "eastern-europe",
    "eastern-europe": "eastern-europe",
    "pacific": "oceania",
    "pacific-islands": "oceania",
}


def stix_region(name: str) -> str | None:
    """The region-ov value of a region a report names, or None when STIX has none for it.

    >>> stix_region("Europe"), stix_region("the Gulf"), stix_region("Sub-Saharan Africa"), stix_region("Gagauzia")
    ('europe', 'western-asia', 'africa', None)
    """
    key = model.slug(name).removeprefix("the-")
    return key if key in REGIONS else REGION_ALIASES.get(key)


def stix_id(object_type: str, key: str) -> str:
    """A deterministic STIX id for an object or relationship: the UUIDv5 of ``key`` (an IRI) in the
    project's namespace, stamped as version 4 (STIX 2.1 asks UUIDv4 of domain objects and
    relationships; the bits are drawn from the key rather than at random, so builds repeat).

    >>> stix_id("intrusion-set", "https://w3id.org/cio-graph/id/network/x")[14:]
    '-ddc6e8f0-254b-449b-9028-84483037ffa4'
    """
    return f"{object_type}--{uuid.UUID(bytes=uuid.uuid5(NAMESPACE, key).bytes, version=4)}"


def timestamp(day: str) -> str:
    return f"{day}T00:00:00.000Z"


def common(object_type: str, key: str, created: str, modified: str) -> dict:
    return {
        "type": object_type,
        "spec_version": "2.1",
        "id": stix_id(object_type, key),
        "created": created,
        "modified": modified,
    }


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
        return self.add(
            {
                **common("identity", model.platform_node(platform), self.shared_created, self.shared_modified),
                "name": reference.platform_label(platform),
                "identity_class": "organization",
            }
        )

    def make_country(self, code: str) -> str:
        found = reference.country(code)
        return self.add(
            {
                **common("location", model.country_node(code), self.shared_created, self.shared_modified),
                "name": found.name if found else code,
                "country": code,
            }
        )

    def make_region(self, name: str) -> str:
        return self.add(
            {
                **common("location", model.region_node(name), self.shared_created, self.shared_modified),
                "name": name,
                "region": stix_region(name),
            }
        )

    def make_attack_pattern(self, slug: str) -> str:
        tactic = reference.tactics_by_slug()[slug]
        framework = reference.disarm()
        techniques = [framework.techniques[i] for i in tactic.disarm_ids]
        phases = sorted({model.slug(framework.tactics[t.parent].name) for t in techniques if t.parent})
        return self.add(
            {
                **common("attack-pattern", model.tactic_node(slug), self.shared_created, self.shared_modified),
                "name": tactic.label,
                "description": tactic.definition,
                "external_references": [
                    {"source_name": "cio-graph", "external_id": slug, "description": model.tactic_node(slug)},
                    *(
                        {
                            "source_name": "DISARM",
                            "external_id": t.id,
                            "description": f"{t.name} ({DISARM_TECHNIQUE_URL.format(t.id)})",
                        }
                        for t in techniques
                    ),
                ],
                "kill_chain_phases": [{"kill_chain_name": "disarm", "phase_name": p} for p in phases],
            }
        )

    def relationship(self, source: str, relation: str, target: str, source_key: str, day: str) -> str:
        key = f"{source_key} {relation} {target}"
        return self.add(
            {
                **common("relationship", key, timestamp(day), timestamp(day)),
                "relationship_type": relation,
                "source_ref": source,
                "target_ref": target,
            }
        )
