"""One build at a time per project: `build`, `publish` and each rebuild of `serve` take turns.

The builds of a project share its caches (``build/.cache``: the PDFs, the Jinja bytecode,
the loaded gemeenten) and the folders that ``write`` puts beside each output while it
swaps the new site in (``.site.nieuw``, ``.site.oud``). Two builds at once would remove
each other's work in progress, prune each other's PDFs, or swap a half-written site in.
So a build holds ``build/.regiekaart.lock`` from before it looks at the site in place
until its output (and, for `publish`, the zip) is written; a second one waits, and says
so. The lock is the operating system's (``filelock``: ``fcntl.flock`` on Linux and
macOS, ``msvcrt.locking`` on Windows): it goes with the process, also after ``kill -9``
or a crash, so a lock is never left behind. Holding it is what proves that what lies
beside the output is a leftover of a build that stopped, and may be removed.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable, Iterator

import filelock

from . import interrupt

LOCK = ".regiekaart.lock"
# How long a build waits quietly before it says that it waits for another one.
QUIET_SECONDS = 0.3


class LockError(OSError):
    """The lock file cannot be made: ``build/`` is read-only, full or not ours."""


def lock_file(root: Path) -> Path:
    return root / "build" / LOCK


@contextlib.contextmanager
def project_lock(root: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's build lock; ``on_wait`` is called once when another build has
    it (the caller says so), and then the build waits until it is free. Ctrl+C stops the
    wait. Raises LockError when the lock file cannot be made."""
    path = lock_file(root)
    lock = filelock.FileLock(path, thread_local=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=QUIET_SECONDS, cancel_check=interrupt.requested)
        except filelock.Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire(cancel_check=interrupt.requested)
    except filelock.Timeout:  # cancelled: Ctrl+C while waiting
        raise KeyboardInterrupt from None
    except OSError as exc:
        raise LockError(exc.errno, exc.strerror, str(path)) from exc
    try:
        yield
    finally:
        lock.release()
