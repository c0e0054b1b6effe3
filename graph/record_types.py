"""The shapes of the report and network records every step after reading passes on (``docs/records.md``).

Records stay JSON-ready dictionaries (they are written as ``reports.jsonl`` and ``networks.jsonl``
as they are); these ``TypedDict`` classes name their fields and types for readers of the code and
for mypy.
"""

from __future__ import annotations

from typing import TypedDict

__all__ = [
    "ActorFact",
    "AdSpendRecord",
    "CodeFact",
    "IndicatorRecord",
    "LanguageFact",
    "LinkRecord",
    "NetworkRecord",
    "RegionFact",
    "ReportRecord",
    "StanceFact",
    "TaggedFact",
]


class CodeFact(TypedDict):
    """A country named by a network's text: ISO 3166-1 alpha-2 ``code`` and its ``evidence``."""

    code: str
    evidence: str


class RegionFact(TypedDict):
    """A region named by a network's text."""

    name: str
    evidence: str


class LanguageFact(TypedDict):
    """A language: ISO 639-1 (else 639-3) ``code``, English ``name`` and ``evidence``."""

    code: str
    name: str
    evidence: str


class ActorFact(TypedDict, total=False):
    """A political actor: name, type (person/party/organization/media), stance, other names, evidence."""

    name: str
    type: str
    stance: str
    aliases: list[str]
    evidence: str


class StanceFact(TypedDict):
    """A government the network was critical of or supportive of."""

    country: str | None
    stance: str
    evidence: str


class TaggedFact(TypedDict):
    """A tactic or topic: its ``id`` (slug) and ``evidence``."""

    id: str
    evidence: str


class IndicatorRecord(TypedDict):
    """An indicator as disclosed: type as written, kind, refanged value, platform and handle of an account."""

    type: str
    kind: str
    value: str
    platform: str | None
    handle: str | None


class AdSpendRecord(TypedDict):
    """Ad spend as stated: amount (0 for "did not run ads"), currency, approximate, currencies paid in."""

    amount: float
    currency: str | None
    approximate: bool
    paid_in: list[str]


class LinkRecord(TypedDict):
    """A link to another network: its id and platform, kind (stated/inferred), score, bases, evidence."""

    network: str
    platform: str
    kind: str
    score: float
    basis: list[str]
    evidence: list[str]


class NetworkRecord(TypedDict, total=False):
    """One disrupted network: a line of ``networks.jsonl``."""

    id: str
    platform: str
    period: str
    report: str
    month: str | None
    row: int | None
    source_file: str
    source_line: int | None
    detection_source: str | None
    accounts: int | None
    followers: int | None
    title: str | None
    network: str | None
    description: str
    assets: dict[str, int]
    followers_detail: dict[str, int]
    ad_spend: AdSpendRecord | None
    iocs: list[IndicatorRecord]
    iocs_unassigned: list[IndicatorRecord]
    other_platforms: list[str]
    attribution: list[str]
    leads_from: list[str]
    consistent_with: list[str]
    named_operation: str | None
    origin_countries: list[CodeFact]
    target_countries: list[CodeFact]
    global_audience: bool
    global_audience_evidence: str | None
    target_regions: list[RegionFact]
    languages: list[LanguageFact]
    actors: list[ActorFact]
    government_stances: list[StanceFact]
    tactics: list[TaggedFact]
    topics: list[TaggedFact]
    links: list[LinkRecord]


class ReportRecord(TypedDict, total=False):
    """One disclosed document (a TikTok month, a Meta page, a TAG bulletin): a line of ``reports.jsonl``."""

    id: str
    platform: str
    period: str
    granularity: str
    start_date: str | None
    end_date: str | None
    title: str | None
    networks: int
    source_file: str
    source_sha256: str
    source_line: int | None
    intro: str
    reestablishing_accounts_removed: int | None
