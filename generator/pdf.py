"""PDF stage: the printable cards, the training handout and the handreiking booklet.

Each PDF is rendered once per build, by WeasyPrint, in worker processes across
the machine's cores. Every worker parses the stylesheet and loads the shipped
font once and reuses them for all its PDFs. Output is deterministic: the PDF
identifier is derived from the output path, and the only dates are those of
the content.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import itertools
import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Iterator

from .drukwerk import A3_ZOOM, MAAT, meet_kaart
from .model import Gemeente, Project
from .cache import Incrementeel
from .problems import Pos, Problem, error
from .render import HANDREIKING_PDF, REGIEKAART_PDF, Page, Renderer, gemeente_pdf

@dataclass
class PdfInfo:
    """What the site needs to know of a PDF to link it."""

    path: str
    titel: str
    omschrijving: str
    datum: dt.date | None = None


@dataclass
class Taak:
    """One PDF to render, with what it must satisfy."""

    info: PdfInfo
    template: str
    context: dict[str, Any]
    max_pages: int  # more pages than this is an error
    pos: Pos  # where to point when it does not fit
    wie: str
    papier: str = "A4"
    scope: tuple[str, ...] = ()  # parts of the project it shows besides render.SCOPE

    def page(self) -> Page:
        return Page(self.info.path, self.template, self.info.titel, {"pdf": self.info, "kaart_css": MAAT.css(self.papier), **self.context}, scope=self.scope)

    @property
    def zoom(self) -> float:
        return A3_ZOOM if self.papier == "A3" else 1.0


@dataclass
class Uitkomst:
    path: str
    data: bytes | Path  # the PDF, or the file that holds it
    pages: int  # 0: taken over from the previous site, not counted again
    seconds: float


@dataclass
class PdfResult:
    files: dict[str, bytes | Path] = field(default_factory=dict)
    infos: dict[str, PdfInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    cached: int = 0  # taken from the cache, not rendered

    def link(self, path: str) -> dict[str, str]:
        """For the site: title and size of a PDF."""
        data = self.files[path]
        size = data.stat().st_size if isinstance(data, Path) else len(data)
        return {"titel": self.infos[path].titel, "grootte": grootte(size)}


def grootte(n: int) -> str:
    """File size the Dutch way: 84 kB, 1,2 MB."""
    if n < 1000 * 1000:
        return f"{max(1, round(n / 1000))} kB"
    return f"{n / 1000 / 1000:.1f} MB".replace(".", ",")


def plan_pdfs(project: Project, fonts: Path) -> list[Taak]:
    """Every PDF of the site: the booklet first (the biggest by far), then each
    gemeente's three, biggest first, so that its page can be made while the rest
    render and the last tasks are small ones."""
    site, basis = project.site, project.basis
    taken = [
        Taak(
            PdfInfo(HANDREIKING_PDF, f"Handreiking de-escaleren{' ' + site.regionaam if site.regionaam else ''}", "De handreiking als boekje, met de universele regiekaart en de criteria als bijlagen.", basis.bijgewerkt),
            "pdf/handreiking.html",
            {},
            999,
            Pos(basis.path),
            "de handreiking",
            scope=("hoofdstukken",),
        ),
        Taak(
            PdfInfo(REGIEKAART_PDF, basis.titel or "Universele regiekaart", "De universele regiekaart op één liggende A4.", basis.bijgewerkt),
            "pdf/universele-kaart.html",
            {},
            1,
            Pos(basis.path),
            "de universele kaart",
        ),
    ]
    for g in project.gemeenten:
        papier = g.papierformaat or site.papierformaat
        taken += [
            Taak(
                PdfInfo(gemeente_pdf(g.slug, "training"), f"Training casusregie en de regiekaart {g.naam}", "Deelnemersmateriaal voor de training, met de eigen regiekaart.", g.datum),
                "pdf/training.html",
                {"gemeente": g, "regio": g.regio},
                999,
                g.pos_in_eigen_bestand(),
                g.naam,
                scope=("training",),
            ),
            Taak(
                PdfInfo(gemeente_pdf(g.slug, "criteriakaart"), f"Criteriakaart {g.naam}", "Criteria voor op- en afschalen per fase, op A4.", g.datum),
                "pdf/criteriakaart.html",
                {"gemeente": g, "regio": g.regio},
                2,
                g.pos_in_eigen_bestand(),
                g.naam,
            ),
            Taak(
                PdfInfo(gemeente_pdf(g.slug, "regiekaart"), f"Regiekaart de-escaleren {g.naam}", f"De lokale regiekaart op één liggende {papier}.", g.datum),
                "pdf/regiekaart.html",
                {"gemeente": g, "regio": g.regio},
                1,
                _langste(g, fonts),
                g.naam,
                papier=papier,
            ),
        ]
    return taken


def _langste(g: Gemeente, fonts: Path) -> Pos:
    return meet_kaart(g.kaart, fonts).hoogste_pos or g.pos_in_eigen_bestand()


# --- rendering ------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


class _Fetcher:
    """Only files of the site's own assets; nothing from the network."""

    def __init__(self, assets: Path) -> None:
        from weasyprint.urls import URLFetcher

        self.assets = assets.resolve().as_uri() + "/"
        self.inner = URLFetcher(allowed_protocols={"file"})

    def __call__(self, url: str, headers: Any = None) -> Any:  # noqa: ANN401
        if not url.startswith(self.assets):
            raise ValueError(f"buiten de assets: {url}")
        return self.inner.fetch(url, headers)

    fetch = __call__


def _init_worker(assets: str) -> None:
    """Parse the stylesheet and load the fonts once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = _Fetcher(Path(assets))
    font_config = FontConfiguration()
    css = CSS(filename=str(Path(assets) / "css" / "pdf.css"), font_config=font_config, url_fetcher=fetcher)
    _WORKER.update(fetcher=fetcher, font_config=font_config, css=css, base=Path(assets).as_uri() + "/css/")
    _render_one("opwarmen.pdf", WARM_UP, 1.0)  # load the faces and the PDF writer before the real work
    gc.collect()
    gc.freeze()  # what is loaded now lives as long as the process: keep it out of every collection


WARM_UP = '<html lang="nl"><title>-</title><p>Regiekaart <b>fase</b> <strong>1</strong> <em>lokaal</em></p></html>'


# presentational_hints: honour HTML attributes such as <ol start="2">
OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "presentational_hints": True}


def _render_one(path: str, html: str, zoom: float) -> Uitkomst:
    from weasyprint import HTML

    start = time.perf_counter()
    options = {**OPTIONS, "pdf_identifier": hashlib.md5(path.encode()).hexdigest().encode()}
    document = HTML(string=html, base_url=_WORKER["base"], url_fetcher=_WORKER["fetcher"]).render(
        font_config=_WORKER["font_config"], stylesheets=[_WORKER["css"]], **options
    )
    data = document.write_pdf(zoom=zoom, **options)
    return Uitkomst(path, data, len(document.pages), time.perf_counter() - start)


def render_html(renderer: Renderer, taak: Taak) -> str:
    return renderer.render(taak.page()).decode("utf-8")


class Pool:
    """The worker processes that render PDFs.

    Started before the project is loaded, so that the workers import WeasyPrint,
    parse the stylesheet and load the font while the main process reads the
    content. With one job everything happens in this process.
    """

    def __init__(self, assets: Path, jobs: int, start: bool = True) -> None:
        self.assets = assets
        self.jobs = jobs
        self.executor: ProcessPoolExecutor | None = None
        if start:
            self.start()

    def start(self) -> None:
        if self.jobs > 1 and self.executor is None:
            # fork: the workers start at once, without importing regiekaart again
            self.executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=get_context("fork"), initializer=_init_worker, initargs=(str(self.assets),))
            self.executor.submit(int)  # spawns the workers now

    def run(self, werk: list[tuple[str, str, float]]) -> Iterator[Uitkomst]:
        """The rendered PDFs, as they are done."""
        if not werk:
            return
        self.start()
        if self.executor is None:
            if not _WORKER:
                _init_worker(str(self.assets))
            for item in werk:
                yield _render_one(*item)
            return
        futures = [self.executor.submit(_render_one, *item) for item in werk]
        for future in as_completed(futures):
            yield future.result()

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def render_pdfs(
    project: Project, taken: list[Taak], renderer: Renderer, pool: Pool, incr: Incrementeel, on_start: Callable[[int], None] | None = None, on_done: Callable[[str], None] | None = None
) -> PdfResult:
    """Make the planned PDFs: taken over from the previous site when their input is
    unchanged, from the PDF cache when their HTML is, else rendered in the pool; and
    check their page counts. Each PDF's title and size go into ``renderer.pdfs`` as
    soon as it is done; ``on_start`` hears how many must be rendered, ``on_done`` of
    each PDF that is ready."""
    result = PdfResult()
    werk, html_keys, klaar = [], {}, []
    for t in taken:
        page = t.page()
        previous = incr.reuse(page, project, pdf=True, extra=(t.zoom, t.max_pages))
        if previous is not None:
            klaar.append(Uitkomst(t.info.path, previous, 0, 0.0))
            continue
        html = render_html(renderer, t)
        key = incr.pdf_cache.key(html, t.zoom)
        incr.made_from_html(t.info.path, key)
        hit = incr.pdf_cache.get(key)
        if hit is None:
            werk.append((t.info.path, html, t.zoom))
            html_keys[t.info.path] = key
        else:
            klaar.append(Uitkomst(t.info.path, hit[0], hit[1], 0.0))
    result.cached = len(klaar)
    if on_start:
        on_start(len(werk))
    by_path = {t.info.path: t for t in taken}
    for u in itertools.chain(klaar, pool.run(werk)):
        taak = by_path[u.path]
        data = u.data
        if u.path in html_keys and isinstance(data, bytes):
            data = incr.pdf_cache.put(html_keys[u.path], data, u.pages) or data  # on disk, not in memory
        result.files[u.path] = data
        result.infos[u.path] = taak.info
        result.seconds[u.path] = u.seconds
        if u.pages > taak.max_pages:
            result.problems.append(_te_lang(taak, u.pages))
        renderer.pdfs[u.path] = result.link(u.path)
        if on_done:
            on_done(u.path)
    result.problems.sort(key=lambda p: (p.pos.path, p.pos.line, p.message))
    return result


def _te_lang(taak: Taak, pages: int) -> Problem:
    soort = taak.template.removeprefix("pdf/").removesuffix(".html")
    if taak.max_pages == 1:
        wat = f"de geprinte regiekaart van {taak.wie} beslaat {pages} pagina's in plaats van één"
    else:
        wat = f"de {soort} van {taak.wie} beslaat {pages} pagina's; het maximum is {taak.max_pages}"
    return error(taak.pos, f"{wat}. Maak de langste teksten korter en zet uitleg in 'toelichting' of 'werkafspraken'.")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
