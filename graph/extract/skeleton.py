"""The skeleton of a text: its gazetteer mentions replaced by placeholder tokens, mapped back for evidence."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from cio_graph.graph.extract.scanning import Scan, Scanner
from cio_graph.graph.gazetteer import COUNTRY, DEMONYM, Mention

__all__ = ["TOKEN_INDEX", "Scanners", "Skeleton", "country_codes", "lowercase"]


def lowercase(text: str) -> str:
    """``text`` in lower case, keeping every character's offset.

    >>> lowercase("İstanbul AND Gaza")
    'İstanbul and gaza'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


TOKEN_INDEX = re.compile(r"⟨[a-z]+(\d+)⟩")


class Scanners(NamedTuple):
    """The scanners of a skeleton's two scans."""

    skeleton: Scanner  # the cue patterns run on the skeleton
    text: Scanner  # the patterns run on the lower-cased text (tactics, actor cues, ...)


@dataclass
class Skeleton:
    """A text, its gazetteer mentions and the text with the mentions replaced by tokens."""

    text: str
    mentions: list[Mention]
    scanners: Scanners = field(repr=False, compare=False)
    skeleton: str = ""
    low: str = ""
    kinds: frozenset[str] = frozenset()  # the reading kinds of all mentions, lower case
    _ends: list[int] = field(default_factory=list)  # skeleton end of each token
    _shift: list[int] = field(default_factory=list)  # len(token) - len(mention) summed so far

    def __post_init__(self) -> None:
        low = self.low = lowercase(self.text)
        parts: list[str] = []
        last = 0
        length = 0
        shift = 0
        for i, mention in enumerate(self.mentions):
            parts.append(low[last : mention.start])
            length += mention.start - last
            token = f"⟨{mention.kinds.lower()}{i}⟩"
            parts.append(token)
            length += len(token)
            shift += len(token) - (mention.end - mention.start)
            self._ends.append(length)
            self._shift.append(shift)
            last = mention.end
        parts.append(low[last:])
        self.skeleton = "".join(parts)
        self.kinds = frozenset(k.lower() for m in self.mentions for k in m.kinds)

    def original(self, pos: int) -> int:
        """The text offset of skeleton offset ``pos`` (a token boundary or plain text)."""
        i = bisect.bisect_right(self._ends, pos)
        return pos - (self._shift[i - 1] if i else 0)

    def evidence(self, start: int, end: int) -> str:
        """The original text under the skeleton span ``start:end``."""
        return self.text[self.original(start) : self.original(end)]

    @cached_property
    def skeleton_scan(self) -> Scan:
        """The skeleton scanned for the cue patterns run on it."""
        return self.scanners.skeleton.scan(self.skeleton)

    @cached_property
    def text_scan(self) -> Scan:
        """The lower-cased text scanned for the patterns run on it (tactics, actor cues, ...)."""
        return self.scanners.text.scan(self.low)

    def mentions_in(self, fragment: str | None) -> list[Mention]:
        """The mentions whose tokens appear in a piece of the skeleton."""
        if not fragment:
            return []
        return [self.mentions[int(i)] for i in TOKEN_INDEX.findall(fragment)]


def country_codes(mentions: list[Mention]) -> list[str]:
    """Country codes of mentions read as country names or demonyms, in order."""
    out: list[str] = []
    for mention in mentions:
        code = mention.reading(COUNTRY) or mention.reading(DEMONYM)
        if isinstance(code, str) and code not in out:
            out.append(code)
    return out
