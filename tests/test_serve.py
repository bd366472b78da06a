"""`regiekaart serve`: a real server on a free port, a real browser-less client."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest
from tornado.websocket import websocket_connect

from generator.serve import Wachter

TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


class Served:
    def __init__(self, project: Path, port: int, log: Path) -> None:
        self.project, self.base, self.log = project, f"http://127.0.0.1:{port}/", log

    def get(self, path: str = "") -> tuple[int, str]:
        return fetch(self.base + path)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


@contextlib.contextmanager
def serving(project: Path, tmp_path: Path) -> Iterator[Served]:
    """`regiekaart serve --no-pdf` of ``project`` on a free port, once its first page is up."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--project", str(project), "--port", str(port), "--no-pdf"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            server = Served(project, port, log)
            wait_for("the first page", lambda: server.get()[0] == 200)
            yield server
        finally:
            proc.terminate()
            proc.wait(timeout=10)


class Reloads:
    """What livereload tells a browser that has a page of the site open: the messages
    on its websocket, collected by a thread, from when the browser is connected."""

    HELLO = json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})

    def __init__(self, served: Served) -> None:
        self.url = served.base.replace("http://", "ws://") + "livereload"
        self.messages: list[dict] = []
        self.connected = threading.Event()
        threading.Thread(target=asyncio.run, args=(self._listen(served.base),), daemon=True).start()
        assert self.connected.wait(TIMEOUT), "livereload's websocket did not answer"

    async def _listen(self, page: str) -> None:
        connection = await websocket_connect(self.url)
        await connection.write_message(self.HELLO)
        await connection.read_message()
        await connection.write_message(json.dumps({"command": "info", "url": page, "plugins": {}}))
        # a second hello: its answer comes after the server took in the info, so the
        # browser is among those it reloads
        await connection.write_message(self.HELLO)
        await connection.read_message()
        self.connected.set()
        while (message := await connection.read_message()) is not None:
            message = json.loads(message)
            if message.get("path") != "__livereload__":  # what livereload sends once when it starts: reload, for a page open before
                self.messages.append(message)

    def wait(self, n: int) -> list[tuple[str, str]]:
        """The first ``n`` messages, as (command, file), once there are ``n``."""
        wait_for(f"{n} reloads", lambda: len(self.messages) >= n)
        return [(m["command"], m["path"]) for m in self.messages]


@pytest.fixture
def served(project: Path, tmp_path: Path) -> Iterator[Served]:
    with serving(project, tmp_path) as server:
        yield server


PAGE = "gemeenten/breda/index.html"


def test_serves_rebuilds_and_survives_broken_yaml(served: Served) -> None:
    status, home = served.get()
    assert status == 200 and "Regiekaarten" in home
    assert "livereload.js" in home  # the browser is told to reload after a change
    status, page = served.get(PAGE)
    assert status == 200 and "Crisisdienst GGZ Breburg" in page

    # a change to a gemeente appears without restarting anything
    yaml_file = served.project / "gemeenten/breda.yaml"
    good = yaml_file.read_text(encoding="utf-8")
    changed = good.replace("Crisisdienst GGZ Breburg", "Crisisdienst GGZ Breburg-Zuid", 1)
    assert changed != good
    reloads = Reloads(served)  # a browser with a page open
    yaml_file.write_text(changed, encoding="utf-8")
    wait_for("the rebuilt page", lambda: "Crisisdienst GGZ Breburg-Zuid" in served.get(PAGE)[1])
    assert reloads.wait(1) == [("reload", str(yaml_file))]
    # only Breda's own pages and the pages that list it: home, its region (no PDF here: --no-pdf)
    assert re.search(r"Bijgewerkt in \d+,\d s: [1-4] pagina('s)? en de zoekindex\.", served.output()), served.output()

    # broken YAML: every page becomes the error page, with file, line and text
    yaml_file.write_text(changed.replace("fasen:\n", "fasen:\n   - [kapot\n", 1), encoding="utf-8")
    wait_for("the error page", lambda: served.get(PAGE)[0] == 500)
    reloads.wait(2)  # the open page becomes the error page
    status, error = served.get(PAGE)
    assert "Bouwen mislukt" in error and "<h2>gemeenten/breda.yaml</h2>" in error and "regel " in error
    assert served.get()[0] == 500  # every page, not only Breda's
    assert re.search(r"\d+ fout(en, de eerste)? in gemeenten/breda\.yaml:\d+:\d+ — zie http://127\.0\.0\.1:\d+/\n", served.output()), served.output()
    # the last good site is still there, assets included
    assert served.get("assets/css/site.css")[0] == 200
    status, last = served.get(PAGE + "?laatste-versie")
    assert status == 200 and "Crisisdienst GGZ Breburg-Zuid" in last and 'class="rk-laatste-versie"' in last

    # fixed at once (within livereload's own 3 s between two reloads): the site comes
    # back, and so does the open page
    yaml_file.write_text(good, encoding="utf-8")
    wait_for("the site to come back", lambda: served.get(PAGE)[0] == 200)
    assert reloads.wait(3) == [("reload", str(yaml_file))] * 3
    status, page = served.get(PAGE)
    assert "Crisisdienst GGZ Breburg-Zuid" not in page and "Crisisdienst GGZ Breburg" in page


def _replace(file: Path, *edits: tuple[str, str]) -> None:
    """An edit as an editor saves it: the new content at once (a file ending in .tmp,
    which the watcher ignores, renamed over the old), so it makes exactly one build."""
    text = file.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    temp = file.with_name(file.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, file)


def _lines(served: Served, n: int) -> list[str]:
    """The terminal's lines, once there are ``n``; times, seconds and the port made constant."""
    wait_for(f"{n} lines on the terminal", lambda: len(served.output().splitlines()) >= n)
    text = re.sub(r"^\[\d\d:\d\d:\d\d\] ", "[tijd] ", served.output(), flags=re.M)
    text = re.sub(r"\b\d+,\d s\b", "N s", text).replace(served.base, "http://127.0.0.1:POORT/")
    return text.splitlines()


def test_the_terminal_says_one_line_per_build(served: Served, shipped) -> None:  # noqa: ANN001
    """Issue 15: the terminal repeated every warning on every save, between English log
    lines of livereload. Now: one Dutch line per build; a warning once, when it is new."""
    from generator.products import plan_pages

    etten_leur = served.project / "gemeenten/etten-leur.yaml"
    regel = etten_leur.read_text(encoding="utf-8").split("\n").index("      2: [casusregie]") + 1  # where the mistake goes
    start = [
        f"[tijd] Gebouwd in N s: {len(plan_pages(shipped.project))} pagina's. 20 waarschuwingen; 'regiekaart check' toont ze.",
        "[tijd] De site staat op http://127.0.0.1:POORT/ en wordt na elke wijziging in content, gemeenten, templates, assets opnieuw gebouwd. Stoppen: Ctrl+C.",
    ]
    assert _lines(served, 2) == start
    # a change to a gemeente's text
    _replace(served.project / "gemeenten/breda.yaml", ("Crisisdienst GGZ Breburg", "Crisisdienst GGZ Breburg-Zuid"))
    bijgewerkt = "[tijd] Bijgewerkt in N s: 2 pagina's en de zoekindex."  # its card and its invulformulier
    assert _lines(served, 3) == [*start, bijgewerkt]
    # a mistake: where it is, and where to look
    _replace(etten_leur, ("      2: [casusregie]", "      2: [casusregi]"))
    fout = f"[tijd] 1 fout in gemeenten/etten-leur.yaml:{regel}:11 — zie http://127.0.0.1:POORT/"
    assert _lines(served, 4) == [*start, bijgewerkt, fout]
    # fixed, with something new to warn about: that warning once, under the line
    _replace(etten_leur, ("      2: [casusregi]", "      2: [casusregie]"), ("status: voorbeeld\n", "status: voorbeeld\nvastgesteld: 2026-01-01\n"))
    hersteld = [
        # hers, her regio's list and her invulformulier; the search index reads neither the date nor that list, so it stays as it was
        "[tijd] Weer in orde. Bijgewerkt in N s: 3 pagina's. 1 nieuwe waarschuwing:",
        "  gemeenten/etten-leur.yaml:4:9: waarschuwing: er staat een datum bij 'vastgesteld', maar de status is 'voorbeeld'; zet 'status: vastgesteld' of haal de datum weg.",
    ]
    assert _lines(served, 6) == [*start, bijgewerkt, fout, *hersteld]
    # saved again, the same: no new line about that warning
    _replace(etten_leur)
    assert _lines(served, 7) == [*start, bijgewerkt, fout, *hersteld, "[tijd] Gebouwd in N s: de site bleef gelijk."]
    # and another mistake, with more errors: how many, and the first
    _replace(etten_leur, ("      2: [casusregie]", "      2: [casusregi]"), ("      3: [casusregie]", "      3: [casusregi]"))
    meer = f"[tijd] 2 fouten, de eerste in gemeenten/etten-leur.yaml:{regel + 1}:11 — zie http://127.0.0.1:POORT/"  # one line lower: 'vastgesteld' was added above
    assert _lines(served, 8)[-1] == meer
    time.sleep(4 * Wachter.POLL_MS / 1000)  # nothing else comes
    assert len(_lines(served, 8)) == 8


def test_the_pages_policy_lets_only_livereloads_own_script_in(served: Served) -> None:
    """The page forbids inline scripts; the one livereload adds is allowed by its hash."""
    status, page = served.get(PAGE)
    assert status == 200
    inline = re.findall(r"<script[^>]*>(.+?)</script>", page, re.S)
    assert len(inline) == 1 and "livereload.js" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode("utf-8")).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert f"script-src &#39;self&#39; &#39;sha256-{digest}&#39;" in policy
    assert "unsafe-inline" not in policy
    # the built file itself keeps the strict policy
    built = (served.project / "build/site" / PAGE).read_text(encoding="utf-8")
    assert "sha256-" not in built and "livereload" not in built


def test_serve_help_is_dutch(cli) -> None:
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "Bekijk de site terwijl u werkt" in result.output and "--port" in result.output and "Usage" not in result.output


def test_error_page_groups_her_errors_by_file_with_their_lines(tmp_path: Path) -> None:
    """The page itself, without a server: errors first, under a heading per file, each
    with its line and the column marked; two errors at one place share the line; the
    warnings are folded below; a problem about a whole file shows no line."""
    from generator.problems import Pos, error, warning
    from generator.rapport import bronregel, ordered
    from generator.serve import Stand, error_page

    write = lambda name, text: (tmp_path / name).write_text(text, encoding="utf-8")  # noqa: E731
    write("a.yaml", "naam: A\nherzien_voor: 2027-13-01\n")
    write("b.yaml", "naam: B\n")
    problems = [
        warning(Pos("b.yaml", 1, 7), "een waarschuwing over B"),
        error(Pos("a.yaml", 2, 15), "hier hoort een datum", "RK203"),
        error(Pos("a.yaml", 2, 15), "geen geldige datum", "RK204"),
        error(Pos("c.yaml", 1, 1), "kan niet worden gelezen", "RK101"),
    ]
    stand = Stand(problems=ordered(problems), failed=True)
    stand.snippets = {p: bronregel(tmp_path, p) for p in stand.problems}
    page = error_page(stand)
    assert "<h1>Bouwen mislukt: 3 fouten in 2 bestanden</h1>" in page
    assert page.index("<h2>a.yaml</h2>") < page.index("<h2>c.yaml</h2>") < page.index("<details") < page.index("<h2>b.yaml</h2>")
    # the line once, under the second error at that place, with the column marked
    assert page.count("herzien_voor: 2027-13-01") == 0 and page.count("<mark>2</mark>027-13-01") == 1
    assert max(page.index("geen geldige datum"), page.index("hier hoort een datum")) < page.index("<mark>2</mark>") < page.index("<h2>c.yaml</h2>")
    assert "het hele bestand" in page and '<span class="melding__code">RK101</span>' in page
    assert "<summary>1 waarschuwing" in page and 'href="?laatste-versie"' in page
    # no version of the site that worked yet: no link to one
    assert "Er is nog geen versie van de site die wel lukte." in error_page(stand, None)


def test_the_banner_goes_into_the_page_without_touching_its_policy() -> None:
    from generator.serve import BANNER_CSS, Stand, with_banner

    page = b'<html><head><meta http-equiv="Content-Security-Policy" content="style-src &#39;self&#39;"></head><body class="x"><p>oud</p></body></html>'
    stand = Stand(failed=True)
    out = with_banner(page, stand, time.time()).decode()
    assert f'<link rel="stylesheet" href="/{BANNER_CSS}"></head>' in out
    assert out.index('<body class="x"><div class="rk-laatste-versie"') < out.index("<p>oud</p>")
    assert 'content="style-src &#39;self&#39;"' in out and "style=" not in out and "<script" not in out
    assert re.search(r"gebouwd vandaag om \d\d:\d\d\.", out) and 'href="?meldingen"' in out


# `serve` in a process of its own with a rebuild that is slow and busy in Python (holding
# the interpreter, as rendering pages does): the real server and watcher, the real build
# before and after the slow part.
SLOW_SERVE = """
import sys, time
from pathlib import Path
from generator.build import BuildSettings, run_build
from generator.serve import serve
project, port, seconds = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
settings = BuildSettings(project, project / "build/site", pdf=False, overflow=True)
calls = []
def build():
    calls.append(1)
    if len(calls) > 1:
        (project / "bouwt").write_text("ja")
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            sum(range(1000))
    outcome = run_build(settings, None)
    (project / "bouwt").unlink(missing_ok=True)
    return outcome
serve(project, project / "build/site", build, lambda text: print(text, flush=True), "127.0.0.1", port, False)
"""


def test_serve_answers_from_the_last_good_site_while_it_rebuilds(tmp_path: Path) -> None:
    from .conftest import small_project

    project = small_project(tmp_path / "project")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SERVE, str(project), str(port), "0.8"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for("the first page", lambda: fetch(base)[0] == 200)
        breda = project / "gemeenten/breda.yaml"
        breda.write_text(breda.read_text(encoding="utf-8").replace('versie: "0.2"', 'versie: "0.3"'), encoding="utf-8")
        wait_for("the rebuild to start", lambda: (project / "bouwt").is_file())
        times = []
        for path in ["", "gemeenten/breda/", "handreiking/", "assets/css/site.css", "zoeken/"] * 4:
            start = time.monotonic()
            status, _ = fetch(base + path)
            times.append(time.monotonic() - start)
            assert status == 200, path
        assert (project / "bouwt").is_file(), "the rebuild ended before the requests: they say nothing"
        assert len(times) == 20 and max(times) < 1.5, times  # was the whole rebuild; on this machine some 0.05 s
        wait_for("the rebuild", lambda: not (project / "bouwt").exists() and "0.3" in fetch(base + "gemeenten/breda/")[1])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
