"""The search index: Pagefind, run over the pages of the site while the PDFs are made.

The index reads the ``<main>`` of every page marked ``data-pagefind-body`` (the
handreiking, the universal card, every gemeente); links to PDFs are marked
``data-pagefind-ignore``, so a page can be indexed before its PDFs exist. The
kind of page ("Gemeente" ...) is a meta value, not a filter: Pagefind writes
filters in an order that varies between runs, and the same input must give the
same site byte for byte. The index is keyed by the exact HTML it reads: when no indexed page changed, the
previous site's index is taken over and Pagefind does not run.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .problems import Pos, Problem, error

FOLDER = "pagefind"
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


def index_key(pages: dict[str, bytes]) -> str:
    digest = hashlib.sha256(f"pagefind {version()}; {' '.join(UNUSED)}".encode())
    for path in sorted(pages):
        digest.update(path.encode() + b"\0" + hashlib.sha256(pages[path]).digest())
    return digest.hexdigest()


class Zoekindex:
    """One build's search index: ``start`` it with the indexed pages, ``finish`` for its files."""

    def __init__(self, work: Path, previous_site: Path | None, previous_key: str) -> None:
        self.work = work  # build/.cache/zoek: a scratch folder per build (builds may run side by side)
        self.previous_site = previous_site
        self.previous_key = previous_key
        self.key = ""
        self.files: dict[str, bytes | Path] = {}
        self.reused = False
        self._process: subprocess.Popen[bytes] | None = None
        self._out: Path | None = None
        self._run: Path | None = None  # this build's scratch folder
        self._problems: list[Problem] = []

    def start(self, pages: dict[str, bytes]) -> None:
        self.key = index_key(pages)
        if self.previous_site is not None and self.key == self.previous_key:
            previous = self.previous_site / FOLDER
            files = sorted(p for p in previous.rglob("*") if p.is_file()) if previous.is_dir() else []
            if files:
                self.files = {f"{FOLDER}/{p.relative_to(previous).as_posix()}": p for p in files}
                self.reused = True
                return
        exe = executable()
        if exe is None:
            self._problems.append(error(Pos(FOLDER), "Pagefind, dat de zoekindex maakt, is niet geïnstalleerd; installeer regiekaart opnieuw met 'make build'."))
            return
        try:
            self.work.mkdir(parents=True, exist_ok=True)
            for old in self.work.iterdir():  # left by a build that was killed
                if old.stat().st_mtime < time.time() - 3600:
                    shutil.rmtree(old, ignore_errors=True)
            run = self._run = Path(tempfile.mkdtemp(dir=self.work))
            for path, html in pages.items():
                file = run / "site" / path
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(html)
            self._out = run / "index"
            command = [exe, "--site", str(run / "site"), "--output-path", str(self._out), "--keep-index-url", "--force-language", "nl", "--silent"]
            self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as exc:
            self._problems.append(error(Pos(FOLDER), f"kan de zoekindex niet maken ({exc.strerror}); controleer of build/.cache beschrijfbaar is."))

    def finish(self) -> list[Problem]:
        """Wait for Pagefind; the index's files are then in ``files`` (site path -> file)."""
        if self._process is None or self._out is None:
            return self._problems
        process, self._process = self._process, None
        output, _ = process.communicate()
        if process.returncode != 0 or not self._out.is_dir():
            text = output.decode("utf-8", "replace").strip().splitlines()
            detail = f": {text[-1]}" if text else ""
            return [error(Pos(FOLDER), f"Pagefind kon de zoekindex niet maken{detail}. Draai de bouw opnieuw; blijft dit gebeuren, meld het dan bij de beheerder van regiekaart.")]
        self.files = {
            f"{FOLDER}/{p.relative_to(self._out).as_posix()}": p
            for p in sorted(self._out.rglob("*"))
            if p.is_file() and not p.name.startswith(UNUSED)
        }
        return []

    def stop(self) -> None:
        """Ends a Pagefind still running (a build that failed elsewhere) and removes the
        scratch folder (the site holds links to the index files, or copies)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
        if self._run is not None:
            shutil.rmtree(self._run, ignore_errors=True)
            self._run = None
