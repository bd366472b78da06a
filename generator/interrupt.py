"""Ctrl+C and `kill` (SIGTERM) stop `build`, `publish` and `serve`, every time.

Python raises KeyboardInterrupt wherever the main thread happens to be when it looks at
the signal; when that is a ``__del__`` method (a finished subprocess being collected, for
one), the exception is printed as "Exception ignored" and lost. A build then ran to its
end, and `serve` went on serving, as if nobody had pressed Ctrl+C. So the handler also
notes the signal, and the command looks at that note where it can stop cleanly
(``check``): before the site is written, after each PDF, and on every tick of `serve`.
`regiekaart` installs the handler first thing (generator/__main__.py), before it
imports the rest of itself.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any, Iterator

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_received: list[int] = []  # the signals received since ``install``, or within ``handled``


def _handler(signum: int, frame: Any) -> None:  # noqa: ANN401, ARG001 - a signal handler's signature
    _received.append(signum)
    raise KeyboardInterrupt


def install() -> None:
    """For the whole process (`regiekaart`, before it imports the rest of itself): SIGINT
    and SIGTERM raise KeyboardInterrupt, and are noted for ``check``."""
    for signum in SIGNALS:
        signal.signal(signum, _handler)


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """The same for the length of one command, in a process that goes on after it (the
    tests); what it noted is forgotten afterwards. Outside the main thread (where Python
    allows no signal handler) it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _handler) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old if old is not None else signal.SIG_DFL)
        _received.clear()


def requested() -> bool:
    """Whether the command was asked to stop (for a wait that polls, such as a lock's)."""
    return bool(_received)


def check() -> None:
    """Raise KeyboardInterrupt when the command was asked to stop, even when Python lost
    the exception that the signal raised."""
    if _received:
        raise KeyboardInterrupt
