"""Escaping for the XML exports (GraphML, GEXF)."""

from __future__ import annotations

import re

__all__ = [
    "NOT_XML",
    "TEXT_SPECIAL",
    "ATTRIBUTE_SPECIAL",
    "TEXT_ESCAPES",
    "ATTRIBUTE_ESCAPES",
    "escaped",
    "xml_text",
    "xml_attr",
    "AttributeTexts",
]

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0, even escaped
TEXT_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ATTRIBUTE_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
ATTRIBUTE_ESCAPES = (*TEXT_ESCAPES, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;"))


def escaped(value: object, special: re.Pattern, escapes: tuple[tuple[str, str], ...]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if special.search(text) is None:
        return text
    text = NOT_XML.sub("", text)
    for character, reference in escapes:
        text = text.replace(character, reference)
    return text


def xml_text(value: object) -> str:
    """Escaped element content (booleans as ``true``/``false``).

    >>> xml_text("a & <b>\x01")
    'a &amp; &lt;b&gt;'
    """
    return escaped(value, TEXT_SPECIAL, TEXT_ESCAPES)


def xml_attr(value: object) -> str:
    """A double-quoted attribute value (newlines kept as character references).

    >>> xml_attr('a "b" & <c>\\n')
    '"a &quot;b&quot; &amp; &lt;c&gt;&#10;"'
    >>> xml_attr(True)
    '"true"'
    """
    return f'"{escaped(value, ATTRIBUTE_SPECIAL, ATTRIBUTE_ESCAPES)}"'


class AttributeTexts(dict):
    """``texts[name]``: :func:`xml_attr` of a string, computed once per string (names and node ids,
    written again on every node and edge of a file).

    >>> texts = AttributeTexts()
    >>> texts["a&b"], len(texts)
    ('"a&amp;b"', 1)
    """

    limit = 100_000  # texts kept at most: the ids of a million networks are each written once or twice

    def __missing__(self, text: str) -> str:
        quoted = xml_attr(text)
        if len(self) < self.limit:
            self[text] = quoted
        return quoted
