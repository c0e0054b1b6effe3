"""Who gets the next free query worker: per-client slots, and clients with timed-out queries last.

:class:`ClientLimiter` lets one client address have only so many uncached queries in flight.
:class:`WorkerQueue` hands free workers to waiting requests by priority rather than arrival:
a client whose queries recently ran into the timeout (counted by :class:`Strikes`) waits behind
clients whose queries did not, and may not take the last free worker, which stays for them; so
heavy clients on many addresses still let cheap queries through.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections import OrderedDict
from typing import Generic, TypeVar

from queries.protocol_errors import QueryTimeout, TooManyRequests

__all__ = ["MAX_WAITING_PER_CLIENT", "ClientLimiter", "Strikes", "WorkerQueue"]

MAX_WAITING_PER_CLIENT = 16
Item = TypeVar("Item")


class ClientLimiter:
    """At most ``per_client`` requests in flight per client address (0: no limit); more wait their turn,
    for at most the timeout, and a client with too many waiting is refused at once."""

    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self._clients: dict[str, list] = {}  # address -> [semaphore, requests holding or waiting]

    def in_flight(self, client: str) -> int:
        """Requests of ``client`` holding or waiting for a slot."""
        entry = self._clients.get(client)
        return entry[1] if entry else 0

    @contextlib.asynccontextmanager
    async def slot(self, client: str | None, timeout: float):
        """Hold one of ``client``'s slots for the body of the ``async with``."""
        if self.per_client <= 0 or client is None:
            yield
            return
        entry = self._clients.setdefault(client, [asyncio.Semaphore(self.per_client), 0])
        if entry[1] >= self.per_client + MAX_WAITING_PER_CLIENT:
            raise TooManyRequests(f"this client already has {entry[1]} queries running or waiting; "
                                  "wait for their answers")
        entry[1] += 1
        try:
            try:
                await asyncio.wait_for(entry[0].acquire(), timeout)
            except TimeoutError:
                raise TooManyRequests(
                    f"this client's earlier queries kept its {self.per_client} slot(s) busy for {timeout:g} s; "
                    "wait for their answers") from None
            try:
                yield
            finally:
                entry[0].release()
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._clients.pop(client, None)


class Strikes:
    """Recent timed-out queries per client address, forgotten after ``memory`` seconds; at most
    ``max_clients`` addresses are remembered (the oldest forgotten first)."""

    def __init__(self, memory: float = 300.0, max_clients: int = 10_000) -> None:
        self.memory = memory
        self.max_clients = max_clients
        self._times: OrderedDict[str, list[float]] = OrderedDict()

    def add(self, client: str | None) -> None:
        """Count one timed-out query of ``client``."""
        if client is None:
            return
        times = self._times.pop(client, [])
        times.append(time.monotonic())
        self._times[client] = times[-32:]
        while len(self._times) > self.max_clients:
            self._times.popitem(last=False)

    def count(self, client: str | None) -> int:
        """Timed-out queries of ``client`` within the memory."""
        times = self._times.get(client) if client is not None else None
        if not times:
            return 0
        horizon = time.monotonic() - self.memory
        recent = [moment for moment in times if moment >= horizon]
        if recent:
            self._times[client] = recent
        else:
            del self._times[client]
        return len(recent)


class WorkerQueue(Generic[Item]):
    """Free workers, handed to waiting requests lowest priority number first (then by arrival).

    A request of priority above 0 (a client with timed-out queries) never takes the last
    ``reserve`` free workers: those stay for clients whose queries finish in time.
    """

    def __init__(self, reserve: int = 0) -> None:
        self.reserve = reserve
        self._free: list[Item] = []
        self._waiting: list[tuple[int, int, asyncio.Future]] = []
        self._order = itertools.count()

    def free(self) -> int:
        """Workers waiting for a request."""
        return len(self._free)

    def give(self, worker: Item) -> None:
        """Return ``worker`` and hand free workers to the waiting requests allowed to take them."""
        self._free.append(worker)
        self._dispatch()

    def _dispatch(self) -> None:
        while self._free and self._waiting:
            priority, _, future = self._waiting[0]
            if future.done():
                heapq.heappop(self._waiting)
                continue
            if priority > 0 and len(self._free) <= self.reserve:
                return
            heapq.heappop(self._waiting)
            future.set_result(self._free.pop())

    async def take(self, priority: int, timeout: float) -> Item:
        """A free worker, waiting at most ``timeout`` seconds (else :class:`QueryTimeout`)."""
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), future))
        self._dispatch()
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            if future.done() and not future.cancelled():
                return future.result()
            future.cancel()
            raise QueryTimeout(f"every query worker stayed busy for {timeout:g} s; try again later") from None
        except BaseException:  # the request was cancelled: a worker it was handed goes to the next
            if future.done() and not future.cancelled():
                self.give(future.result())
            else:
                future.cancel()
            raise
