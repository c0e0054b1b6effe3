"""The answer cache of the endpoint, bounded by the bytes it holds, keys included.

A request is keyed by the SHA-256 of its normalised form (32 bytes whatever the query's length),
and every entry is accounted as key + media type + body + a fixed overhead, so many distinct
large queries cannot make the cache hold more than its limit.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from cio_graph.queries.protocol_errors import ProtocolError

__all__ = ["ENTRY_OVERHEAD", "AnswerCache", "request_key"]

ENTRY_OVERHEAD = 256  # bytes accounted per entry for the dictionary slot and the answer object


def request_key(request) -> bytes:
    """The 32-byte key of ``request`` (a frozen dataclass): SHA-256 of its class and fields."""
    fields = repr(tuple(vars(request).values()))  # the fields in order, without the dataclass repr's recursion guard
    return hashlib.sha256(f"{type(request).__name__}{fields}".encode("utf-8", "surrogatepass")).digest()


class AnswerCache:
    """Answers by request key, least recently used dropped first once ``max_bytes`` are accounted."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.held = 0
        self._answers: OrderedDict[bytes, object] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    @staticmethod
    def cost(key: bytes, answer) -> int:
        """The bytes one entry is accounted for."""
        return len(key) + len(answer.media_type) + len(answer.body) + ENTRY_OVERHEAD

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
