"""The canned SPARQL queries: find the ``.rq`` files, read their headers, bind parameters.

Every ``queries/NAME.rq`` starts with a comment header::

    # title: Cross-border flows
    # description: Origin -> target country pairs of networks operated from abroad.
    # param: min_networks = 1  -- fewest networks a pair must have

A parameter's default is written as a SPARQL literal and fixes its type: ``1`` integer,
``0.8`` decimal, ``true`` boolean, ``"RO"`` string. Binding replaces every ``?name`` (or
``$name``) variable of the query body with the validated value written as a literal of that
type (``LIMIT ?limit`` included); strings are escaped, so user text is never pasted raw
into the query. Variables inside string literals, IRIs and comments are left alone.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from cio_graph.graph.errors import InputError
from cio_graph.queries.results import Result, format_result

__all__ = [
    "QUERY_DIR",
    "TYPES",
    "MAX_DIGITS",
    "Param",
    "CannedQuery",
    "literal",
    "substitute",
    "parse_query_file",
    "list_queries",
    "load_query",
    "format_listing",
]

QUERY_DIR = Path(__file__).resolve().parent
TYPES = ("integer", "decimal", "boolean", "string")
MAX_DIGITS = 18  # an integer parameter fits a signed 64-bit integer, as LIMIT and OFFSET need

_HEADER = re.compile(r"#\s*(title|description|param):\s*(.*)")
_PARAM = re.compile(r"(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<default>.*?)\s*(?:--\s*(?P<doc>.*))?$")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)")
# Tokens of a query body in which a variable must not be replaced, and the variables themselves.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|[?$](?P<var>[A-Za-z_]\w*)"
)


@dataclass(frozen=True)
class Param:
    """One parameter of a canned query."""

    name: str
    type: str
    default: str | int | float | bool
    description: str

    def parse(self, text: str) -> str | int | float | bool:
        """The Python value of ``text`` for this parameter's type; a bad value is an :class:`InputError`.

        >>> Param("limit", "integer", 10, "").parse(" 25 ")
        25
        >>> Param("country", "string", "RO", "").parse("MD")
        'MD'
        >>> Param("limit", "integer", 10, "").parse("ten")
        Traceback (most recent call last):
        ...
        cio_graph.graph.errors.InputError: --param limit: expected an integer, got 'ten'
        """
        value = text.strip()
        if self.type == "string":
            return text
        if self.type == "integer" and _INTEGER.fullmatch(value):
            if len(value.lstrip("+-")) > MAX_DIGITS:
                raise InputError(
                    "--param " + self.name,
                    None,
                    f"expected an integer of at most {MAX_DIGITS} digits, got {len(value)} characters",
                )
            return int(value)
        if self.type == "decimal" and _DECIMAL.fullmatch(value):
            number = float(value)
            if not math.isfinite(number) or len(value) > 4 * MAX_DIGITS:
                raise InputError(
                    "--param " + self.name,
                    None,
                    f"expected a decimal of at most {4 * MAX_DIGITS} characters within the range of a double",
                )
            return number
        if self.type == "boolean" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        article = "an" if self.type[0] in "aeiou" else "a"
        raise InputError("--param " + self.name, None, f"expected {article} {self.type}, got {text!r}")


@dataclass(frozen=True)
class CannedQuery:
    """A query of the library: its name (file name), header and SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path

    def summary(self) -> dict:
        """Name, title, description and parameters as plain data (for ``--list --format json``)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [
                {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                for p in self.params
            ],
        }

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query text with every parameter replaced by its value (given as text) or default.

        An unknown parameter name or a value of the wrong type is an :class:`InputError`.
        """
        known = {p.name: p for p in self.params}
        for name in values or {}:
            if name not in known:
                expected = ", ".join(known) or "none"
                raise InputError(f"query {self.name}", None, f"unknown parameter {name!r} (parameters: {expected})")
        bound = {
            name: literal(param.parse(values[name]) if values and name in values else param.default)
            for name, param in known.items()
        }
        return substitute(self.text, bound)


def literal(value: str | int | float | bool) -> str:
    """``value`` written as a SPARQL literal.

    >>> literal(3), literal(0.8), literal(True), literal('say "hi"\\n')
    ('3', '0.8', 'true', '"say \\\\"hi\\\\"\\\\n"')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if "e" not in repr(value) else f"{value:f}"
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace the variables named in ``values`` by the SPARQL text given, outside literals and IRIs.

    >>> substitute('SELECT ?x WHERE { ?x ?p "?limit" } LIMIT ?limit # ?limit', {"limit": "5"})
    'SELECT ?x WHERE { ?x ?p "?limit" } LIMIT 5 # ?limit'
    """

    def replace(match: re.Match) -> str:
        name = match.group("var")
        return values[name] if name in values else match.group(0)

    return _TOKENS.sub(replace, text)


def parse_query_file(path: Path) -> CannedQuery:
    """Read a ``.rq`` file and its header; a malformed header is an :class:`InputError`."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match is None:
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_parse_param(value, path, number))
        else:
            fields[key] = value.strip()
    for key in ("title", "description"):
        if not fields.get(key):
            raise InputError(str(path), None, f"expected a '# {key}:' line in the header")
    used = {m.group("var") for m in _TOKENS.finditer(text) if m.group("var")}
    for param in params:
        if param.name not in used:
            raise InputError(str(path), None, f"parameter {param.name!r} is not used in the query")
    return CannedQuery(path.stem, fields["title"], fields["description"], tuple(params), text, path)


def _parse_param(value: str, path: Path, line: int) -> Param:
    match = _PARAM.match(value.strip())
    if match is None:
        raise InputError(str(path), line, "expected '# param: name = default -- description'")
    name, default, doc = match.group("name"), match.group("default"), match.group("doc") or ""
    if default.startswith('"') and default.endswith('"') and len(default) >= 2:
        return Param(name, "string", default[1:-1], doc.strip())
    for type_ in ("integer", "decimal", "boolean"):
        try:
            return Param(name, type_, Param(name, type_, "", "").parse(default), doc.strip())
        except InputError:
            continue
    raise InputError(str(path), line, f'default of {name!r} must be a literal: 1, 0.8, true or "text"')


def list_queries(folder: Path = QUERY_DIR) -> list[CannedQuery]:
    """Every canned query of ``folder``, sorted by name."""
    return [parse_query_file(path) for path in sorted(folder.glob("*.rq"))]


def load_query(name: str, folder: Path = QUERY_DIR) -> CannedQuery:
    """The canned query called ``name``; an unknown name is an :class:`InputError` listing the known ones."""
    path = folder / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.rq")))
        raise InputError(f"query {name}", None, f"no such canned query (known: {known})")
    return parse_query_file(path)


def format_listing(queries: list[CannedQuery], fmt: str = "table") -> str:
    """The canned queries as text: ``json`` (name, title, description, params) or a table of name, title, params.

    >>> q = CannedQuery("flows", "Flows", "Pairs.", (Param("min_networks", "integer", 1, "fewest"),), "", Path("flows.rq"))
    >>> print(format_listing([q]), end="")
    name   title  params
    -----  -----  ----------------
    flows  Flows  min_networks = 1
    (1 row)
    """
    if fmt == "json":
        return json.dumps([q.summary() for q in queries], ensure_ascii=False, indent=2) + "\n"
    rows = [(q.name, q.title, ", ".join(f"{p.name} = {literal(p.default)}" for p in q.params)) for q in queries]
    return format_result(Result(["name", "title", "params"], rows), fmt, max_width=100)
