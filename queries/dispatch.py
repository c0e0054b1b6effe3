"""Who gets the next free query worker: per-client slots, and clients with timed-out queries last.

:class:`ClientLimiter` lets one client address have only so many uncached queries in flight.
:class:`WorkerQueue` hands free workers to waiting requests by priority rather than arrival
(:class:`Strikes`): clients whose queries lately were answered quickly go first, then clients not
seen lately, then clients whose queries ran into the timeout; these never take the last free
worker, which stays for the others. So heavy clients on many addresses still let cheap queries
through: at once once their queries have timed out, at the next free worker before that.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import ipaddress
import itertools
import time
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, TypeVar

from cio_graph.queries.protocol_errors import QueryTimeout, TooManyRequests

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["MAX_WAITING_PER_CLIENT", "ClientLimiter", "Strikes", "WorkerQueue", "client_address", "client_key"]

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

    async def acquire(self, client: str | None, timeout: float) -> None:
        """Take one of ``client``'s slots, waiting at most ``timeout`` seconds (else :class:`TooManyRequests`)."""
        if self.per_client <= 0 or client is None:
            return
        entry = self._clients.setdefault(client, [asyncio.Semaphore(self.per_client), 0])
        if entry[1] >= self.per_client + MAX_WAITING_PER_CLIENT:
            raise TooManyRequests(
                f"this client already has {entry[1]} queries running or waiting; wait for their answers"
            )
        entry[1] += 1
        try:
            await asyncio.wait_for(entry[0].acquire(), timeout)
        except BaseException as error:
            self._leave(client, entry)
            if isinstance(error, TimeoutError):
                raise TooManyRequests(
                    f"this client's earlier queries kept its {self.per_client} slot(s) busy for {timeout:g} s; "
                    "wait for their answers"
                ) from None
            raise

    def release(self, client: str | None) -> None:
        """Give back a slot taken by :meth:`acquire`."""
        if self.per_client <= 0 or client is None:
            return
        entry = self._clients[client]
        entry[0].release()
        self._leave(client, entry)

    def _leave(self, client: str, entry: list) -> None:
        entry[1] -= 1
        if entry[1] == 0:
            self._clients.pop(client, None)

    @contextlib.asynccontextmanager
    async def slot(self, client: str | None, timeout: float):
        """Hold one of ``client``'s slots for the body of the ``async with``."""
        await self.acquire(client, timeout)
        try:
            yield
        finally:
            self.release(client)


class Strikes:
    """What recent queries of each client address did: timed out ("strikes") or answered quickly.

    :meth:`priority` is the client's place in the queue for workers: -1 for a client whose
    queries lately were answered within ``quick`` seconds and never timed out, 0 for a client not
    seen lately, and its number of recent strikes otherwise. Everything is forgotten after
    ``memory`` seconds; at most ``max_clients`` addresses are remembered (the oldest forgotten first).
    """

    def __init__(self, memory: float = 300.0, quick: float = 1.0, max_clients: int = 10_000) -> None:
        self.memory = memory
        self.quick = quick
        self.max_clients = max_clients
        self._times: OrderedDict[str, list[float]] = OrderedDict()
        self._quick: OrderedDict[str, float] = OrderedDict()

    def add(self, client: str | None) -> None:
        """Count one timed-out query of ``client``."""
        if client is None:
            return
        times = self._times.pop(client, [])
        times.append(time.monotonic())
        self._times[client] = times[-32:]
        self._quick.pop(client, None)
        self._trim(self._times)

    def answered(self, client: str | None, seconds: float) -> None:
        """Note that a query of ``client`` was answered in ``seconds``."""
        if client is None or seconds > self.quick:
            return
        self._quick.pop(client, None)
        self._quick[client] = time.monotonic()
        self._trim(self._quick)

    def _trim(self, table: OrderedDict) -> None:
        while len(table) > self.max_clients:
            table.popitem(last=False)

    def count(self, client: str | None) -> int:
        """Timed-out queries of ``client`` within the memory."""
        if client is None:
            return 0
        times = self._times.get(client)
        if not times:
            return 0
        horizon = time.monotonic() - self.memory
        recent = [moment for moment in times if moment >= horizon]
        if recent:
            self._times[client] = recent
        else:
            del self._times[client]
        return len(recent)

    def priority(self, client: str | None) -> int:
        """The client's place in the queue for workers (lower goes first)."""
        strikes = self.count(client)
        if strikes:
            return strikes
        seen = self._quick.get(client) if client is not None else None
        return -1 if seen is not None and seen >= time.monotonic() - self.memory else 0


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


def client_address(request: Request) -> str | None:
    """The client the request came from (the unit of the per-client query limit): see :func:`client_key`."""
    return client_key(request.client.host) if request.client else None


@lru_cache(maxsize=4096)  # parsed once per address, not on every request
def client_key(host: str) -> str:
    """An IPv4 address as it is; an IPv6 address as its /64 network, which one subscriber usually holds.

    >>> [client_key(host) for host in ("192.0.2.7", "2001:db8::1", "2001:db8::ffff:1", "::ffff:192.0.2.7")]
    ['192.0.2.7', '2001:db8::/64', '2001:db8::/64', '192.0.2.7']
    """
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
