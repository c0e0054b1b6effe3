"""The answer cache of the endpoint, bounded by the bytes it holds, keys included.

A request is keyed by its class and fields (:func:`request_key`), compared exactly: no digest to
compute on every request, and no two requests share an entry unless they are the same request.
Every entry is accounted as the key's strings + media type + body + a fixed overhead, so many
distinct large queries cannot make the cache hold more than its limit.
"""

from __future__ import annotations

import sys
from collections import OrderedDict

from cio_graph.queries.protocol_errors import ProtocolError

__all__ = ["ENTRY_OVERHEAD", "AnswerCache", "key_bytes", "request_key"]

ENTRY_OVERHEAD = 256  # bytes accounted per entry for the dictionary slot and the answer object


def request_key(request) -> tuple:
    """The key of ``request`` (a frozen dataclass of strings and tuples of strings): its class and fields.

    >>> from cio_graph.queries.sparql_protocol import QueryRequest
    >>> request_key(QueryRequest("ASK {}", "text/csv"))
    ('QueryRequest', 'ASK {}', 'text/csv', (), ())
    """
    return (type(request).__name__, *vars(request).values())


def key_bytes(key: object) -> int:
    """The memory a key holds: its objects' sizes, those inside tuples included."""
    if isinstance(key, tuple):
        return sys.getsizeof(key) + sum(key_bytes(part) for part in key)
    return sys.getsizeof(key)


class AnswerCache:
    """Answers by request key, least recently used dropped first once ``max_bytes`` are accounted."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.held = 0
        self._answers: OrderedDict[tuple, object] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    @staticmethod
    def cost(key: object, answer) -> int:
        """The bytes one entry is accounted for."""
        return key_bytes(key) + len(answer.media_type) + len(answer.body) + ENTRY_OVERHEAD

    def get(self, request):
        """The cached answer to ``request``, or None."""
        key = request_key(request)
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, request, answer) -> None:
        """Keep ``answer`` for ``request``, dropping the least recently used entries to stay in bounds."""
        if isinstance(answer, ProtocolError):
            return
        key = request_key(request)
        cost = self.cost(key, answer)
        if cost > self.max_bytes or key in self._answers:
            return
        self._answers[key] = answer
        self.held += cost
        while self.held > self.max_bytes:
            dropped_key, dropped = self._answers.popitem(last=False)
            self.held -= self.cost(dropped_key, dropped)
