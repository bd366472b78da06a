"""PDF workers and scratch space belong to one build: a stylesheet edited during `serve`
is used at once, two projects in one process keep their own set-up, an image that
cannot be loaded is a message, and nothing outlives a command that is stopped or killed.

These tests run the real command line in subprocesses on a small project (one gemeente,
one short chapter each: conftest.small_project), so that every build makes only a few
small PDFs (SMALL_PDFS)."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.build import assets_dir, cache_dir, load_project
from generator.cache import Manifest
from generator.cli import main
from generator.pdf import Pool
from generator.search import SCRATCH
from generator.write import MARKER

from .conftest import SMALL_PDFS, harvest_pdf_cache, seed_pdf_cache, small_project, write

TIMEOUT = 60.0
WORKERS_GONE = 5.0  # what issue 13 allows a worker after its parent was stopped
SUMMARY = re.compile(r"^\[\d\d:\d\d:\d\d\] (?:Weer in orde\. )?(?:Gebouwd|Bijgewerkt) in ", re.M)  # serve's line after every build that worked


# The cheapest PDF of the small project: a test whose build must start the PDF workers
# (serve's first build) has the others from the cache and renders this one.
BLANK_CARD = "regiekaart/invulkaart.pdf"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> tuple[Path, dict[str, str]]:
    """The PDFs of a small project, made once for the module (those the session's cache
    has are taken from it): its PDF cache, and the cache key of each PDF (from the site's
    manifest)."""
    project = seed_pdf_cache(small_project(tmp_path_factory.mktemp("gemaakt") / "project"), pdf_cache)
    build(project, "-j", "2")
    harvest_pdf_cache(project, pdf_cache)
    entries = Manifest.read(project / "build" / "site" / MARKER).entries
    return cache_dir(project), {path: entry["html"] for path, entry in entries.items() if path.endswith(".pdf")}


def with_pdfs(project: Path, rendered: tuple[Path, dict[str, str]], but: tuple[str, ...] = ()) -> Path:
    """Give ``project`` (a small project) the module's PDFs in its cache, except those of
    ``but``: where rendering them all is not what a test is about, its builds render
    only what it changed, or only those."""
    cache, keys = rendered
    left_out = {keys[path] for path in but}
    folder = cache_dir(project)
    folder.mkdir(parents=True, exist_ok=True)
    for file in [*cache.glob("*.pdf"), *cache.glob("*.pdf.rk")]:  # each with the cache's record of it
        if file.name.split(".")[0] not in left_out:
            os.link(file, folder / file.name)
    return project


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "generator", *(str(a) for a in args)]


def run(project: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), cwd=project, capture_output=True, text=True, timeout=300)


def build(project: Path, *args: str | Path) -> None:
    """`regiekaart build` of ``project`` in this process, where the test only needs what it
    makes (a site to start from, one to compare with): the same command as in a process
    of its own, without starting Python and WeasyPrint again."""
    result = CliRunner().invoke(main, ["build", "--project", str(project), *(str(a) for a in args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


# A colour that an edited pdf.css gives all text; the shipped stylesheet has none like it.
EDITED = "#203040"


def in_colour(pdf: bytes, colour: str, which: Callable[[Iterable[bool]], bool] = all) -> bool:
    """Text of ``colour`` on all pages of ``pdf`` (or, with ``any``, on some): its fill
    operator, as WeasyPrint writes it, in the page's content stream. Cheaper than a
    second, clean build to compare with, and it names the stylesheet that was used."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    operator = re.compile(rb"(?<![\d.])%s %s %s rg" % tuple(re.escape(f"{v:.6g}".encode()) for v in (r, g, b)))
    return which(bool(operator.search(page.get_contents().get_data())) for page in PdfReader(io.BytesIO(pdf)).pages)


def pdfs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.pdf"))}


def files(site: Path, marker: bool = True) -> dict[str, bytes]:
    """The files of a site; without ``marker``, not its marker (the build's record, which
    holds the times of the files it wrote)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and (marker or p.name != MARKER)}


def wait_for(what: str, condition: Callable[[], bool], timeout: float = TIMEOUT, step: float = 0.05, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    pytest.fail(f"timed out waiting for {what}" + (f"; the log:\n{log.read_text(encoding='utf-8')}" if log is not None else ""))


# --- processes, from /proc ---------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # [state, ppid, ...]


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting for whoever adopted it."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def workers_of(pid: int) -> set[int]:
    """The running PDF workers of ``pid``: its children forked with its command line (not
    Pagefind, which the search index runs)."""
    own = _cmdline(pid)
    return {child for child in descendants(pid) if own and _cmdline(child) == own and running(child)}


@pytest.fixture
def reap() -> Iterator[set[int]]:
    """Pids a test started: whatever still runs of them at the end is killed, so that a
    failing test leaves nothing behind for the next."""
    pids: set[int] = set()
    yield pids
    for pid in pids:
        if running(pid):
            os.kill(pid, signal.SIGKILL)


def assert_gone(pids: set[int], what: str) -> None:
    deadline = time.monotonic() + WORKERS_GONE
    while time.monotonic() < deadline and any(running(p) for p in pids):
        time.sleep(0.05)
    left = {p for p in pids if running(p)}
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{what}: {len(left)} worker(s) still running {WORKERS_GONE} s after their parent was stopped"


def scratch_of(token: str, project: Path) -> list[Path]:
    """Scratch folders of the search index that hold pages of the project with ``token``."""
    found = []
    for base in (Path("/dev/shm"), project / "build" / ".cache" / "zoek"):
        for folder in base.glob(f"{SCRATCH}*") if base.is_dir() else []:
            try:
                if any(token in p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*.html")):
                    found.append(folder)
            except OSError:
                continue
    return found


# --- 1. serve and an edited stylesheet ----------------------------------------------------


def test_serve_renders_with_the_stylesheet_as_edited(tmp_path: Path, rendered: tuple[Path, dict[str, str]]) -> None:
    """Issue 13, defect 1: `serve` poisoned the PDF cache. Its workers read pdf.css once;
    after an edit every PDF was rendered with the old stylesheet and stored under the
    new key, and a later `build` took those stale PDFs. (Its first build renders one PDF,
    the others are in the cache: the workers are set up from the old stylesheet.)"""
    from .test_serve import free_port

    project = with_pdfs(small_project(tmp_path / "project"), rendered, but=(BLANK_CARD,))
    site = project / "build" / "site"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command("serve", "--port", free_port(), "-j", "2"), cwd=project, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for("the first build", lambda: len(SUMMARY.findall(log.read_text(encoding="utf-8"))) == 1 or proc.poll() is not None, log=log)
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            before = pdfs(site)
            with (project / "assets/css/pdf.css").open("a", encoding="utf-8") as css:
                css.write(f"\n* {{ color: {EDITED} !important; }}\n")
            wait_for("the rebuild", lambda: len(SUMMARY.findall(log.read_text(encoding="utf-8"))) == 2, log=log)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
    assert "fout" not in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")
    after = pdfs(site)
    assert len(after) == SMALL_PDFS and after.keys() == before.keys()
    # every PDF that serve made after the edit (and put in the cache, under the new
    # stylesheet's key) has it, on every page; none before had it
    assert [path for path in after if not in_colour(after[path], EDITED)] == []
    assert [path for path in before if in_colour(before[path], EDITED, any)] == []


def test_two_projects_in_one_process_keep_their_own_stylesheet(tmp_path: Path, rendered: tuple[Path, dict[str, str]]) -> None:
    """Issue 14: with one job the PDF worker was set up once per process; a second build
    of another project in the same process used the first project's pdf.css and fonts.
    (The first project renders one PDF, the others are in its cache: it is set up.)"""
    eerste = with_pdfs(small_project(tmp_path / "eerste"), rendered, but=(BLANK_CARD,))
    tweede = small_project(tmp_path / "tweede")
    with (tweede / "assets/css/pdf.css").open("a", encoding="utf-8") as css:
        css.write(f"\n* {{ color: {EDITED} !important; }}\n")
    runner = CliRunner()
    for project in (eerste, tweede):
        result = runner.invoke(main, ["build", "--project", str(project), "-j", "1", "-q"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    eerste_pdfs, tweede_pdfs = pdfs(eerste / "build/site"), pdfs(tweede / "build/site")
    assert len(tweede_pdfs) == SMALL_PDFS and tweede_pdfs.keys() == eerste_pdfs.keys()
    assert [path for path, data in tweede_pdfs.items() if not in_colour(data, EDITED)] == []  # its own stylesheet, on every page
    assert [path for path, data in eerste_pdfs.items() if in_colour(data, EDITED, any)] == []


# --- 2. images that cannot be loaded ------------------------------------------------------


def test_an_image_that_cannot_be_loaded_is_reported_with_its_chapter_line(tmp_path: Path, rendered: tuple[Path, dict[str, str]]) -> None:
    """Issue 13, defect 2: an image that could not be loaded crashed the PDF stage with
    AttributeError: '_Fetcher' object has no attribute '_fail_on_errors'. The build side
    must report it by itself (whatever `check` says first): file, line, no traceback."""
    project = with_pdfs(small_project(tmp_path / "project"), rendered)  # the PDFs without the images
    write(project / "assets/afbeeldingen/kapot.png", b"\x89PNG\r\n\x1a\n" + b"geen afbeelding" * 20)
    chapter = project / "content/handreiking/kort.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\n![weg](ontbreekt.png)\n\nTekst.\n\n![web](http://example.com/x.png)\n\n![kapot](assets/afbeeldingen/kapot.png)\n",
        encoding="utf-8",
    )
    root = project.resolve()
    loaded = load_project(root)
    assert loaded.project is not None
    from generator.build import build_site

    out = root / "build" / "site"
    write(out / "ouder.txt", "de vorige site")
    (out / ".regiekaart-site").write_text("Gebouwd door regiekaart.\n", encoding="utf-8")
    with Pool(assets_dir(root), 1, start=False) as pool:
        built = build_site(loaded.project, root, out, pool=pool)
    found = {(str(p.pos), p.is_error) for p in built.problems}
    rel = "content/handreiking/kort.md"
    assert {(f"{rel}:8:8", True), (f"{rel}:12:8", True), (f"{rel}:14:10", True)} <= found, [f"{p.pos}: {p.message}" for p in built.problems]
    messages = " ".join(p.message for p in built.problems)
    assert "bestaat niet" in messages and "andere website" in messages and "niet te lezen" in messages
    assert sorted(p.name for p in out.iterdir()) == [".regiekaart-site", "ouder.txt"]  # the previous site, untouched


def test_build_reports_a_damaged_image_and_keeps_the_previous_site(tmp_path: Path, rendered: tuple[Path, dict[str, str]]) -> None:
    """Issue 13, defect 2, through `build`: an image in the assets that `check` accepts
    (the file is there) but that cannot be read ended the build in a traceback, or was
    silently left out of the PDF. Now: a message with file and line, exit 1, the
    previous site as it was."""
    project = with_pdfs(small_project(tmp_path / "project"), rendered)  # the PDFs without the image
    build(project, "--no-pdf")
    previous = files(project / "build/site")
    write(project / "assets/afbeeldingen/kapot.png", b"\x89PNG\r\n\x1a\n" + b"geen afbeelding" * 20)
    chapter = project / "content/handreiking/kort.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![Een kapotte afbeelding](assets/afbeeldingen/kapot.png)\n", encoding="utf-8")
    done = run(project, "build", "-j", "2")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output and "Error" not in output, output
    assert "content/handreiking/kort.md:8:" in output and "niet te lezen" in output, output
    assert files(project / "build/site") == previous


# --- 4. nothing outlives its parent -------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_stopping_serve_stops_its_workers(tmp_path: Path, signum: int, reap: set[int], rendered: tuple[Path, dict[str, str]]) -> None:
    """Issue 13, defect 4: `kill` (SIGTERM) of a running `serve` left its PDF workers
    running with parent 1, for as long as the machine ran. (Its first build renders one
    PDF, which starts the workers; the others are in the cache.)"""
    from .test_serve import free_port

    project = with_pdfs(small_project(tmp_path / "project"), rendered, but=(BLANK_CARD,))
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command("serve", "--port", free_port(), "-j", "2"), cwd=project, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for("the first build", lambda: bool(SUMMARY.search(log.read_text(encoding="utf-8"))) or proc.poll() is not None, log=log)
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            workers = workers_of(proc.pid)
            reap.update(workers)
            assert len(workers) == 2, log.read_text(encoding="utf-8")
            proc.send_signal(signum)
            proc.wait(timeout=WORKERS_GONE)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert_gone(workers, f"serve after {signal.Signals(signum).name}")
    assert "Traceback" not in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")


def test_a_killed_build_leaves_no_worker_and_its_scratch_is_removed(tmp_path: Path, reap: set[int]) -> None:
    """Issue 13, defect 4: SIGKILL of a `build` left its workers running, and the scratch
    folders of the search index stayed behind for an hour."""
    token = f"kenmerk-{uuid.uuid4().hex}"
    project = small_project(tmp_path / "project", token)
    proc = subprocess.Popen(command("build", "-j", "2"), cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for("the search index's scratch folder", lambda: bool(scratch_of(token, project)) or proc.poll() is not None, step=0.01)
        workers = workers_of(proc.pid)
        reap.update(workers)
        # its two PDF workers, and at times a third process forked with the same command
        # line that has not yet ended (all of them must go)
        assert proc.poll() is None and len(workers) >= 2, "the build ended before it could be killed"
        proc.kill()
        proc.wait()
        # at once: any build that starts its search index removes abandoned scratch folders,
        # and the other tests' builds run beside this one
        left = scratch_of(token, project)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert_gone(workers, "build after SIGKILL")
    assert left, "the killed build left no scratch folder: nothing to clean up"

    build(project, "--no-pdf")  # the next run cleans up
    assert [f for f in left if f.exists()] == []


def test_scratch_is_removed_only_when_ours_and_abandoned(tmp_path: Path) -> None:
    """Issue 13, defects 4 and 7: a scratch folder is removed only when it carries the
    tool's marker and the process that made it is gone; one of a build that runs now, or
    one without the marker, stays."""
    from generator.search import OWNER, remove_abandoned

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    verlaten, levend, vreemd = (tmp_path / f"{SCRATCH}{name}" for name in ("verlaten", "levend", "vreemd"))
    write(verlaten / OWNER, f"{dead.pid}\n")
    write(verlaten / "a/index.html", "x")
    write(levend / OWNER, f"{os.getpid()}\n")
    write(vreemd / "bestand.txt", "iemands eigen bestand")
    remove_abandoned(tmp_path)
    assert not verlaten.exists() and levend.is_dir() and vreemd.is_dir()


def test_interrupted_builds_keep_the_site_and_the_cache_valid(tmp_path: Path, reap: set[int], rendered: tuple[Path, dict[str, str]]) -> None:
    """Issue 13, defect 4: SIGTERM and SIGINT stop a build without leaving workers, with
    the previous site intact; the next build equals a `--clean` build byte for byte."""
    project = with_pdfs(small_project(tmp_path / "project"), rendered)  # the previous site's PDFs
    site = project / "build" / "site"
    build(project, "-j", "2")
    previous = files(site)
    basis = project / "content" / "regiekaart.yaml"  # on every card: all the PDFs are made again
    cache = project / "build" / ".cache" / "pdf"
    for signum, nieuw in ((signal.SIGTERM, "zuid"), (signal.SIGINT, "noord")):
        text = basis.read_text(encoding="utf-8")
        basis.write_text(text.replace("steun van naasten en omgeving", f"steun van naasten en omgeving {nieuw}", 1), encoding="utf-8")
        made = set(cache.iterdir())
        proc = subprocess.Popen(command("build", "-j", "2"), cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            # the first new PDF is done: the others are being rendered
            wait_for("the first PDF", lambda: bool(set(cache.iterdir()) - made) or proc.poll() is not None, step=0.01)
            workers = workers_of(proc.pid)
            reap.update(workers)
            proc.send_signal(signum)
            output = proc.communicate(timeout=WORKERS_GONE)[0].decode("utf-8", "replace")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode != 0, f"the build ended before {signal.Signals(signum).name} reached it"
        assert "Traceback" not in output, output
        assert_gone(workers, f"build after {signal.Signals(signum).name}")
        assert files(site) == previous
    build(project, "-j", "2")
    build(project, "-j", "2", "--clean", "--out", tmp_path / "schoon")
    built, clean = files(site, marker=False), files(tmp_path / "schoon", marker=False)
    assert built.keys() == clean.keys()
    assert [path for path in clean if built[path] != clean[path]] == []


def test_workers_end_with_their_parent_after_a_new_setup(tmp_path: Path, reap: set[int]) -> None:
    """Issue 13, defect 1: a pool whose assets changed starts new workers (and stops the
    old ones) instead of rendering with what the old ones loaded."""
    project = small_project(tmp_path / "project")
    assets = assets_dir(project.resolve())
    html = '<html lang="nl"><title>t</title><p>Tekst</p></html>'
    with Pool(assets, 2) as pool:
        first = workers_of(os.getpid())
        reap.update(first)
        list(pool.run([("a.pdf", html, 1.0)]))
        assert workers_of(os.getpid()) == first
        with (assets / "css/pdf.css").open("a", encoding="utf-8") as css:
            css.write("\np { color: #123456; }\n")
        list(pool.run([("a.pdf", html, 1.0)]))
        second = workers_of(os.getpid())
        reap.update(second)
        assert second and not (second & first)
    assert_gone(first | second, "pool after close")


def test_a_pool_renders_what_was_submitted_as_it_is_done(tmp_path: Path, reap: set[int]) -> None:
    """A build submits each PDF as soon as it finds that it must be rendered, while it
    keys the others (pdf.render_pdfs); ``results`` yields each submitted PDF once, with
    one job in this process or with two in workers."""
    assets = assets_dir(small_project(tmp_path / "project").resolve())
    html = '<html lang="nl"><title>t</title><p>Tekst {}</p></html>'
    for jobs in (1, 2):
        with Pool(assets, jobs, start=False) as pool:
            pool.submit(("a.pdf", html.format("a"), 1.0))
            pool.submit(("b.pdf", html.format("b"), 1.0))
            reap.update(workers_of(os.getpid()))
            made = {r.path: r for r in pool.results()}
            assert sorted(made) == ["a.pdf", "b.pdf"], jobs
            assert all(r.data.startswith(b"%PDF-") and r.pages == 1 for r in made.values()), jobs
            assert list(pool.results()) == []  # nothing submitted since
            assert [r.path for r in pool.run([("c.pdf", html.format("c"), 1.0)])] == ["c.pdf"]


def test_a_pool_closed_while_its_workers_set_up_does_not_wait_for_them(tmp_path: Path, reap: set[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A build whose input changed starts its workers before it loads the project
    (build.run_build); when it then fails (a mistake in a gemeente), it stops them at
    once, also while they still set up, instead of waiting for WeasyPrint to load.
    Here their set-up takes a minute (the workers are forked: they inherit the patch)."""
    from generator import pdf

    monkeypatch.setattr(pdf, "_init_worker", lambda assets: time.sleep(60))
    pool = Pool(assets_dir(small_project(tmp_path / "project").resolve()), 2)  # starts them
    wait_for("the workers", lambda: len(workers_of(os.getpid())) == 2)
    workers = workers_of(os.getpid())
    reap.update(workers)
    start = time.monotonic()
    pool.close()
    assert time.monotonic() - start < 30, "close waited for the workers to finish setting up"
    assert_gone(workers, "pool closed while its workers set up")


def test_workers_start_before_loading_only_when_the_content_changed(tmp_path: Path, rendered: tuple[Path, dict[str, str]], reap: set[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A build of a site whose content changed starts its workers before it loads the
    project (a changed gemeente waits less for its PDFs); one of content whose PDFs are
    all in the cache (`publish` after `build`), or into a new folder, starts none, also
    not after loading."""
    from generator import build as build_module

    project = with_pdfs(small_project(tmp_path / "project"), rendered).resolve()
    at_load: list[bool] = []  # whether the build's pool had its workers when it loaded the project
    pools: list[Pool] = []
    load = build_module.load_project
    monkeypatch.setattr(build_module, "load_project", lambda *a, **k: (at_load.append(pools[-1].executor is not None), load(*a, **k))[1])
    site, published = project / "build" / "site", project / "build" / "publiceren"

    def run(out: Path) -> tuple[build_module.Built, bool]:
        """The build, and whether it started workers at all."""
        with Pool(assets_dir(project), 2, start=False) as pool:
            pools.append(pool)
            outcome = build_module.run_build(build_module.BuildSettings(project, out), pool)
            reap.update(workers_of(os.getpid()))
            assert outcome.result is not None, [p.message for p in outcome.problems]
            return outcome.result, pool.executor is not None

    assert run(site)[1] is False and run(published)[1] is False  # new folders, every PDF in the cache
    assert at_load == [False, False]
    breda = project / "gemeenten/breda.yaml"
    breda.write_text(breda.read_text(encoding="utf-8").replace("Crisisdienst GGZ Breburg", "Crisisdienst GGZ Breburg-Zuid", 1), encoding="utf-8")
    built, started = run(site)
    assert at_load[-1] is True and started
    assert built.pdfs_cached == SMALL_PDFS - 2  # her card, and her training handout that shows it, rendered
    assert run(published)[1] is False and at_load[-1] is False  # the same content as the site: its PDFs are there
