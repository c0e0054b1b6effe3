"""Child processes that do not outlive their parent.

>>> import os
>>> die_with_parent(os.getppid())  # the parent is alive: nothing happens
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_POLL_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` (its parent's pid) ends; end it at once when already gone.

    On Linux the kernel sends SIGKILL at the parent's death (``prctl(PR_SET_PDEATHSIG)``); elsewhere a
    daemon thread checks ``os.getppid()`` twice a second.
    """
    armed = False
    if sys.platform.startswith("linux"):
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    if not armed:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(_POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
