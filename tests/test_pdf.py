"""The PDFs, read back with pypdf: pages, sizes, text, fonts, tags, bookmarks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.drukwerk import meet_kaart
from generator.pdf import PdfJob, render_html
from generator.products import plan_pdfs
from generator.render import Renderer

from .conftest import MINIMAL_GEMEENTE, ROOT, write

A4_LANDSCAPE = (841.89, 595.28)
A4_PORTRAIT = (595.28, 841.89)
A3_LANDSCAPE = (1190.55, 841.89)

# a gemeente's slug is its file's name; test_every_pdf_is_made checks that against the loaded project
GEMEENTEN = sorted(p.stem for p in (ROOT / "gemeenten").glob("*.yaml"))


def squash(text: str) -> str:
    """Text without whitespace, so values wrapped over lines still match."""
    return re.sub(r"\s+", "", text)


def size(page) -> tuple[float, float]:  # noqa: ANN001
    box = page.mediabox
    return (round(float(box.width), 2), round(float(box.height), 2))


def text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_every_pdf_is_made(built_site: Path, shipped) -> None:  # noqa: ANN001
    assert (built_site / "handreiking.pdf").is_file()
    assert (built_site / "regiekaart/regiekaart.pdf").is_file()
    assert len(GEMEENTEN) == 20 and {"groningen", "oldambt", "pekela", "stadskanaal"} <= set(GEMEENTEN)
    assert sorted(g.slug for g in shipped.project.gemeenten) == GEMEENTEN
    for slug in GEMEENTEN:
        for soort in ("regiekaart", "criteriakaart", "training"):
            assert (built_site / f"gemeenten/{slug}/{soort}.pdf").stat().st_size > 5000, (slug, soort)


@pytest.mark.parametrize("slug", GEMEENTEN)
def test_regiekaart_is_one_landscape_page_with_all_cells(built_site: Path, shipped, slug: str) -> None:  # noqa: ANN001
    reader = PdfReader(built_site / f"gemeenten/{slug}/regiekaart.pdf")
    assert len(reader.pages) == 1
    assert size(reader.pages[0]) == A4_LANDSCAPE
    gemeente = next(g for g in shipped.project.gemeenten if g.slug == slug)
    content = squash(text(reader))
    assert squash(gemeente.naam) in content
    cells = [fase.cel(veld) for fase in gemeente.kaart.fasen for veld in ("casusregie", "behandelregie", "procesregie", "operationeel_verantwoordelijk", "bestuurlijk_verantwoordelijk")]
    assert len(cells) == 20
    for cel in cells:
        assert cel.tekst and squash(cel.tekst) in content, (slug, cel.veld, cel.tekst)
    local = sum(1 for cel in cells if cel.status == "lokaal")
    assert content.count("Lokaal") == local + 1  # every local cell, plus the legend
    footer = squash(f"versie {gemeente.versie}")
    assert footer in content and squash(gemeente.status_label) in content


def test_universal_card_is_one_page(built_site: Path) -> None:
    reader = PdfReader(built_site / "regiekaart/regiekaart.pdf")
    assert len(reader.pages) == 1 and size(reader.pages[0]) == A4_LANDSCAPE
    assert "Inte vullen door de gemeente".replace(" ", "") in squash(text(reader))


@pytest.mark.parametrize("slug", ["breda", "roosendaal", "zundert"])
def test_criteriakaart(built_site: Path, shipped, slug: str) -> None:  # noqa: ANN001
    reader = PdfReader(built_site / f"gemeenten/{slug}/criteriakaart.pdf")
    assert 1 <= len(reader.pages) <= 2
    assert all(size(p) == A4_LANDSCAPE for p in reader.pages)
    gemeente = next(g for g in shipped.project.gemeenten if g.slug == slug)
    content = squash(text(reader))
    for fase in gemeente.kaart.fasen:
        for criterium in fase.opschalen + fase.afschalen:
            assert squash(criterium.tekst) in content, criterium.tekst
    assert "Opschalen" in content and "Afschalen" in content


def test_every_criteriakaart_fits_two_pages(built_site: Path) -> None:
    for slug in GEMEENTEN:
        assert len(PdfReader(built_site / f"gemeenten/{slug}/criteriakaart.pdf").pages) <= 2, slug


def test_training_handout(built_site: Path, shipped) -> None:  # noqa: ANN001
    reader = PdfReader(built_site / "gemeenten/etten-leur/training.pdf")
    content = squash(text(reader))
    assert "Etten-Leur" in content
    for chapter in shipped.project.training:
        assert squash(chapter.titel) in content, chapter.titel
    for regie in shipped.project.basis.regiesoorten:
        assert squash(regie.naam) in content
    # the gemeente's own card sits on a landscape page in a portrait booklet
    sizes = [size(p) for p in reader.pages]
    assert sizes[0] == A4_PORTRAIT and A4_LANDSCAPE in sizes
    card_page = sizes.index(A4_LANDSCAPE)
    gemeente = next(g for g in shipped.project.gemeenten if g.slug == "etten-leur")
    card_text = squash(reader.pages[card_page].extract_text())
    assert squash(gemeente.kaart.fasen[2].cel("procesregie").tekst) in card_text
    assert len(reader.pages) >= 8


def test_handreiking_bookmarks_and_toc(built_site: Path, shipped) -> None:  # noqa: ANN001
    reader = PdfReader(built_site / "handreiking.pdf")
    assert all(size(p) in (A4_PORTRAIT, A4_LANDSCAPE) for p in reader.pages)
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    expected = [h.titel for h in shipped.project.hoofdstukken]
    assert titles[: len(expected)] == expected
    assert [t for t in titles[len(expected):]] == ["Bijlage A: Universele regiekaart de-escaleren", "Bijlage B: criteria voor op- en afschalen"]
    assert any(isinstance(item, list) and item for item in reader.outline)  # sections under chapters
    bookmark_page = {item.title: reader.get_destination_page_number(item) + 1 for item in top}
    # the table of contents is on page 2: "<n> <title> ....... <page>"
    toc = reader.pages[1].extract_text()
    listed = {}
    for line in toc.splitlines():
        match = re.match(r"^\s*([0-9]+|[AB])\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            listed[squash(match.group(2))] = int(match.group(3))
    assert len(listed) == len(expected) + 2, toc
    for title, page in bookmark_page.items():
        assert listed[squash(title.replace("Bijlage A: ", "Bijlage: ").replace("Bijlage B: ", "Bijlage: "))] == page, title
    # running header and page numbers
    second_page = bookmark_page[expected[1]] + 1  # the second page of chapter 2
    assert second_page < bookmark_page[expected[2]]
    page_text = reader.pages[second_page - 1].extract_text()
    assert f"pagina {second_page} van {len(reader.pages)}" in page_text
    assert expected[1] in [line.strip() for line in page_text.splitlines()]  # running header: the chapter title


TITLES = {
    "handreiking.pdf": "Handreiking de-escaleren West-Brabant",
    "regiekaart/regiekaart.pdf": "Universele regiekaart de-escaleren",
    "gemeenten/breda/regiekaart.pdf": "Regiekaart de-escaleren Breda",
    "gemeenten/breda/criteriakaart.pdf": "Criteriakaart Breda",
    "gemeenten/breda/training.pdf": "Training casusregie en de regiekaart Breda",
}


def pdf_files(site: Path) -> list[Path]:
    return [site / "handreiking.pdf", site / "regiekaart/regiekaart.pdf"] + [site / f"gemeenten/breda/{s}.pdf" for s in ("regiekaart", "criteriakaart", "training")]


def test_fonts_are_embedded_and_shipped(built_site: Path) -> None:
    for file in pdf_files(built_site):
        reader = PdfReader(file)
        fonts = {}
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
                fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert fonts, file
        for name, embedded in fonts.items():
            assert embedded, (file.name, name)
            assert "Source-Sans-3" in name, (file.name, name)  # nothing from the build machine


def test_tagged_accessible_pdfs(built_site: Path) -> None:
    for file in pdf_files(built_site):
        reader = PdfReader(file)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "nl"
        assert bool(root["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in root
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
        assert reader.metadata.title == TITLES[file.relative_to(built_site).as_posix()]


def test_gemeente_page_links_its_pdfs_with_size(built_site: Path) -> None:
    page = (built_site / "gemeenten/breda/index.html").read_text(encoding="utf-8")
    for soort in ("regiekaart", "criteriakaart", "training"):
        kb = round((built_site / f"gemeenten/breda/{soort}.pdf").stat().st_size / 1000)
        assert re.search(rf'href="{soort}\.pdf">[^<]+</a> <span class="klein">\(PDF, {kb} kB\)', page), soort
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="handreiking.pdf"' in home


def test_no_pdf_skips_pdfs_and_their_links(project: Path, cli) -> None:
    assert cli("build", "--project", project, "--no-pdf").exit_code == 0
    site = project / "build/site"
    assert not list(site.rglob("*.pdf"))
    assert ".pdf" not in (site / "gemeenten/breda/index.html").read_text(encoding="utf-8")


def test_a3_option(project: Path, cli) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE + "papierformaat: A3\n")
    assert cli("build", "--project", project, "-g", "proefstad", "-j", "1").exit_code == 0
    reader = PdfReader(project / "build/site/gemeenten/proefstad/regiekaart.pdf")
    assert len(reader.pages) == 1 and size(reader.pages[0]) == A3_LANDSCAPE


def test_overlong_value_fails_check_with_its_line(project: Path, cli) -> None:
    long = " ".join(["Sociaal team Proefstad, in nauwe samenwerking met alle partners uit de wijk"] * 7)
    text = MINIMAL_GEMEENTE.replace("  3:\n    casusregie: Sociaal team Proefstad", f"  3:\n    casusregie: {long}")
    write(project / "gemeenten/proefstad.yaml", text)
    line = text.splitlines().index(f"    casusregie: {long}") + 1
    for command in ("check", "build"):
        result = cli(command, "--project", project)
        assert result.exit_code == 1
        assert f"gemeenten/proefstad.yaml:{line}:17: fout: de geprinte regiekaart van Proefstad past niet op één pagina" in result.output, result.output
        assert "casusregie in fase 3" in result.output
    # a bit shorter fits
    write(project / "gemeenten/proefstad.yaml", text.replace(long, "Sociaal team Proefstad, in nauwe samenwerking met alle partners uit de wijk"))
    assert cli("check", "--project", project).exit_code == 0


def test_overlong_criteria_fail_the_build_with_the_file(project: Path, cli) -> None:
    extra = "".join(f"        - Extra lokale afspraak nummer {i} over wanneer het sociaal team opschaalt naar het Zorg- en Veiligheidshuis.\n" for i in range(40))
    text = MINIMAL_GEMEENTE.replace("    procesregie: Casusoverleg Proefstad\n", "    procesregie: Casusoverleg Proefstad\n    opschalen:\n      toevoegen:\n" + extra)
    write(project / "gemeenten/proefstad.yaml", text)
    assert cli("check", "--project", project).exit_code == 0  # the estimate covers the card, not the criteria
    result = cli("build", "--project", project, "-g", "proefstad")
    assert result.exit_code == 1
    assert re.search(r"gemeenten/proefstad\.yaml:\d+:\d+: fout: de criteriakaart van Proefstad beslaat \d+ pagina's; het maximum is 2", result.output), result.output
    assert not (project / "build/site").exists()


def _table_height(html: str) -> float:
    """Height in mm of the card's table as WeasyPrint lays it out."""
    from weasyprint import HTML

    from generator.pdf import _WORKER, _init_worker

    _init_worker(str(ROOT / "assets"))
    document = HTML(string=html, base_url=_WORKER["base"], url_fetcher=_WORKER["fetcher"]).render(font_config=_WORKER["font_config"], stylesheets=[_WORKER["css"]])
    assert len(document.pages) == 1
    tables = [box for box in document.pages[0]._page_box.descendants() if type(box).__name__ == "TableBox"]
    return tables[0].margin_height() * 25.4 / 96


@pytest.mark.parametrize("slug", ["breda", "etten-leur", "zundert"])
def test_fit_estimate_is_close_and_on_the_safe_side(shipped, slug: str) -> None:  # noqa: ANN001
    taak: PdfJob = next(t for t in plan_pdfs(shipped.project) if t.info.path == f"gemeenten/{slug}/regiekaart.pdf")
    html = render_html(Renderer(shipped.project, [ROOT / "templates"], draft=False), taak)
    real = _table_height(html)
    estimate = meet_kaart(taak.context["gemeente"].kaart, ROOT / "assets/fonts").hoogte
    assert real <= estimate <= real * 1.15, (real, estimate)
