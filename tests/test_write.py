"""The write stage: the site is put in place all at once, unchanged files keep their inode,
and nothing that regiekaart did not make is ever replaced or removed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.problems import error, Pos
from generator.write import MARKER, write_site

from .conftest import write


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def scratch(out: Path) -> list[Path]:
    """The folders beside the site that a build works in."""
    return [p for p in (out.parent / f".{out.name}.nieuw", out.parent / f".{out.name}.oud") if p.exists() or p.is_symlink()]


FILES = {"index.html": b"<p>start</p>", "gemeenten/breda/index.html": b"<p>Breda</p>", "gemeenten/breda/opschaalwijzer.html": b"<p>wijzer</p>"}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "build" / "site"


def test_a_first_site(out: Path, tmp_path: Path) -> None:
    assets = write(tmp_path / "assets/css/site.css", "body{}").parent.parent
    pdf = write(tmp_path / "cache/abc.1.pdf", b"%PDF-1.7 proef")
    written = write_site(out, {**FILES, "handreiking.pdf": pdf}, assets, manifest="het manifest\n")
    assert written.problems == []
    assert tree(out) == {**FILES, "handreiking.pdf": b"%PDF-1.7 proef", "assets/css/site.css": b"body{}", MARKER: b"het manifest\n"}
    assert sorted(written.changed) == sorted([*FILES, "handreiking.pdf", "assets/css/site.css"]) and written.kept == 0
    assert not os.path.samefile(out / "handreiking.pdf", pdf)  # a file from the cache is copied: an edit in the site never reaches the cache
    assert written.records["handreiking.pdf"][2] == hashlib.sha256(b"%PDF-1.7 proef").hexdigest()  # what the manifest keeps of each file
    assert set(written.records) == {*FILES, "handreiking.pdf", "assets/css/site.css"}
    assert scratch(out) == []


def test_the_manifest_is_asked_for_last_and_a_default_marker_otherwise(out: Path) -> None:
    order = []

    def late():  # noqa: ANN202
        order.append("late")
        return {"pagefind/x.js": b"index"}, []

    def manifest(records: dict) -> str:  # the records of every file written, the index's too
        order.append("manifest")
        assert "pagefind/x.js" in records and "index.html" in records
        return "na de zoekindex\n"

    assert write_site(out, FILES, None, manifest, late).problems == []
    assert order == ["late", "manifest"]
    assert (out / "pagefind/x.js").read_bytes() == b"index" and (out / MARKER).read_text() == "na de zoekindex\n"
    assert write_site(out, FILES, None).problems == []
    assert (out / MARKER).read_text(encoding="utf-8").startswith("Gebouwd door regiekaart")
    assert not (out / "pagefind").exists()  # the new site is exactly what was given


def test_unchanged_files_keep_their_inode(out: Path, tmp_path: Path) -> None:
    assert write_site(out, FILES, None).problems == []
    before = inodes(out)
    changed = {**FILES, "index.html": b"<p>nieuwe start</p>"}
    del changed["gemeenten/breda/opschaalwijzer.html"]
    written = write_site(out, {**changed, "nieuw.html": b"nieuw"}, None)
    assert written.problems == [] and sorted(written.changed) == ["index.html", "nieuw.html"] and written.kept == 1
    after = inodes(out)
    assert after["gemeenten/breda/index.html"] == before["gemeenten/breda/index.html"]
    assert after["index.html"] != before["index.html"]
    assert "gemeenten/breda/opschaalwijzer.html" not in after  # gone from the site as from the input
    assert (out / "index.html").read_bytes() == b"<p>nieuwe start</p>"


def test_a_file_given_as_a_path_with_the_same_bytes_keeps_the_previous_inode(out: Path, tmp_path: Path) -> None:
    first = write(tmp_path / "cache/a.pdf", b"%PDF zelfde")
    assert write_site(out, {"a.pdf": first}, None).problems == []
    before = (out / "a.pdf").stat().st_ino
    again = write(tmp_path / "cache/b.pdf", b"%PDF zelfde")  # another file, the same bytes
    written = write_site(out, {"a.pdf": again}, None)
    assert written.changed == [] and written.kept == 1 and (out / "a.pdf").stat().st_ino == before
    other = write(tmp_path / "cache/c.pdf", b"%PDF anders")
    written = write_site(out, {"a.pdf": other}, None)
    assert written.changed == ["a.pdf"] and (out / "a.pdf").read_bytes() == b"%PDF anders" and not os.path.samefile(out / "a.pdf", other)


def test_many_files_are_placed_across_threads_the_same(out: Path) -> None:
    files = {f"gemeenten/g{i:03}/index.html": f"<p>{i}</p>".encode() for i in range(150)}
    assert write_site(out, files, None).problems == []
    assert {k: v for k, v in tree(out).items() if k != MARKER} == files
    files["gemeenten/g007/index.html"] = b"anders"
    written = write_site(out, files, None)
    assert written.changed == ["gemeenten/g007/index.html"] and written.kept == 149


def test_a_failing_late_step_leaves_the_previous_site_untouched(out: Path) -> None:
    assert write_site(out, FILES, None, "eerste\n").problems == []
    before, ino = tree(out), inodes(out)
    problem = error(Pos("pagefind/algemeen"), "Pagefind kon de zoekindex niet maken.")
    written = write_site(out, {"index.html": b"anders"}, None, "tweede\n", late=lambda: ({}, [problem]))
    assert written.problems == [problem]
    assert tree(out) == before and inodes(out) == ino
    assert scratch(out) == []


def test_a_failing_late_step_leaves_nothing_when_there_was_no_site(out: Path) -> None:
    written = write_site(out, FILES, None, late=lambda: ({}, [error(Pos("x"), "mis")]))
    assert written.problems and not out.exists() and scratch(out) == []


def test_an_error_while_writing_keeps_the_previous_site(out: Path) -> None:
    assert write_site(out, FILES, None).problems == []
    before = tree(out)
    # 'a' must be a file and a folder at once: writing the file fails
    written = write_site(out, {"a": b"bestand", "a/b.html": b"in de map"}, None)
    assert len(written.problems) == 1 and "kan de site niet schrijven" in written.problems[0].message
    assert written.problems[0].pos.path == str(out)
    assert tree(out) == before and scratch(out) == []


def test_a_folder_that_is_not_a_site_is_refused(out: Path) -> None:
    own = write(out / "notities.txt", "van iemand anders")
    written = write_site(out, FILES, None)
    assert len(written.problems) == 1 and "geen eerder gebouwde regiekaart-site" in written.problems[0].message
    assert own.read_text() == "van iemand anders" and sorted(p.name for p in out.iterdir()) == ["notities.txt"]
    assert scratch(out) == []


def test_a_file_where_the_site_should_be_is_refused(out: Path) -> None:
    write(out, "een bestand")
    assert write_site(out, FILES, None).problems and out.read_text() == "een bestand"


def test_an_empty_folder_is_taken(out: Path) -> None:
    out.mkdir(parents=True)
    assert write_site(out, FILES, None).problems == [] and (out / "index.html").is_file()


def test_a_scratch_folder_left_by_a_stopped_build_is_removed(out: Path) -> None:
    assert write_site(out, FILES, None).problems == []
    for name in (".site.nieuw", ".site.oud"):
        write(out.parent / name / MARKER, "Wordt gebouwd door regiekaart")
        write(out.parent / name / "index.html", "half")
    assert write_site(out, FILES, None).problems == []
    assert scratch(out) == [] and tree(out)["index.html"] == FILES["index.html"]


@pytest.mark.parametrize("name", [".site.nieuw", ".site.oud"])
def test_a_folder_beside_the_site_without_the_marker_is_never_removed(out: Path, name: str) -> None:
    assert write_site(out, FILES, None).problems == []
    before = tree(out)
    own = write(out.parent / name / "werk.txt", "iemands eigen werk")
    written = write_site(out, {"index.html": b"anders"}, None)
    assert len(written.problems) == 1 and name in written.problems[0].message
    assert own.read_text() == "iemands eigen werk" and tree(out) == before


def test_a_symbolic_link_beside_the_site_is_refused(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "elders"
    write(target / MARKER, "lijkt van ons")
    out.parent.mkdir(parents=True)
    (out.parent / ".site.nieuw").symlink_to(target)
    written = write_site(out, FILES, None)
    assert written.problems and (target / MARKER).is_file() and not out.exists()
