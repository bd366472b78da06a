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

from .drukwerk import MATEN
from .formulier import GEGEVENS, NIEUW, formulier, gegevens_js, kaart_css
from .model import Hoofdstuk, Project, Regio, statussen
from .pdf import PdfInfo, PdfJob
from .problems import Pos
from .vragen import delen, per_sleutel
from .render import (
    GEMEENTE_PDFS,
    HANDREIKING,
    HANDREIKING_PDF,
    HOME,
    INVULKAART_PDF,
    REGIEKAART,
    REGIEKAART_PDF,
    SITEMAP,
    TRAINING,
    ZOEKEN,
    Page,
    TextFile,
    gemeente_pdf,
    gemeente_url,
    hoofdstuk_url,
    invullen_url,
    opschaalwijzer_url,
    regio_handreiking_pdf,
    regio_url,
    trainershandleiding_pdf,
    training_url,
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
        Page(REGIEKAART, "regiekaart.html", basis.titel or "Universele regiekaart", {}, "regiekaart", (REGIEKAART_PDF, INVULKAART_PDF, HANDREIKING_PDF), ("regios",), search_kind="Universele regiekaart", search_group="kaart", search_weight=2.0),
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
    """The handreiking: its index, a page per chapter (the common ones under handreiking/,
    a region's own under the region), and a booklet per region. The booklet at the site's
    root is the default region's, so that links to it keep working."""
    project = wat.project
    standaard = project.standaard
    outputs: list[Output] = [_boekje(project, standaard, HANDREIKING_PDF)]
    outputs += [_boekje(project, r, regio_handreiking_pdf(r.slug)) for r in project.regios]
    # The index offers the root booklet (the default region's) and the other regions' booklets.
    boekjes = [(HANDREIKING_PDF, boekje_uitleg(standaard))] + [(regio_handreiking_pdf(r.slug), boekje_uitleg(r)) for r in project.regios if r is not standaard]
    gidsen = tuple(trainershandleiding_pdf(r.slug) for r in project.regios) if project.trainershandleiding else ()  # for trainers (see trainers)
    outputs.append(Page(HANDREIKING, "handreiking.html", "Handreiking", {"boekjes": boekjes}, "handreiking", tuple(p for p, _ in boekjes) + gidsen, ("hoofdstukken", "regios", "training")))
    chapters = project.hoofdstukken
    for i, h in enumerate(chapters):
        context = {"hoofdstuk": h, "nummer": i + 1, "vorige": chapters[i - 1] if i > 0 else None, "volgende": chapters[i + 1] if i + 1 < len(chapters) else None}
        outputs.append(Page(hoofdstuk_url(h.slug), "hoofdstuk.html", h.titel, context, "handreiking", scope=("hoofdstukken",), search_kind="Handreiking", search_group="handreiking", search_weight=2.0))
    for r in project.regios:
        boekje = project.boekje(r)
        for i, h in enumerate(boekje[len(chapters):], start=len(chapters)):
            context = {"hoofdstuk": h, "nummer": i + 1, "vorige": boekje[i - 1] if i > 0 else None, "volgende": boekje[i + 1] if i + 1 < len(boekje) else None, "regio": r}
            outputs.append(Page(hoofdstuk_url(h.slug, r.slug), "hoofdstuk.html", h.titel, context, "handreiking", (regio_handreiking_pdf(r.slug),), ("hoofdstukken",), search_kind=f"Handreiking regio {r.naam}", search_group="handreiking", search_regio=r.naam, search_weight=2.0))
    return outputs


def boekje_uitleg(regio: Regio | None) -> str:
    """What a link to a region's booklet says under its title."""
    if regio is None:
        return "De hele handreiking als boekje om te printen, met de universele regiekaart en de criteria als bijlagen."
    eigen = " en de eigen hoofdstukken van de regio" if regio.hoofdstukken else ""
    return f"Het boekje van regio {regio.naam}: de hoofdstukken die voor alle regio's gelden{eigen}, met de kaart, de criteria en de kaarten van de gemeenten als bijlagen."


def _boekje(project: Project, regio: Regio | None, path: str) -> PdfJob:
    """The booklet of ``regio`` (None: a project without a default region gets the common
    chapters alone): its chapters, the region's card and criteria, and its gemeenten's cards."""
    basis = project.basis
    naam = regio.naam if regio is not None else project.site.regionaam
    hoofdstukken: list[Hoofdstuk] = project.boekje(regio)
    # The booklet at the root (HANDREIKING_PDF) is the default region's, word for word: the
    # same HTML, so a build renders it once (see pdf.render_pdfs) and writes it twice.
    if regio is not None:
        beschrijving = f"De handreiking van regio {naam} als boekje: de gemeenschappelijke hoofdstukken{', de eigen hoofdstukken van de regio' if regio.hoofdstukken else ''}, en de kaart, de criteria en de kaarten van de gemeenten als bijlagen."
    else:
        beschrijving = "De handreiking als boekje, met de universele kaart en de criteria als bijlagen."
    return PdfJob(
        PdfInfo(path, f"Handreiking de-escaleren{' ' + naam if naam else ''}", beschrijving, basis.bijgewerkt),
        "pdf/handreiking.html",
        {"regio": regio, "hoofdstukken": hoofdstukken, "kaartregels": project.kaartregels(regio) if regio is not None else []},
        999,
        Pos(basis.path),
        f"de handreiking van regio {naam}" if naam else "de handreiking",
        druk=regio.druk if regio is not None and regio.druk is not None else basis.druk,  # its appendix: the card
    )


def trainers(wat: Wat) -> list[Output]:
    """What a trainer needs: the card without values, to fill in by hand in a session, and
    per region the trainer's guide (when the project has one, in content/trainershandleiding/):
    the guide shows every question of the training handout with its discussion points."""
    project, basis = wat.project, wat.project.basis
    outputs: list[Output] = [
        PdfJob(
            PdfInfo(INVULKAART_PDF, "Invulkaart regiekaart de-escaleren", "De regiekaart zonder invulling, om met de hand in te vullen, op één liggende A4.", basis.bijgewerkt),
            "pdf/invulkaart.html",
            {},
            1,
            Pos(basis.path),
            "de invulkaart",
        )
    ]
    if not project.trainershandleiding:
        return outputs
    context = {"vragen": per_sleutel(project.training), "delen": delen(project.trainershandleiding, project.training)}
    for r in project.regios:
        outputs.append(
            PdfJob(
                PdfInfo(trainershandleiding_pdf(r.slug), f"Trainershandleiding casusregie en de regiekaart {r.naam}", f"Handleiding voor trainers in regio {r.naam}: doelen, een voorgesteld programma en bespreekpunten bij elke vraag van de training.", r.bijgewerkt or basis.bijgewerkt),
                "pdf/trainershandleiding.html",
                {"regio": r, **context},
                999,
                Pos(project.trainershandleiding[0].path),
                f"de trainershandleiding van regio {r.naam}",
                scope=("trainershandleiding",),
            )
        )
    return outputs


def voor_trainers(project: Project, regio: Regio) -> tuple[str, ...]:
    """What a region's page offers trainers: its guide and the blank card (none without a guide)."""
    return (trainershandleiding_pdf(regio.slug), INVULKAART_PDF) if project.trainershandleiding else ()


def regios(wat: Wat) -> list[Output]:
    project = wat.project
    # The status of the cards depends on the date: only these few pages show it.
    return [
        Page(regio_url(r.slug), "regio.html", f"Regio {r.naam}", {"regio": r, "gemeenten": project.gemeenten_van(r), "peildatum": project.peildatum, "boekje": boekje_uitleg(r), "statussen": statussen([g.kaart for g in project.gemeenten_van(r)])}, "gemeenten", (regio_handreiking_pdf(r.slug), *voor_trainers(project, r)), ("hoofdstukken", "training"), search_kind="Regio", search_group="kaart", search_regio=r.naam)
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
        outputs.append(Page(gemeente_url(g.slug), "gemeente.html", f"Regiekaart {g.naam}", context, "gemeenten", pdfs, search_kind="Gemeente", search_group="kaart", search_regio=g.regio.naam if g.regio else ""))
        outputs.append(Page(opschaalwijzer_url(g.slug), "opschaalwijzer.html", f"Opschaalwijzer {g.naam}", context, "gemeenten", search_regio=g.regio.naam if g.regio else ""))
    return outputs


def invulformulieren(wat: Wat) -> list[Output]:
    """The invulformulier (formulier.py): a page per gemeente beside its card, one for a
    new gemeente, and the data file that all of them read (the field registry, the texts
    of the checks, the font's metrics, each region's values)."""
    project = wat.project
    outputs: list[Output] = [TextFile(GEGEVENS, GEGEVENS, {"tekst": gegevens_js(project)})]
    outputs += [TextFile(kaart_css(p), "invullen/kaart.css", {"tekst": maat.css()}) for p, maat in MATEN.items()]
    vast = {"intern": project.intern, "formulier": formulier, "kaart_css": kaart_css, "papieren": tuple(MATEN)}
    for g in project.gemeenten:
        context = {"gemeente": g, "regio": g.regio, **vast}
        outputs.append(Page(invullen_url(g.slug), "invullen.html", f"Kaart invullen: {g.naam}", context, "gemeenten", (gemeente_pdf(g.slug, GEMEENTE_PDFS[0].name),)))
    context = {**vast, "gemeente": None, "regio": project.standaard or (project.regios[0] if project.regios else None), "regios": project.regios}
    outputs.append(Page(NIEUW, "invullen.html", "Kaart invullen voor een nieuwe gemeente", context, "gemeenten"))
    return outputs


def zoeken(wat: Wat) -> list[Output]:
    return [Page(ZOEKEN, "zoeken.html", "Zoeken", {"zoekbundels": zoekbundels(wat.project)}, "zoeken", scope=("regios",))]


def training(wat: Wat) -> list[Output]:
    """The participants' material of the training (content/training/), a page per part, so
    that it can be read and found on the site (the handout per gemeente is a PDF)."""
    parts = wat.project.training
    if not parts:
        return []
    outputs: list[Output] = [Page(TRAINING, "training-index.html", "Training casusregie en de regiekaart", {}, "handreiking", scope=("training",))]
    for i, h in enumerate(parts):
        context = {"deel": h, "nummer": i + 1, "vorige": parts[i - 1] if i > 0 else None, "volgende": parts[i + 1] if i + 1 < len(parts) else None}
        outputs.append(Page(training_url(h.slug), "training.html", h.titel, context, "handreiking", scope=("training",), search_kind="Training", search_group="training"))
    return outputs


def sitemap(wat: Wat) -> list[Output]:
    """sitemap.xml, only for a site with a published address: every page declared before."""
    if not wat.base_url:
        return []
    return [TextFile(SITEMAP, "sitemap.xml", {"paden": tuple(page.path for page in wat.pages)})]


# The pages are planned, the PDFs rendered and the sitemap lists the pages in this order.
# The handreiking's booklet, the biggest PDF by far, starts second, beside the one-page
# universal card; the gemeenten's PDFs follow.
PRODUCTS: list[Product] = [home, universele_kaart, handreiking, training, trainers, regios, gemeenten, invulformulieren, zoeken, sitemap]


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
