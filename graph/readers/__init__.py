"""Readers of disclosure reports behind one seam: a registry of one reader per platform and format.

Modelled on rdflib's plugin registry: a reader is registered by name with the dotted path of its
class (``"module:Class"``) and imported only when first needed. Each reader tells how well it
recognises a file (:meth:`Reader.score`, 0 to 1); :func:`choose` picks the highest score, not the
first match, and refuses a file no reader scores at :data:`FLOOR` or above.

>>> sorted(readers())[:2]
['google-html', 'google-text']
>>> choose("# TAG Bulletin: Q1 2020\\nJanuary\\nWe terminated 3 YouTube channels.", "b.txt").name
'google-text'

Adding a platform is one module with a reader class and one :func:`register` line below
(see docs/adding-a-platform.md).
"""

from __future__ import annotations

import importlib
from typing import Protocol

from cio_graph.graph.errors import InputError
from cio_graph.graph.readers.types import ParsedReport, Source

__all__ = ["FLOOR", "Reader", "choose", "get", "readers", "register", "unregister"]

FLOOR = 0.15


class Reader(Protocol):
    """What a reader offers: its name, platform, a label for messages, a score and a read."""

    name: str
    platform: str
    label: str  # e.g. "Meta threat-report page (Markdown)"

    def score(self, text: str, name: str) -> float:
        """How well this reader recognises the file (0: not at all, 1: certainly)."""

    def read(self, text: str, source: Source) -> ParsedReport:
        """The disclosures of the file; InputError naming file and line on bad input."""


_REGISTRY: dict[str, str] = {}
_LOADED: dict[str, Reader] = {}


def register(name: str, target: str) -> None:
    """Register the reader class at ``target`` (``"package.module:Class"``) under ``name``.

    A name registered again points to the new class.
    """
    module, sep, attribute = target.partition(":")
    if not sep or not module or not attribute:
        raise ValueError(f"expected 'module:Class', got {target!r}")
    _REGISTRY[name] = target
    _LOADED.pop(name, None)


def unregister(name: str) -> None:
    """Forget the reader registered as ``name`` (nothing happens if there is none)."""
    _REGISTRY.pop(name, None)
    _LOADED.pop(name, None)


def get(name: str) -> Reader:
    """The reader registered as ``name`` (imported on first use)."""
    if name not in _LOADED:
        try:
            target = _REGISTRY[name]
        except KeyError:
            raise KeyError(f"no reader named {name!r} (registered: {', '.join(sorted(_REGISTRY))})") from None
        module, _, attribute = target.partition(":")
        reader = getattr(importlib.import_module(module), attribute)()
        reader.name = name
        _LOADED[name] = reader
    return _LOADED[name]


def readers(platform: str | None = None) -> dict[str, Reader]:
    """The registered readers by name (those of ``platform`` only, when given)."""
    found = {name: get(name) for name in sorted(_REGISTRY)}
    if platform is not None:
        found = {name: reader for name, reader in found.items() if reader.platform == platform}
    return found


def choose(text: str, name: str, platform: str | None = None) -> Reader:
    """The reader that recognises ``text`` best (ties: the first by name).

    ``platform`` (a slug) keeps to that platform's readers when it has any; a platform without
    readers of its own leaves the choice to all of them. Below :data:`FLOOR`: InputError.
    """
    candidates = readers(platform) or readers()
    scored = [(reader.score(text, name), reader_name, reader) for reader_name, reader in candidates.items()]
    best = min(scored, key=lambda item: (-item[0], item[1]))
    if best[0] < FLOOR:
        labels = "; ".join(reader.label for _, _, reader in scored)
        raise InputError(name, None, f"not a recognised report (expected one of: {labels})")
    return best[2]


register("tiktok-text", "cio_graph.graph.readers.tiktok:TikTokTextReader")
register("tiktok-html", "cio_graph.graph.readers.tiktok:TikTokHtmlReader")
register("meta-markdown", "cio_graph.graph.readers.meta:MetaMarkdownReader")
register("meta-html", "cio_graph.graph.readers.meta:MetaHtmlReader")
register("google-text", "cio_graph.graph.readers.google:TagTextReader")
register("google-html", "cio_graph.graph.readers.google:TagHtmlReader")
