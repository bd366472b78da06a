"""Render stage: the model to HTML pages, in memory (no file is written here).

Jinja2 with autoescaping on; Markdown through markdown-it-py without raw
HTML. Every link is relative to the page, so the site works from disk and
under any sub-path.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Callable

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import bc_magic
from markdown_it.token import Token
from markupsafe import Markup, escape

from . import __version__
from .cache import sealed, unsealed
from .markdown import parser
from .model import CEL_STATUS_TEKST, CEL_TEKST, KENMERK_RIJ, MERKEN, Project, slugify, unique_id
from .velden import VELDEN
from .vragen import BLOK

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")

# A paragraph that is only "{schrijfruimte 4}": ruled lines to write on, in the training handout.
SCHRIJFRUIMTE = re.compile(r"^\{schrijfruimte(?: (\d{1,2}))?\}$")

HOME = "index.html"
REGIEKAART = "regiekaart/index.html"
HANDREIKING = "handreiking/index.html"
ZOEKEN = "zoeken/index.html"
ZOEKINDEX = "pagefind"  # the search index: one folder per bundle
GEMEENTEN_PER_BUNDEL = 100
SITEMAP = "sitemap.xml"
# The kinds of page the search page can narrow its results to (Page.search_group).
ZOEKGROEPEN = {"handreiking": "Handreiking", "kaart": "Regiekaarten", "training": "Training"}

# Only the site itself: no other host, no inline script or style. Pagefind's search
# runs WebAssembly, hence 'wasm-unsafe-eval' (it allows no eval of JavaScript).
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


HANDREIKING_PDF = "handreiking.pdf"
REGIEKAART_PDF = "regiekaart/regiekaart.pdf"
INVULKAART_PDF = "regiekaart/invulkaart.pdf"  # the card without values, to fill in by hand


def trainershandleiding_pdf(slug: str) -> str:
    """A region's trainer's guide."""
    return f"regios/{slug}/trainershandleiding.pdf"


@dataclass(frozen=True)
class GemeentePdf:
    """One of the PDFs every gemeente gets: declared here once, for the PDF stage (what to
    render and check), the gemeente's page (its links) and the site's plan."""

    name: str  # its file name without .pdf
    template: str
    title: str  # with {naam} for the gemeente's name
    description: str  # with {papier} for the paper size
    explanation: str  # what the gemeente's page says of it, under the link
    max_pages: int  # more is an error
    scope: tuple[str, ...] = ()  # parts of the project it shows besides SCOPE
    card: bool = False  # the card itself: too long points at its longest text (every PDF shows the card on the gemeente's paper)
    # more pages than max_pages: an error in `build`; `serve` and --draft mark each page too many


# In the order of the gemeente's page. The PDF stage renders the longest first.
GEMEENTE_PDFS = (
    GemeentePdf(
        "regiekaart", "pdf/regiekaart.html", "Regiekaart de-escaleren {naam}", "De lokale regiekaart op één liggende {papier}.",
        "De kaart op één liggende pagina, voor aan de wand en in het dossier.", 1, card=True,
    ),
    GemeentePdf(
        "criteriakaart", "pdf/criteriakaart.html", "Criteriakaart {naam}", "Criteria voor op- en afschalen per fase, op A4.",
        "De criteria voor op- en afschalen per fase, voor in het overleg.", 2,
    ),
    GemeentePdf(
        "training", "pdf/training.html", "Training casusregie en de regiekaart {naam}", "Deelnemersmateriaal voor de training, met de eigen regiekaart.",
        "Deelnemersmateriaal voor de training casusregie, met deze kaart en een oefencasus.", 999, ("training",),
    ),
)


def gemeente_pdf(slug: str, name: str) -> str:
    """name: that of one of GEMEENTE_PDFS."""
    return f"gemeenten/{slug}/{name}.pdf"


def gemeente_url(slug: str) -> str:
    return f"gemeenten/{slug}/index.html"


def invullen_url(slug: str) -> str:
    """A gemeente's invulformulier, beside its card (formulier.py)."""
    return f"gemeenten/{slug}/invullen.html"


def opschaalwijzer_url(slug: str) -> str:
    return f"gemeenten/{slug}/opschaalwijzer.html"  # a file beside the card: no folder of its own


def regio_url(slug: str) -> str:
    return f"regios/{slug}/index.html"


TRAINING = "training/index.html"


def training_url(slug: str) -> str:
    """A part of the training's participants' material (content/training/) as a page."""
    return f"training/{slug}/index.html"


def hoofdstuk_url(slug: str, regio: str = "") -> str:
    """A chapter's page: a common chapter under handreiking/, a region's own under its
    region (``regio``: the region's slug, see Hoofdstuk.regio)."""
    if regio:
        return f"regios/{regio}/handreiking/{slug}/index.html"
    return f"handreiking/{slug}/index.html"


def regio_handreiking_pdf(slug: str) -> str:
    """A region's booklet: the common chapters, its own and its cards. The booklet at the
    site's root (HANDREIKING_PDF) is that of the default region."""
    return f"regios/{slug}/handreiking.pdf"


# What every page may see of the project; a page lists what more it needs.
SCOPE = ("site", "basis")


@dataclass
class Page:
    path: str  # output path, relative to the site root
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    section: str = ""  # for aria-current in the navigation
    pdfs: tuple[str, ...] = ()  # the PDFs it links: it is rendered once they exist
    scope: tuple[str, ...] = ()  # parts of the project it shows besides SCOPE (see ProjectView)
    search_kind: str = ""  # in the search index, under this kind ("Gemeente", "Handreiking" ...)
    search_group: str = ""  # what the search page filters on: a key of ZOEKGROEPEN
    search_regio: str = ""  # the name of the region the page belongs to; "" for what holds in all regions
    # Weight of its text in the search: the handreiking and the universal card come before
    # the many gemeenten that share their criteria.
    search_weight: float = 1.0

    def inputs(self, project: Project) -> dict[str, Any]:
        """Everything the page is made from, by name: the key of the incremental build."""
        return {**{name: getattr(project, name) for name in SCOPE + self.scope}, **{f"context.{k}": v for k, v in self.context.items()}}


@dataclass
class TextFile:
    """A file of the site made from a template without HTML escaping, other than by its
    extension (.xml, .svg): a sitemap, a calendar, data for a form. It is no page: it is
    not in the sitemap, the search index or the count of pages, and nothing is trimmed."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    scope: tuple[str, ...] = ()  # parts of the project it shows besides SCOPE
    title: str = ""  # (for the key, as a page's)
    section: str = ""

    def inputs(self, project: Project) -> dict[str, Any]:
        return Page.inputs(self, project)  # type: ignore[arg-type]


class ProjectView:
    """The project as a template sees it: only the parts in the page's scope. Anything
    else is an error while building, so a page cannot show data its key does not cover."""

    def __init__(self, project: Project, scope: tuple[str, ...]) -> None:
        self._project = project
        self._scope = SCOPE + scope

    # Methods of the project, by the part of it they read.
    METHODS = {"gemeenten_van": "gemeenten", "regio": "regios"}

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401
        if self.METHODS.get(name) in self._scope:
            return getattr(self._project, name)
        if name.startswith("_") or name not in self._scope:
            raise AttributeError(f"'{name}' hoort niet bij wat deze pagina mag tonen; voeg het toe aan Page.scope")
        return getattr(self._project, name)


def datum(value: dt.date | None) -> str:
    """12 maart 2026."""
    if value is None:
        return ""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def css_string(value: str) -> Markup:
    """A CSS string literal, safe inside <style>: every character that could end
    the string or the element is written as a CSS escape."""
    text = value.unescape() if isinstance(value, Markup) else str(value)
    out = "".join(ch if ch.isalnum() or ch in " .,:;-–·()/+'" else f"\\{ord(ch):x} " for ch in " ".join(text.split()))
    return Markup(f'"{out}"')


def zoekbundel(path: str, n_gemeenten: int) -> str:
    """The bundle of the search index a page is in: 'algemeen' (handreiking, universal
    card) or one of the 'gemeenten-N', about a hundred gemeenten each. A gemeente's bundle
    follows from its own address, so adding or changing one gemeente leaves the
    other bundles as they were (until the number of bundles grows)."""
    if not path.startswith("gemeenten/"):
        return "algemeen"
    count = max(1, -(-n_gemeenten // GEMEENTEN_PER_BUNDEL))
    slug = path.split("/")[1]
    return f"gemeenten-{zlib.crc32(slug.encode()) % count + 1}"


def zoekbundels(project: Project) -> list[str]:
    """The bundles of the site's index, 'algemeen' (the search page's own) first."""
    n = len(project.gemeenten)
    return ["algemeen", *sorted({zoekbundel(gemeente_url(g.slug), n) for g in project.gemeenten}, key=lambda b: int(b.split("-")[1]))]


class Renderer:
    def __init__(self, project: Project, template_dirs: list[Path], draft: bool, cache: Path | None = None, base_url: str = "") -> None:
        self.project = project
        self.draft = draft
        self.base_url = base_url  # absolute address of the published site, for canonical links; "" keeps all relative
        self.pdfs: dict[str, dict[str, str]] = {}  # path -> title and size, once rendered
        self.chapter_slugs = {h.slug for h in project.hoofdstukken}
        self.regio_chapter_slugs = {r.slug: {h.slug for h in r.hoofdstukken} for r in project.regios}
        self._ids: dict[str, frozenset[str]] = {}  # template -> the ids it writes (see template_ids)
        self.env = environment(template_dirs, cache)
        self._rel: dict[tuple[str, str], str] = {}  # (target, folder of the page) -> relative link
        # (text, boekje, taken, regio) -> [(the links it made: (target, relative link), ..., HTML)]: see markdown
        self._markdown: dict[tuple[str, str | None, frozenset[str], str], list[tuple[tuple[tuple[str, str], ...], Markup]]] = {}

    def render(self, page: Page, pdfs: bool = True) -> bytes:
        """The page as HTML; ``pdfs=False`` leaves out the links to PDFs (the version
        the search index reads while the PDFs are still being made: they are not indexed)."""
        base = posixpath.dirname(page.path)

        def url(target: str) -> str:
            anchor = ""
            if "#" in target:
                target, anchor = target.split("#", 1)
                anchor = "#" + anchor
            if not target:
                return anchor
            rel = self._rel.get((target, base))
            if rel is None:  # every page links the same few hundred paths
                rel = self._rel[(target, base)] = posixpath.relpath(target, base or ".")
            return rel + anchor

        context = {
            "site": self.project.site,
            "project": ProjectView(self.project, page.scope),
            "basis": self.project.basis,
            "page": page,
            "draft": self.draft,
            "version": __version__,
            "url": url,
            "markdown": lambda text, boekje=None, regio="", blok=None: self.markdown(text, url, boekje, self.template_ids(page.template), regio, blok=blok),
            "pdfs": self.links(page) if pdfs else {},
            "base_url": self.base_url,
            "CSP": CSP,
            "ZOEKEN": ZOEKEN,
            "ZOEKINDEX": ZOEKINDEX,
            "gemeente_url": gemeente_url,
            "gemeente_pdf": gemeente_pdf,
            "GEMEENTE_PDFS": GEMEENTE_PDFS,
            "HANDREIKING_PDF": HANDREIKING_PDF,
            "REGIEKAART_PDF": REGIEKAART_PDF,
            "INVULKAART_PDF": INVULKAART_PDF,
            "trainershandleiding_pdf": trainershandleiding_pdf,
            "hoofdstuk_url": hoofdstuk_url,
            "training_url": training_url,
            "TRAINING": TRAINING,
            "ZOEKGROEPEN": ZOEKGROEPEN,
            "regio_handreiking_pdf": regio_handreiking_pdf,
            "regio_url": regio_url,
            "opschaalwijzer_url": opschaalwijzer_url,
            "invullen_url": invullen_url,
            "HOME": HOME,
            "REGIEKAART": REGIEKAART,
            "HANDREIKING": HANDREIKING,
            **page.context,
        }
        html = self.env.get_template(page.template).render(context)
        return (html.rstrip() + "\n").encode("utf-8")

    def render_text(self, out: TextFile) -> bytes:
        """A text file, exactly as its template makes it."""
        base = posixpath.dirname(out.path)
        context = {
            "site": self.project.site,
            "project": ProjectView(self.project, out.scope),
            "basis": self.project.basis,
            "base_url": self.base_url,
            "url": lambda target: posixpath.relpath(target, base or "."),
            **out.context,
        }
        return self.env.get_template(out.template).render(context).encode("utf-8")

    def links(self, page: Page) -> dict[str, dict[str, str]]:
        """Title and size of the PDFs the page links, as far as they were made."""
        return {path: self.pdfs[path] for path in page.pdfs if path in self.pdfs}

    def template_ids(self, name: str) -> frozenset[str]:
        """The ids a template writes literally, with those of the templates it extends,
        imports or includes: a heading in Markdown on that page must not take one."""
        known = self._ids.get(name)
        if known is None:
            self._ids[name] = frozenset()  # against a template that includes itself
            source = self.env.loader.get_source(self.env, name)[0] if self.env.loader else ""
            ids = set(TEMPLATE_ID.findall(source))
            for other in TEMPLATE_REF.findall(source):
                ids |= self.template_ids(other)
            known = self._ids[name] = frozenset(ids)
        return known

    def markdown(self, text: str, url: Any, boekje: str | None = None, taken: frozenset[str] = frozenset(), regio: str = "", blok: Callable[[str, str, int | None], str] | None = None) -> Markup:  # noqa: ANN401
        """Markdown to HTML. ``boekje`` is the chapter's slug when the chapter is part of
        one long document (a PDF): ids get it as prefix and links to other chapters
        become links within the document. ``taken``: ids the page itself already has.
        ``blok``: makes what a paragraph such as "{vraag casus 3}" stands for (vragen.BLOK),
        from what the template knows: (soort, naam, nummer) -> HTML.
        ``regio``: the region of a region's own chapter, whose other chapters it may link.

        The same text is made again for many pages and PDFs (a chapter of the training in
        every gemeente's handout): without ``blok`` the HTML is kept for the build, with
        the links it made, and used again where ``url`` makes the same links."""
        if blok is not None:
            return self._markdown_html(text, url, boekje, taken, regio, blok)
        made = self._markdown.setdefault((text, boekje, taken, regio), [])
        for links, html in made:
            if all(url(target) == rel for target, rel in links):
                return html
        links: list[tuple[str, str]] = []

        def linking(target: str) -> str:
            rel = url(target)
            links.append((target, rel))
            return rel

        html = self._markdown_html(text, linking, boekje, taken, regio, None)
        made.append((tuple(links), html))
        return html

    def _markdown_html(self, text: str, url: Any, boekje: str | None, taken: frozenset[str], regio: str, blok: Callable[[str, str, int | None], str] | None) -> Markup:  # noqa: ANN401
        md = parser()
        tokens = md.parse(text)
        used: set[str] = set(taken)
        out: list[Token] = []
        skip_close = False
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                slug = slugify(tokens[i + 1].content) or "kop"
                token.attrSet("id", unique_id(f"{boekje}-{slug}", used) if boekje else unique_id(slug, used))
            elif token.type == "th_open":
                token.attrSet("scope", "col")
            elif token.type == "table_open" and boekje is None:
                # on a narrow screen the table scrolls within its own region, reachable by keyboard
                out.append(_html_block(f'<div class="tabel__scroll" role="region" tabindex="0" aria-label="{escape(_table_label(tokens, i))}">\n'))
            elif token.type == "table_close" and boekje is None:
                out.append(token)
                out.append(_html_block("</div>\n"))
                continue
            for child in token.children or []:
                if child.type == "link_open":
                    child.attrSet("href", self._link(str(child.attrGet("href") or ""), url, boekje is not None, regio))
                elif child.type == "image":
                    child.attrSet("src", _afbeelding(str(child.attrGet("src") or ""), url, boekje is not None))
            if blok is not None and token.type == "inline" and (b := BLOK.match(token.content.strip())):
                out[-1] = _html_block(str(blok(b.group(1), b.group(2), int(b.group(3)) if b.group(3) else None)) + "\n")
                skip_close = True
                continue
            if boekje is None and token.type == "inline" and SCHRIJFRUIMTE.match(token.content):
                out.pop()  # on screen there is nothing to write on: the paragraph goes
                skip_close = True
                continue
            if boekje is not None and token.type == "inline" and (m := SCHRIJFRUIMTE.match(token.content)):
                # the question before it and the lines stay together on one page
                vraag = max((j for j in range(len(out) - 1) if out[j].level == 0 and out[j].nesting == 1), default=len(out) - 1)
                out.insert(vraag, _html_block('<div class="vraag">\n'))
                regels = min(int(m.group(1) or 4), 30)
                out[-1] = _html_block('<div class="schrijfruimte" aria-hidden="true">' + '<div class="schrijfruimte__regel"></div>' * regels + "</div>\n</div>\n")
                skip_close = True
                continue
            if skip_close and token.type == "paragraph_close":
                skip_close = False
                continue
            out.append(token)
        return Markup(md.renderer.render(out, md.options, {}))

    def _link(self, href: str, url: Any, boekje: bool = False, regio: str = "") -> str:  # noqa: ANN401
        target, _, anchor = href.partition("#")
        if target.endswith(".md") and "://" not in target:
            slug = posixpath.basename(target)[:-3]
            eigen = slug in self.regio_chapter_slugs.get(regio, set()) and slug not in self.chapter_slugs
            if slug in self.chapter_slugs or eigen:
                if boekje:
                    return f"#{slug}-{anchor}" if anchor else f"#{slug}"
                return url(hoofdstuk_url(slug, regio if eigen else "") + (f"#{anchor}" if anchor else ""))
        return href


TEMPLATE_ID = re.compile(r'\bid="([A-Za-z][\w-]*)"')
TEMPLATE_REF = re.compile(r'{%-?\s*(?:extends|import|include|from)\s+"([^"]+)"')


def _afbeelding(src: str, url: Any, pdf: bool) -> str:  # noqa: ANN401
    """An image of the assets, written as 'assets/...' (check allows nothing else): on a
    page relative to the page; in a PDF relative to the stylesheet's folder assets/css/,
    the base of every PDF, so that WeasyPrint reads it from the assets."""
    if not src.startswith("assets/"):
        return src
    return "../" + src.removeprefix("assets/") if pdf else url(src)


def environment(template_dirs: list[Path], cache: Path | None = None) -> Environment:
    """Jinja's environment for the templates in ``template_dirs``, with their filters and
    the names they share, and their compiled versions kept in ``cache`` (build/.cache/jinja)."""
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        # HTML and XML are escaped; a text file (a TextFile of another kind) is written as is
        autoescape=select_autoescape(["html", "htm", "xml", "svg"], default_for_string=True, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # a text file ends as its template does (a page is trimmed anyway)
        extensions=["jinja2.ext.do"],
        bytecode_cache=CompiledTemplates(str(cache)) if cache is not None and _mkdir(cache) else None,
    )
    env.filters["datum"] = datum
    env.filters["veldnaam"] = lambda veld: VELDEN[veld].label.lower()
    env.filters["css_string"] = css_string
    # One source for the fields and for the words of the card (the card-fit estimate measures the same).
    env.globals.update(velden=VELDEN, cel_tekst=CEL_TEKST, cel_status_tekst=CEL_STATUS_TEKST, kenmerk_rij=KENMERK_RIJ, merken=MERKEN)
    return env


class CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates, one file per template name. Jinja keys them by the template's
    path too, so that a copy of the project, or the project moved, compiled every template
    again; but it checks each against its template's source (a checksum) on every use,
    and compiles an edited one again, which then replaces the file."""

    # Each file starts with this and the sha256 of the rest: a file damaged on disk
    # (or cut short by a full disk) is compiled anew, never handed to marshal, which
    # can crash the interpreter on bytes it did not write.
    HEADER = b"regiekaart-jinja-1\n"

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Any:  # noqa: ANN401
        return super().get_bucket(environment, name, None, source)

    @classmethod
    def damaged(cls, folder: Path) -> list[Path]:
        """The compiled templates in ``folder`` that are not what regiekaart wrote; removed
        (before any worker reads them), so that they are compiled anew."""
        found = []
        for file in sorted(folder.glob("*.cache")) if folder.is_dir() else []:
            try:
                data = file.read_bytes()
            except OSError:
                continue
            if data and unsealed(cls.HEADER, data) is None and not data.startswith(bc_magic):
                found.append(file)
                try:
                    file.unlink()
                except OSError:
                    pass
        return found

    def load_bytecode(self, bucket: Any) -> None:  # noqa: ANN401
        try:
            data = Path(self._get_cache_filename(bucket)).read_bytes()
        except OSError:
            return  # none yet, or unreadable: compiled anew
        if (body := unsealed(self.HEADER, data)) is not None:
            bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket: Any) -> None:  # noqa: ANN401
        """Written beside and renamed into place; a cache that cannot be written (read-only,
        full, not ours) only makes the next build compile again."""
        body = bucket.bytecode_to_string()
        target = Path(self._get_cache_filename(bucket))
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(sealed(self.HEADER, body))
            tmp.replace(target)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass


def _mkdir(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return True
    except OSError:
        return False


def _table_label(tokens: list[Token], start: int) -> str:
    """'Tabel: <column headers>', the name of a table's scroll region."""
    heads = []
    for token in tokens[start:]:
        if token.type == "thead_close":
            break
        if token.type == "inline" and token.content.strip():
            heads.append(token.content.strip())
    return "Tabel: " + ", ".join(heads) if heads else "Tabel"


def _html_block(html: str) -> Token:
    token = Token("html_block", "", 0)
    token.content = html
    token.block = True
    return token


def render_site(renderer: Renderer, pages: list[Page]) -> dict[str, bytes]:
    """Every page at once (the PDFs, if any, are already in ``renderer.pdfs``)."""
    return {page.path: renderer.render(page) for page in pages}


# Fewer pages than this are rendered here: starting processes would cost more.
PARALLEL_MIN = 48
_BATCH: tuple[Renderer, list[Page]] | None = None  # what forked workers render from


def _render_slice(bounds: tuple[int, int]) -> list[bytes]:
    assert _BATCH is not None
    renderer, pages = _BATCH
    return [renderer.render(page) for page in pages[bounds[0]:bounds[1]]]


def render_pages(renderer: Renderer, pages: list[Page], jobs: int = 1) -> list[bytes]:
    """Render pages, across ``jobs`` forked processes when there are many. The
    workers inherit the loaded project and render slices of the list; the bytes are
    the same as rendered here (rendering is a pure function of the page)."""
    global _BATCH
    if jobs <= 1 or len(pages) < PARALLEL_MIN or "fork" not in get_all_start_methods():
        return [renderer.render(page) for page in pages]
    step = -(-len(pages) // (jobs * 4))  # a few slices per process, to even out their sizes
    bounds = [(i, min(i + step, len(pages))) for i in range(0, len(pages), step)]
    _BATCH = (renderer, pages)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as executor:
            return [html for part in executor.map(_render_slice, bounds) for html in part]
    finally:
        _BATCH = None


class PageQueue:
    """Renders each page as soon as the PDFs it links are done, so that the pages
    are made while the workers are still busy with the PDFs. ``reuse`` may offer
    a file of the previous site instead (when the page's input did not change).
    ``jobs``: processes for a large batch of pages (only without PDF workers)."""

    def __init__(self, renderer: Renderer, plan: list[Page], pdfs: set[str], reuse: Callable[[Page, Any], Path | None] | None = None, jobs: int = 1) -> None:
        self.renderer = renderer
        self.reuse = reuse
        self.jobs = jobs
        self.files: dict[str, bytes | Path] = {}
        self.rendered = 0
        self.waiting: dict[str, Page] = {}
        self.by_pdf: dict[str, list[Page]] = {}  # the waiting pages that link a PDF
        self.plan = plan
        for page in self.plan:
            self.waiting[page.path] = page
            for pdf in page.pdfs:
                if pdf in pdfs:  # a PDF this build makes
                    self.by_pdf.setdefault(pdf, []).append(page)

    def _ready(self, page: Page) -> bool:
        return all(pdf in self.renderer.pdfs or pdf not in self.by_pdf for pdf in page.pdfs)

    def render_ready(self, pdf: str | None = None) -> None:
        """Render what can be rendered: after ``pdf`` is done, the pages that wait for it."""
        candidates = self.by_pdf.get(pdf, []) if pdf is not None else list(self.waiting.values())
        todo = []
        for page in candidates:
            if page.path in self.waiting and self._ready(page):
                del self.waiting[page.path]
                previous = self.reuse(page, self.renderer.links(page)) if self.reuse else None
                if previous is None:
                    todo.append(page)
                else:
                    self.files[page.path] = previous
        for page, html in zip(todo, render_pages(self.renderer, todo, self.jobs)):
            self.files[page.path] = html
        self.rendered += len(todo)

    def for_index(self, source: Callable[[Page], tuple[str, Path | None]]) -> dict[str, tuple[str, Callable[[], bytes]]]:
        """The pages the search index reads: path -> (key of its indexed text, how to get
        that text). ``source`` gives the key and, when it did not change, the previous
        site's file. The text is only made when its part of the index must be made: a
        page still waiting for its PDFs is then read from the previous site or rendered
        without the links to the PDFs (which are not indexed)."""
        out = {}
        for page in self.plan:
            if page.search_kind:
                key, earlier = source(page)

                def text(page: Page = page, earlier: Path | None = earlier) -> bytes:
                    done = self.files.get(page.path, earlier)
                    if done is None:
                        return index_text(self.renderer.render(page, pdfs=False))
                    return index_text(done if isinstance(done, bytes) else done.read_bytes())

                out[page.path] = (key, text)
        return out


NIET_IN_INDEX = (b"<!-- niet in de zoekindex -->", b"<!-- /niet in de zoekindex -->")


def index_text(html: bytes) -> bytes:
    """What of a page the search index reads: its head and <main>, without the parts
    between the markers above (the card for phones, which repeats the card; the list
    of deviations). Pagefind would skip them anyway (data-pagefind-ignore); leaving
    them out makes its work smaller."""
    head_end, start, end = html.find(b"</head>"), html.find(b"<main"), html.rfind(b"</main>")
    if head_end < 0 or start < 0 or end < 0:
        return html
    main = html[start : end + len(b"</main>")]
    parts, at = [], 0
    while (cut := main.find(NIET_IN_INDEX[0], at)) >= 0:
        until = main.find(NIET_IN_INDEX[1], cut)
        if until < 0:
            break
        parts.append(main[at:cut])
        at = until + len(NIET_IN_INDEX[1])
    parts.append(main[at:])
    return html[: head_end + len(b"</head>")] + b"<body>" + b"".join(parts) + b"</body></html>"
