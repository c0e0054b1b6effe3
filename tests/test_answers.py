"""Serialized SELECT answers: every row, every term kind, in batches, read back by pyoxigraph's own parser."""

from __future__ import annotations

import io
import json

import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cio_graph.queries.answers import JSON_BATCH, serialize_solutions
from cio_graph.queries.protocol_errors import AnswerTooLarge

EX = "http://example.org/"


def rows(count: int) -> list[list]:
    out = []
    for n in range(count):
        literal = [
            pyoxigraph.Literal(f'text {n} "quoted" }},{{ é'),
            pyoxigraph.Literal(str(n), datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            pyoxigraph.Literal("bonjour", language="fr"),
        ][n % 3]
        out.append(
            [pyoxigraph.NamedNode(f"{EX}{n % 7}"), None if n % 5 == 0 else literal, pyoxigraph.BlankNode(f"b{n}")]
        )
    return out


@pytest.mark.parametrize("count", [0, 1, JSON_BATCH, JSON_BATCH + 1, 3 * JSON_BATCH + 17])
def test_json_answers_hold_every_row_across_batches(count):
    expected = rows(count)
    data = serialize_solutions(["s", "o", "b"], expected, "json", 10**8)
    document = json.loads(data)
    assert document["head"]["vars"] == ["s", "o", "b"]
    assert len(document["results"]["bindings"]) == count
    parsed = list(pyoxigraph.parse_query_results(io.BytesIO(data), pyoxigraph.QueryResultsFormat.JSON))
    assert [[solution[name] for name in ("s", "o", "b")] for solution in parsed] == expected


def test_json_answers_stop_at_the_byte_limit():
    with pytest.raises(AnswerTooLarge):
        serialize_solutions(["s", "o", "b"], rows(5 * JSON_BATCH), "json", 20_000)


def _dict_term(term) -> dict:
    """A term as the SPARQL 1.1 JSON results format writes it, built as a plain dict (the reference)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {part: _dict_term(getattr(term, part)) for part in parts}}
    encoded = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        encoded["datatype"] = term.datatype.value
    return encoded


@given(st.lists(st.text(), min_size=1, max_size=40))
def test_json_answers_are_the_bytes_json_dumps_gives(texts):
    """Terms are encoded by joining texts (the hot path); the bytes must be json.dumps's own, for any text."""
    integer = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    terms = []
    for n, text in enumerate(texts):
        terms += [
            pyoxigraph.Literal(text),
            pyoxigraph.Literal(text, language="en-GB"),
            pyoxigraph.Literal(text, datatype=integer),
            pyoxigraph.NamedNode(EX + str(n)),
            pyoxigraph.BlankNode(f"b{n}"),
        ]
    terms.append(pyoxigraph.Triple(pyoxigraph.NamedNode(EX), pyoxigraph.NamedNode(EX + "p"), terms[0]))
    answer = [[terms[n], None if n % 4 == 0 else terms[-n], terms[n // 2]] for n in range(len(terms))]
    bindings = [{name: _dict_term(term) for name, term in zip("sob", row) if term is not None} for row in answer]
    expected = json.dumps({"head": {"vars": ["s", "o", "b"]}, "results": {"bindings": bindings}}, ensure_ascii=False)
    assert serialize_solutions(["s", "o", "b"], answer, "json", 10**8) == expected.encode("utf-8")
