"""Who gets the next free worker: priorities, the reserved worker, per-client slots, strikes."""

from __future__ import annotations

import asyncio

import pytest

from cio_graph.queries.dispatch import ClientLimiter, Strikes, WorkerQueue
from cio_graph.queries.protocol_errors import QueryTimeout, TooManyRequests


def test_free_workers_go_to_the_lowest_priority_number_first():
    async def scenario() -> list[str]:
        queue: WorkerQueue[str] = WorkerQueue(reserve=0)
        order: list[str] = []

        async def wait(name: str, priority: int) -> None:
            order.append(f"{name}:{await queue.take(priority, 5)}")

        tasks = [
            asyncio.ensure_future(wait(name, priority))
            for name, priority in [("struck", 2), ("unknown", 0), ("quick", -1), ("unknown2", 0)]
        ]
        await asyncio.sleep(0)
        for worker in ("w1", "w2", "w3", "w4"):
            queue.give(worker)
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(scenario()) == ["quick:w1", "unknown:w2", "unknown2:w3", "struck:w4"]


def test_struck_clients_never_take_the_reserved_worker():
    async def scenario() -> tuple[str, int]:
        queue: WorkerQueue[str] = WorkerQueue(reserve=1)
        queue.give("w1")
        with pytest.raises(QueryTimeout):
            await queue.take(1, 0.2)  # one free worker, kept for the others
        first = await queue.take(0, 1)
        return first, queue.free()

    assert asyncio.run(scenario()) == ("w1", 0)


def test_a_cancelled_waiter_hands_its_worker_on():
    async def scenario() -> str:
        queue: WorkerQueue[str] = WorkerQueue()
        gone = asyncio.ensure_future(queue.take(0, 5))
        stays = asyncio.ensure_future(queue.take(0, 5))
        await asyncio.sleep(0)
        gone.cancel()
        await asyncio.sleep(0)
        queue.give("w1")
        return await stays

    assert asyncio.run(scenario()) == "w1"


def test_client_limiter_queues_then_refuses():
    async def scenario() -> list[str]:
        limiter = ClientLimiter(1)
        events: list[str] = []

        async def hold(name: str, seconds: float) -> None:
            try:
                async with limiter.slot("10.0.0.1", 0.3):
                    events.append(f"{name} runs")
                    await asyncio.sleep(seconds)
            except TooManyRequests:
                events.append(f"{name} refused")

        await asyncio.gather(hold("first", 0.1), hold("second", 0.0), hold("third", 1.0), hold("fourth", 0))
        assert limiter.in_flight("10.0.0.1") == 0
        return events

    events = asyncio.run(scenario())
    assert events[:3] == ["first runs", "second runs", "third runs"] and events[3] == "fourth refused"


def test_strikes_set_the_priority():
    strikes = Strikes(memory=60, quick=1.0)
    assert strikes.priority("a") == 0
    strikes.answered("a", 0.01)
    assert strikes.priority("a") == -1
    strikes.answered("b", 5.0)  # slow but finished: not a quick client
    assert strikes.priority("b") == 0
    strikes.add("a")
    strikes.add("a")
    assert strikes.priority("a") == 2 and strikes.count("a") == 2
    assert Strikes(memory=0).priority(None) == 0


def test_a_client_that_goes_away_keeps_its_slot_until_its_query_ends():
    from cio_graph.queries.sparql_protocol import QueryPool, QueryRequest
    from tests.test_service import FIXTURE, SLOW

    async def scenario() -> tuple[int, int]:
        pool = QueryPool(FIXTURE, size=2, timeout=1.5, max_per_client=1)
        await pool.start()
        try:
            request = asyncio.ensure_future(pool.run(QueryRequest(SLOW), "10.0.0.9"))
            await asyncio.sleep(0.3)
            request.cancel()  # what a disconnecting client does to its request
            await asyncio.sleep(0.1)
            during = pool.clients.in_flight("10.0.0.9")
            await asyncio.sleep(2.5)  # the query runs into its timeout, the worker is replaced
            return during, pool.clients.in_flight("10.0.0.9")
        finally:
            pool.close()

    assert asyncio.run(scenario()) == (1, 0)
