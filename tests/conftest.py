"""Shared fixtures: throw-away copies of the real project (whole, or small where all of
its content is not the point), the shipped project built and published once per session
(for the whole suite with pytest-xdist by a process of its own, while the workers start:
see pytest_sessionstart), a PDF cache shared by the whole session, and a CLI runner.

No test writes into the repository: every build and every load happens in a copy under
pytest's temporary folder (a load writes the gemeente cache under build/.cache).

The session's PDF cache (``pdf_cache``): a PDF cache is keyed by the complete HTML of the
PDF and a salt (stylesheets, fonts, versions; see ``cache.PdfCache``), so one copy of the
project can use what another rendered. The ``project`` fixture seeds its copy's
build/.cache/pdf with hard links to the session's cache and hands back what it rendered
when the test ends; the generator never writes a cache file in place (it writes a new
file and renames it), so the links stay valid. A test that counts which PDFs were
rendered and which came from the cache marks itself ``@pytest.mark.empty_pdf_cache``
(or uses ``copy_project``, which seeds nothing).

Stand-ins (``stand_in_renders``): a test that counts which PDFs a build renders, or reads
only some of them, has the pool make a one-page stand-in for the others instead of
rendering them with WeasyPrint; stand-ins never enter the session's PDF cache.

Golden files (tests/golden): ``golden(name, actual)`` compares with the file;
``make golden`` (REGIEKAART_GOLDEN=1) rewrites them instead, deliberately.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Iterator, NamedTuple

import pytest
from _pytest.pathlib import LOCK_TIMEOUT
from click.testing import CliRunner, Result

from generator import pdf as pdf_module
from generator.build import cache_dir, load_project
from generator.cli import main
from generator.render import environment

# Imported once here, WeasyPrint is inherited by every PDF worker that a build in this
# process forks, instead of being imported again by each (about 0.5 CPU-seconds per
# worker, two workers per build, some fifty builds). Nothing else changes: the workers
# still parse the stylesheet and load the fonts of their own build.
import weasyprint  # noqa: E402, F401

# A test process holds much for its whole session (the loaded shipped project, the PDFs
# read back, the browser's state), and every collection of the oldest generation walks all
# of it. Collections of the youngest generation start after 20,000 allocations instead of
# 700, so the older ones come far less often: some 4 CPU-seconds less for the whole suite.
# What a build does with the collector (it freezes what it loaded) is the same.
gc.set_threshold(20_000, 50, 50)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE_GOLDEN = os.environ.get("REGIEKAART_GOLDEN", "") not in ("", "0")


# The session's compiled templates (see compile_templates): every copy of the project starts
# with them in build/.cache/jinja, instead of compiling each template again in every build.
_COMPILED: list[Path] = []


def compile_templates(folder: Path) -> None:
    """Compile the shipped templates into ``folder``, as a build keeps them in its
    build/.cache/jinja (render.CompiledTemplates): by name, checked against the source."""
    env = environment([ROOT / "templates"], folder)
    for name in env.list_templates():
        env.get_template(name)


def copy_project(dest: Path) -> Path:
    """A copy of the shipped project's input at ``dest``; its PDF cache is empty; its
    compiled templates are the session's (a template a test changes is compiled again)."""
    for name in ("content", "gemeenten", "templates", "assets"):
        shutil.copytree(ROOT / name, dest / name)
    for folder in _COMPILED:
        (dest / "build/.cache/jinja").mkdir(parents=True, exist_ok=True)
        for file in folder.iterdir():
            _link(file, dest / "build/.cache/jinja" / file.name)
    return dest


def small_project(dest: Path, token: str = "", gemeenten: tuple[str, ...] = ("breda",), regios: bool = False) -> Path:
    """A copy of the shipped project with only ``gemeenten``, their regions and the default
    region (every region with ``regios``), and one short chapter (kort.md) in each part of
    the content (the handreiking, the training, ...), without the regions' own chapters:
    a build of it makes a few small PDFs. For tests that need a real project but not all
    of its content. ``token`` goes into the chapters, to recognise this project's pages."""
    copy_project(dest)
    kept = {file.stem for file in (dest / "content/regios").glob("*.yaml")} if regios else set()
    kept.add(re.search(r"^standaardregio: *(\S+)", (dest / "content/site.yaml").read_text(encoding="utf-8"), re.M).group(1))
    for file in (dest / "gemeenten").glob("*.yaml"):
        if file.stem in gemeenten:
            regio = re.search(r"^regio: *(\S+)", file.read_text(encoding="utf-8"), re.M)
            kept.update([regio.group(1)] if regio else [])
        else:
            file.unlink()
    for file in (dest / "content/regios").glob("*.yaml"):
        if file.stem not in kept:
            file.unlink()
    for folder in (dest / "content/regios").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)  # the regions' own chapters link to common ones that are gone
    for folder in (dest / "content").iterdir():  # the handreiking, the training, ...
        if folder.is_dir() and folder.name != "regios":
            blokken: list[str] = []  # what the chapters have inserted (the gemeente's card in the training, ...): the short one too
            for file in folder.glob("*.md"):
                found = re.search(r"^invoegen: *\[(.*)\]$", file.read_text(encoding="utf-8").split("\n---", 1)[0], re.M)
                blokken += [b.strip() for b in found.group(1).split(",") if b.strip() not in blokken] if found else []
                file.unlink()
            invoegen = f"invoegen: [{', '.join(blokken)}]\n" if blokken else ""
            write(folder / "kort.md", f"---\ntitel: Kort over {folder.name}\nvolgorde: 1\n{invoegen}---\n\nEen kort hoofdstuk. {token}\n")
    return dest


# What a build of small_project makes: the booklet at the root and the region's, the universal
# card and the blank card, the region's trainer's guide, and Breda's three.
SMALL_PDFS = 8


def _cache_files(folder: Path) -> list[Path]:
    # a name starting with a dot is a file being written (see PdfCache.put)
    if folder.is_symlink() or not folder.is_dir():
        return []  # a test that put something else there: nothing to share
    return [p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and not p.name.startswith(".")]


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        pass  # the same name is the same content
    except OSError:
        shutil.copyfile(source, target)


def seed_pdf_cache(project: Path, shared: Path) -> Path:
    """Give ``project`` every PDF of the session's cache (hard links)."""
    folder = cache_dir(project)
    folder.mkdir(parents=True, exist_ok=True)
    for file in _cache_files(shared):
        _link(file, folder / file.name)
    return project


def harvest_pdf_cache(project: Path, shared: Path) -> None:
    """Add the PDFs that ``project`` rendered to the session's cache: those of WeasyPrint,
    not the stand-ins of ``stand_in_renders``."""
    known = {p.name for p in _cache_files(shared)}
    for file in _cache_files(cache_dir(project)):
        if file.suffix == ".pdf" and file.name not in known and STAND_IN not in file.read_bytes():
            record = file.with_name(file.name + ".rk")  # the cache's record of it (PdfCache), with it
            for part in (file, record) if record.is_file() else (file,):
                _link(part, shared / part.name)


# Where the pre-render (pytest_sessionstart) says which copy of the shipped project it built
# and published: a JSON file in the session's base folder, beside the PDF cache.
VOORAF = "vooraf.json"


def pytest_sessionstart(session: pytest.Session) -> None:
    """The shipped templates compiled once for the session (``compile_templates``), before
    the workers start. With pytest-xdist, for the whole suite: build and publish the shipped project once,
    in a process of its own that runs while the workers start and run the first tests, and
    holds the shared cache's lock (``first_full_build``) until the site is built, and
    another (``until_published``) until it is published. It renders the site's PDFs into
    the shared cache, and its copy is the ``built_site`` and the ``published_project`` of
    both workers, which wait for it only when they need it."""
    config = session.config
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = config._tmp_path_factory.getbasetemp()  # the workers' basetemp is a folder in this one
    compiled = (base.parent if worker else base) / "jinja"
    if not worker:  # once, before the workers start
        compile_templates(compiled)
        _remove_old_runs(config, base)
    _COMPILED[:] = [compiled]
    whole_suite = not config.args or {Path(a).resolve() for a in config.args} == {ROOT / "tests"}
    if worker or not getattr(config.option, "numprocesses", None) or not whole_suite:
        return
    shared = base / "pdf-cache"
    shared.mkdir(exist_ok=True)
    project = copy_project(config._tmp_path_factory.mktemp("vooraf") / "project")
    with (shared / GEBOUWD).open("w") as built, (shared / GEPUBLICEERD).open("w") as published:
        # taken before any worker starts; a lock is the open file's, so the pre-render keeps
        # it until it lets go of it (the first, after the build) or until it ends
        fcntl.flock(built, fcntl.LOCK_EX)
        fcntl.flock(published, fcntl.LOCK_EX)
        config._regiekaart_vooraf = subprocess.Popen(
            [sys.executable, "-c", "import sys; from tests.conftest import prerender; prerender(*sys.argv[1:])", str(project), str(shared), str(base / VOORAF), str(built.fileno())],
            cwd=ROOT,
            pass_fds=(built.fileno(), published.fileno()),
            stdout=subprocess.DEVNULL,
        )


def _remove_old_runs(config: pytest.Config, base: Path) -> None:
    """Remove the folders of old sessions now, in the background, at the lowest priority,
    instead of at the end. pytest keeps the folders of the last three sessions
    (tmp_path_retention_count) and removes older ones after the last test: a session of
    this suite leaves some 45,000 files (900 MB), and removing them took 3.5 s of every
    run's reported time. The same function of pytest's, with the same rules (a folder
    whose session still runs stays); what is left when this session ends, pytest's own
    clean-up at the end removes."""
    if config.getini("tmp_path_retention_policy") == "none" or config.option.basetemp:
        return  # pytest removes the whole folder itself
    keep = int(config.getini("tmp_path_retention_count"))
    dead_before = base.stat().st_mtime - LOCK_TIMEOUT  # what pytest passes at the end
    code = "import sys; from pathlib import Path; from _pytest.pathlib import cleanup_numbered_dir; cleanup_numbered_dir(Path(sys.argv[1]), 'pytest-', int(sys.argv[2]), float(sys.argv[3]))"
    config._regiekaart_opruimen = subprocess.Popen(
        ["nice", "-n", "19", sys.executable, "-c", code, str(base.parent), str(keep), repr(dead_before)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    proc = getattr(session.config, "_regiekaart_vooraf", None)
    if proc is not None and proc.poll() is None:  # no test needed it (a selection of the tests)
        proc.terminate()
        proc.wait()
    cleaning = getattr(session.config, "_regiekaart_opruimen", None)
    if cleaning is not None:
        cleaning.wait()  # before pytest's own clean-up, which would remove the same folders
    # pytest walks the whole heap once more for objects whose finalizer failed (its
    # unraisableexception plugin, twice, after this): once here, then what is left is
    # frozen, so that its walks see only what was made after (a second or so per worker).
    gc.collect()
    gc.freeze()


def prerender(project: str, shared: str, record: str, built_lock: str) -> None:
    """`regiekaart build` of ``project``, its PDFs into the cache ``shared``, then `regiekaart
    publish` of it; what was done goes into ``record`` (see pytest_sessionstart). The lock
    of the build (the open file ``built_lock``) is let go when the site is there, so that
    the tests that need only the site or the PDFs go on while it publishes; the lock of the
    publication is let go when it ends. When a command fails, it is not recorded: the tests
    that need what it makes make it themselves, and say what is wrong."""
    built = CliRunner().invoke(main, ["build", "--project", project])
    if built.exit_code != 0:
        return
    harvest_pdf_cache(Path(project), Path(shared))
    _record(Path(record), {"project": project})
    fcntl.flock(int(built_lock), fcntl.LOCK_UN)
    published = CliRunner().invoke(main, ["publish", "--project", project])
    if published.exit_code == 0:
        _record(Path(record), {"project": project, "publish": published.output})


def _record(file: Path, what: dict[str, str]) -> None:
    part = file.with_name(f".{file.name}")
    part.write_text(json.dumps(what), encoding="utf-8")
    part.replace(file)


def _vooraf(pdf_cache: Path) -> dict[str, str] | None:
    """What the pre-render did (call it inside ``first_full_build``, and wait for the
    publication with ``until_published``); None without one, or when its build failed."""
    file = pdf_cache.parent / VOORAF
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else None


@pytest.fixture(scope="session")
def pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF cache of the whole session (see the module's docstring); with pytest-xdist
    (``make test`` runs two workers) one folder beside the workers' own, for both."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return tmp_path_factory.mktemp("pdf-cache")
    shared = tmp_path_factory.getbasetemp().parent / "pdf-cache"
    shared.mkdir(exist_ok=True)
    return shared


# The pre-render's locks (see pytest_sessionstart), in the shared cache's folder.
GEBOUWD = ".volledig.lock"
GEPUBLICEERD = ".gepubliceerd.lock"


def until_published(pdf_cache: Path) -> None:
    """Wait until the pre-render, if there is one, has published the site."""
    with (pdf_cache / GEPUBLICEERD).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)


@contextlib.contextmanager
def first_full_build(pdf_cache: Path) -> Iterator[None]:
    """Around a build of the whole shipped project: one worker at a time, so that the
    first renders the site's PDFs into the shared cache and the other takes them from it."""
    with (pdf_cache / GEBOUWD).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def project(tmp_path: Path, pdf_cache: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A copy of the shipped project (content, gemeenten, templates, assets), its PDF cache
    seeded from the session's; empty with ``@pytest.mark.empty_pdf_cache``. With
    ``@pytest.mark.small_project`` the copy is a small one (``small_project``, with the
    marker's keyword arguments: ``gemeenten=("groningen",)``)."""
    small = request.node.get_closest_marker("small_project")
    copy = small_project(tmp_path / "project", **small.kwargs) if small else copy_project(tmp_path / "project")
    if request.node.get_closest_marker("empty_pdf_cache"):
        yield copy
        return
    if not small:
        with first_full_build(pdf_cache):
            pass  # while the pre-render runs (pytest_sessionstart), the site's PDFs are not all there yet
    yield seed_pdf_cache(copy, pdf_cache)
    harvest_pdf_cache(copy, pdf_cache)


def _invoke(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> Path:
    """The shipped project built once, PDFs included; tests only read it. For the whole
    suite with pytest-xdist, the pre-render's (see pytest_sessionstart)."""
    with first_full_build(pdf_cache):
        if (vooraf := _vooraf(pdf_cache)) is not None:
            return Path(vooraf["project"]) / "build" / "site"
        project = seed_pdf_cache(copy_project(tmp_path_factory.mktemp("gebouwd") / "project"), pdf_cache)
        _invoke("build", "--project", project)
        harvest_pdf_cache(project, pdf_cache)
    return project / "build" / "site"


class Published(NamedTuple):
    project: Path  # its zip is the one *.zip in project/build
    output: str  # what `regiekaart publish` printed


@pytest.fixture(scope="session")
def published_project(tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> Published:
    """`regiekaart publish` of the shipped project, once per session: the publish tests
    read it, the browser tests unpack it. Tests only read it. For the whole suite with
    pytest-xdist, the pre-render's (see pytest_sessionstart)."""
    until_published(pdf_cache)
    with first_full_build(pdf_cache):
        if (vooraf := _vooraf(pdf_cache)) is not None and "publish" in vooraf:
            return Published(Path(vooraf["project"]), vooraf["publish"])
        project = seed_pdf_cache(copy_project(tmp_path_factory.mktemp("publiceren") / "project"), pdf_cache)
        result = _invoke("publish", "--project", project)
        harvest_pdf_cache(project, pdf_cache)
    return Published(project, result.output)


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The shipped project loaded (from a copy: loading writes a cache), for tests that
    read the model; never change it."""
    return load_project(copy_project(tmp_path_factory.mktemp("geladen") / "project"))


STAND_IN = b"regiekaart tests: stand-in"  # the Producer of a stand-in PDF


def stand_in_pdf(path: str, html: str, zoom: float, size: int = 0) -> bytes:
    """A one-page PDF that stands for the PDF of ``html``: the digest of the path, the zoom
    and the HTML is its title, so that other HTML gives other bytes; padded to ``size``
    bytes when that is more (see ``stand_in_renders``)."""
    import pydyf

    def write(filler: int) -> bytes:
        document = pydyf.PDF()
        document.info["Title"] = pydyf.String(hashlib.sha256(f"{path}\0{zoom}\0{html}".encode()).hexdigest())
        document.info["Producer"] = pydyf.String(STAND_IN.decode())
        if filler:
            document.info["Filler"] = pydyf.String("0" * filler)
        page = pydyf.Dictionary({"Type": "/Page", "Parent": document.pages.reference, "MediaBox": pydyf.Array([0, 0, 595, 842])})
        document.add_object(page)
        document.pages["Kids"].append(page.reference)
        document.pages["Count"] += 1
        out = io.BytesIO()
        document.write(out)
        return out.getvalue()

    data = write(0)
    entry = len(write(1)) - len(data) - 1  # what the filler's entry adds besides its characters
    if size > len(data) + entry + 1:
        filler = size - len(data) - entry
        data = write(filler)
        data = write(filler + size - len(data)) if len(data) != size else data  # startxref grew by a digit
    return data


class StandIns:
    """What ``stand_in_renders`` renders with WeasyPrint after all (``really``)."""

    def __init__(self) -> None:
        self.real: set[str] = set()

    def really(self, *paths: str) -> None:
        """Render these PDFs (paths in the site) with WeasyPrint: those the test reads.
        Before the build: its workers are forked with what is known then."""
        self.real.update(paths)


@pytest.fixture
def stand_in_renders(monkeypatch: pytest.MonkeyPatch) -> StandIns:
    """For tests that count which PDFs a build renders and which files it writes, or that
    read some of the PDFs of a build but not all: the pool's workers make a one-page
    stand-in (``stand_in_pdf``) instead of rendering with WeasyPrint, except for the PDFs
    that the test names (``StandIns.really``). Which PDFs a build renders, and whether it
    takes them from its cache or the previous site, is decided before the pool renders
    anything; the pool, its processes and the cache's files stay real. A stand-in has one
    page (so it is never too long), and is as large as the PDF of the previous site that it
    replaces, so that the sizes the pages show for their PDFs stay as they were, as they
    do for a small edit. WeasyPrint's PDFs are read back in test_pdf, test_drukwerk_pdf and
    test_workers. The workers are forked, so they inherit the stand-in; they set up
    WeasyPrint (the stylesheets, the fonts) only for a PDF that is rendered after all.
    Stand-ins never go into the session's PDF cache (see ``harvest_pdf_cache``)."""
    chosen = StandIns()
    weasyprint_setup, weasyprint_render = pdf_module._setup, pdf_module._render

    def setup(assets: Path) -> dict:
        return {"assets": assets, "base": pdf_module._base(assets)}

    def render(state: dict, path: str, html: str, zoom: float) -> pdf_module.Rendered:
        if "assets" not in state:  # WeasyPrint's set-up warming up (below)
            return weasyprint_render(state, path, html, zoom)
        if path in chosen.real:
            if "css" not in state:  # this worker's first real PDF: WeasyPrint's set-up now
                state.update(weasyprint_setup(state["assets"]))
            return weasyprint_render(state, path, html, zoom)
        assets = state["assets"]
        previous = assets.parent / "build/site" / path
        size = previous.stat().st_size if previous.is_file() else 0
        return pdf_module.Rendered(path, stand_in_pdf(path, html, zoom, size), 1, 0.0)

    monkeypatch.setattr(pdf_module, "_setup", setup)
    monkeypatch.setattr(pdf_module, "_render", render)
    return chosen


def golden(name: str, actual: str) -> None:
    """``actual`` equals tests/golden/``name`` (whitespace at the ends aside); with
    REGIEKAART_GOLDEN=1 (``make golden``) the file is written from ``actual`` instead."""
    file = GOLDEN / name
    if UPDATE_GOLDEN:
        file.write_text(actual.strip() + "\n", encoding="utf-8")
    assert actual.strip() == file.read_text(encoding="utf-8").strip(), f"differs from tests/golden/{name}; if the change is meant, run 'make golden'"


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:  # noqa: A002 - Click's name
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


VOORBEELD = "is nog een voorbeeldinvulling"  # the borging warning every shipped example card gets


def bevestig(project: Path) -> Path:
    """Mark every example card of a copied project as a confirmed concept, for tests that
    need a project without warnings (the shipped cards are all example fills)."""
    for file in (project / "gemeenten").glob("*.yaml"):
        file.write_text(file.read_text(encoding="utf-8").replace("status: voorbeeld", "status: concept"), encoding="utf-8")
    return project


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


MINIMAL_GEMEENTE = """\
naam: Proefstad
status: concept
fasen:
  1:
    operationeel_verantwoordelijk: Teamleider sociaal team Proefstad
  2:
    casusregie: Sociaal team Proefstad
    procesregie: Casusoverleg Proefstad
    operationeel_verantwoordelijk: Teamleider sociaal team Proefstad
  3:
    casusregie: Sociaal team Proefstad
    procesregie: Zorg- en Veiligheidshuis De Baronie
    operationeel_verantwoordelijk: Manager Zorg en Veiligheid
    bestuurlijk_verantwoordelijk: Burgemeester en wethouder zorg
  4:
    casusregie: Gemeentelijk crisisteam
    behandelregie: Crisisdienst ggz
    procesregie: Zorg- en Veiligheidshuis De Baronie
    operationeel_verantwoordelijk: Calamiteitencoördinator
"""

