"""Escaping for the XML exports (GraphML, GEXF)."""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

# Characters XML 1.0 does not allow, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ATTRIBUTE_ESCAPES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def xml_attr(value: object) -> str:
    """A quoted XML attribute value (booleans as ``true``/``false``, newlines kept).

    >>> xml_attr('a "b" & <c>')
    '\\'a "b" &amp; &lt;c&gt;\\''
    >>> xml_attr(True)
    '"true"'
    """
    if isinstance(value, bool):
        value = "true" if value else "false"
    return quoteattr(NOT_XML.sub("", str(value)), ATTRIBUTE_ESCAPES)
