"""Serialized SELECT answers: every row, every term kind, in batches, read back by pyoxigraph's own parser."""

from __future__ import annotations

import io
import json

import pyoxigraph
import pytest

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
