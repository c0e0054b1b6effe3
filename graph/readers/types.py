"""Step 1 (read): the typed records every reader returns, whatever the platform, and the report id.

A file read gives a :class:`ParsedReport`: its disclosures (:class:`Disclosure`, one per month of
a TikTok report, one per Meta page, one per TAG bulletin), each holding its networks
(:class:`Network`). A network carries what the disclosure states about it beside the prose the
entity extractor reads: asset counts, follower figures, ad spend, indicators, who gave leads.

Mappings are kept as sorted tuples of pairs so that records stay immutable and hashable:

>>> n = Network("a.md", 3, 1, None, None, None, None, "text", assets=(("pages", 6),))
>>> n.assets_dict()
{'pages': 6}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cio_graph.graph.readers.periods import Period

__all__ = ["AdSpend", "Disclosure", "Indicator", "Network", "ParsedReport", "SkippedRow", "Source", "report_id"]


def report_id(platform: str, period: str, key: str = "") -> str:
    """The id of one disclosed report (the one place it is spelled).

    >>> report_id("tiktok", "2024-12"), report_id("meta", "2025-H2", "moldova")
    ('tiktok-2024-12', 'meta-2025-H2-moldova')
    """
    return f"{platform}-{period}-{key}" if key else f"{platform}-{period}"


@dataclass(frozen=True)
class Indicator:
    """One indicator of compromise, refanged: ``type`` as written, ``kind`` domain/url/account/ip."""

    type: str
    kind: str
    value: str
    platform: str | None = None
    handle: str | None = None

    def as_dict(self) -> dict:
        return {
            "type": self.type,
            "kind": self.kind,
            "value": self.value,
            "platform": self.platform,
            "handle": self.handle,
        }


@dataclass(frozen=True)
class AdSpend:
    """Money spent on ads: the figure as stated, its currency, and the currencies paid in."""

    amount: float | int
    currency: str | None
    approximate: bool
    paid_in: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "amount": self.amount,
            "currency": self.currency,
            "approximate": self.approximate,
            "paid_in": list(self.paid_in),
        }


@dataclass(frozen=True)
class Network:
    """One disrupted network (a TikTok table row, a Meta page or case study, a TAG campaign)."""

    source_file: str  # file name (no folder)
    source_line: int  # 1-based line (text) / block or <tr> position (HTML)
    row: int  # 1-based position in the file (Meta, TAG) or in its month's table (TikTok)
    detection_source: str | None  # "internal" / "external", None when not stated
    accounts: int | None
    followers: int | None
    title: str | None  # None where the report gives none (TAG)
    description: str  # the prose the entity extractor reads ("" when a row has only a title)
    month: str | None = None  # "2020-01" where a quarterly bulletin places it under a month heading
    network: str | None = None  # the case study's / numbered network's heading where a page holds several
    assets: tuple[tuple[str, int], ...] = ()
    followers_detail: tuple[tuple[str, int], ...] = ()
    ad_spend: AdSpend | None = None
    iocs: tuple[Indicator, ...] = ()
    iocs_unassigned: tuple[Indicator, ...] = ()
    other_platforms: tuple[str, ...] = ()
    attribution: tuple[str, ...] = ()
    leads_from: tuple[str, ...] = ()
    consistent_with: tuple[str, ...] = ()
    named_operation: str | None = None

    def assets_dict(self) -> dict[str, int]:
        return dict(self.assets)

    def facts(self) -> dict:
        """The disclosed facts as record fields (JSON-ready)."""
        return {
            "month": self.month,
            "network": self.network,
            "assets": dict(self.assets),
            "followers_detail": dict(self.followers_detail),
            "ad_spend": self.ad_spend.as_dict() if self.ad_spend else None,
            "iocs": [i.as_dict() for i in self.iocs],
            "other_platforms": list(self.other_platforms),
            "attribution": list(self.attribution),
            "leads_from": list(self.leads_from),
            "consistent_with": list(self.consistent_with),
            "named_operation": self.named_operation,
        }

    def has_facts(self) -> bool:
        """Whether the network states anything beyond the TikTok table's columns."""
        return bool(
            self.month
            or self.assets
            or self.followers_detail
            or self.ad_spend
            or self.iocs
            or self.iocs_unassigned
            or self.other_platforms
            or self.attribution
            or self.leads_from
            or self.consistent_with
            or self.named_operation
        )


@dataclass(frozen=True)
class Disclosure:
    """One disclosed report: a TikTok month, a Meta page, a TAG bulletin, with its networks."""

    platform: str
    period: str  # "2024-12", "2020-Q1", "2025-H2"
    start_date: str
    end_date: str
    reestablishing_accounts_removed: int | None
    intro: str
    source_file: str
    source_sha256: str
    source_line: int
    rows: tuple[Network, ...]
    granularity: str = "month"  # month / quarter / half
    title: str | None = None
    key: str = ""  # distinguishes several disclosures of one platform and period (a page's slug)

    @property
    def networks(self) -> tuple[Network, ...]:
        return self.rows

    @property
    def report_id(self) -> str:
        """``tiktok-2024-12``, ``google-2020-Q1``, ``meta-2025-H2-<slug of the page title>``."""
        return report_id(self.platform, self.period, self.key)


@dataclass(frozen=True)
class SkippedRow:
    """A bad row left out under ``skip_bad_rows``."""

    source_file: str
    source_line: int
    reason: str


@dataclass(frozen=True)
class ParsedReport:
    """Everything read from one file."""

    tables: tuple[Disclosure, ...]
    skipped: tuple[SkippedRow, ...]
    rows_read: int  # data rows seen (= networks kept + skipped)

    @property
    def disclosures(self) -> tuple[Disclosure, ...]:
        return self.tables

    @classmethod
    def one_document(
        cls,
        source: Source,
        platform: str,
        period: Period,
        networks: tuple[Network, ...],
        skipped: tuple[SkippedRow, ...],
        *,
        intro: str,
        line: int,
        title: str | None,
        key: str = "",
    ) -> ParsedReport:
        """A file that is one disclosed document (a Meta page, a TAG bulletin) of ``platform`` (unless
        the source names another) in ``period``."""
        disclosure = Disclosure(
            platform=source.platform or platform,
            period=period.period,
            start_date=period.start_date,
            end_date=period.end_date,
            reestablishing_accounts_removed=None,
            intro=intro,
            source_file=source.name,
            source_sha256=source.sha256,
            source_line=line,
            rows=networks,
            granularity=period.granularity,
            title=title,
            key=key,
        )
        return cls((disclosure,), skipped, len(networks) + len(skipped))


@dataclass(frozen=True)
class Source:
    """What a reader is told about the file it reads."""

    name: str
    sha256: str
    platform: str | None = None  # given with --platform (a slug), else None
    skip_bad_rows: bool = False
