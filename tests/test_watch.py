"""`serve` sees every change a build would see, whatever the files' times; and a bad
request is a 4xx, never a 500. A real server on a small project, without PDFs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import MINIMAL_GEMEENTE, small_project, write
from .test_serve import Served, fetch, free_port
from .test_workers import command, wait_for

OLD = 946_684_800  # 2000-01-01: long before the server started
MARK = "eigen-sjabloon-van-dit-project"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = small_project(tmp_path / "project")
    base = project / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", f"<!-- {MARK} --></body>", 1), encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command("serve", "--port", port, "--no-pdf"), cwd=project, stdout=out, stderr=subprocess.STDOUT)
        try:
            server = Served(project, port, log)
            wait_for("the first page", lambda: _get(server, "")[0] == 200)
            yield server
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _get(server: Served, path: str) -> tuple[int, str]:
    try:
        return server.get(path)
    except OSError:  # not listening yet
        return 0, ""


def _older(path: Path) -> Path:
    os.utime(path, (OLD, OLD))
    return path


def test_serve_rebuilds_after_every_kind_of_change(served: Served, tmp_path: Path) -> None:
    """Issue 13, defect 3: the watcher went by modification time. A file copied in with
    `cp -p` (an older time), or templates/ moved away and back, never started a build."""
    project = served.project
    page = "gemeenten/{}/index.html"
    assert MARK in _get(served, "")[1]

    # created
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE)
    wait_for("a created file", lambda: _get(served, page.format("proefstad"))[0] == 200, timeout=20)

    # copied in with its old time (cp -p)
    source = _older(write(tmp_path / "elders/oudstad.yaml", MINIMAL_GEMEENTE.replace("Proefstad", "Oudstad")))
    shutil.copy2(source, project / "gemeenten/oudstad.yaml")
    assert (project / "gemeenten/oudstad.yaml").stat().st_mtime == OLD
    wait_for("a file copied in with cp -p", lambda: _get(served, page.format("oudstad"))[0] == 200, timeout=20)

    # moved in, with its old time
    source = _older(write(tmp_path / "elders/verhuisd.yaml", MINIMAL_GEMEENTE.replace("Proefstad", "Verhuisd")))
    source.rename(project / "gemeenten/verhuisd.yaml")
    wait_for("a file moved in", lambda: _get(served, page.format("verhuisd"))[0] == 200, timeout=20)

    # templates/ moved out: the shipped templates take over
    (project / "templates").rename(tmp_path / "templates-weg")
    wait_for("templates/ moved out", lambda: MARK not in _get(served, "")[1] and _get(served, "")[0] == 200, timeout=20)

    # and moved back: its files are as old as before
    (tmp_path / "templates-weg").rename(project / "templates")
    wait_for("templates/ moved back", lambda: MARK in _get(served, "")[1], timeout=20)


def test_a_nul_byte_or_an_impossible_name_is_no_server_error(served: Served) -> None:
    """Issue 13, defect 11: a NUL byte in the request path (GET /%00) gave HTTP 500."""
    for path in ("%00", "a%00b/", "gemeenten/%00/index.html", "x%00.css", "a" * 5000, "b" * 300 + "/"):
        status, _ = fetch(served.base + path)
        assert status in (400, 404), (path, status)
    assert _get(served, "")[0] == 200  # and the server is still there


def test_watcher_compares_the_content_of_recent_files(tmp_path: Path) -> None:
    """Issue 13, defect 3: two edits of one file within one tick of the file system's
    clock, of the same size, leave the same times: the content of a file changed in the
    last seconds counts too."""
    from generator.serve import Wachter

    folder = tmp_path / "content"
    file = write(folder / "a.md", "eerste")
    builds: list[str] = []
    wachter = Wachter([folder, tmp_path / "ontbreekt"], lambda: builds.append("bouw"))
    assert wachter.examine() == (None, None) and not builds
    file.write_text("tweede", encoding="utf-8")
    wachter.files, _ = wachter.scan()  # as if its size and times had stayed the same
    assert wachter.examine() == (str(file), None) and builds == ["bouw"]
    assert wachter.examine() == (None, None) and builds == ["bouw"]
