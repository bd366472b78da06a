"""The build: from a loaded project to the site in place, and the choreography of it.

``run_build`` takes the settings of one build (``BuildSettings``): when the input is
that of the site in place it does nothing; else it loads the project (assemble.py),
and ``build_site`` makes every declared output (products.py): the PDFs in worker
processes, the pages as soon as the PDFs they link are done, the text files and the
search index, each taken over from the previous site when its key is unchanged, and
writes them all at once (write.py). The CLI calls ``run_build`` and nothing else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterator

from . import codes, interrupt
from .assemble import Loaded, assets_dir, cache_beschadigd, load_project, project_dirs
from .cache import Digests, Memory, Incremental, Manifest, PdfCache, Keys, content_key, with_settings
from .model import Project
from .pdf import PdfResult, Pool, default_jobs, render_pdfs
from .problems import Pos, Problem, Severity
from .products import plan
from .render import CompiledTemplates, PageQueue, Renderer
from .search import SearchIndex
from .write import MARKER, recover, write_site

__all__ = ["BuildOutcome", "BuildSettings", "Built", "Loaded", "assets_dir", "build_site", "load_project", "run_build"]


@dataclass
class Built:
    pages: int
    pdfs: int
    problems: list[Problem]
    pdfs_cached: int = 0  # PDFs taken over or from the cache instead of rendered
    changed: list[str] = field(default_factory=list)  # files new or different from the previous site
    kept: int = 0  # files identical to the previous site
    pages_rendered: int = 0
    shown: list[Problem] = field(default_factory=list)  # problems that did not stop it (a PDF too long, with overflow)
    repaired: list[str] = field(default_factory=list)  # files of the previous site changed or removed after it was built: made again


def cache_dir(root: Path) -> Path:
    return root / "build" / ".cache" / "pdf"


def build_site(
    project: Project,
    root: Path,
    out: Path,
    draft: bool = False,
    pool: Pool | None = None,
    overflow: bool = False,
    complete: bool = True,
    fresh: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_pdf: Callable[[str], None] | None = None,
    record: Manifest | None = None,
    jobs: int = 1,
    base_url: str = "",
    digests: Digests | None = None,
) -> Built:
    """Make the PDFs (their sizes go on the pages that link them), then the pages;
    write all at once. Without a pool, no PDFs. Outputs whose input did not change
    are taken over from the previous site in ``out`` (unless ``fresh``), PDFs whose
    HTML did not change come from the cache; ``complete`` (every gemeente built)
    lets the cache forget what it no longer needs. ``record`` holds what the
    manifest keeps of the whole build (its input key, warnings). The search index
    is made while the PDFs are; ``base_url`` (the published address) adds canonical
    links and a sitemap. ``overflow``: a PDF longer than its maximum is written all
    the same (it shows which pages are too many), its problem goes into ``shown``."""
    jinja = root / "build" / ".cache" / "jinja"
    kapot = CompiledTemplates.damaged(jinja)
    damaged = [cache_beschadigd(jinja.relative_to(root).as_posix(), "een gecompileerd sjabloon" if len(kapot) == 1 else f"{len(kapot)} gecompileerde sjablonen", len(kapot))] if kapot else []
    renderer = Renderer(project, project_dirs(root, "templates"), draft, jinja, base_url)
    assets = project_dirs(root, "assets")
    sleutels = Keys(project_dirs(root, "templates"), assets[0] if assets else None, draft, [h.slug for h in project.hoofdstukken], base_url, digests)
    cache = PdfCache(cache_dir(root), sleutels.html_to_pdf)
    previous = None if fresh else out
    vorige = Manifest.read(out / MARKER) if previous else Manifest()
    incr = Incremental(sleutels, cache, previous, vorige)
    if record is not None:
        incr.new.input_key, incr.new.warnings, incr.new.files_read = record.input_key, record.warnings, record.files_read
    pdfs = PdfResult()
    outputs = plan(project, base_url)
    taken = outputs.pdfs if pool is not None else []
    # Without PDF workers the pages are the work: render a large batch across the cores.
    page_jobs = jobs if pool is None else 1
    pages = PageQueue(renderer, outputs.pages, {t.info.path for t in taken}, lambda page, links: incr.reuse(page, project, pdf=False, extra=links), page_jobs)
    pages.render_ready()  # the pages that link no PDF of this build, while the workers start
    zoek = SearchIndex(root / "build" / ".cache" / "zoek", previous, vorige.search_bundles)
    zoek.start(pages.for_index(lambda page: incr.index_source(page, project)), len(project.gemeenten))  # Pagefind runs while the PDFs are made
    try:
        if pool is not None:

            def done(path: str) -> None:
                pages.render_ready(path)
                if on_pdf:
                    on_pdf(path)

            pdfs = render_pdfs(project, taken, renderer, pool, incr, on_start, done)
            if stops(pdfs.problems, overflow):
                return Built(0, 0, pdfs.problems)
            incr.new.warnings += record_of("", pdfs.problems, 0).warnings  # what a no-op build reports again
            if complete:
                cache.prune()
        pages.render_ready()
        files = pages.files
        n_pages = len(files)
        files.update(pdfs.files)
        for text in outputs.texts:  # key, the previous file when unchanged, else made
            files[text.path] = incr.reuse(text, project, pdf=False) or renderer.render_text(text)
        incr.new.search_bundles = zoek.keys
        asset_files = sorted(p for p in assets[0].rglob("*") if p.is_file()) if assets else []

        def index() -> tuple[dict[str, bytes | Path], list[Problem]]:
            problems = zoek.finish()  # Pagefind ran while the PDFs and the pages were made and written
            incr.new.file_count = len(files) + len(asset_files) + len(zoek.files)
            return zoek.files, problems

        interrupt.check()  # the last moment to stop with the previous site as it was
        incr.new.page_count = n_pages
        written = write_site(out, files, assets[0] if assets else None, incr.new.text, late=index, known=vorige.files)
        if n := len(cache.beschadigd):
            damaged.append(cache_beschadigd(cache_dir(root).relative_to(root).as_posix(), "een PDF in de cache" if n == 1 else f"{n} PDF's in de cache", n))
        return Built(n_pages, len(pdfs.files), written.problems, pdfs.cached, written.changed, written.kept, pages.rendered, pdfs.problems + damaged, sorted(vorige.damaged))
    finally:
        zoek.stop()


@dataclass(frozen=True)
class BuildSettings:
    """Everything one build needs, from the command line; `build` and `publish` run it
    once, `serve` after every change. Every field is part of the no-op key (see
    ``key_text``) unless its metadata says ``output=False``: a new option that changes
    the site is covered without anyone having to remember it."""

    project: Path
    out: Path
    gemeenten: tuple[str, ...] = ()
    draft: bool = False
    pdf: bool = True
    base_url: str = ""
    intern: bool = False  # with the names of the wie-is-wie: for the closed intranet only
    peildatum: dt.date = field(default_factory=dt.date.today)  # review dates are checked against it
    jobs: int | None = field(default=None, metadata={"output": False})  # processes for the PDFs
    quiet: bool = field(default=False, metadata={"output": False})
    # A card or PDF too long for its paper is built, with a red band that says by how
    # much, instead of stopping the build: `serve` sets it; --draft implies it.
    overflow: bool = False
    # A complete build lets the PDF cache forget what it did not use; `serve` does not: a
    # folder moved away for a moment would cost every PDF of its gemeenten again.
    prune: bool = field(default=True, metadata={"output": False})

    def __post_init__(self) -> None:
        object.__setattr__(self, "project", self.project.resolve())
        object.__setattr__(self, "out", self.out.resolve())
        object.__setattr__(self, "gemeenten", tuple(sorted(set(self.gemeenten))))

    @property
    def shows_overflow(self) -> bool:
        return self.overflow or self.draft

    def key_text(self) -> str:
        """The settings that shape the output, for the no-op key (the folders read are
        in the key by their content, the output folder is where the key is kept)."""
        return "; ".join(f"{f.name} {getattr(self, f.name)!r}" for f in fields(self) if f.metadata.get("output", True) and f.name not in ("project", "out"))


@dataclass
class BuildOutcome:
    """What a build did: the result (None when nothing was written), its problems, the
    number of files read, and the loaded project (None when nothing had to be loaded)."""

    result: Built | None
    problems: list[Problem]
    n_files: int
    project: Project | None = None


def run_build(
    settings: BuildSettings,
    pool: Pool | None,
    fresh: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_pdf: Callable[[str], None] | None = None,
    memory: Memory | None = None,
) -> BuildOutcome:
    """Load, check and build. When the input is exactly that of the site in place,
    nothing is read or made. ``pool`` renders the PDFs (None: no PDFs); ``memory``
    is what a `serve` session keeps between its builds."""
    root, out = settings.project, settings.out
    recover(out)  # a swap that a stopped build left half done
    inhoud = content_key(input_dirs(root))
    invoer = with_settings(inhoud, settings.key_text())
    if not fresh and (same := unchanged_build(root, out, invoer)) is not None:
        return BuildOutcome(*same)
    if pool is not None and (fresh or not any(cache_dir(root).glob("*.pdf")) or ((out / MARKER).is_file() and PdfCache.made_for(cache_dir(root)) != inhoud)):
        # Every PDF must be rendered, or the site in place was built from other content
        # than the PDFs in the cache were made for: nearly always a PDF with it (a
        # gemeente's card, a chapter of a booklet). The workers set up while the project
        # loads, instead of after it, at the first PDF the cache does not have: their
        # set-up (WeasyPrint, the stylesheet, the fonts) is what a build of one changed
        # gemeente waits for most. The same content (`publish` after `build`), or a new
        # folder beside a full cache, starts them only when a PDF is missing.
        pool.start()
    with _collector_off():  # loading makes only objects that live as long as the build
        loaded = load_project(root, list(settings.gemeenten) or None, settings.intern, settings.peildatum, memory)
    problems, n_files = loaded.reported()  # with -g: what is about the chosen gemeenten
    if stops(loaded.blocking(settings.draft), settings.shows_overflow) or loaded.project is None:
        return BuildOutcome(None, problems, n_files, loaded.project)
    with _frozen():
        result = build_site(
            loaded.project,
            root,
            out,
            draft=settings.draft,
            pool=pool,
            overflow=settings.shows_overflow,
            complete=not settings.gemeenten and settings.prune,
            fresh=fresh,
            on_start=on_start,
            on_pdf=on_pdf,
            record=record_of(invoer, problems, n_files),
            jobs=settings.jobs or default_jobs(),
            base_url=settings.base_url,
            digests=loaded.digests,
        )
    if result.problems:
        return BuildOutcome(None, problems + result.problems, n_files, loaded.project)
    if pool is not None and not settings.gemeenten:
        PdfCache.record_made_for(cache_dir(root), inhoud)
    return BuildOutcome(result, problems + result.shown, n_files, loaded.project)


# A card or PDF too long for its paper: `build` stops, `serve` and --draft build it with
# the overflow shown (BuildSettings.overflow).
OVERFLOW = frozenset(c.code for c in codes.CODES.values() if c.overloop)


def stops(problems: list[Problem], overflow: bool) -> list[Problem]:
    """The errors among ``problems`` that stop the build; with ``overflow``, not those of
    a card or PDF that is too long."""
    return [p for p in problems if p.is_error and not (overflow and p.code in OVERFLOW)]


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """While building, keep what is loaded out of Python's cycle collector: the loaded
    project lives until the build ends, and the collector would walk its hundreds of
    thousands of objects over and over (about half a second for 342 gemeenten). Objects
    made while building are still collected; afterwards the project is let go again
    (`serve` goes on building in the same process)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def input_dirs(root: Path) -> list[Path]:
    """Every folder a build reads."""
    return [root / "content", root / "gemeenten", *project_dirs(root, "templates"), *project_dirs(root, "assets")]


# Folders of the project that a build reads or that hold the author's work: output never
# goes into them, nor into a folder that holds them.
BRONMAPPEN = ("content", "gemeenten", "assets", "templates", "schema")


def output_problem(root: Path, out: Path, wat: str = "de site", voorbeeld: str = "build/site") -> str:
    """Why ``out`` may not receive output, or ''. Output inside the input would be read
    back by the next build (a site nested in itself), and a folder that holds the
    input would be replaced by the site."""
    target = out.resolve()
    for folder in dict.fromkeys([*(root / name for name in BRONMAPPEN), *input_dirs(root)]):
        folder = folder.resolve()
        if target == folder or target.is_relative_to(folder):
            return f"{wat} kan niet in {folder} komen: daar staan de bronbestanden, en de volgende bouw zou {wat} weer inlezen. Kies een plek buiten {', '.join(BRONMAPPEN)}, bijvoorbeeld {voorbeeld}."
        if folder.is_relative_to(target):
            return f"{wat} kan niet in {target} komen: die map bevat de bronbestanden ({folder}), en die zouden worden vervangen. Kies een lege of nieuwe map, bijvoorbeeld {voorbeeld}."
    return ""


def unchanged_build(root: Path, out: Path, invoer: str) -> tuple[Built, list[Problem], int] | None:
    """When the site in ``out`` was built from exactly this input and is complete:
    what that build reported (nothing is read, rendered or written); else None."""
    manifest = Manifest.read(out / MARKER)
    if not manifest.input_key or manifest.input_key != invoer or not manifest.intact(out):
        return None
    problems = [
        Problem(Pos(str(m["path"]), int(m["line"]), int(m["column"])), str(m["message"]), Severity(m["severity"]), str(m.get("code", "")), str(m.get("onderwerp", "")))
        for m in manifest.warnings
    ]
    n_pdfs = sum(1 for path in manifest.entries if path.endswith(".pdf"))
    return Built(manifest.page_count, n_pdfs, [], n_pdfs, [], manifest.file_count, 0), problems, manifest.files_read


def record_of(invoer: str, problems: list[Problem], n_files: int) -> Manifest:
    """What the manifest keeps of a build's warnings (a no-change build repeats them),
    but not that a cache was damaged: that was true once, for this build."""
    warnings = [{"path": p.pos.path, "line": p.pos.line, "column": p.pos.column, "severity": p.severity.value, "message": p.message, "code": p.code, "onderwerp": p.onderwerp} for p in problems if p.code != codes.CACHE_BESCHADIGD]
    return Manifest(input_key=invoer, warnings=warnings, files_read=n_files)
