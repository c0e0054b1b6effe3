"""Meta's threat-report pages (the ``indicators/`` pages of Meta's threat research), as Markdown or saved HTML.

A page: an H1 (``# Indicators of Compromise: <network>``), an intro naming the report ("…from
Meta’s Adversarial Threat Report H2 2025"), prose sections (a network summary, or one case study
or numbered network per section when the page holds several), an indicator table of defanged
values and cross-links. A page holds several networks when two or more headings number them
("Case Study 1: …", "Network 2", "**Case Study 1**" lines), else when two or more paragraphs
state a takedown ("We removed 25 Facebook accounts … for violating …"): one network each, with
the paragraphs after it in its section. Indicators of such a page go to the network whose row
("Case Study 2"), indicator section or prose names them; the rest follow the majority or stay
unassigned (``iocs_unassigned``). Each network's description is the page intro and the prose of its
section(s), paragraphs joined by a blank line; the indicator table, notes and cross-links are
not prose. Facts (assets, followers, ad spend, detection, attribution) come from the network's
own prose (:mod:`graph.readers.facts`), indicators from the table (:mod:`graph.readers.indicators`).

>>> page = '''# Indicators of Compromise: Ruritania-Based Network Targeting Elbonia
...
... Meta disrupted a Ruritania-based network. This file contains IOCs from Meta’s Adversarial Threat Report Q3 2024.
...
... ## Summary
...
... We removed 5 Facebook accounts and 2 Instagram accounts. About 900 accounts followed one or more of these
... Instagram accounts. We found this network as a result of our internal investigation.
... '''
>>> report = MetaMarkdownReader().read(page, Source("p.md", "0" * 64)).tables[0]
>>> report.period, report.granularity, report.report_id
('2024-Q3', 'quarter', 'meta-2024-Q3-ruritania-based-network-targeting-elbonia')
>>> network = report.rows[0]
>>> network.title, network.accounts, network.followers, network.detection_source
('Ruritania-Based Network Targeting Elbonia', 7, 900, 'internal')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cio_graph.graph.errors import InputError
from cio_graph.graph.readers import facts
from cio_graph.graph.readers.limits import ends_inside_table
from cio_graph.graph.readers.markup import page_head, page_lines
from cio_graph.graph.readers.meta_page import NETWORK_HEADING, Page, Section, cut_table_row, section_iocs, split_page
from cio_graph.graph.readers.periods import find_period
from cio_graph.graph.readers.platforms import looks_like_html, platforms_named
from cio_graph.graph.readers.types import Indicator, Network, ParsedReport, SkippedRow, Source

__all__ = ["MetaHtmlReader", "MetaMarkdownReader", "read_page"]

OWN_PLATFORMS = frozenset(("facebook", "instagram", "meta", "messenger", "threads", "whatsapp"))
_SUMMARY_CUE = re.compile(r"violat|inauthentic\s+behavio|followed\s+one\s+or\s+more", re.I)
_ADDITION = re.compile(r"\s*(?:In\s+addition|Additionally|We\s+also|Also|Separately|Later|After)\b", re.I)
_METHOD = re.compile(r"Adversarial\s+Threat\s+Report|Threat\s+Report|Coordinated\s+Inauthentic\s+Behavio", re.I)
_META = re.compile(r"\bMeta\b|\bFacebook\b|\bCIB\b")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).casefold())


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug if len(slug) <= 100 else slug[:100].rsplit("-", 1)[0]


@dataclass
class _Part:
    heading: str | None
    line: int
    paragraphs: list[tuple[int, str]]
    indicators: list[Indicator]


def _parts(page: Page) -> tuple[list[_Part], list[tuple[Indicator, str | None]]]:
    """The page's networks (one, or one per case study / numbered network) and the page-level indicators."""
    prose = [s for s in page.sections if not s.stop]
    marked = [i for i, s in enumerate(page.sections) if not s.stop and NETWORK_HEADING.match(s.heading)]
    page_iocs = [x for s in page.sections for x in section_iocs(s)]
    if len(marked) < 2:
        statements = [
            (i, j)
            for i, s in enumerate(page.sections)
            if not s.stop
            for j, (_, text) in enumerate(s.paragraphs)
            if _is_statement(text)
        ]
        if len(statements) >= 2:
            return _statement_parts(page, statements), page_iocs
    if len(marked) < 2:
        paragraphs = [p for s in prose for p in s.paragraphs]
        line = prose[0].line if prose else page.title_line
        return [_Part(None, line, paragraphs, [item for item, _ in page_iocs])], []
    parts, inside = [], set()
    for start in marked:
        head, span = page.sections[start], _span_of(page, start, marked)
        inside |= {id(head)} | {id(section) for section in span}
        own = [x for section in [head, *span] for x, _ in section_iocs(section)]
        parts.append(
            _Part(
                head.heading,
                head.line,
                [p for section in [head, *span] if not section.stop for p in section.paragraphs],
                own,
            )
        )
    page_level = [
        (x, owner or _numbered(section.heading))
        for section in page.sections
        if id(section) not in inside
        for x, owner in section_iocs(section)
    ]
    return parts, page_level


def _is_statement(text: str) -> bool:
    """Whether a paragraph states a network's takedown ("We removed 25 Facebook accounts … for violating …")."""
    return bool(facts.assets(text) and _SUMMARY_CUE.search(text) and not _ADDITION.match(text))


def _statement_parts(page: Page, statements: list[tuple[int, int]]) -> list[_Part]:
    """One network per takedown statement: its paragraph and the paragraphs after it in its section."""
    per_section = {i: sum(1 for k, _ in statements if k == i) for i, _ in statements}
    parts = []
    for position, (i, j) in enumerate(statements):
        section = page.sections[i]
        following = statements[position + 1] if position + 1 < len(statements) else None
        end = following[1] if following and following[0] == i else len(section.paragraphs)
        alone = per_section[i] == 1
        parts.append(
            _Part(
                section.heading if alone else None,
                section.line if alone else section.paragraphs[j][0],
                section.paragraphs[j:end],
                [],
            )
        )
    return parts


def _span_of(page: Page, start: int, marked: list[int]) -> list[Section]:
    """The sections under a network's heading, up to the next network or a page-level indicator section."""
    head = page.sections[start]
    later = [m for m in marked if m > start]
    span = []
    for section in page.sections[start + 1 : later[0] if later else len(page.sections)]:
        if section.level <= head.level and (section.stop or not later):
            break
        span.append(section)
    return span


def _numbered(heading: str) -> str | None:
    """A heading's network number where it names one ("Case Study 2 indicators" -> "2")."""
    match = re.search(r"(?:case\s*study|network|cluster|operation|campaign)\s*(?:#|no\.?)?\s*(\d+)\b", heading, re.I)
    return match.group(1) if match else None


def _owner_of(owner: str | None, parts: list[_Part]) -> int | None:
    """The network a table's "Network"/"Case study" cell names: by its number, else by its heading."""
    if not owner:
        return None
    number = re.search(r"(?:case\s*study|network|cluster|operation|campaign|^)\s*(?:#|no\.?)?\s*(\d+)\b", owner, re.I)
    if number and 1 <= int(number.group(1)) <= len(parts):
        return int(number.group(1)) - 1
    hits = [i for i, part in enumerate(parts) if _fold(owner) and _fold(owner) in _fold(part.heading or "")]
    return hits[0] if len(hits) == 1 else None


def _assign(parts: list[_Part], page_iocs: list[tuple[Indicator, str | None]]) -> list[Indicator]:
    """Give page-level indicators to the network their row or its prose names; the rest follow the majority."""
    texts = [_fold(" ".join(t for _, t in part.paragraphs) + " " + (part.heading or "")) for part in parts]
    owners: list[int | None] = []
    for item, named in page_iocs:
        owner = _owner_of(named, parts)
        if owner is None:
            key = _fold(item.handle or item.value.split("://")[-1].split("/")[0].removeprefix("www.").rsplit(".", 1)[0])
            hits = [i for i, text in enumerate(texts) if len(key) >= 4 and key in text]
            owner = hits[0] if len(hits) == 1 else None
        owners.append(owner)
    chosen = {o for o in owners if o is not None}
    unassigned = []
    for (item, _), owner in zip(page_iocs, owners):
        if owner is None and len(chosen) == 1:
            owner = next(iter(chosen))
        if owner is None:
            unassigned.append(item)
        else:
            parts[owner].indicators.append(item)
    return unassigned


_PAGE_NAME = re.compile(
    r"\b(?:meta-)?(?:h[12]|q[1-4])(?:-[hq]?[1-4])?[-_]20\d\d[-_][a-z0-9_-]*?-(\d{1,2})(?![\w-])", re.I
)


def _page_number(text: str, name: str) -> str:
    """``-2`` when the page's own name (its cross-links, else the file name) numbers it among pages of
    one title ("…-russia-based-cib-network-2"), else ``""``: two pages with one title stay two reports."""
    match = _PAGE_NAME.search(text) or _PAGE_NAME.search(name)
    return f"-{match.group(1)}" if match else ""


def read_page(
    lines: list[tuple[int, str]], source: Source, *, blocks: bool = False, page_cut: bool = False
) -> ParsedReport:
    """The disclosure of one Meta page given as numbered Markdown lines (``blocks``: a web page's lines,
    one block each; ``page_cut``: its source ended inside a table).

    A page that ends in an indicator row cut off is refused naming the row's line, or with
    ``skip_bad_rows`` read without that row (listed as skipped)."""
    skipped: tuple[SkippedRow, ...] = ()
    cut = cut_table_row(lines, page_cut)
    if cut is not None:
        if not source.skip_bad_rows:
            raise InputError(source.name, *cut)
        skipped = (SkippedRow(source.name, *cut),)
        lines = [(number, line) for number, line in lines if number != cut[0]]
    page = split_page(lines, blocks)
    if not page.title:
        raise InputError(
            source.name,
            None,
            "expected a Meta threat-report page: no title heading ('# Indicators of Compromise: <network>')",
        )
    intro_text = " ".join(t for _, t in page.intro)
    all_text = "\n".join(t for _, t in lines)
    stop_lines = {n for section in page.sections if section.stop for n, _ in section.items}
    cross_links = " ".join(t for n, t in lines if n in stop_lines)
    period = (
        find_period(page.title + " " + intro_text)
        or find_period(cross_links)
        or find_period(source.name)
        or find_period(all_text)
    )
    if period is None:
        raise InputError(
            source.name,
            page.title_line,
            "expected the report's period in the title or intro (e.g. 'Adversarial Threat Report H2 "
            "2025' or 'Q1 2023')",
        )
    parts, page_iocs = _parts(page)
    if len(parts) == 1 and len(page_iocs) == 0 and not parts[0].paragraphs and not facts.assets(intro_text):
        stop = next((s.line for s in page.sections if s.stop), page.title_line)
        raise InputError(
            source.name,
            stop,
            "no network summary (expected a section such as '## Meta’s Adversarial Threat Report "
            "Network Summary' describing the network before the indicators)",
        )
    unassigned: list[Indicator] = [] if len(parts) == 1 else _assign(parts, page_iocs)
    networks = tuple(_network(page, part, row, unassigned, source.name) for row, part in enumerate(parts, 1))
    return ParsedReport.one_document(
        source,
        "meta",
        period,
        networks,
        skipped,
        intro=intro_text,
        line=page.title_line,
        title=page.title,
        key=_slug(page.title) + _page_number(all_text, source.name),
    )


_NUMBERING = re.compile(
    r"^(?:(?:case\s+study|network|operation|campaign|cluster)\s*(?:#|no\.?)?\s*\w+|\d+)\s*"
    r"[:.)\u2013\u2014-]\s*",
    re.I,
)


def own_heading(heading: str) -> str:
    """A network section's heading without its numbering, as a sentence of its description.

    >>> own_heading("Network 1: Benin-Based CIB Network Targeting Benin and Togo")
    'Benin-Based CIB Network Targeting Benin and Togo.'
    >>> own_heading("Case Study 2: RT-Linked Covert Campaign")
    'RT-Linked Covert Campaign.'
    """
    text = _NUMBERING.sub("", heading).strip()
    return f"{text.rstrip('.')}." if text else ""


def _network(page: Page, part: _Part, row: int, unassigned: list[Indicator], name: str) -> Network:
    own_text = " ".join(t for _, t in part.paragraphs) or " ".join(t for _, t in page.intro)
    # a numbered network's own heading ("Network 1: Benin-Based … Targeting …") is read with its prose
    heading = [(part.line, own_heading(part.heading))] if part.heading and own_heading(part.heading) else []
    description = "\n\n".join(t for _, t in page.intro + heading + part.paragraphs)
    # the removal statement: later paragraphs may count returning accounts removed after the takedown
    counts: list[tuple[str, int]] = next(
        (found for _, text in [*part.paragraphs, *page.intro] if (found := facts.assets(text))), []
    )
    detail = facts.followers_detail(own_text)
    iocs = tuple(part.indicators)
    named = platforms_named(facts.without_citations(description))
    others = sorted(({i.platform for i in iocs if i.platform} | set(named)) - OWN_PLATFORMS - {"google"})
    return Network(
        source_file=name,
        source_line=part.line,
        row=row,
        detection_source=facts.detection_source(own_text),
        accounts=facts.account_total(counts),
        followers=sum(n for _, n in detail) if detail else None,
        title=page.title,
        description=description,
        month=None,
        network=part.heading,
        assets=tuple(counts),
        followers_detail=tuple(detail),
        ad_spend=facts.ad_spend(own_text),
        iocs=iocs,
        iocs_unassigned=tuple(unassigned),
        other_platforms=tuple(others),
        attribution=tuple(facts.attribution(own_text)),
        leads_from=tuple(facts.leads_from(own_text)),
        consistent_with=tuple(facts.consistent_with(own_text)),
        named_operation=facts.named_operation(own_text),
    )


def _score(text: str, name: str) -> float:
    head = text[:4000]
    first = next((line for line in head.splitlines() if line.strip()), "")
    if not (_META.search(head) or _METHOD.search(head)):
        return 0.0  # a page that names neither Meta nor its reports is not Meta's
    score = 0.0
    score += 0.2 if re.match(r"^#\s+\S", first) else 0.0
    score += 0.2 if re.search(r"Indicators\s+of\s+Compromise", head, re.I) else 0.0
    score += 0.2 if _META.search(head) else 0.0
    score += 0.3 if _METHOD.search(head) else 0.0
    score += 0.1 if re.search(r"^#{2,3}\s+\S", head, re.M) else 0.0
    return min(score, 1.0)


class MetaMarkdownReader:
    """A Meta threat-report page as Markdown (as in Meta's threat research repository)."""

    name = "meta-markdown"
    platform = "meta"
    label = "Meta threat-report page as Markdown ('# Indicators of Compromise: …', network summary, IOC table)"

    def score(self, text: str, name: str) -> float:
        return 0.0 if looks_like_html(text) else _score(text, name)

    def read(self, text: str, source: Source) -> ParsedReport:
        return read_page(list(enumerate(text.splitlines(), 1)), source)


class MetaHtmlReader:
    """A Meta threat-report page saved from the web (GitHub's rendering of the Markdown page)."""

    name = "meta-html"
    platform = "meta"
    label = "Meta threat-report page saved as HTML"

    def score(self, text: str, name: str) -> float:
        if not looks_like_html(text):
            return 0.0
        return _score(page_head(text, name), name)

    def read(self, text: str, source: Source) -> ParsedReport:
        return read_page(
            page_lines(text.encode("utf-8"), source.name), source, blocks=True, page_cut=ends_inside_table(text)
        )
