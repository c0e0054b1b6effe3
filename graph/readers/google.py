"""Google Threat Analysis Group's quarterly "TAG Bulletin", as text or as a saved web page.

A bulletin: a ``TAG Bulletin: Q1 2020`` heading, an intro ("…campaigns terminated on our
platforms in Q1 2020. It was last updated on …"), month headings on their own lines, then one
paragraph or ``•`` bullet per campaign ("We terminated 82 YouTube channels and 1 advertising
account as part of our actions against a coordinated influence operation linked to Egypt. …").
Each campaign is a network: row = its position in the bulletin, month = the month heading above
it, description = the paragraph as written (bullet mark off, whitespace normalised), title None.

>>> text = "TAG Bulletin: Q3 2022\\nSeptember\\n• We terminated 2 YouTube channels as part of our investigation " \\
...        "into coordinated influence operations linked to Peru. We received leads from Mandiant."
>>> report = TagTextReader().read(text, Source("b.txt", "0" * 64)).tables[0]
>>> report.period, report.report_id, report.end_date
('2022-Q3', 'google-2022-Q3', '2022-09-30')
>>> campaign = report.rows[0]
>>> campaign.month, campaign.row, campaign.accounts, campaign.followers, campaign.leads_from, campaign.detection_source
('2022-09', 1, 2, None, ('Mandiant',), 'external')
"""

from __future__ import annotations

import re

from cio_graph.graph.errors import InputError
from cio_graph.graph.readers import facts
from cio_graph.graph.readers.markup import page_head, page_lines
from cio_graph.graph.readers.periods import find_period, month_heading
from cio_graph.graph.readers.platforms import looks_like_html, platforms_named
from cio_graph.graph.readers.types import Network, ParsedReport, SkippedRow, Source

__all__ = ["TagHtmlReader", "TagTextReader", "read_bulletin"]

OWN_PLATFORMS = frozenset(("google", "youtube", "blogger"))
_BULLET = re.compile(r"^\s*(?:[•\u2022\u25cf\u25aa\u2023\u2043*+-]|\d+[.)])\s+")
_TITLE = re.compile(r"\bTAG\s+Bulletin\b|Threat\s+Analysis\s+Group", re.I)
_BULLETIN = re.compile(r"\bTAG\s+Bulletin\b", re.I)
_CAMPAIGN = re.compile(r"\bcoordinated\s+(?:influence|inauthentic)\s+(?:operations?|network|campaign)", re.I)
_ACTION = re.compile(r"\b(?:terminated|banned|blocked|removed|suspended|disabled|took\s+down)\b", re.I)
_INTRO = re.compile(r"\bthis\s+bulletin\b|\blast\s+updated\b|\bwe\s+(?:will\s+)?(?:update|publish|share)\b", re.I)


def _score(text: str) -> float:
    head = text[:6000]
    score = 0.0
    score += 0.6 if _TITLE.search(head) else 0.0
    score += 0.2 if re.search(r"coordinated\s+influence\s+operation", head, re.I) else 0.0
    score += (
        0.2
        if re.search(
            r"\bWe\s+(?:terminated|banned|blocked)\s+[\d,]+\s+(?:YouTube|Ads?|AdSense|Play|"
            r"blogs?|domains?|advertising)\b",
            head,
            re.I,
        )
        else 0.0
    )
    score += 0.2 if re.search(r"\bThis\s+bulletin\b|\bterminated\s+on\s+our\s+platforms\b", head, re.I) else 0.0
    return min(score, 1.0)


def read_bulletin(lines: list[tuple[int, str]], source: Source) -> ParsedReport:
    """The disclosure of one bulletin given as numbered lines (text, or a page's Markdown-like lines)."""
    cleaned = [(number, " ".join(raw.strip().lstrip("#").replace("**", "").split())) for number, raw in lines]
    title_line, title = next(
        ((n, t) for n, t in cleaned if _BULLETIN.search(t) and len(t) < 120),
        next(((n, " ".join(raw.lstrip("#").split())) for n, raw in lines if raw.startswith("# ")), (0, None)),
    )
    intro: list[tuple[int, str]] = []
    campaigns: list[tuple[int, str, tuple[int, int | None] | None]] = []
    month: tuple[int, int | None] | None = None
    for number, line in cleaned:
        if not line or number == title_line:
            continue
        heading = month_heading(line)
        if heading is not None:
            month = heading
            continue
        bullet = bool(_BULLET.match(line))
        text = _BULLET.sub("", line) if bullet else line
        intro_like = _INTRO.search(text) and not campaigns and not bullet and month is None
        if not intro_like and (facts.assets(text) or (_CAMPAIGN.search(text) and _ACTION.search(text))):
            campaigns.append((number, text, month))
        elif not campaigns and month is None:
            intro.append((number, text))
    intro_text = " ".join(t for _, t in intro)
    period = find_period((title or "") + " " + intro_text) or find_period(source.name)
    if period is None:
        raise InputError(
            source.name,
            title_line or None,
            "expected the bulletin's quarter in its title or intro (e.g. 'TAG Bulletin: Q1 2020')",
        )
    if not campaigns:
        last = lines[-1][0] if lines else None
        raise InputError(
            source.name,
            last,
            "no campaigns found (expected paragraphs or '•' bullets such as 'We terminated 3 YouTube "
            "channels as part of our investigation into coordinated influence operations linked to …')",
        )
    first_line = campaigns[0][0]
    skipped = _cut_campaign(campaigns, cleaned, source)
    if skipped:
        campaigns = campaigns[:-1]
    year = int(period.period[:4])
    networks = []
    for row, (number, text, heading) in enumerate(campaigns, 1):
        month_label = None
        if heading is not None:
            month_label = f"{heading[1] or year}-{heading[0]:02d}"
        counts = facts.assets(text)
        leads = facts.leads_from(text)
        others = sorted(set(platforms_named(facts.without_citations(text))) - OWN_PLATFORMS - {"meta"})
        networks.append(
            Network(
                source_file=source.name,
                source_line=number,
                row=row,
                detection_source="external" if leads else facts.detection_source(text),
                accounts=facts.account_total(counts, kinds="all"),
                followers=None,
                title=None,
                description=text,
                month=month_label,
                assets=tuple(counts),
                ad_spend=None,
                other_platforms=tuple(others),
                attribution=tuple(facts.attribution(text)),
                leads_from=tuple(leads),
                consistent_with=tuple(facts.consistent_with(text)),
                named_operation=facts.named_operation(text),
            )
        )
    return ParsedReport.one_document(
        source,
        "google",
        period,
        tuple(networks),
        tuple(skipped),
        intro=intro_text,
        line=title_line or first_line,
        title=title,
    )


_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


def _cut_campaign(
    campaigns: list[tuple[int, str, tuple[int, int | None] | None]], cleaned: list[tuple[int, str]], source: Source
) -> tuple[SkippedRow, ...]:
    """The bulletin's last campaign when it ends the file mid-sentence (no final full stop): InputError naming
    its line, or with ``skip_bad_rows`` that campaign as skipped."""
    number, text, _ = campaigns[-1]
    last = next((n for n, line in reversed(cleaned) if line), None)
    if number != last or _SENTENCE_END.search(text):
        return ()
    reason = "the last campaign ends mid-sentence (no final full stop) at the end of the file: it looks cut off"
    if not source.skip_bad_rows:
        raise InputError(source.name, number, reason)
    return (SkippedRow(source.name, number, reason),)


class TagTextReader:
    """A TAG Bulletin as plain text."""

    name = "google-text"
    platform = "google"
    label = "Google TAG Bulletin as text ('TAG Bulletin: Q1 2020', month headings, one paragraph per campaign)"

    def score(self, text: str, name: str) -> float:
        return 0.0 if looks_like_html(text) else _score(text)

    def read(self, text: str, source: Source) -> ParsedReport:
        return read_bulletin(list(enumerate(text.splitlines(), 1)), source)


class TagHtmlReader:
    """A TAG Bulletin saved from the web (blog.google)."""

    name = "google-html"
    platform = "google"
    label = "Google TAG Bulletin saved as HTML"

    def score(self, text: str, name: str) -> float:
        if not looks_like_html(text):
            return 0.0
        return _score(page_head(text, name))

    def read(self, text: str, source: Source) -> ParsedReport:
        return read_bulletin(page_lines(text.encode("utf-8"), source.name), source)
