"""The search index: the key of a bundle, the naming of the bundles, a real (tiny) Pagefind
run, taking over bundles that did not change, and the scratch folders it works in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from generator import search
from generator.render import GEMEENTEN_PER_BUNDEL, ZOEKINDEX, gemeente_url, opschaalwijzer_url, zoekbundel
from generator.search import OWNER, SCRATCH, UNUSED, SearchIndex, index_key, remove_abandoned

from .conftest import write

# --- the key of a bundle --------------------------------------------------------------------


def test_index_key_is_stable_and_independent_of_order() -> None:
    keys = {"gemeenten/a/index.html": "1", "gemeenten/b/index.html": "2"}
    assert index_key(keys) == index_key(dict(reversed(list(keys.items()))))
    assert len(index_key(keys)) == 64 and int(index_key(keys), 16) >= 0


@pytest.mark.parametrize(
    "other",
    [
        {"gemeenten/a/index.html": "1", "gemeenten/b/index.html": "3"},  # a page's text changed
        {"gemeenten/a/index.html": "1", "gemeenten/c/index.html": "2"},  # another page
        {"gemeenten/a/index.html": "1"},  # a page less
        {"gemeenten/a/index.html": "1", "gemeenten/b/index.html": "2", "gemeenten/c/index.html": "3"},  # a page more
        {"gemeenten/a/index.html1": "", "gemeenten/b/index.html": "2"},  # path and key are kept apart
    ],
)
def test_index_key_changes_with_the_pages(other: dict[str, str]) -> None:
    assert index_key(other) != index_key({"gemeenten/a/index.html": "1", "gemeenten/b/index.html": "2"})


def test_index_key_changes_with_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = {"regiekaart/index.html": "x"}
    before = index_key(keys)
    monkeypatch.setattr(search, "version", lambda: "0.0.0-ander")
    assert index_key(keys) != before


# --- the bundles ------------------------------------------------------------------------------


def test_pages_outside_the_gemeenten_are_in_algemeen() -> None:
    for path in ("index.html", "regiekaart/index.html", "handreiking/borging/index.html", "regios/west-brabant/index.html", "gemeenten.html"):
        assert zoekbundel(path, 300) == "algemeen"


def test_a_gemeentes_pages_share_one_bundle() -> None:
    for slug in ("breda", "altena", "bergen-op-zoom"):
        assert zoekbundel(gemeente_url(slug), 250) == zoekbundel(opschaalwijzer_url(slug), 250)


@pytest.mark.parametrize("n, bundles", [(0, 1), (1, 1), (GEMEENTEN_PER_BUNDEL, 1), (GEMEENTEN_PER_BUNDEL + 1, 2), (3 * GEMEENTEN_PER_BUNDEL, 3)])
def test_about_a_hundred_gemeenten_per_bundle(n: int, bundles: int) -> None:
    slugs = [f"g{i}" for i in range(max(n, 1) * 3)]
    found = {zoekbundel(gemeente_url(s), n) for s in slugs}
    assert found == {f"gemeenten-{i}" for i in range(1, bundles + 1)}


# --- a real, tiny index --------------------------------------------------------------------------


def page(title: str, text: str) -> bytes:
    return (
        f"<!DOCTYPE html><html lang='nl'><head><title>{title}</title></head>"
        f"<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>"
    ).encode()


PAGES = {
    "regiekaart/index.html": ("k-regiekaart", page("Universele regiekaart", "casusregie en procesregie")),
    gemeente_url("breda"): ("k-breda", page("Breda", "sociaal wijkteam Breda")),
}


def source(pages: dict[str, tuple[str, bytes]], asked: list[str] | None = None) -> dict[str, tuple[str, Callable[[], bytes]]]:
    def text(path: str, html: bytes) -> Callable[[], bytes]:
        def get() -> bytes:
            if asked is not None:
                asked.append(path)
            return html

        return get

    return {path: (key, text(path, html)) for path, (key, html) in pages.items()}


def run(tmp_path: Path, pages: dict[str, tuple[str, bytes]], previous: Path | None = None, keys: dict[str, str] | None = None, asked: list[str] | None = None) -> tuple[SearchIndex, dict[str, bytes], list]:  # noqa: ANN401
    """Index ``pages``; (the index, its files as bytes, the problems)."""
    zoek = SearchIndex(tmp_path / "werk", previous, keys or {})
    try:
        zoek.start(source(pages, asked), 1)
        problems = zoek.finish()
        files = {path: file.read_bytes() if isinstance(file, Path) else file for path, file in zoek.files.items()}
    finally:
        zoek.stop()
    return zoek, files, problems


def put(site: Path, files: dict[str, bytes]) -> Path:
    for path, data in files.items():
        write(site / path, data)
    return site


def test_a_tiny_index(tmp_path: Path) -> None:
    zoek, files, problems = run(tmp_path, PAGES)
    assert problems == []
    bundel = zoekbundel(gemeente_url("breda"), 1)
    assert sorted(zoek.keys) == sorted(zoek.made) == sorted(["algemeen", bundel])
    assert zoek.keys["algemeen"] == index_key({"regiekaart/index.html": "k-regiekaart"})
    for name in ("algemeen", bundel):
        entry = json.loads(files[f"{ZOEKINDEX}/{name}/pagefind-entry.json"])
        assert entry["languages"]["nl"]["page_count"] == 1
    assert all(path.startswith(f"{ZOEKINDEX}/") for path in files)
    assert not [p for p in files if Path(p).name.startswith(UNUSED)]  # the site has its own search interface
    # the text of the page is in its bundle's fragments, and only there
    fragments = {p: d for p, d in files.items() if "/fragment/" in p}
    assert fragments and all(p.startswith((f"{ZOEKINDEX}/algemeen/", f"{ZOEKINDEX}/{bundel}/")) for p in fragments)


def test_an_unchanged_bundle_is_taken_over_without_reading_its_pages(tmp_path: Path) -> None:
    first, files, _ = run(tmp_path / "een", PAGES)
    site = put(tmp_path / "site", files)
    changed = {**PAGES, gemeente_url("breda"): ("k-breda-2", page("Breda", "ander wijkteam"))}
    asked: list[str] = []
    second, files2, problems = run(tmp_path / "twee", changed, site, first.keys, asked)
    assert problems == []
    bundel = zoekbundel(gemeente_url("breda"), 1)
    assert second.made == [bundel] and asked == [gemeente_url("breda")]  # the universal card was not even rendered
    assert second.keys["algemeen"] == first.keys["algemeen"] and second.keys[bundel] != first.keys[bundel]
    taken = {p: f for p, f in second.files.items() if p.startswith(f"{ZOEKINDEX}/algemeen/")}
    assert taken and all(f == site / p for p, f in taken.items())  # the previous site's own files
    assert {p: d for p, d in files2.items() if p.startswith(f"{ZOEKINDEX}/algemeen/")} == {p: d for p, d in files.items() if p.startswith(f"{ZOEKINDEX}/algemeen/")}


def test_a_bundle_missing_from_the_previous_site_is_made_again(tmp_path: Path) -> None:
    first, _, _ = run(tmp_path / "een", PAGES)
    empty = (tmp_path / "leeg").resolve()
    empty.mkdir()
    second, files, problems = run(tmp_path / "twee", PAGES, empty, first.keys)
    assert problems == [] and sorted(second.made) == sorted(first.keys)
    assert f"{ZOEKINDEX}/algemeen/pagefind-entry.json" in files


def test_without_pagefind_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "executable", lambda: None)
    zoek, files, problems = run(tmp_path, PAGES)
    assert files == {} and problems and all("Pagefind" in p.message and "niet geïnstalleerd" in p.message for p in problems)
    assert problems[0].pos.path == ZOEKINDEX


def test_a_failing_pagefind_is_a_problem_with_its_last_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = write(tmp_path / "pagefind", f"#!{sys.executable}\nimport sys\nprint('eerste regel')\nprint('Error: kapot')\nsys.exit(3)\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: str(fake))
    _, files, problems = run(tmp_path, {"regiekaart/index.html": PAGES["regiekaart/index.html"]})
    assert files == {} and len(problems) == 1
    assert problems[0].pos.path == f"{ZOEKINDEX}/algemeen" and "Pagefind kon de zoekindex niet maken: Error: kapot." in problems[0].message


def test_stop_ends_pagefind_and_removes_the_scratch_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = write(tmp_path / "pagefind", f"#!{sys.executable}\nimport time\ntime.sleep(60)\n")
    slow.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: str(slow))
    zoek = SearchIndex(tmp_path / "werk", None, {})
    zoek.start(source(PAGES), 1)
    processes = [p for p, _ in zoek._running.values()]
    folders = [zoek._run, zoek._out]
    assert processes and all(p.poll() is None for p in processes) and all(f.is_dir() for f in folders)
    zoek.stop()
    assert all(p.returncode is not None for p in processes)
    assert not any(f.exists() for f in folders)


# --- scratch folders -------------------------------------------------------------------------------


def test_scratch_falls_back_to_the_work_folder_and_names_its_owner(tmp_path: Path) -> None:
    not_a_folder = write(tmp_path / "geen-map", "x")
    zoek = SearchIndex(tmp_path / "werk", None, {})
    folder = zoek._scratch(not_a_folder)
    assert folder.parent == tmp_path / "werk" and folder.name.startswith(SCRATCH)
    owner = (folder / OWNER).read_text(encoding="ascii")
    assert owner.split()[0] == str(os.getpid())
    assert search._alive(owner)


def test_scratch_folders_are_removed_only_when_marked_and_abandoned(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mine = search._owner(os.getpid())
    folders = {
        "verlaten": f"{dead.pid}\n",
        "levend": mine,
        "hergebruikt": f"{os.getpid()} 1\n",  # this pid, but another start time: another process
        "onleesbaar": "geen pid\n",
    }
    for name, owner in folders.items():
        write(tmp_path / f"{SCRATCH}{name}" / OWNER, owner)
        write(tmp_path / f"{SCRATCH}{name}" / "a/index.html", "x")
    write(tmp_path / f"{SCRATCH}zonder-merk/bestand.txt", "iemands eigen bestand")
    write(tmp_path / "andere-map" / OWNER, f"{dead.pid}\n")  # not one of ours by its name
    remove_abandoned(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["andere-map", f"{SCRATCH}levend", f"{SCRATCH}zonder-merk"])
    assert (tmp_path / f"{SCRATCH}zonder-merk/bestand.txt").read_text() == "iemands eigen bestand"
