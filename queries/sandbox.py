"""Confinement of the processes that run queries: no network, bounded memory.

:func:`isolate_network` moves the calling process into a network namespace of its own (Linux
``unshare``), where no interface is up: whatever a query says, the engine cannot open a
connection to anything. It is applied before a query worker (or the command line's query
process) loads the store; where the kernel refuses, it returns False and the text judge of
:mod:`queries.query_guard` remains the only guard. :func:`limit_memory` caps the address space.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import resource
import socket

__all__ = ["can_connect", "isolate_network", "limit_memory"]

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Enter a new, empty network namespace (as root, else inside a new user namespace); True on success.

    Call it while the process has a single thread (before the store is loaded).
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return False
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if unshare(flags) == 0:
            return True
    return False


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space at ``max_bytes`` (None or 0: no cap); an engine that needs
    more fails its allocation, which ends the process, not the machine."""
    if not max_bytes:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))


def can_connect(host: str, port: int, timeout: float = 1.0) -> bool:
    """Whether a TCP connection to ``host:port`` opens from this process (used to check isolation)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
