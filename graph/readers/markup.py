"""A saved web page as Markdown-like lines, so that one reader serves a page and its Markdown source.

Headings become ``# ``…``###### `` lines, paragraphs their text (a paragraph broken over source
lines gives one line per source line, as the Markdown it was rendered from), list items ``- ``
lines, table rows ``| a | b |`` lines, inline code back-quoted, links their text. A paragraph
that is only emphasis (a note) becomes ``*…*``. Only the page's content is read: GitHub's
rendered file (``article.markdown-body``), else the ``<article>``, ``<main>`` or ``<body>``; scripts,
styles, navigation, headers, footers, forms and hidden elements are left out. Nothing is fetched.

Each line's number is the 1-based position of its block in document order.

>>> page = b"<html><body><nav>Menu</nav><article><h1>Title</h1><p>One <a href='x'>link</a>.</p>"
>>> page += b"<table><tr><th>Type</th><th>Value</th></tr><tr><td>Domain</td><td><code>a[.]b</code></td></tr></table>"
>>> page += b"<ul><li>item</li></ul></article></body></html>"
>>> page_lines(page, "p.html")
[(1, '# Title'), (2, 'One link.'), (3, '| Type | Value |'), (4, '| Domain | `a[.]b` |'), (5, '- item')]
"""

from __future__ import annotations

from lxml import etree

from cio_graph.graph.readers.limits import parse_html

__all__ = ["page_head", "page_lines"]

_SCORE_SCAN = 1 << 18  # a page is recognised by its first 256 KiB

_SKIP = frozenset(
    "head script style noscript template nav aside iframe svg math object embed button select "
    "textarea input form dialog header footer".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset("p div li dt dd blockquote pre caption figcaption section article main td th".split())


def _root(data: bytes, name: str) -> etree._Element:
    root = parse_html(data, name)
    for path in (
        './/article[contains(concat(" ", @class, " "), " markdown-body ")]',
        './/*[@itemprop="text"]',
        ".//article",
        ".//main",
        ".//body",
    ):
        found = next(iter(root.xpath(path)), None)
        if found is not None:
            return found
    return root


def _hidden(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return True
    tag = element.tag.lower()
    style = (element.get("style") or "").replace(" ", "").lower()
    return (
        tag in _SKIP
        or element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in style
    )


def _inline(element: etree._Element) -> str:
    """The text of an inline run: code back-quoted, links as their text, <br> as a line break."""
    keep = element.tag.lower() == "pre"

    def flow(text: str | None) -> str:  # source line breaks are spaces; only <br> breaks a line
        return (text or "") if keep else (text or "").replace("\r", " ").replace("\n", " ")

    parts: list[str] = [flow(element.text)]
    for child in element:
        if not _hidden(child):
            tag = child.tag.lower()
            if tag == "br":
                parts.append("\n")
            elif tag == "code" and element.tag.lower() != "pre":
                parts.append("`" + "".join(child.itertext()) + "`")
            elif tag in ("img",):
                parts.append(child.get("alt") or "")
            else:
                parts.append(_inline(child))
        parts.append(flow(child.tail))
    return "".join(parts)


def _only_emphasis(element: etree._Element) -> bool:
    children = [c for c in element if isinstance(c.tag, str)]
    return (
        len(children) == 1
        and children[0].tag.lower() in ("em", "i")
        and not (element.text or "").strip()
        and not (children[0].tail or "").strip()
    )


def _only_strong(element: etree._Element) -> bool:
    children = [c for c in element if isinstance(c.tag, str)]
    return (
        len(children) == 1
        and children[0].tag.lower() in ("strong", "b")
        and not (element.text or "").strip()
        and not (children[0].tail or "").strip()
        and bool("".join(children[0].itertext()).strip())
        and "\n" not in "".join(children[0].itertext()).strip()
    )


def _with_blocks(root: etree._Element) -> set[etree._Element]:
    """The elements of ``root`` with a block (paragraph, heading, list, table…) among their descendants.

    One pass from the last element to the first: linear in the page, where asking each element in
    turn would read every subtree once per ancestor.
    """
    found: set[etree._Element] = set()
    for element in reversed(list(root.iter())):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if element in found or tag in _BLOCKS or tag in _HEADINGS or tag in ("ul", "ol", "table", "tr"):
            parent = element.getparent()
            if parent is not None:
                found.add(parent)
    return found


def page_lines(data: bytes, name: str) -> list[tuple[int, str]]:
    """The page's content as numbered Markdown-like lines."""
    out: list[str] = []

    def emit(text: str, prefix: str = "") -> None:
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line:
                out.append(prefix + line)

    root = _root(data, name)
    with_blocks = _with_blocks(root)

    def _has_blocks(element: etree._Element) -> bool:
        return element in with_blocks

    def walk(element: etree._Element) -> None:
        for child in element:
            if _hidden(child):
                continue
            tag = child.tag.lower()
            if tag in _HEADINGS:
                emit(" ".join(_inline(child).split()), "#" * _HEADINGS[tag] + " ")
            elif tag == "table":
                for tr in child.iter("tr"):
                    cells = [
                        " ".join(_inline(c).split())
                        for c in tr
                        if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")
                    ]
                    if any(cells):
                        out.append("| " + " | ".join(cells) + " |")
            elif tag == "li" and not _has_blocks(child):
                emit(" ".join(_inline(child).split()), "- ")
            elif tag in ("ul", "ol") or _has_blocks(child):
                if (child.text or "").strip():
                    emit(child.text)
                walk(child)
            elif tag in _BLOCKS or tag == "li":
                text = _inline(child)
                if _only_strong(child):
                    emit(" ".join(text.split()), "**")
                    out[-1] += "**"
                elif _only_emphasis(child):
                    emit(" ".join(text.split()), "*")
                    out[-1] += "*" if out and out[-1].startswith("*") else ""
                else:
                    emit(text, "- " if tag == "li" else "")
            else:
                emit(_inline(child))
            if (child.tail or "").strip():
                emit(child.tail)

    if (root.text or "").strip():
        emit(root.text)
    walk(root)
    return list(enumerate(out, 1))


def page_head(text: str, name: str) -> str:
    """The Markdown-like text of a saved page's first 256 Ki characters, for a reader's score.

    >>> page_head("<html><body><h1>TAG Bulletin</h1><p>One.</p></body></html>", "p.html")
    '# TAG Bulletin\\nOne.'
    """
    return "\n".join(line for _, line in page_lines(text[:_SCORE_SCAN].encode("utf-8"), name))
