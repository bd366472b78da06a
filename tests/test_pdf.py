"""The PDFs, read back with pypdf: pages, sizes, text, fonts, tags, bookmarks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.drukwerk import MAAT, meet_kaart
from generator.model import CEL_TEKST
from generator.pdf import PdfJob, render_html
from generator.products import plan_pdfs
from generator.render import Renderer

from .conftest import MINIMAL_GEMEENTE, ROOT, StandIns, write
from .test_serve import wait_for
from . import test_serve

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
    assert squash(CEL_TEKST["open"]) in squash(text(reader))


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
    # the default region's booklet: the common chapters, then the region's own
    expected = [h.titel for h in shipped.project.boekje(shipped.project.standaard)]
    assert titles[: len(expected)] == expected
    assert [t for t in titles[len(expected):]] == ["Bijlage A: Universele regiekaart de-escaleren", "Bijlage B: Criteria voor op- en afschalen", "Bijlage C: De kaarten van de gemeenten"]
    assert any(isinstance(item, list) and item for item in reader.outline)  # sections under chapters
    bookmark_page = {item.title: reader.get_destination_page_number(item) + 1 for item in top}
    # the table of contents is on page 2: "<n> <title> ....... <page>", an appendix without a number
    toc = reader.pages[1].extract_text()
    listed = {}
    for line in toc.splitlines():
        match = re.match(r"^\s*([0-9]+)?\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            listed[squash(match.group(2))] = int(match.group(3))
    assert len(listed) == len(expected) + 3, toc
    for title, page in bookmark_page.items():
        assert listed[squash(title)] == page, title
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


@pytest.mark.small_project
def test_a3_option(project: Path, cli, stand_in_renders: StandIns) -> None:  # noqa: ANN001
    stand_in_renders.really("gemeenten/proefstad/regiekaart.pdf")  # the one PDF the test reads
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE + "papierformaat: A3\n")
    assert cli("build", "--project", project, "-g", "proefstad", "-j", "1").exit_code == 0
    reader = PdfReader(project / "build/site/gemeenten/proefstad/regiekaart.pdf")
    assert len(reader.pages) == 1 and size(reader.pages[0]) == A3_LANDSCAPE


def mm(points: float) -> float:
    return float(points) * 25.4 / 72


def overlong(source: str = MINIMAL_GEMEENTE, n: int = 7) -> tuple[str, str]:
    """A gemeente whose casusregie in fase 3 makes the card too long for A4: the file, and
    that value."""
    long = " ".join(["Sociaal team Proefstad, in nauwe samenwerking met alle partners uit de wijk"] * n)
    return source.replace("  3:\n    casusregie: Sociaal team Proefstad", f"  3:\n    casusregie: {long}"), long


@pytest.mark.small_project
def test_overlong_value_fails_check_with_its_line(project: Path, cli) -> None:  # noqa: ANN001
    source, long = overlong()
    write(project / "gemeenten/proefstad.yaml", source)
    line = source.splitlines().index(f"    casusregie: {long}") + 1
    for command in ("check", "build"):
        result = cli(command, "--project", project)
        assert result.exit_code == 1
        match = re.search(
            rf"gemeenten/proefstad\.yaml:{line}:17: fout: de geprinte regiekaart van Proefstad past niet op één liggende A4: ze is ongeveer (\d+) mm te lang \(zo'n (\d+) regels tekst\)\.",
            result.output,
        )
        assert match and int(match.group(1)) > 20 and int(match.group(2)) > 4, result.output
        assert "casusregie in fase 3" in result.output
        assert "Op A3 past ze wel: zet 'papierformaat: A3' in het bestand" in result.output
    assert not (project / "build/site").exists()
    # on A3 it fits: same letters, more room
    write(project / "gemeenten/proefstad.yaml", source + "papierformaat: A3\n")
    assert cli("check", "--project", project).exit_code == 0
    # a bit shorter fits on A4
    write(project / "gemeenten/proefstad.yaml", source.replace(long, "Sociaal team Proefstad, in nauwe samenwerking met alle partners uit de wijk"))
    assert cli("check", "--project", project).exit_code == 0


@pytest.mark.small_project
def test_draft_builds_an_overlong_card_with_the_overflow_marked(project: Path, cli, stand_in_renders: StandIns) -> None:  # noqa: ANN001
    """`build --draft` keeps the error in its report but builds the card: on one page made
    taller by the overflow, the part past A4 marked, and a band that says by how much; the
    gemeente's page says so at the top."""
    stand_in_renders.really("gemeenten/proefstad/regiekaart.pdf")  # the one PDF the test reads
    source, _ = overlong()
    write(project / "gemeenten/proefstad.yaml", source)
    result = cli("build", "--project", project, "-g", "proefstad", "--draft", "-j", "1")
    assert result.exit_code == 0, result.output
    te_lang = re.search(r"past niet op één liggende A4: ze is (ongeveer (\d+) mm te lang \(zo'n \d+ regels tekst\))", result.output)
    assert te_lang, result.output
    reader = PdfReader(project / "build/site/gemeenten/proefstad/regiekaart.pdf")
    assert len(reader.pages) == 1
    width, height = (mm(x) for x in reader.pages[0].mediabox[2:])
    assert round(width) == 297 and abs(height - (210 + int(te_lang.group(2)) + MAAT.band)) < 1, (width, height)
    content = squash(text(reader))
    assert squash("Alles onder de rode stippellijn valt buiten het papier.") in content
    assert squash(f"De geprinte kaart is {te_lang.group(1)} voor één liggende A4.") in content
    assert squash("Op A3 past ze wel") in content and squash("(gemeenten/proefstad.yaml, regel 11)") in content
    page = (project / "build/site/gemeenten/proefstad/index.html").read_text(encoding="utf-8")
    assert 'class="melding melding--fout melding--overloop"' in page
    assert f"<strong>Past niet op papier.</strong> De geprinte kaart is {te_lang.group(1)}" in page.replace("&#39;", "'")
    # `build` without --draft refuses, and leaves the site as it was
    before = (project / "build/site/gemeenten/proefstad/regiekaart.pdf").read_bytes()
    result = cli("build", "--project", project, "-g", "proefstad", "-j", "1")
    assert result.exit_code == 1 and "Niet gebouwd" in result.output
    assert (project / "build/site/gemeenten/proefstad/regiekaart.pdf").read_bytes() == before


@pytest.mark.small_project
def test_serve_settings_build_an_overlong_card(project: Path) -> None:
    """What `serve` builds with (BuildSettings.overflow, without draft): the overlong card
    is built with its band; the same settings without overflow, as `build`, refuse."""
    from generator.build import BuildSettings, assets_dir, run_build
    from generator.codes import KAART_TE_LANG
    from generator.pdf import Pool

    write(project / "gemeenten/proefstad.yaml", overlong()[0])
    out = project / "build/site"
    with Pool(assets_dir(project), 1, start=False) as pool:
        refused = run_build(BuildSettings(project, out, ("proefstad",), jobs=1), pool)
        assert refused.result is None and [p.code for p in refused.problems if p.is_error] == [KAART_TE_LANG]
        built = run_build(BuildSettings(project, out, ("proefstad",), jobs=1, overflow=True), pool)
    assert built.result is not None and [p.code for p in built.problems if p.is_error] == [KAART_TE_LANG]
    reader = PdfReader(out / "gemeenten/proefstad/regiekaart.pdf")
    assert len(reader.pages) == 1 and mm(reader.pages[0].mediabox[3]) > 230
    assert squash("Alles onder de rode stippellijn") in squash(text(reader))
    assert "niet voor gebruik in de praktijk" not in text(reader)  # not a draft (its band): only the overflow is let through


@pytest.mark.small_project
def test_overlong_criteria_fail_the_build_with_the_file(project: Path, cli, stand_in_renders: StandIns) -> None:  # noqa: ANN001
    stand_in_renders.really("gemeenten/proefstad/criteriakaart.pdf")  # its pages decide
    extra = "".join(f"        - Extra lokale afspraak nummer {i} over wanneer het sociaal team opschaalt naar het Zorg- en Veiligheidshuis.\n" for i in range(40))
    source = MINIMAL_GEMEENTE.replace("    procesregie: Casusoverleg Proefstad\n", "    procesregie: Casusoverleg Proefstad\n    opschalen:\n      toevoegen:\n" + extra)
    write(project / "gemeenten/proefstad.yaml", source)
    assert cli("check", "--project", project).exit_code == 0  # the estimate covers the card, not the criteria
    result = cli("build", "--project", project, "-g", "proefstad")
    assert result.exit_code == 1
    match = re.search(r"gemeenten/proefstad\.yaml:\d+:\d+: fout: de criteriakaart van Proefstad beslaat (\d+) pagina's; het maximum is 2, dus (\d+|één) pagina('s)? te veel\.", result.output)
    assert match, result.output
    pages = int(match.group(1))
    assert match.group(2) == (str(pages - 2) if pages > 3 else "één")
    assert not (project / "build/site").exists()
    # --draft builds it, and every page too many says so at the top
    result = cli("build", "--project", project, "-g", "proefstad", "--draft")
    assert result.exit_code == 0, result.output
    assert "de criteriakaart van Proefstad beslaat" in result.output
    reader = PdfReader(project / "build/site/gemeenten/proefstad/criteriakaart.pdf")
    assert len(reader.pages) == pages
    band = "Pagina te veel: de criteriakaart van Proefstad mag 2 pagina's beslaan"
    assert [band in page.extract_text() for page in reader.pages] == [False, False] + [True] * (pages - 2)


served = test_serve.served  # the fixture of a running `serve` (without PDFs)


def test_serve_shows_an_overlong_card_on_its_page(served) -> None:  # noqa: ANN001
    """serve (here without PDFs) builds a card that is too long, and its page says by how much."""
    source, _ = overlong()
    write(served.project / "gemeenten/proefstad.yaml", source)
    wait_for("the overlong card's page", lambda: served.get("gemeenten/proefstad/index.html")[0] == 200)
    page = served.get("gemeenten/proefstad/index.html")[1]
    assert "<strong>Past niet op papier.</strong> De geprinte kaart is ongeveer " in page
    assert "Op A3 past ze wel" in page.replace("&#39;", "'")


def _table_height(html: str) -> float:
    """Height in mm of the card's table as WeasyPrint lays it out."""
    from weasyprint import HTML

    from generator.pdf import _WORKER, _init_worker

    _init_worker(str(ROOT / "assets"))
    document = HTML(string=html, base_url=_WORKER["base"], url_fetcher=_WORKER["fetcher"]).render(font_config=_WORKER["font_config"], stylesheets=_WORKER["css"])
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
