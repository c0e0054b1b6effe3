"""Query worker processes: each holds the store, answers one request at a time, and can be killed.

pyoxigraph cannot interrupt a running query, and a query can make it abort the whole process,
so queries never run in the server process. A worker that outlives the timeout is killed, a
worker that dies (engine abort, out of memory) turns into a 500 for that request; either way a
new worker takes its place in the background and the server itself never blocks on a query.

Workers run without network access where the kernel allows it (:mod:`queries.sandbox`), with a
capped address space, and refuse answers larger than ``max_answer_bytes``. Each client address
may have only ``max_per_client`` uncached queries in flight, so one client cannot hold every worker,
and clients whose queries keep timing out wait behind the others (:mod:`queries.dispatch`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from cio_graph.queries.answer_cache import AnswerCache
from cio_graph.queries.dispatch import ClientLimiter, Strikes, WorkerQueue
from cio_graph.queries.protocol_errors import ProtocolError, QueryTimeout, WorkerCrashed

__all__ = ["STARTUP_TIMEOUT", "QueryPool", "WorkerSettings", "worker_main"]

STARTUP_TIMEOUT = 120.0
RESPAWN_ATTEMPTS = 5


def worker_main(
    descriptor: int, graph: str, max_rows: int, max_answer_bytes: int, memory_bytes: int | None, on_disk: bool = False
) -> None:
    """Body of a worker process: isolate, load the graph into memory (queries there are several times
    faster than on the persisted store, see docs/performance-notes.md), then answer requests over the
    socket ``descriptor``."""
    from cio_graph.queries.engine import oxigraph_store
    from cio_graph.queries.protocol_errors import MalformedQuery
    from cio_graph.queries.sandbox import isolate_network, limit_memory

    connection = Connection(descriptor)
    isolated = isolate_network()
    try:
        limit_memory(memory_bytes)
        store = _disk_store(graph) if on_disk else oxigraph_store(graph, persisted=False)  # memory: faster queries
    except Exception as error:  # reported to the parent, which refuses to start
        hint = (
            (
                f" (query workers are capped at {memory_bytes // 2**20} MB of address space: raise "
                "--worker-memory, or 0 for no cap)"
            )
            if memory_bytes and not isinstance(error, ProtocolError)
            else ""
        )
        connection.send(ProtocolError(f"could not load {graph}: {error}{hint}"))
        return
    connection.send({"isolated": isolated})
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = request.run(store, Path(graph), max_rows, max_answer_bytes)
        except ProtocolError as error:
            reply = error
        except SyntaxError as error:
            reply = MalformedQuery(str(error))
        except MemoryError:
            connection.send(WorkerCrashed("the query ran out of memory; its worker was replaced"))
            return
        except Exception as error:  # anything else still answers, as a server error
            reply = ProtocolError(f"the query failed: {type(error).__name__}: {error}")
        connection.send(reply)


def _disk_store(graph: str):
    """The build's persisted store, opened read-only; a ProtocolError when the build has none current."""
    from cio_graph.graph.store import open_store

    store = open_store(Path(graph))
    if store is None:
        raise ProtocolError(
            "no persisted store matches this graph (expected a build folder's graph.nt and its .store/, "
            "written by `cio-graph build`): build again, or serve without --on-disk"
        )
    return store


class WorkerSettings:
    """What every worker of a pool is started with."""

    def __init__(
        self, graph: Path, max_rows: int, max_answer_bytes: int, memory_bytes: int | None, on_disk: bool = False
    ) -> None:
        self.graph = graph
        self.max_rows = max_rows
        self.max_answer_bytes = max_answer_bytes
        self.memory_bytes = memory_bytes
        self.on_disk = on_disk


class _Worker:
    """One worker process (a fresh interpreter running :func:`worker_main`) and the parent's socket to it."""

    def __init__(self, settings: WorkerSettings) -> None:
        parent, child = socket.socketpair()
        arguments = [
            str(child.fileno()),
            str(settings.graph),
            str(settings.max_rows),
            str(settings.max_answer_bytes),
            str(settings.memory_bytes or 0),
            "on-disk" if settings.on_disk else "in-memory",
        ]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cio_graph.queries.worker_pool", *arguments],
            pass_fds=[child.fileno()],
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.connection = Connection(parent.detach())
        self.isolated = False
        if not self.connection.poll(STARTUP_TIMEOUT):
            self.kill()
            raise ProtocolError(f"a query worker did not start within {STARTUP_TIMEOUT:.0f} s")
        try:
            hello = self.connection.recv()
        except EOFError:
            cap = (
                (
                    f" (its address space is capped at {settings.memory_bytes // 2**20} MB: "
                    "raise --worker-memory, or 0 for no cap)"
                )
                if settings.memory_bytes
                else ""
            )
            hello = ProtocolError(f"a query worker died while loading {settings.graph}{cap}")
        if isinstance(hello, ProtocolError):
            self.kill()
            raise hello
        self.isolated = bool(hello.get("isolated"))

    def call(self, request, timeout: float):
        """Send ``request`` and wait for its answer; raises :class:`QueryTimeout` after ``timeout`` s
        and :class:`WorkerCrashed` if the process dies meanwhile."""
        self.connection.send(request)
        if not self.connection.poll(timeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        try:
            reply = self.connection.recv()
        except (EOFError, OSError):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
            raise WorkerCrashed(
                f"the query engine crashed on this query ({self._exit()}: an engine abort, "
                "or the query needed more than the worker memory cap); "
                "its worker was replaced"
            ) from None
        if isinstance(reply, ProtocolError):
            raise reply
        return reply

    def _exit(self) -> str:
        code = self.process.poll()
        if code is None:
            return "no exit status"
        return f"signal {-code}" if code < 0 else f"exit code {code}"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.connection.close()


class QueryPool:
    """Worker processes that each hold the store of ``graph`` and answer one request at a time.

    :meth:`run` waits at most ``timeout`` seconds for a slot of its client, ``timeout`` seconds
    for a free worker and ``timeout`` seconds for the answer; a worker still busy then is killed
    and replaced in the background. The store never changes, so answers are cached
    (``cache_bytes`` in all; 0 turns it off).
    """

    def __init__(
        self,
        graph: Path,
        *,
        size: int | None = None,
        timeout: float = 10.0,
        max_rows: int = 10_000,
        cache_bytes: int = 64 * 2**20,
        max_answer_bytes: int = 64 * 2**20,
        worker_memory_bytes: int | None = None,
        max_per_client: int = 1,
        on_disk: bool = False,
    ) -> None:
        self.graph = Path(graph).resolve()
        self.size = size or max(2, os.cpu_count() or 2)
        self.timeout = timeout
        self.max_rows = max_rows
        self.settings = WorkerSettings(self.graph, max_rows, max_answer_bytes, worker_memory_bytes, on_disk)
        self.cache = AnswerCache(cache_bytes)
        self.clients = ClientLimiter(max_per_client)
        self.strikes = Strikes()
        self.network_isolated = False
        self._idle: WorkerQueue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._respawns: set[asyncio.Task] = set()

    def _queue(self) -> WorkerQueue[_Worker]:
        assert self._idle is not None, "QueryPool.start() was not awaited"
        return self._idle

    async def start(self) -> None:
        """Start every worker (in parallel) and wait until each has loaded the store."""
        self._idle = WorkerQueue(reserve=1 if self.size >= 2 else 0)
        workers = await asyncio.gather(
            *(asyncio.to_thread(self._spawn) for _ in range(self.size)), return_exceptions=True
        )
        failures = [w for w in workers if isinstance(w, BaseException)]
        for worker in workers:
            if isinstance(worker, _Worker):
                self._idle.give(worker)
        if failures:
            self.close()
            raise failures[0]
        self.network_isolated = all(w.isolated for w in workers if isinstance(w, _Worker))

    def _spawn(self) -> _Worker:
        worker = _Worker(self.settings)
        self._workers.add(worker)
        return worker

    async def run(self, request, client: str | None = None):
        """The answer to ``request`` (a request object with a ``run`` method) sent by ``client``."""
        cached = self.cache.get(request)
        if cached is not None:
            return cached
        assert self._idle is not None, "QueryPool.start() was not awaited"
        await self.clients.acquire(client, self.timeout)
        try:
            worker = await self._idle.take(self.strikes.priority(client), self.timeout)
        except BaseException:
            self.clients.release(client)
            raise
        # Shielded: a client that goes away neither orphans the worker nor frees its slot early;
        # the task returns the worker and the slot when the query ends.
        task = asyncio.ensure_future(self._run_on(worker, request, client))
        task.add_done_callback(lambda _: self.clients.release(client))
        answer = await asyncio.shield(task)
        self.cache.put(request, answer)
        return answer

    async def _run_on(self, worker: _Worker, request, client: str | None = None):
        started = time.monotonic()
        try:
            answer = await asyncio.to_thread(worker.call, request, self.timeout)
        except ProtocolError as error:
            if isinstance(error, (QueryTimeout, WorkerCrashed)):
                self.strikes.add(client)
                self._replace(worker)
            else:
                self._queue().give(worker)
            raise
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise WorkerCrashed(f"the query worker died: {error or type(error).__name__}") from None
        self.strikes.answered(client, time.monotonic() - started)
        self._queue().give(worker)
        return answer

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background."""
        self._workers.discard(worker)

        async def respawn() -> None:
            await asyncio.to_thread(worker.kill)
            for attempt in range(RESPAWN_ATTEMPTS):
                try:
                    self._queue().give(await asyncio.to_thread(self._spawn))
                    return
                except ProtocolError as error:  # e.g. memory short for a moment: try again
                    print(
                        f"note: a query worker did not start ({error.message}); "
                        f"attempt {attempt + 1} of {RESPAWN_ATTEMPTS}",
                        file=sys.stderr,
                        flush=True,
                    )
                    await asyncio.sleep(2**attempt)

        task = asyncio.ensure_future(respawn())
        self._respawns.add(task)
        task.add_done_callback(self._respawns.discard)

    def close(self) -> None:
        """Stop every worker."""
        for task in self._respawns:
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()


if __name__ == "__main__":  # a worker: python -m cio_graph.queries.worker_pool FD GRAPH ROWS BYTES MEMORY STORE
    _descriptor, _graph, _rows, _bytes, _memory, _store = sys.argv[1:7]
    worker_main(int(_descriptor), _graph, int(_rows), int(_bytes), int(_memory) or None, _store == "on-disk")
