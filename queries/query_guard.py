"""The judge of query text: a SPARQL tokenizer that follows the lexical rules of the engine that runs it.

Checking a query with one parser and running it with another lets the two disagree (rdflib ends a
comment at ``\\n`` only, Oxigraph at ``\\r`` too), so the text is judged here by the token rules of
the SPARQL 1.1 grammar as Oxigraph applies them: whitespace is space, tab, ``\\r`` and ``\\n``;
a comment runs from ``#`` to the next ``\\r`` or ``\\n``; strings are ``'…'``, ``"…"``, ``'''…'''``
and ``\"\"\"…\"\"\"`` with backslash escapes; IRIs are ``<…>`` without spaces or braces; prefixed
names carry ``\\``-escapes and ``%``-escapes. Only what is left outside strings, IRIs and comments
is a keyword. Where the text does not lex, the judge reads on character by character, so it
sees more keywords than the engine would, never fewer; a quote that opens no string that ends is
a syntax error at once (reading on from every such quote would take quadratic time).

Oxigraph matches keywords without a word boundary (``SERVICE:x { … }`` and ``SERVICEs:x { … }``
are ``SERVICE`` clauses, ``trueSERVICE`` is ``true`` then ``SERVICE``), so any word or prefixed
name containing ``SERVICE`` that is followed by a group within three tokens is refused too.

IRIs are skipped whole, relative ones included: the engine resolves those against
:data:`queries.engine.BASE_IRI` (as the endpoint and the command line both run it), so the judge
and the engine read the same ``<…>`` tokens as IRIs.

Deep nesting (groups, brackets, parentheses, triple terms, runs of unary operators) overflows the
engine's stack, so it is refused beyond :data:`MAX_NESTING`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cio_graph.queries.protocol_errors import MalformedQuery, QueryRefused

__all__ = ["MAX_NESTING", "UPDATE_WORDS", "check_query", "inspect_query", "tokens"]

MAX_NESTING = 100
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING", "DATA"}
)
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_REFUSED = "SPARQL Update is not allowed: the graph is read-only"
SERVICE_REFUSED = "SERVICE clauses are not allowed: queries read the local graph only, never another endpoint"

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile(
    "|".join(
        f"(?P<{name}>{pattern})"
        for name, pattern in [
            ("space", r"[ \t\r\n]+"),
            ("comment", r"#[^\r\n]*"),
            (
                "string",
                r"'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
                r'|"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
                r"|'(?:[^'\\\r\n]|\\[^\r\n])*'"
                r'|"(?:[^"\\\r\n]|\\[^\r\n])*"',
            ),
            ("nest", r"<<|>>"),
            ("iri", r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'),
            ("var", f"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
            ("bnode", f"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
            ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
            ("number", r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"),
            # A keyword or a prefixed name: the whole run of name characters and dots is read once (never
            # rescanned from inside, which would be quadratic), then the local name if a colon follows.
            ("name", f"(?:[{_CHARS_U}][{_CHARS}.]*)?:(?:{_LOCAL})?|[{_CHARS_U}][{_CHARS}.]*"),
            ("other", r"[\s\S]"),
        ]
    )
)
_OPEN = {"{", "(", "[", "<<"}
_CLOSE = {"}", ")", "]", ">>"}
_UNARY = {"!", "+", "-", "^"}


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` of every token of ``text`` outside whitespace and comments.

    >>> list(tokens('ASK { # x\\rSERVICE <http://h/> {} } # SERVICE'))[:4]
    [('word', 'ASK'), ('other', '{'), ('word', 'SERVICE'), ('iri', '<http://h/>')]
    >>> [kind for kind, _ in tokens('"a\\\\"b" ex:a\\\\\\' ?s')]
    ['string', 'pname', 'var']
    """
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "name":
            kind = "pname" if ":" in value else "word"
        elif kind == "other" and value in "'\"":  # no string starts here: it never ends
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            raise MalformedQuery(
                f"SPARQL syntax error: the string opened at {line}:{column} does not end "
                "(a short string must end on its line)"
            )
        if kind not in ("space", "comment"):
            yield kind, value  # type: ignore[misc]


def check_query(text: str) -> str | None:
    """The form of ``text`` ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"; None if none is recognised).

    Raises :class:`QueryRefused` for an update keyword or a ``SERVICE`` clause anywhere outside
    strings, IRIs and comments, and :class:`MalformedQuery` for nesting deeper than
    :data:`MAX_NESTING`. Anything else (syntax errors included) is left to the engine.

    >>> check_query('PREFIX s: <http://x/> ASK { ?s ?p "SERVICE <http://x/> {}" } # SERVICE <http://y/>')
    'ASK'
    >>> check_query('SELECT * { # note\\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }')
    Traceback (most recent call last):
    ...
    cio_graph.queries.protocol_errors.QueryRefused: SERVICE clauses are not allowed: queries read the local graph only, ...
    """
    found = list(tokens(text))
    form = None
    depth = deepest = unary = 0
    for index, (kind, value) in enumerate(found):
        upper = value.upper()
        parts = set(upper.split(".")) if kind == "word" else set()  # "true.SERVICE" is true . SERVICE
        if parts & UPDATE_WORDS:
            raise QueryRefused(UPDATE_REFUSED)
        if "SERVICE" in parts:
            raise QueryRefused(SERVICE_REFUSED)
        if kind in ("word", "pname", "langtag") and "SERVICE" in upper and _is_service(found, index):
            raise QueryRefused(SERVICE_REFUSED)
        if form is None and kind == "word" and upper in FORMS:
            form = upper
        unary = unary + 1 if kind == "other" and value in _UNARY else 0
        if value in _OPEN:
            depth += 1
        elif value in _CLOSE:
            depth = max(0, depth - 1)
        deepest = max(deepest, depth + unary)
    if deepest > MAX_NESTING:
        raise MalformedQuery(
            f"the query nests groups, brackets, parentheses or operators {deepest} deep; "
            f"the nesting limit is {MAX_NESTING}"
        )
    return form


def _is_service(found: list[tuple[str, str]], index: int) -> bool:
    """Whether the token at ``index`` (holding ``SERVICE``) may start a ``SERVICE`` clause."""
    kind, value = found[index]
    if kind == "word" and value.upper() == "SERVICE":
        return True
    if index > 0 and found[index - 1][1].upper() == "PREFIX":
        return False  # the declaration of a prefix named like the keyword
    return any(value == "{" for _, value in found[index + 1 : index + 4])


def inspect_query(text: str) -> str:
    """:func:`check_query` for a query that must have a recognised form (else :class:`MalformedQuery`).

    >>> inspect_query("CONSTRUCT WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    form = check_query(text)
    if form is None:
        raise MalformedQuery("SPARQL syntax error: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
    return form
