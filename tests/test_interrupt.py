"""Ctrl+C that Python loses on its way (interrupt.py): the build stops before it writes,
`serve` stops at its next tick. Under load, one Ctrl+C in some forty reached `serve`
while a finished subprocess was being collected; Python printed "Exception ignored in:
<function Popen.__del__>" with the KeyboardInterrupt, and `serve` kept running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import interrupt
from generator.cli import main
from generator.search import SearchIndex

from .conftest import ROOT, small_project, write
from .test_serve import free_port

LOST_AFTER = 30.0  # seconds: how long serve may take to start and stop before the test stops it


class Lost:
    """Lets ``lose_an_interrupt`` see that Python did lose it."""

    def __init__(self) -> None:
        self.seen: list[BaseException] = []

    def hook(self, unraisable: sys.UnraisableHookArgs) -> None:
        self.seen.append(unraisable.exc_value)


@pytest.fixture
def lost(monkeypatch: pytest.MonkeyPatch) -> Lost:
    seen = Lost()
    monkeypatch.setattr(sys, "unraisablehook", seen.hook)
    return seen


def lose_an_interrupt() -> None:
    """Ctrl+C as Python loses it: the signal arrives while an object is being collected,
    so the KeyboardInterrupt is raised inside its __del__, where Python only reports it."""

    class Collected:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0)  # the handler runs here, at the next instruction

    Collected()


def test_a_lost_interrupt_is_still_noted(lost: Lost) -> None:
    with interrupt.handled():
        lose_an_interrupt()
        assert [type(e) for e in lost.seen] == [KeyboardInterrupt]  # Python did lose it
        with pytest.raises(KeyboardInterrupt):
            interrupt.check()
    interrupt.check()  # forgotten once the command is over
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_build_that_lost_its_interrupt_writes_nothing(tmp_path: Path, lost: Lost, monkeypatch: pytest.MonkeyPatch) -> None:
    project = small_project(tmp_path / "project")
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--project", str(project), "--no-pdf", "-q"], catch_exceptions=False).exit_code == 0
    site = project / "build" / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    gemeente = project / "gemeenten/breda.yaml"
    write(gemeente, gemeente.read_text(encoding="utf-8").replace("Crisisdienst GGZ Breburg", "Crisisdienst GGZ Breburg-Zuid", 1))
    start = SearchIndex.start

    def start_and_lose(self: SearchIndex, *args: object) -> None:
        lose_an_interrupt()  # Ctrl+C, in the middle of the build
        start(self, *args)

    monkeypatch.setattr(SearchIndex, "start", start_and_lose)
    result = runner.invoke(main, ["build", "--project", str(project), "--no-pdf"], catch_exceptions=False)
    assert [type(e) for e in lost.seen] == [KeyboardInterrupt]
    assert result.exit_code == 1 and "Afgebroken." in result.output, result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


# `serve` in a process of its own (an event loop of its own): every tick of its watcher is
# a line "tik" on stderr, and at the second Ctrl+C is lost.
SERVE = """
import sys
from generator.cli import run
from generator.serve import Wachter
from tests.test_interrupt import lose_an_interrupt

examine, ticks = Wachter.examine, []

def examine_and_lose(self):
    ticks.append(1)
    print("tik", file=sys.stderr, flush=True)
    if len(ticks) == 2:
        lose_an_interrupt()  # Ctrl+C, while the server waits
    return examine(self)

Wachter.examine = examine_and_lose
sys.argv[0] = "regiekaart"
run()
"""


def test_serve_that_lost_its_interrupt_stops_at_its_next_tick(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    proc = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--project", str(project), "--no-pdf", "--port", str(free_port())], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = proc.communicate(timeout=LOST_AFTER)[0]
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("serve went on after the lost Ctrl+C:\n" + proc.communicate()[0])
    assert "Exception ignored" in output and "KeyboardInterrupt" in output, output  # Python did lose it
    assert output.count("tik\n") == 2, output  # and serve stopped at the next tick
    assert proc.returncode == 0 and output.rstrip().endswith("Gestopt."), output


# `regiekaart build` in a process of its own, started as the script starts it, that loses a
# Ctrl+C at once: while it imports the rest of itself.
START = """
import sys
from generator import interrupt
from generator.__main__ import main
from tests.test_interrupt import lose_an_interrupt

install = interrupt.install

def install_and_lose():
    install()
    lose_an_interrupt()

interrupt.install = install_and_lose
sys.argv[0] = "regiekaart"
main()
"""


def test_a_build_that_lost_its_interrupt_while_it_started_writes_nothing(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", START, "build", "--project", str(project), "--no-pdf"], cwd=ROOT, capture_output=True, text=True, timeout=LOST_AFTER)
    assert "Exception ignored" in result.stderr and "KeyboardInterrupt" in result.stderr, result.stderr  # Python did lose it
    assert result.returncode == 1 and result.stderr.rstrip().endswith("Afgebroken."), result.stderr
    assert not (project / "build" / "site").exists()
