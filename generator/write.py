"""Write stage: put the rendered site in place, all or nothing.

The site is written into a fresh sibling directory and swapped in only when
everything succeeded, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import codes
from .cache import Record, record_of_file
from .problems import Pos, Problem, error

MARKER = ".regiekaart-site"


def _is_ours_or_empty(out: Path) -> bool:
    return not out.exists() or (out.is_dir() and ((out / MARKER).exists() or not any(out.iterdir())))


def recover(out: Path) -> None:
    """Put back the previous site when a build was stopped in the middle of the swap (the
    site renamed away to .<out>.oud, the new one not yet in its place): else the next
    build would find no site, and throw the old one away as a leftover."""
    old = out.parent / f".{out.name}.oud"
    if not out.exists() and not old.is_symlink() and old.is_dir() and (old / MARKER).is_file():
        try:
            old.rename(out)
        except OSError:
            pass  # then it stays a leftover, and the build makes the site anew


@dataclass
class Written:
    problems: list[Problem] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # new or different from the previous site
    kept: int = 0  # the same bytes as before: linked, not written
    folders: set[Path] = field(default_factory=set)  # made already (a mkdir costs, even of one that exists)
    records: dict[str, Record] = field(default_factory=dict)  # every file as written (for the manifest)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links: copy
        shutil.copyfile(source, target)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _place(target: Path, data: bytes | Path, previous: Path, known: Record | None) -> tuple[bool, Record]:
    """Write a file, or link the previous site's copy when it is byte for byte the same
    (so an unchanged file keeps its inode and time: nothing was written). ``data`` may
    be a file to take the bytes from: the previous site's own (an output whose key did
    not change, already checked against ``known``, its record), linked; or a PDF of the
    cache, copied, never linked, so that nothing written through the site reaches the
    cache. (True when the file is new or changed, its record.)"""
    if isinstance(data, Path) and data == previous and known is not None and not _shared(previous):
        _link(previous, target)
        return False, (*record_of_file(target, known[2])[:2], known[2])
    if isinstance(data, Path):
        data = data.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    try:
        if previous.is_file() and not _shared(previous) and previous.stat().st_size == len(data) and previous.read_bytes() == data:
            _link(previous, target)
            return False, record_of_file(target, sha)
    except OSError:
        pass
    target.write_bytes(data)
    return True, record_of_file(target, sha)


def _shared(file: Path) -> bool:
    """A file of the site that an older regiekaart linked to its PDF cache: copied anew,
    so that the site and the cache no longer share it. (The previous site's own files
    have one link until the new site links them.)"""
    try:
        return file.stat().st_nlink > 1
    except OSError:
        return False


# Making a file costs this disk mostly system time, which threads spread over the cores.
THREADS = 4


def _place_all(new: Path, out: Path, files: dict[str, bytes | Path], written: Written, known: dict[str, Record]) -> None:
    """Every file under ``new``: the folders first, then the files across a few threads."""
    for folder in sorted({(new / rel).parent for rel in files} - written.folders):
        folder.mkdir(parents=True, exist_ok=True)
        written.folders.add(folder)
    items = sorted(files.items())

    def place(item: tuple[str, bytes | Path]) -> tuple[bool, Record]:
        return _place(new / item[0], item[1], out / item[0], known.get(item[0]))

    if len(items) < 64:
        results = [place(item) for item in items]
    else:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(place, items, chunksize=16))
    for (rel, _), (changed, record) in zip(items, results):
        written.records[rel] = record
        if changed:
            written.changed.append(rel)
        else:
            written.kept += 1


def write_site(
    out: Path,
    files: dict[str, bytes | Path],
    assets: Path | None,
    manifest: str | Callable[[dict[str, Record]], str] = "",
    late: Callable[[], tuple[dict[str, bytes | Path], list[Problem]]] | None = None,
    known: dict[str, Record] | None = None,
) -> Written:
    """``late`` gives files that are still being made (the search index): it is called
    once the others are written, and its problems stop the build like any other.
    ``manifest`` may be a function of the records of the files written, called when
    every file is known; ``known``: the records of the previous site's files."""
    written = Written()
    recover(out)
    if not _is_ours_or_empty(out):
        written.problems.append(error(Pos(str(out)), "deze map bestaat al en is geen eerder gebouwde regiekaart-site; kies met --out een lege of nieuwe map, zodat er niets verloren gaat.", codes.MAP_NIET_VAN_REGIEKAART))
        return written
    new = out.parent / f".{out.name}.nieuw"
    old = out.parent / f".{out.name}.oud"
    for leftover in (new, old):
        if leftover.exists() and not _is_ours_or_empty(leftover) or leftover.is_symlink():
            written.problems.append(error(Pos(str(leftover)), f"deze map staat naast de site, maar is niet door regiekaart gemaakt; regiekaart gebruikt die naam voor de bouw. Verplaats of hernoem de map {leftover.name}, zodat er niets verloren gaat.", codes.MAP_NAAST_DE_SITE))
            return written
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (new, old):
            if leftover.exists():
                shutil.rmtree(leftover)  # a build that was stopped left it: ours, by its marker
        new.mkdir()
        (new / MARKER).write_text("Wordt gebouwd door regiekaart; deze map wordt weggegooid als de bouw niet afkomt.\n", encoding="utf-8")
        if assets is not None and assets.is_dir():
            files = {**files, **{"assets/" + p.relative_to(assets).as_posix(): p.read_bytes() for p in assets.rglob("*") if p.is_file()}}
        _place_all(new, out, files, written, known or {})
        if late is not None:
            more, problems = late()
            if problems:
                shutil.rmtree(new, ignore_errors=True)
                written.problems += problems
                return written
            _place_all(new, out, more, written, known or {})
        text = manifest(written.records) if callable(manifest) else manifest
        (new / MARKER).write_text(text or "Gebouwd door regiekaart; deze map wordt bij elke bouw vervangen.\n", encoding="utf-8")
        if out.exists():
            out.rename(old)
        new.rename(out)
    except OSError as exc:
        shutil.rmtree(new, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        written.problems.append(error(Pos(str(out)), f"kan de site niet schrijven ({exc.strerror}); controleer of de map beschrijfbaar is en er schijfruimte is.", codes.SITE_NIET_TE_SCHRIJVEN))
        return written
    shutil.rmtree(old, ignore_errors=True)
    return written
