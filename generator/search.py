"""The search index: Pagefind, run over the pages of the site while the PDFs are made.

The index reads the ``<main>`` of every page marked ``data-pagefind-body`` (the
handreiking, the universal card, every gemeente); links to PDFs are marked
``data-pagefind-ignore``, so a page can be indexed before its PDFs exist. The
kind of page ("Gemeente" ...) is a meta value, not a filter: Pagefind writes
filters in an order that varies between runs, and the same input must give the
same site byte for byte.

The index is split in bundles (see ``render.zoekbundel``): one for the handreiking
and the universal card, and one per group of about a hundred gemeenten. The search
page merges them in the browser. Each bundle is keyed by the pages it reads;
a bundle whose pages did not change is taken over from the previous site, so a
change to one gemeente re-indexes only its own group. A page's key is that of its
input (as for the page itself), so an unchanged bundle is known without reading it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Callable

from . import codes
from .problems import Pos, Problem, error
from .render import ZOEKINDEX, zoekbundel

SCRATCH = "regiekaart-zoek-"
OWNER = ".regiekaart-zoek"  # in each scratch folder: the pid (and start time) of the build that made it
# Pagefind also writes ready-made search interfaces; the site has its own (assets/js/zoeken.js).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")


def executable() -> str | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return shutil.which("pagefind")
    return str(get_executable())


def version() -> str:
    try:
        from importlib import metadata

        return metadata.version("pagefind_bin")
    except Exception:  # noqa: BLE001 - an unknown version only makes the key differ
        return "?"


def index_key(keys: dict[str, str]) -> str:
    """The key of a bundle: Pagefind's version and the key of each page's indexed text."""
    digest = hashlib.sha256(f"pagefind {version()}; {' '.join(UNUSED)}".encode())
    for path in sorted(keys):
        digest.update(f"{path}\0{keys[path]}\0".encode())
    return digest.hexdigest()


class SearchIndex:
    """One build's search index: ``start`` it with the indexed pages, ``finish`` for its files."""

    def __init__(self, work: Path, previous_site: Path | None, previous_keys: dict[str, str]) -> None:
        self.work = work  # build/.cache/zoek, for scratch folders when there is no /dev/shm
        self.previous_site = previous_site
        self.previous_keys = previous_keys
        self.keys: dict[str, str] = {}  # bundle -> key of its pages
        self.files: dict[str, bytes | Path] = {}  # site path -> file
        self.made: list[str] = []  # bundles indexed by this build (the rest were taken over)
        self._running: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
        self._run: Path | None = None  # this build's scratch folder for the pages
        self._out: Path | None = None  # and for the index
        self._problems: list[Problem] = []

    def start(self, pages: dict[str, tuple[str, Callable[[], bytes]]], n_gemeenten: int) -> None:
        """``pages``: path -> (key of its indexed text, how to get that text). A bundle
        whose keys are those of the previous site is taken over; the text of a page is
        only asked for when its bundle is made."""
        groups: dict[str, dict[str, tuple[str, Callable[[], bytes]]]] = defaultdict(dict)
        for path, page in pages.items():
            groups[zoekbundel(path, n_gemeenten)][path] = page
        for bundle, group in sorted(groups.items()):
            self.keys[bundle] = index_key({path: key for path, (key, _) in group.items()})
            if not self._take_over(bundle):
                self._index(bundle, {path: text() for path, (_, text) in group.items()})

    def _take_over(self, bundle: str) -> bool:
        if self.previous_site is None or self.previous_keys.get(bundle) != self.keys[bundle]:
            return False
        previous = self.previous_site / ZOEKINDEX / bundle
        files = sorted(p for p in previous.rglob("*") if p.is_file()) if previous.is_dir() else []
        self.files.update({f"{ZOEKINDEX}/{bundle}/{p.relative_to(previous).as_posix()}": p for p in files})
        return bool(files)

    def _index(self, bundle: str, pages: dict[str, bytes]) -> None:
        exe = executable()
        if exe is None:
            self._problems.append(error(Pos(ZOEKINDEX), "Pagefind, dat de zoekindex maakt, is niet geïnstalleerd; installeer regiekaart opnieuw met 'make build'.", codes.PAGEFIND_ONTBREEKT))
            return
        try:
            if self._run is None:
                self._run = self._scratch(Path("/dev/shm"))
                self._out = self._scratch(Path("/dev/shm"))
            site, out = self._run / bundle, self._out / bundle
            folders = set()
            for path, html in pages.items():
                file = site / path
                if file.parent not in folders:
                    file.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(file.parent)
                file.write_bytes(html)
            command = [exe, "--site", str(site), "--output-path", str(out), "--keep-index-url", "--force-language", "nl", "--silent"]
            self._running[bundle] = (subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT), out)
            self.made.append(bundle)
        except OSError as exc:
            self._problems.append(error(Pos(ZOEKINDEX), f"kan de zoekindex niet maken ({exc.strerror}); controleer of build/.cache beschrijfbaar is.", codes.ZOEKINDEX_GEEN_RUIMTE))

    def _scratch(self, base: Path) -> Path:
        """A fresh folder under ``base``, else under build/.cache/zoek. The pages Pagefind
        reads go to memory (/dev/shm) where the system has it: writing hundreds of small
        files to disk costs more than indexing them. So does the index it writes, which
        is then copied into the site once (on disk, Pagefind's files and the site's
        links to them made two new entries per file)."""
        for folder in (base, self.work):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                remove_abandoned(folder)
                scratch = Path(tempfile.mkdtemp(prefix=SCRATCH, dir=folder))
                (scratch / OWNER).write_text(_owner(os.getpid()), encoding="utf-8")
                return scratch
            except OSError:
                continue
        raise OSError(28, "geen ruimte voor tijdelijke bestanden")

    def finish(self) -> list[Problem]:
        """Wait for Pagefind; the index's files are then in ``files`` (site path -> file)."""
        problems = list(self._problems)
        for bundle, (process, out) in sorted(self._running.items()):
            output, _ = process.communicate()
            if process.returncode != 0 or not out.is_dir():
                text = output.decode("utf-8", "replace").strip().splitlines()
                detail = f": {text[-1]}" if text else ""
                problems.append(error(Pos(f"{ZOEKINDEX}/{bundle}"), f"Pagefind kon de zoekindex niet maken{detail}. Draai de bouw opnieuw; blijft dit gebeuren, meld het dan bij de beheerder van regiekaart.", codes.ZOEKINDEX_MISLUKT))
                continue
            self.files.update({
                f"{ZOEKINDEX}/{bundle}/{p.relative_to(out).as_posix()}": p
                for p in sorted(out.rglob("*"))
                if p.is_file() and not p.name.startswith(UNUSED)
            })
        self._running.clear()
        return problems

    def stop(self) -> None:
        """Ends a Pagefind still running (a build that failed elsewhere) and removes the
        scratch folders (the site holds copies of the index files, or links)."""
        for process, _ in self._running.values():
            process.kill()
            process.wait()
        self._running.clear()
        for folder in (self._run, self._out):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self._run = self._out = None


def _owner(pid: int) -> str:
    """A process as the scratch marker names it: its pid and, where the system tells, its
    start time (so that a pid used again by another process is not taken for the owner)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        start = stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the name
    except (OSError, IndexError):
        start = ""
    return f"{pid} {start}".strip() + "\n"


def _alive(owner: str) -> bool:
    pid_text, _, start = owner.strip().partition(" ")
    try:
        pid = int(pid_text)
        if pid <= 0:
            return False
        os.kill(pid, 0)
    except (ValueError, OverflowError, ProcessLookupError):
        return False
    except PermissionError:
        return True  # someone else's process
    return not start or _owner(pid).strip() == owner.strip()


def remove_abandoned(folder: Path) -> None:
    """Remove the scratch folders under ``folder`` of builds that were killed: only folders
    that carry this tool's marker and whose owner is gone (a build that runs next to this
    one keeps its own)."""
    for old in folder.glob(f"{SCRATCH}*"):
        try:
            owner = (old / OWNER).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            continue  # not ours, or being made right now
        if not _alive(owner):
            shutil.rmtree(old, ignore_errors=True)
