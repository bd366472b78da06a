"""One build at a time per project (generator/lock.py): a second `build`, `publish` or a
rebuild of `serve` waits for the one that runs, says so, and then goes on; a `build/`
where the lock cannot be made gives RK603, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.lock import project_lock

from .conftest import small_project, write


def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "generator", *(str(a) for a in args)]


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    with project_lock(project):  # the first build: here, this test holding the lock
        proc = subprocess.Popen(_command("build", "--project", project, "--no-pdf"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = proc.stderr.readline()  # after its quiet wait it says that it waits, and then waits
        assert "Wacht op de andere bouw van dit project" in said
        time.sleep(0.3)
        assert proc.poll() is None and not (project / "build/site").exists()  # nothing written while it waits
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert (project / "build/site/index.html").is_file() and (project / "build/site/.regiekaart-site").is_file()


def test_the_lock_goes_with_the_process_that_held_it(tmp_path: Path, cli) -> None:  # noqa: ANN001
    """A build killed while it holds the lock (kill -9) leaves no lock behind."""
    project = small_project(tmp_path / "project")
    holder = subprocess.Popen([sys.executable, "-c", f"from pathlib import Path; from generator.lock import project_lock\nwith project_lock(Path({str(project)!r})):\n    print('vast', flush=True)\n    import time; time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "vast"
        holder.kill()
        holder.wait(timeout=10)
        result = cli("build", "--project", project, "--no-pdf", "-q")
        assert result.exit_code == 0 and "Wacht" not in result.output
    finally:
        holder.kill()


def test_a_build_folder_that_cannot_hold_the_lock_is_rk603(tmp_path: Path, cli) -> None:  # noqa: ANN001
    project = small_project(tmp_path / "project")
    shutil.rmtree(project / "build", ignore_errors=True)
    write(project / "build", "geen map")  # as a read-only or full build/ would refuse the lock file
    for args in (("build", "--no-pdf"), ("publish",)):
        result = cli(*args, "--project", project)
        assert result.exit_code == 1, result.output
        assert "[RK603]" in result.output and "kan in deze map niet schrijven" in result.output and "Traceback" not in result.output
    result = cli("check", "--project", project)  # reads only: its cache of checked gemeenten just cannot be kept
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
