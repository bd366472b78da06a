"""PDF stage: the printable cards, the training handout and the handreiking booklet.

Each PDF is rendered once per build, by WeasyPrint, in worker processes across
the machine's cores. Every worker parses the stylesheet and loads the shipped
font once and reuses them for all its PDFs, until the stylesheets or fonts change
(see Pool). A resource that cannot be loaded is a problem with file and line,
never a traceback. Output is deterministic: the PDF
identifier is derived from the output path, and the only dates are those of
the content.
"""

from __future__ import annotations

import collections
import ctypes
import datetime as dt
import gc
import hashlib
import html as htmllib
import itertools
import logging
import os
import posixpath
import queue
import re
import signal
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Iterator

from .cache import WORKER_SETUP, Incremental, hash_tree
from .drukwerk import MATEN, Meting
from .model import Project
from . import codes, interrupt
from .problems import Pos, Problem, error
from .render import Page, Renderer


@dataclass
class PdfInfo:
    """What the site needs to know of a PDF to link it."""

    path: str
    title: str
    description: str
    date: dt.date | None = None


@dataclass
class PdfJob:
    """One PDF to render, with what it must satisfy."""

    info: PdfInfo
    template: str
    context: dict[str, Any]
    max_pages: int  # more pages than this is an error
    pos: Pos  # where to point when it does not fit
    who: str  # whose PDF it is, in a message: "Breda", "de handreiking"
    paper: str = "A4"  # of the card's page (drukwerk.PAPIER_MM)
    scope: tuple[str, ...] = ()  # parts of the project it shows besides render.SCOPE
    druk: Meting | None = None  # the estimate of the card it shows: when too long (serve, --draft), its page grows to show all

    def page(self) -> Page:
        overloop = self.druk.te_veel if self.druk is not None and self.druk.papier == self.paper else 0.0
        context = {"pdf": self.info, "kaart_css": MATEN[self.paper].css(overloop), "druk": self.druk, "te_veel": self.te_veel(), **self.context}
        return Page(self.info.path, self.template, self.info.title, context, scope=self.scope)

    def te_veel(self) -> tuple[int, str]:
        """From which page on the PDF is too long, and what the band at the top of such a
        page says: a PDF with more pages than its maximum is built so only by `serve`
        and --draft, and shows there which pages are too many."""
        return self.max_pages + 1, f"Pagina te veel: {self.soort()} mag {_paginas(self.max_pages)} beslaan"

    def soort(self) -> str:
        """What the PDF is, in a message: 'de geprinte regiekaart van Breda'."""
        if self.max_pages == 1:
            return f"de geprinte regiekaart van {self.who}"
        return f"de {self.template.removeprefix('pdf/').removesuffix('.html')} van {self.who}"

    @property
    def zoom(self) -> float:
        """WeasyPrint's zoom when it writes the PDF: 1, since every paper size is laid
        out at its own size (drukwerk.KaartMaat)."""
        return 1.0


def _paginas(n: int) -> str:
    return "één pagina" if n == 1 else f"{n} pagina's"


@dataclass
class Rendered:
    path: str
    data: bytes | Path  # the PDF, or the file that holds it
    pages: int  # 0: jobs over from the previous site, not counted again
    seconds: float
    failed: tuple[tuple[str, str], ...] = ()  # (url, why) of every resource it could not load


@dataclass
class PdfResult:
    files: dict[str, bytes | Path] = field(default_factory=dict)
    infos: dict[str, PdfInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    cached: int = 0  # jobs from the cache, not rendered

    def link(self, path: str) -> dict[str, str]:
        """For the site: title and size of a PDF."""
        data = self.files[path]
        size = data.stat().st_size if isinstance(data, Path) else len(data)
        return {"titel": self.infos[path].title, "grootte": grootte(size)}


def grootte(n: int) -> str:
    """File size the Dutch way: 84 kB, 1,2 MB."""
    if n < 1000 * 1000:
        return f"{max(1, round(n / 1000))} kB"
    return f"{n / 1000 / 1000:.1f} MB".replace(".", ",")


# --- rendering ------------------------------------------------------------------------

def setup_key(assets: Path) -> str:
    """The digest of everything a worker's set-up reads from ``assets``: when it changes,
    the set-up is stale."""
    digest = hashlib.sha256(str(assets.resolve()).encode() + b"\0")
    if assets.is_dir():
        hash_tree(digest, assets, WORKER_SETUP)
    return digest.hexdigest()


def _base(assets: Path) -> str:
    """The base URL of every PDF: the stylesheet's folder."""
    return assets.resolve().as_uri() + "/css/"


# Why a resource could not be loaded (see _fetcher)
EXTERN, BUITEN, ONTBREEKT, ONLEESBAAR = "extern", "buiten", "ontbreekt", "onleesbaar"


def _fetcher(assets: Path) -> Any:  # noqa: ANN401
    """WeasyPrint's URL fetcher, limited to the files of the site's own assets: nothing
    from the network, nothing outside assets/. WeasyPrint leaves out what cannot be
    loaded and only logs it; the fetcher notes every such URL and why in ``failed``, so
    that the build can report it."""
    from weasyprint.urls import URLFetcher

    root = assets.resolve()

    class Fetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False)
            self.failed: dict[str, str] = {}

        def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: ANN401
            try:
                parts = urllib.parse.urlsplit(url)
                if parts.scheme == "file":
                    file = Path(urllib.request.url2pathname(parts.path)).resolve()
                    if not file.is_relative_to(root):
                        raise _Geweigerd(BUITEN)
                    if not file.is_file():
                        raise _Geweigerd(ONTBREEKT)
                elif parts.scheme != "data":
                    raise _Geweigerd(EXTERN)
                return super().fetch(url, headers)
            except Exception as exc:  # WeasyPrint catches it, logs it and leaves the resource out
                self.failed.setdefault(url, exc.why if isinstance(exc, _Geweigerd) else f"{ONLEESBAAR}: {exc}")
                raise

    return Fetcher()


class _Geweigerd(Exception):
    """A resource the fetcher does not give, and why (EXTERN, BUITEN or ONTBREEKT)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class _Missers(logging.Handler):
    """WeasyPrint's own word that an image or stylesheet was left out: also those that were
    fetched but could not be read (a damaged image)."""

    PREFIXES = ("Failed to load image at", "Failed to load stylesheet at")

    def __init__(self, failed: dict[str, str]) -> None:
        super().__init__(logging.ERROR)
        self.failed = failed

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str) and record.msg.startswith(self.PREFIXES) and record.args:
            url = str(record.args[0])
            self.failed.setdefault(url, f"{ONLEESBAAR}: {record.args[1] if len(record.args) > 1 else ''}")


# The stylesheets of every PDF, in assets/css/, in this order: the faces (TrueType, for
# WeasyPrint alone: the site leaves them out), then the rules, which the invulformulier's
# printed preview shares.
STIJLBLADEN = ("pdf-letters.css", "pdf.css")


def _setup(assets: Path) -> dict[str, Any]:
    """What rendering needs, read from ``assets``: the fetcher, the parsed stylesheet and
    the fonts it loads. A stylesheet or font that cannot be loaded is noted, not raised:
    every PDF then reports it."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = _fetcher(assets)
    font_config = FontConfiguration()
    sheets = []
    for name in STIJLBLADEN:
        sheet = assets / "css" / name
        try:
            sheets.append(CSS(filename=str(sheet), font_config=font_config, url_fetcher=fetcher))
        except Exception as exc:  # noqa: BLE001 - a missing or unreadable stylesheet is reported, not raised
            fetcher.failed.setdefault(sheet.resolve().as_uri(), ONTBREEKT if isinstance(exc, FileNotFoundError) else f"{ONLEESBAAR}: {exc}")
    state = {"fetcher": fetcher, "font_config": font_config, "css": sheets, "base": _base(assets), "setup_failed": dict(fetcher.failed)}
    _render(state, "opwarmen.pdf", WARM_UP, 1.0)  # load the faces and the PDF writer before the real work
    return state


# A worker process's set-up (see _init_worker). A Pool keeps its own when it renders in
# the main process, so nothing of one build's assets is left for the next.
_WORKER: dict[str, Any] = {}


def _init_worker(assets: str) -> None:
    """Parse the stylesheet and load the fonts once for this process."""
    _WORKER.clear()
    _WORKER.update(_setup(Path(assets)))
    gc.collect()
    gc.freeze()  # what is loaded now lives as long as the process: keep it out of every collection


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0  # how often a worker looks whether its parent is still there


def _start_worker(assets: str, parent: int, pdeathsig: bool) -> None:
    """The initializer of a pool's worker: it ends with its parent, then sets up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _end_with_parent(parent, pdeathsig)
    _init_worker(assets)


def _end_with_parent(parent: int, pdeathsig: bool) -> None:
    """Die when the parent does, even by SIGKILL: on Linux the kernel sends SIGKILL
    (PR_SET_PDEATHSIG; only when the parent's main thread forked us, since the signal
    follows the thread that did); everywhere a thread checks the parent's pid."""
    if pdeathsig and sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # gone already, before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="regiekaart-ouder", daemon=True).start()


WARM_UP = '<html lang="nl"><title>-</title><p>Regiekaart <b>fase</b> <strong>1</strong> <em>lokaal</em></p></html>'


# presentational_hints: honour HTML attributes such as <ol start="2">
OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "presentational_hints": True}


def _render(state: dict[str, Any], path: str, html: str, zoom: float) -> Rendered:
    from weasyprint import HTML

    start = time.perf_counter()
    options = {**OPTIONS, "pdf_identifier": hashlib.md5(path.encode()).hexdigest().encode()}
    fetcher = state["fetcher"]
    fetcher.failed = dict(state.get("setup_failed", {}))
    missers = _Missers(fetcher.failed)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(missers)
    try:
        document = HTML(string=html, base_url=state["base"], url_fetcher=fetcher).render(font_config=state["font_config"], stylesheets=state["css"], **options)
        data = document.write_pdf(zoom=zoom, **options)
    finally:
        logger.removeHandler(missers)
    return Rendered(path, data, len(document.pages), time.perf_counter() - start, tuple(sorted(fetcher.failed.items())))


def _render_one(path: str, html: str, zoom: float) -> Rendered:
    """In a worker process (or after _init_worker): with this process's set-up."""
    return _render(_WORKER, path, html, zoom)


def render_html(renderer: Renderer, job: PdfJob) -> str:
    return renderer.render(job.page()).decode("utf-8")


@dataclass
class _Batch:
    """What was submitted to a Pool since its results were last asked for."""

    key: str  # the set-up it is rendered with
    items: collections.deque[tuple[str, str, float]] = field(default_factory=collections.deque)  # with one job: still to render
    submitted: int = 0  # with workers: how many
    finished: queue.SimpleQueue[Future[Rendered]] = field(default_factory=queue.SimpleQueue)  # with workers: each as it is done


class Pool:
    """The worker processes that render PDFs, for one command (build, publish, serve).

    When the site in place was built from other content than the cached PDFs were made
    for, or the cache is empty, the workers start before the project is loaded
    (``build.run_build``), so that they import WeasyPrint, parse the stylesheet and load
    the font while the main process loads and keys; else at the first PDF the cache
    does not have. Each such PDF is submitted as soon as it is found
    (``render_pdfs``). A build that finds nothing changed starts none; one that fails
    stops them at once, also while they still set up. With one job everything happens
    in this process.

    The set-up belongs to the assets as they were read: it is keyed by their stylesheets
    and fonts (``setup_key``), and when that key changes (an edit during `serve`), new
    workers are started, or with one job the set-up is made anew, before anything is
    rendered. Nothing outlives the pool: it stops its workers when it is closed (at once
    when they are still rendering, as after Ctrl+C or SIGTERM: see interrupt.py); and a
    worker ends when its parent has gone, killed or not.
    """

    def __init__(self, assets: Path, jobs: int, start: bool = True) -> None:
        self.assets = assets
        self.jobs = jobs
        self.executor: ProcessPoolExecutor | None = None
        self.key = ""  # the set-up of the running workers
        self._local: tuple[str, dict[str, Any]] | None = None  # with one job: (key, set-up)
        self._futures: set[Future[Rendered]] = set()
        self._spawned: Future[int] | None = None
        self._batch: _Batch | None = None  # what was submitted (see submit) and not yet asked for
        if start:
            self.start()

    def start(self) -> None:
        """Start the workers now, set up from the assets as they are."""
        if self.jobs > 1:
            self._workers(setup_key(self.assets))

    def _workers(self, key: str) -> ProcessPoolExecutor:
        if self.executor is not None and self.key == key and not getattr(self.executor, "_broken", False):
            return self.executor
        self._stop()  # set up from other assets, or a worker died: `serve` goes on with new ones
        main = threading.current_thread() is threading.main_thread()
        # fork: the workers start at once, without importing regiekaart again. What this
        # process holds is frozen for the fork, so that a worker's collections never walk
        # (and copy) it; a build has frozen the loaded project already (build._frozen).
        frozen = gc.get_freeze_count()
        gc.freeze()
        try:
            self.executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=get_context("fork"), initializer=_start_worker, initargs=(str(self.assets), os.getpid(), main))
            self.key = key
            self._spawned = self.executor.submit(int)  # spawns the workers now; done once one is set up
        finally:
            if not frozen:
                gc.unfreeze()
        return self.executor

    def submit(self, item: tuple[str, str, float]) -> None:
        """Render ``item`` (path, HTML, zoom): at once in a worker; with one job, in
        this process when ``results`` is read. A build submits each PDF as soon as it
        finds that it must be rendered, while it keys the others."""
        if self._batch is None:
            self._batch = _Batch(setup_key(self.assets))
        batch = self._batch
        if self.jobs <= 1:
            batch.items.append(item)
            return
        future = self._workers(batch.key).submit(_render_one, *item)
        self._futures.add(future)
        batch.submitted += 1
        future.add_done_callback(batch.finished.put)

    def results(self) -> Iterator[Rendered]:
        """The PDFs submitted since the last call, as they are done. Nothing here holds
        on to one after it is handed out: a build of hundreds of gemeenten keeps neither
        their HTML nor their PDFs in memory."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        if self.jobs <= 1:
            if self._local is None or self._local[0] != batch.key:
                self._local = (batch.key, _setup(self.assets))
            while batch.items:
                yield _render(self._local[1], *batch.items.popleft())
            return
        for _ in range(batch.submitted):
            future = batch.finished.get()
            self._futures.discard(future)
            yield future.result()

    def run(self, werk: list[tuple[str, str, float]]) -> Iterator[Rendered]:
        """The rendered PDFs, as they are done."""
        for item in werk:
            self.submit(item)
        return self.results()

    def close(self) -> None:
        """Stop the workers, and forget what was submitted and not asked for."""
        self._batch = None
        self._stop()

    def _stop(self) -> None:
        """Stop the workers: when idle, as they finish; when still rendering (a build that
        was interrupted), at once."""
        executor, self.executor, self.key = self.executor, None, ""
        spawned, self._spawned = self._spawned, None
        if executor is None:
            return
        # still rendering, or still setting up (a build that failed after starting them
        # early, see build.run_build): nothing to wait for
        if any(not f.done() for f in self._futures) or (spawned is not None and not spawned.done()):
            for process in list((getattr(executor, "_processes", None) or {}).values()):  # no public way before Python 3.14
                process.kill()
        self._futures.clear()
        executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def render_pdfs(
    project: Project, jobs: list[PdfJob], renderer: Renderer, pool: Pool, incr: Incremental, on_start: Callable[[int], None] | None = None, on_done: Callable[[str], None] | None = None
) -> PdfResult:
    """Make the planned PDFs: jobs over from the previous site when their input is
    unchanged, from the PDF cache when their HTML is, else rendered in the pool; and
    check their page counts. Each PDF's title and size go into ``renderer.pdfs`` as
    soon as it is done; ``on_start`` hears how many must be rendered, ``on_done`` of
    each PDF that is ready."""
    result = PdfResult()
    rendering, html_keys, klaar, htmls = 0, {}, [], {}
    # PDFs with the same HTML as one planned before them (the booklet at the site's root is
    # the default region's): rendered once, by the first; the others get what it made.
    kopieen: dict[str, list[str]] = {}
    for t in jobs:
        page = t.page()
        previous = incr.reuse(page, project, pdf=True, extra=(t.zoom, t.max_pages))
        if previous is not None:
            klaar.append(Rendered(t.info.path, previous, 0, 0.0))
            continue
        html = render_html(renderer, t)
        key = incr.pdf_cache.key(html, t.zoom)
        incr.made_from_html(t.info.path, key)
        hit = incr.pdf_cache.get(key)
        if hit is not None:
            klaar.append(Rendered(t.info.path, hit[0], hit[1], 0.0))
        elif key in kopieen:
            kopieen[key].append(t.info.path)
            htmls[t.info.path] = html
        else:
            rendering += 1
            pool.submit((t.info.path, html, t.zoom))  # rendered while the rest is keyed
            kopieen[key] = []
            html_keys[t.info.path] = key
            htmls[t.info.path] = html
    result.cached = len(klaar) + sum(len(paths) for paths in kopieen.values())
    if on_start:
        on_start(rendering)
    by_path = {t.info.path: t for t in jobs}

    def done(u: Rendered, data: bytes | Path) -> None:
        job = by_path[u.path]
        html = htmls.pop(u.path, "")  # kept only to say where a missing image is
        result.problems.extend(_niet_geladen(project, job, html, pool.assets, url, why) for url, why in u.failed)
        result.files[u.path] = data
        result.infos[u.path] = job.info
        result.seconds[u.path] = u.seconds
        if u.pages > job.max_pages:
            result.problems.append(_te_lang(job, u.pages))
        renderer.pdfs[u.path] = result.link(u.path)
        if on_done:
            on_done(u.path)

    for u in itertools.chain(klaar, pool.results()):
        interrupt.check()
        data = u.data
        # a PDF that lacks a resource fails the build: it is never kept for a later one
        if u.path in html_keys and isinstance(data, bytes) and not u.failed:
            data = incr.pdf_cache.put(html_keys[u.path], data, u.pages) or data  # on disk, not in memory
        done(u, data)
        for path in kopieen.get(html_keys.get(u.path, ""), []):
            done(Rendered(path, data, u.pages, 0.0, u.failed), data)
    result.problems = sorted(set(result.problems), key=lambda p: (p.pos.path, p.pos.line, p.message))
    return result


def _niet_geladen(project: Project, job: PdfJob, html: str, assets: Path, url: str, why: str) -> Problem:
    """A resource the PDF could not load, reported where it was written: the image in a
    chapter or a value of the content, else the stylesheet or the PDF's own file."""
    root = assets.resolve()
    parts = urllib.parse.urlsplit(url)
    file = Path(urllib.request.url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
    in_assets = file.relative_to(root).as_posix() if file is not None and file.is_relative_to(root) else ""
    src = _src_in(html, _base(assets), url)
    if src is None:  # not in the page: the stylesheet asked for it (itself, a font, a background)
        wat = f"'{'assets/' + in_assets if in_assets else url}', voor de opmaak van de PDF's,"
        pos = Pos("assets/css/pdf.css")
    else:
        pos, src = _written(project, job, [src, f"assets/{in_assets}" if in_assets else "", in_assets, posixpath.basename(in_assets)]) or (job.pos, src)
        wat = f"de afbeelding '{src[:80]}'"
    if why == EXTERN:
        waarom = "staat op een andere website, en de PDF's halen niets van het internet. Zet het bestand in assets/ en verwijs daarnaar."
    elif why == BUITEN:
        waarom = "ligt buiten de map assets, en de PDF's lezen alleen bestanden uit assets/. Zet het bestand daar en verwijs ernaar."
    elif why == ONTBREEKT:
        gezocht = f" (gezocht: assets/{in_assets})" if in_assets else ""
        waarom = f"bestaat niet{gezocht}. Zet het bestand in assets/ of verbeter de naam."
    else:
        detail = why.removeprefix(ONLEESBAAR).strip(": ")
        waarom = f"is niet te lezen{f' ({detail})' if detail else ''}. Vervang het door een werkend PNG-, JPEG- of SVG-bestand."
    return error(pos, f"{wat} kan niet in de PDF's: het bestand {waarom}", codes.NIET_IN_PDF)


def _src_in(html: str, base: str, url: str) -> str | None:
    """The address in the page's HTML that WeasyPrint turned into ``url``, as written."""
    for match in re.finditer(r'\b(?:src|href|data)="([^"]*)"', html):
        value = htmllib.unescape(match.group(1))
        if value and urllib.parse.urljoin(base, value) == url:
            return value
    return None


def _written(project: Project, job: PdfJob, candidates: list[str]) -> tuple[Pos, str] | None:
    """Where the content writes the first of ``candidates`` that it has (the address as
    the page has it, its path in the assets, its file name), and which: in a chapter,
    with line and column, or in a value of the gemeente or the base card."""
    for text in [c for c in candidates if c]:
        for h in [*project.hoofdstukken, *project.regio_hoofdstukken, *project.training]:
            i = h.markdown.find(text)
            if i >= 0:
                return Pos(h.path, h.body_line + h.markdown.count("\n", 0, i), i - h.markdown.rfind("\n", 0, i)), text
        gemeente = job.context.get("gemeente")
        for rec in (gemeente.rec if gemeente is not None else None, project.basis.rec):
            pos = _value_pos(rec, text)
            if pos is not None:
                return pos, text
    return None


def _value_pos(node: Any, text: str) -> Pos | None:  # noqa: ANN401
    """The position of the first value under ``node`` (Rec, Lijst, list, Val) that contains ``text``."""
    if isinstance(node, (list, tuple)):
        children = list(node)
    elif hasattr(node, "fields") and isinstance(node.fields, dict):
        children = list(node.fields.values())
    elif hasattr(node, "items") and isinstance(getattr(node, "items"), list):
        children = node.items
    else:
        value = getattr(node, "value", None)
        pos = getattr(node, "pos", None)
        return pos if isinstance(value, str) and text in value and isinstance(pos, Pos) else None
    for child in children:
        found = _value_pos(child, text)
        if found is not None:
            return found
    return None


def _te_lang(job: PdfJob, pages: int) -> Problem:
    """A PDF with more pages than its maximum: by how many. `build` stops; `serve` and
    --draft build it, with a band on each page too many (PdfJob.te_veel)."""
    fix = "Maak de langste teksten korter en zet uitleg in 'toelichting' of 'werkafspraken'."
    over = f"{_paginas(pages - job.max_pages)} te veel"
    if job.max_pages == 1:
        return error(job.pos, f"{job.soort()} beslaat {pages} pagina's in plaats van één: {over}. {fix}", codes.KAART_TE_LANG, job.who)
    return error(job.pos, f"{job.soort()} beslaat {pages} pagina's; het maximum is {job.max_pages}, dus {over}. {fix}", codes.PDF_TE_LANG, job.who)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
