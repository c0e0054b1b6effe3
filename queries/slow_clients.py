"""Closing connections that send their request too slowly (the "slowloris" attack).

uvicorn's keep-alive timeout is reset by every byte received, so a client trickling one header
byte at a time holds its connection forever. :class:`HeaderDeadlineProtocol` gives each request
a deadline from the moment the connection opens (or the previous response ends): if its headers
have not all arrived by then, or a body nobody reads is still arriving after the response, the
connection is closed. Request bodies the endpoint reads have their own deadline
(:func:`queries.service.read_body`).
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HeaderDeadlineProtocol"]


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline of :attr:`header_deadline` seconds for each request's headers."""

    header_deadline: float = 10.0

    @classmethod
    def with_deadline(cls, seconds: float) -> type[HeaderDeadlineProtocol]:
        """A subclass whose connections get ``seconds`` to send each request's headers."""
        return type(cls.__name__, (cls,), {"header_deadline": float(seconds)})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline_task: asyncio.TimerHandle | None = None
        self._arm_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        deadline = getattr(self, "_deadline_task", None)
        if deadline is not None:
            deadline.cancel()
        super().connection_lost(exc)

    def _arm_deadline(self) -> None:
        if self._deadline_task is not None:
            self._deadline_task.cancel()
        self._deadline_task = self.loop.call_later(self.header_deadline, self._deadline_passed)

    def _deadline_passed(self) -> None:
        self._deadline_task = None
        if self.transport.is_closing():
            return
        waiting_for_headers = self.conn.their_state is h11.IDLE
        unread_body = self.conn.their_state is h11.SEND_BODY and (self.cycle is None or self.cycle.response_complete)
        if waiting_for_headers or unread_body:
            self.transport.close()
