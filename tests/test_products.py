"""Outputs as declared values: products declare pages, PDFs and text files in one place,
and a new kind of output needs nothing but its own product function and template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import products
from generator.assemble import load_project
from generator.build import BuildSettings, run_build
from generator.products import Wat, plan
from generator.render import GEMEENTE_PDFS, Page, TextFile, gemeente_pdf
from generator.write import MARKER

from .conftest import write

AGENDA = """BEGIN:VCALENDAR
{% for g in project.gemeenten %}
SUMMARY:Herziening {{ g.naam }} & <kaart>
{% endfor %}
END:VCALENDAR
"""


def agenda(wat: Wat) -> list[TextFile]:
    """A test-only product: a calendar file of all gemeenten."""
    return [TextFile("agenda.ics", "agenda.ics", {}, ("gemeenten",))]


def test_a_new_kind_of_output_touches_only_its_own_product(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "templates/agenda.ics", AGENDA)
    monkeypatch.setattr(products, "PRODUCTS", [*products.PRODUCTS, agenda])
    out = project / "build" / "site"
    settings = BuildSettings(project, out, ("zundert", "breda"), pdf=False, base_url="https://intranet.example/kaart/")
    first = run_build(settings, None)
    assert first.result is not None, first.problems
    text = (out / "agenda.ics").read_text(encoding="utf-8")
    assert text == "BEGIN:VCALENDAR\nSUMMARY:Herziening Breda & <kaart>\nSUMMARY:Herziening Zundert & <kaart>\nEND:VCALENDAR\n"  # not escaped, not trimmed
    assert first.result.pages == len(plan(first.project).pages)  # not counted as a page
    assert b"agenda.ics" not in (out / "sitemap.xml").read_bytes()  # nor in the sitemap
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert "key" in manifest["entries"]["agenda.ics"] and "sitemap.xml" in manifest["entries"]
    assert not any("agenda" in path for path in manifest["search_bundles"])
    # like every output: taken over while its input is unchanged, made again when it changes
    hoofdstuk = next((project / "content/handreiking").glob("*.md"))
    hoofdstuk.write_text(hoofdstuk.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    second = run_build(settings, None)
    assert second.result is not None and "agenda.ics" not in second.result.changed and "sitemap.xml" not in second.result.changed
    breda = project / "gemeenten/breda.yaml"
    breda.write_text(breda.read_text(encoding="utf-8").replace("naam: Breda", "naam: Breda-Stad", 1), encoding="utf-8")
    third = run_build(settings, None)
    assert third.result is not None and "agenda.ics" in third.result.changed
    assert "Herziening Breda-Stad & <kaart>" in (out / "agenda.ics").read_text(encoding="utf-8")


def test_each_gemeente_has_the_declared_outputs(project: Path) -> None:
    loaded = load_project(project, ["zundert"])
    declared = plan(loaded.project, "https://x.example/")
    g = loaded.project.gemeenten[0]
    pdfs = {t.info.path: t for t in declared.pdfs}
    for soort in GEMEENTE_PDFS:
        taak = pdfs[gemeente_pdf(g.slug, soort.name)]
        assert taak.template == soort.template and taak.max_pages == soort.max_pages
        assert taak.info.title == soort.title.format(naam=g.naam)
    card = next(p for p in declared.pages if p.path == f"gemeenten/{g.slug}/index.html")
    assert card.pdfs == tuple(gemeente_pdf(g.slug, s.name) for s in GEMEENTE_PDFS)
    assert next(p for p in declared.pages if p.path == f"gemeenten/{g.slug}/invullen.html").template == "invullen.html"
    formulier = ["invullen/gegevens.js", "invullen/kaart-A4.css", "invullen/kaart-A3.css"]  # the invulformulier's data and print geometry
    assert [t.path for t in declared.texts] == [*formulier, "sitemap.xml"]
    assert [t.path for t in plan(loaded.project).texts] == formulier  # no address, no sitemap
    with pytest.raises(TypeError, match="no kind of output"):
        plan(loaded.project, products=[lambda wat: ["geen uitvoer"]])


def test_the_page_shows_the_declared_pdfs_with_their_explanation(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import render

    changed = (render.GemeentePdf("regiekaart", "pdf/regiekaart.html", "Kaart {naam}", "x", "Een eigen uitleg bij de kaart.", 1, card=True), *render.GEMEENTE_PDFS[1:])
    monkeypatch.setattr(render, "GEMEENTE_PDFS", changed)
    monkeypatch.setattr(products, "GEMEENTE_PDFS", changed)
    loaded = load_project(project, ["zundert"])
    page = next(p for p in plan(loaded.project).pages if p.path == "gemeenten/zundert/index.html")
    r = render.Renderer(loaded.project, [project / "templates"], draft=False)
    for path in page.pdfs:
        r.pdfs[path] = {"titel": path, "grootte": "1 kB"}
    html = r.render(page).decode("utf-8")
    assert "Een eigen uitleg bij de kaart." in html and html.count("downloads__uitleg") == len(changed)
    assert isinstance(page, Page)
