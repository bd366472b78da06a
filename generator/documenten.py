"""The PDFs alone, for an intranet that takes only documents (SharePoint Online):
`regiekaart publish --alleen-pdf`.

Every PDF of the site gets a readable name in a folder that reads well in a document
library (the general documents, one folder per region, one per gemeente), and one
overview lists what each is: as an HTML page and as a PDF. Which PDFs there are, their
titles and descriptions come from the site's plan (products.plan_pdfs); nothing here
lists them a second time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .model import Project
from .pdf import PdfJob, grootte
from .render import GEMEENTE_PDFS, HANDREIKING_PDF, environment

OVERZICHT = "Overzicht"  # the overview, as Overzicht.html and Overzicht.pdf at the top of the zip
TEMPLATE = "overzicht-pdfs.html"
ALGEMEEN = "Algemeen"
GEMEENTEN = "Gemeenten"

# Characters that SharePoint Online and Windows do not take in a file or folder name.
VERBODEN = re.compile(r'[\\/:*?"<>|#%\x00-\x1f]')


@dataclass(frozen=True)
class Document:
    folder: str  # in the zip: "Gemeenten/Breda"
    name: str  # the file name: "Regiekaart de-escaleren Breda.pdf"
    source: str  # the PDF in the site: "gemeenten/breda/regiekaart.pdf"
    title: str
    description: str
    size: str  # "84 kB"
    shown: str  # its path in the folder of its part of the overview: "Breda/Criteriakaart Breda.pdf"

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"


@dataclass(frozen=True)
class Map:
    """A folder of the overview, with its documents."""

    folder: str  # also its title: "Algemeen", "Regio Groningen", "Gemeenten"
    documents: tuple[Document, ...]


def safe_name(text: str) -> str:
    """``text`` as a file or folder name that SharePoint and Windows accept."""
    name = re.sub(r"\s+", " ", VERBODEN.sub("-", text)).strip(" .")
    return name[:120].rstrip(" .") or "document"


def folders(project: Project, pdfs: list[PdfJob], site: Path) -> list[Map]:
    """The PDFs of ``pdfs`` (built in ``site``) by folder: the general ones, then a folder
    per region, then the gemeenten (a folder each, in one part of the overview). The
    booklet at the site's root is left out when it is the default region's: it is the
    same booklet, kept at the root of the site only so that old links keep working."""
    regios = {r.slug: r.naam for r in project.regios}
    gemeenten = {g.slug: g.naam for g in project.gemeenten}
    grouped: dict[tuple[int, str], list[tuple[str, PdfJob]]] = {}
    for job in pdfs:
        path = job.info.path
        if path == HANDREIKING_PDF and project.standaard is not None:
            continue
        parts = path.split("/")
        if parts[0] == "regios" and parts[1] in regios:
            key, folder = (1, f"Regio {safe_name(regios[parts[1]])}"), f"Regio {safe_name(regios[parts[1]])}"
        elif parts[0] == "gemeenten" and parts[1] in gemeenten:
            key, folder = (2, GEMEENTEN), f"{GEMEENTEN}/{safe_name(gemeenten[parts[1]])}"
        else:
            key, folder = (0, ALGEMEEN), ALGEMEEN
        grouped.setdefault(key, []).append((folder, job))
    result = []
    order = [soort.name for soort in GEMEENTE_PDFS]  # a gemeente's PDFs in the order of her page
    for (_, title), jobs in sorted(grouped.items()):
        if title == GEMEENTEN:
            jobs.sort(key=lambda fj: (fj[0], order.index(Path(fj[1].info.path).stem) if Path(fj[1].info.path).stem in order else len(order)))
        documents, used = [], set()
        for folder, job in jobs:
            name = safe_name(job.info.title)
            stem, n = name, 2
            while f"{folder}/{name}".casefold() in used:  # two PDFs with one title: a number, never a lost file
                name, n = f"{stem} ({n})", n + 1
            used.add(f"{folder}/{name}".casefold())
            size = (site / job.info.path).stat().st_size
            documents.append(Document(folder, name + ".pdf", job.info.path, job.info.title, job.info.description, grootte(size), f"{folder}/{name}.pdf".removeprefix(title + "/")))
        result.append(Map(title, tuple(documents)))
    return result


def overview_html(project: Project, maps: list[Map], datum: str, templates: list[Path], pdf: bool) -> str:
    """The overview of the PDFs: with links to them (``pdf`` False, the HTML page beside
    the folders) or with their folder and name as text (the PDF)."""
    env = environment(templates)
    return env.get_template(TEMPLATE).render(site=project.site, mappen=maps, datum=datum, pdf=pdf, overzicht=OVERZICHT)


def overview_pdf(html: str, assets: Path) -> bytes:
    """The overview as a PDF, with the site's font from ``assets`` (nothing from elsewhere)."""
    from weasyprint import HTML

    from .pdf import OPTIONS, _fetcher

    options = {**OPTIONS, "pdf_identifier": hashlib.md5(OVERZICHT.encode()).hexdigest().encode()}
    base = assets.resolve().as_uri() + "/css/"
    return HTML(string=html, base_url=base, url_fetcher=_fetcher(assets)).write_pdf(**options)


def entries(maps: list[Map], site: Path, html: str, pdf: bytes) -> list[tuple[str, bytes | Path]]:
    """What the zip holds: the overview at the top, then every folder's PDFs."""
    return [
        (f"{OVERZICHT}.pdf", pdf),
        (f"{OVERZICHT}.html", html.encode("utf-8")),
        *((d.path, site / d.source) for m in maps for d in m.documents),
    ]

