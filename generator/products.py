"""What the site is made of: each product with its outputs, declared in one place.

A product is a part of the site that readers know by name: the home page, the
universal card, the handreiking, a region, a gemeente, the search page. Each has a
function here that declares its outputs:

- ``Page``: an HTML page (render.Renderer.render);
- ``PdfJob``: a PDF made from HTML (pdf.render_pdfs);
- ``TextFile``: a text file made from a template without HTML escaping: a sitemap,
  a calendar file, data for a form (render.Renderer.render_text).

The build (build.build_site) takes every output through the same steps: its key,
the previous site's file when the key is unchanged, else make it, and record the
key. A new kind of output is one more function in ``PRODUCTS`` and its template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union

from .model import Project
from .pdf import PdfInfo, PdfJob
from .problems import Pos
from .render import (
    GEMEENTE_PDFS,
    HANDREIKING,
    HANDREIKING_PDF,
    HOME,
    REGIEKAART,
    REGIEKAART_PDF,
    SITEMAP,
    ZOEKEN,
    Page,
    TextFile,
    gemeente_pdf,
    gemeente_url,
    hoofdstuk_url,
    opschaalwijzer_url,
    regio_url,
    zoekbundels,
)

Output = Union[Page, PdfJob, TextFile]


@dataclass
class Wat:
    """What a product function is told: the project, the published address ('' for
    relative links only), and the pages that the products before it declared."""

    project: Project
    base_url: str = ""
    pages: list[Page] = field(default_factory=list)


Product = Callable[[Wat], list[Output]]


def home(wat: Wat) -> list[Output]:
    return [Page(HOME, "index.html", wat.project.site.titel, {}, "home", (HANDREIKING_PDF,), ("gemeenten", "hoofdstukken", "regios"))]


def universele_kaart(wat: Wat) -> list[Output]:
    basis = wat.project.basis
    return [
        Page(REGIEKAART, "regiekaart.html", basis.titel or "Universele regiekaart", {}, "regiekaart", (REGIEKAART_PDF, HANDREIKING_PDF), ("regios",), search_kind="Universele regiekaart", search_weight=2.0),
        PdfJob(
            PdfInfo(REGIEKAART_PDF, basis.titel or "Universele regiekaart", "De universele regiekaart op één liggende A4.", basis.bijgewerkt),
            "pdf/universele-kaart.html",
            {},
            1,
            Pos(basis.path),
            "de universele kaart",
            druk=basis.druk,
        ),
    ]


def handreiking(wat: Wat) -> list[Output]:
    project, basis = wat.project, wat.project.basis
    regionaam = project.site.regionaam
    outputs: list[Output] = [
        PdfJob(
            PdfInfo(HANDREIKING_PDF, f"Handreiking de-escaleren{' ' + regionaam if regionaam else ''}", "De handreiking als boekje, met de universele regiekaart en de criteria als bijlagen.", basis.bijgewerkt),
            "pdf/handreiking.html",
            {},
            999,
            Pos(basis.path),
            "de handreiking",
            scope=("hoofdstukken",),
            druk=basis.druk,  # its appendix: the universal card
        ),
        Page(HANDREIKING, "handreiking.html", "Handreiking", {}, "handreiking", (HANDREIKING_PDF,), ("hoofdstukken",)),
    ]
    chapters = project.hoofdstukken
    for i, h in enumerate(chapters):
        context = {"hoofdstuk": h, "nummer": i + 1, "vorige": chapters[i - 1] if i > 0 else None, "volgende": chapters[i + 1] if i + 1 < len(chapters) else None}
        outputs.append(Page(hoofdstuk_url(h.slug), "hoofdstuk.html", h.titel, context, "handreiking", scope=("hoofdstukken",), search_kind="Handreiking", search_weight=2.0))
    return outputs


def regios(wat: Wat) -> list[Output]:
    project = wat.project
    # The status of the cards depends on the date: only these few pages show it.
    return [
        Page(regio_url(r.slug), "regio.html", f"Regio {r.naam}", {"regio": r, "gemeenten": project.gemeenten_van(r), "peildatum": project.peildatum}, "gemeenten")
        for r in project.regios
    ]


def gemeenten(wat: Wat) -> list[Output]:
    """Per gemeente its card page, its opschaalwijzer and its PDFs (GEMEENTE_PDFS): the
    longest PDF first, so that the page can be made while the others render."""
    project = wat.project
    outputs: list[Output] = []
    for g in project.gemeenten:
        context = {"gemeente": g, "regio": g.regio, "intern": project.intern}
        papier = g.papierformaat or project.site.papierformaat
        for soort in reversed(GEMEENTE_PDFS):
            outputs.append(
                PdfJob(
                    PdfInfo(gemeente_pdf(g.slug, soort.name), soort.title.format(naam=g.naam), soort.description.format(papier=papier), g.datum),
                    soort.template,
                    {"gemeente": g, "regio": g.regio},
                    soort.max_pages,
                    ((g.druk.hoogste_pos if g.druk else None) or g.pos_in_eigen_bestand()) if soort.card else g.pos_in_eigen_bestand(),
                    g.naam,
                    paper=papier,  # the card's page, also in the training handout
                    scope=soort.scope,
                    druk=g.druk,
                )
            )
        pdfs = tuple(gemeente_pdf(g.slug, p.name) for p in GEMEENTE_PDFS)
        outputs.append(Page(gemeente_url(g.slug), "gemeente.html", f"Regiekaart {g.naam}", context, "gemeenten", pdfs, search_kind="Gemeente"))
        outputs.append(Page(opschaalwijzer_url(g.slug), "opschaalwijzer.html", f"Opschaalwijzer {g.naam}", context, "gemeenten"))
    return outputs


def zoeken(wat: Wat) -> list[Output]:
    return [Page(ZOEKEN, "zoeken.html", "Zoeken", {"zoekbundels": zoekbundels(wat.project)}, "zoeken")]


def sitemap(wat: Wat) -> list[Output]:
    """sitemap.xml, only for a site with a published address: every page declared before."""
    if not wat.base_url:
        return []
    return [TextFile(SITEMAP, "sitemap.xml", {"paden": tuple(page.path for page in wat.pages)})]


# The pages are planned, the PDFs rendered and the sitemap lists the pages in this order.
# The handreiking's booklet, the biggest PDF by far, starts second, beside the one-page
# universal card; the gemeenten's PDFs follow.
PRODUCTS: list[Product] = [home, universele_kaart, handreiking, regios, gemeenten, zoeken, sitemap]


@dataclass
class Plan:
    pages: list[Page] = field(default_factory=list)
    pdfs: list[PdfJob] = field(default_factory=list)
    texts: list[TextFile] = field(default_factory=list)


def plan(project: Project, base_url: str = "", products: list[Product] | None = None) -> Plan:
    """Every output of the site, product by product."""
    result = Plan()
    wat = Wat(project, base_url, result.pages)
    for product in products if products is not None else PRODUCTS:
        for output in product(wat):
            if isinstance(output, Page):
                result.pages.append(output)
            elif isinstance(output, PdfJob):
                result.pdfs.append(output)
            elif isinstance(output, TextFile):
                result.texts.append(output)
            else:
                raise TypeError(f"{product.__name__} declares {output!r}, which is no kind of output")
    return result


def plan_pages(project: Project) -> list[Page]:
    return plan(project).pages


def plan_pdfs(project: Project) -> list[PdfJob]:
    return plan(project).pdfs
