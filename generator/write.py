"""Write stage: put the rendered site in place, all or nothing.

The site is written into a fresh sibling directory and swapped in only when
everything succeeded, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .problems import Pos, Problem, error

MARKER = ".regiekaart-site"


def _is_ours_or_empty(out: Path) -> bool:
    return not out.exists() or (out.is_dir() and ((out / MARKER).exists() or not any(out.iterdir())))


def write_site(out: Path, files: dict[str, bytes], assets: Path | None) -> list[Problem]:
    if not _is_ours_or_empty(out):
        return [error(Pos(str(out)), "deze map bestaat al en is geen eerder gebouwde regiekaart-site; kies met --out een lege of nieuwe map, zodat er niets verloren gaat.")]
    new = out.parent / f".{out.name}.nieuw"
    old = out.parent / f".{out.name}.oud"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (new, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        new.mkdir()
        for rel, data in sorted(files.items()):
            target = new / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if assets is not None and assets.is_dir():
            shutil.copytree(assets, new / "assets")
        (new / MARKER).write_text("Gebouwd door regiekaart; deze map wordt bij elke bouw vervangen.\n", encoding="utf-8")
        if out.exists():
            out.rename(old)
        new.rename(out)
    except OSError as exc:
        shutil.rmtree(new, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        return [error(Pos(str(out)), f"kan de site niet schrijven ({exc.strerror}); controleer of de map beschrijfbaar is en er schijfruimte is.")]
    shutil.rmtree(old, ignore_errors=True)
    return []
