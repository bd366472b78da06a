"""Regions as a layer, escalation tables, the wie-is-wie, borging and the opschaalwijzer."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import load_project

from .conftest import ROOT, StandIns, bevestig, golden, write


def kaart_tabel(html: str) -> str:
    return re.search(r'<table class="kaart__tabel">.*?</table>', html, re.S).group(0)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# --- the three layers -----------------------------------------------------------------

REGIO = """\
naam: Proefregio
omschrijving: Een regio om te testen.
fasen:
  2:
    casusregie: Regionaal wijkteam
    procesregie: Regionale tafel
    opschalen:
      toevoegen:
        - Een regionaal criterium.
opschaaltafels:
  proeftafel:
    naam: Proeftafel
    criteria:
      - Als het vastloopt.
    aanmelden: Via het regionale loket.
    fasen: [2]
"""

GEMEENTE = """\
naam: Laagdorp
regio: proefregio
status: concept
fasen:
  1:
    operationeel_verantwoordelijk: Teamleider Laagdorp
  2:
    procesregie: Eigen tafel van Laagdorp
    operationeel_verantwoordelijk: Teamleider Laagdorp
  3:
    casusregie: Wijkteam Laagdorp
    procesregie: Zorg- en Veiligheidshuis
    operationeel_verantwoordelijk: Manager
    bestuurlijk_verantwoordelijk: Burgemeester
  4:
    casusregie: Crisisteam
    behandelregie: Crisisdienst ggz
    procesregie: Zorg- en Veiligheidshuis
    operationeel_verantwoordelijk: Calamiteitencoördinator
"""


def test_three_layers_with_provenance(project: Path) -> None:
    write(project / "content/regios/proefregio.yaml", REGIO)
    write(project / "gemeenten/laagdorp.yaml", GEMEENTE)
    loaded = load_project(project)
    assert not [p for p in loaded.problems if p.is_error], [p.format() for p in loaded.problems if p.is_error]
    g = next(g for g in loaded.project.gemeenten if g.slug == "laagdorp")
    assert g.regio.naam == "Proefregio" and g.regio_slug == "proefregio"
    fase2 = g.kaart.fase(2)
    # each value says which layer it came from, and where it was written
    casus, proces, behandel = fase2.cel("casusregie"), fase2.cel("procesregie"), fase2.cel("behandelregie")
    assert (casus.status, casus.waarde.laag, casus.waarde.pos.path, casus.waarde.pos.line) == ("regio", "regio", "content/regios/proefregio.yaml", 5)
    assert (proces.status, proces.waarde.laag, proces.waarde.pos.path, proces.waarde.pos.line) == ("lokaal", "gemeente", "gemeenten/laagdorp.yaml", 8)
    assert proces.regio.value == "Regionale tafel" and proces.onder.laag == "regio"
    assert (behandel.status, behandel.waarde.laag, behandel.waarde.pos.path) == ("basis", "basis", "content/regiekaart.yaml")
    # the region's criterion is appended to the base's; the gemeente replaced the region's procesregie
    assert [c.tekst for c in g.kaart.fase(2).opschalen if c.laag == "regio"] == ["Een regionaal criterium."]
    afwijking = next(a for a in g.afwijkingen if a.fase == 2 and a.veld == "procesregie")
    assert (afwijking.basis, afwijking.bron, afwijking.soort) == ("Regionale tafel", "regio", "vervangen")
    # tables: the base's four and the region's own, in that order, each with its origin
    assert [(t.sleutel, t.laag) for t in g.opschaaltafels][-1] == ("proeftafel", "regio")
    assert [t.naam for t in g.tafels_in_fase(2)][-1] == "Proeftafel"
    # the other gemeenten stay in the default region, with their cards as before
    assert {x.regio_slug for x in loaded.project.gemeenten if x.slug != "laagdorp"} <= {"west-brabant", "groningen"}


def test_three_layers_on_the_built_pages(project: Path, cli) -> None:
    write(project / "content/regios/proefregio.yaml", REGIO)
    write(project / "gemeenten/laagdorp.yaml", GEMEENTE)
    result = cli("build", "--project", project, "--no-pdf", "-q")
    assert result.exit_code == 0, result.output
    site = project / "build/site"
    page = (site / "gemeenten/laagdorp/index.html").read_text(encoding="utf-8")
    tabel = kaart_tabel(page)
    # the region's value is indexed on the region's page, the gemeente's own on hers
    assert re.search(r'<td class="cel cel--regio" data-pagefind-ignore><span class="cel__tekst">Regionaal wijkteam</span> <span class="label label--regio"', tabel)
    assert re.search(r'<td class="cel cel--lokaal"><span class="cel__tekst">Eigen tafel van Laagdorp</span> <span class="label label--lokaal"', tabel)
    # a deviation against the region's value, listed as one (not in the part for maintainers only)
    shown = page[page.index('<h2 id="afwijkingen">') :].split('<details class="beheer">')[0]
    assert "Wat Laagdorp anders regelt (1)" in shown and "Regionale tafel <span class=\"klein\">(regio)</span>" in shown
    assert '../../regios/proefregio/index.html' in page
    regio = (site / "regios/proefregio/index.html").read_text(encoding="utf-8")
    assert "Laagdorp" in regio and "Breda" not in regio
    assert "content/regios/proefregio.yaml, regel 5" in regio  # the region's own values, with their place


@pytest.mark.golden
@pytest.mark.small_project(gemeenten=("zundert", "groningen", "oldambt", "pekela", "stadskanaal"))
def test_old_gemeente_file_builds_identically(built_site: Path, project: Path, cli, stand_in_renders: StandIns) -> None:  # noqa: ANN001
    """Zundert's file is from before regions existed: its card and its printed card are the
    same as before this change (kept in tests/golden, made by the previous version), in the
    default region and in a project without any region file."""
    stand_in_renders.really("gemeenten/zundert/regiekaart.pdf")  # the one PDF the test reads
    assert "regio:" not in (ROOT / "gemeenten/zundert.yaml").read_text(encoding="utf-8")
    golden("zundert-kaart.html", kaart_tabel((built_site / "gemeenten/zundert/index.html").read_text(encoding="utf-8")))
    golden("zundert-regiekaart.txt", pdf_text(built_site / "gemeenten/zundert/regiekaart.pdf"))

    shutil.rmtree(project / "content/regios")
    for slug in ("groningen", "oldambt", "pekela", "stadskanaal"):
        (project / f"gemeenten/{slug}.yaml").unlink()
    site = project / "content/site.yaml"
    site.write_text(re.sub(r"^standaardregio: .*\n", "", site.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = cli("build", "--project", project, "-g", "zundert", "-q")
    assert result.exit_code == 0, result.output
    out = project / "build/site"
    golden("zundert-kaart.html", kaart_tabel((out / "gemeenten/zundert/index.html").read_text(encoding="utf-8")))
    # without a region file the one region has no managers of its own: the footer names none
    beheer = re.search(r"^beheer: (.*)$", (ROOT / "content/regios/west-brabant.yaml").read_text(encoding="utf-8"), re.M).group(1)
    met = re.sub(r"\s+", "", pdf_text(built_site / "gemeenten/zundert/regiekaart.pdf"))
    assert re.sub(r"\s+", "", pdf_text(out / "gemeenten/zundert/regiekaart.pdf")) == met.replace(re.sub(r"\s+", "", f"· beheer: {beheer}"), "")
    # the one region is named after the site's 'regio'
    assert (out / "regios/west-brabant/index.html").is_file()


@pytest.mark.parametrize(
    ("rel", "content", "where", "words"),
    [
        ("gemeenten/laagdorp.yaml", GEMEENTE.replace("regio: proefregio", "regio: proefregoi"), "2:8", "regio 'proefregoi' bestaat niet; een regio is een bestand in content/regios/. Bedoelde u 'proefregio'?"),
        ("content/regios/proefregio.yaml", REGIO + "beheerder: x\n", "17:1", "onbekende sleutel 'beheerder' in dit regiobestand. Bedoelde u 'beheer'?"),
        ("content/regios/proefregio.yaml", REGIO.replace("  proeftafel:\n    naam: Proeftafel\n", "  proeftafel:\n"), "11:3", "opschaaltafel 'proeftafel' heeft geen 'naam'"),
        ("content/regios/proefregio.yaml", REGIO.replace("opschaaltafels:\n  proeftafel:", "opschaaltafels:\n  Proef Tafel:"), "11:3", "is geen geldige naam voor een onderdeel van 'opschaaltafels'"),
        ("content/site.yaml", None, "6:17", "standaardregio 'west-brabnt' bestaat niet in content/regios/. Bedoelde u 'west-brabant'?"),
    ],
)
def test_region_mistakes(cli, project: Path, rel: str, content: str | None, where: str, words: str) -> None:
    write(project / "content/regios/proefregio.yaml", REGIO)
    write(project / "gemeenten/laagdorp.yaml", GEMEENTE)
    if content is None:
        site = project / rel
        site.write_text(site.read_text(encoding="utf-8").replace("standaardregio: west-brabant", "standaardregio: west-brabnt"), encoding="utf-8")
    else:
        write(project / rel, content)
    for command in ("check", "build"):
        result = cli(command, "--project", project, *(["--no-pdf"] if command == "build" else []))
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert any(line.startswith(f"{rel}:{where}: fout: ") and words in line for line in result.output.splitlines()), result.output
    assert not (project / "build/site").exists()  # nothing written


# --- Groningen and its Zorg- en Veiligheidsteam ---------------------------------------


def test_groningen_builds_with_its_zorg_en_veiligheidsteam(built_site: Path) -> None:
    page = (built_site / "gemeenten/groningen/index.html").read_text(encoding="utf-8")
    assert 'id="tafel-zorg-en-veiligheidsteam"' in page
    section = page[page.index('id="tafel-zorg-en-veiligheidsteam"'):]
    section = section[: section.index("</section>")]
    assert "twee van de drie kolommen zorg, veiligheid en bestuur" in section and "Aanmelden:" in section and "In fase 3 en 4" in section
    # fase 3 and fase 4 link to the table; fase 2 does not
    for nummer, linked in ((2, False), (3, True), (4, True)):
        fase = page[page.index(f'id="criteria-fase-{nummer}"'):]
        fase = fase[: fase.index("</section>")]
        assert ('href="#tafel-zorg-en-veiligheidsteam"' in fase) is linked, nummer
    assert "Regio Groningen" in page and "../../regios/groningen/index.html" in page
    # the region's values are marked as such on the card, and its procesregie is there
    assert re.search(r'cel--regio" data-pagefind-ignore><span class="cel__tekst">Veiligheidshuis Groningen, in opdracht van de burgemeester', page)
    # its PDFs: the printed card names the region, the criteriakaart lists the team and links to it
    for soort in ("regiekaart", "criteriakaart", "training"):
        assert (built_site / f"gemeenten/groningen/{soort}.pdf").stat().st_size > 5000
    kaart = " ".join(pdf_text(built_site / "gemeenten/groningen/regiekaart.pdf").split())
    assert "van de regio Groningen" in kaart and "Regio afspraak van de regio Groningen" in kaart
    criteria = PdfReader(built_site / "gemeenten/groningen/criteriakaart.pdf")
    text = " ".join("\n".join(p.extract_text() for p in criteria.pages).split())
    assert "Zorg- en Veiligheidsteam fase 3 en 4" in text and "Aanmelden:" in text
    links = [a.get_object() for p in criteria.pages for a in p.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    assert len(links) >= 5  # the row of tables per fase links to the list below it
    assert len(criteria.pages) <= 2
    # West-Brabant's gemeenten do not get Groningen's team
    assert "tafel-zorg-en-veiligheidsteam" not in (built_site / "gemeenten/breda/index.html").read_text(encoding="utf-8")


# --- wie-is-wie and personal data ------------------------------------------------------

PERSOONLIJK = {"naam": "Testpersoon Vlinderstruik", "telefoon": "toestel 4711-intern", "email": "vlinderstruik@example.org"}


def with_personal_data(project: Path) -> Path:
    """Give every contact of Groningen a name, a phone line and an e-mail address (made
    up, clearly not real), the way a coordinator would for the intranet."""
    file = project / "gemeenten/groningen.yaml"
    text = file.read_text(encoding="utf-8")
    extra = "".join(f"    {key}: {value}\n" for key, value in PERSOONLIJK.items())
    text, n = re.subn(r"^(  - rol: .+\n)", lambda m: m.group(1) + extra, text, flags=re.M)
    assert n >= 3
    file.write_text(text, encoding="utf-8")
    return project


def every_text(folder: Path) -> dict[str, str]:
    """Every file of a built site as text: PDFs read back, Pagefind's compressed files unpacked."""
    out = {}
    for file in folder.rglob("*"):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix == ".pdf":
            out[str(file)] = pdf_text(file)
            continue
        try:
            data = gzip.decompress(data)
        except OSError:
            pass
        out[str(file)] = data.decode("utf-8", "replace")
    return out


@pytest.mark.small_project(gemeenten=("groningen",))
def test_default_build_contains_no_personal_data(project: Path, cli) -> None:
    with_personal_data(project)
    result = cli("build", "--project", project, "-g", "groningen")  # its page, its PDFs, its search index
    assert result.exit_code == 0, result.output
    site = project / "build/site"
    texts = every_text(site)
    assert len(texts) > 50 and any(path.endswith(".pdf") for path in texts)
    assert any("Casusregisseur WIJ-team" in text for text in texts.values())  # the roles are there
    for path, text in texts.items():
        for value in PERSOONLIJK.values():
            assert value not in text, (path, value)
    assert not (project / "build/intern").exists()


def test_intern_build_shows_the_wie_is_wie(project: Path, cli) -> None:
    with_personal_data(project)
    result = cli("build", "--project", project, "-g", "groningen", "--intern", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "build/intern" in result.output and not (project / "build/site").exists()
    page = (project / "build/intern/gemeenten/groningen/index.html").read_text(encoding="utf-8")
    for value in PERSOONLIJK.values():
        assert value in page
    assert "Interne versie." in page
    # the opschaalwijzer names the person behind the role too
    assert PERSOONLIJK["naam"] in (project / "build/intern/gemeenten/groningen/opschaalwijzer.html").read_text(encoding="utf-8")
    # and a default build afterwards has none of it, although it shares the cache
    assert cli("build", "--project", project, "-g", "groningen", "--no-pdf", "-q").exit_code == 0
    for text in every_text(project / "build/site").values():
        assert PERSOONLIJK["naam"] not in text and PERSOONLIJK["email"] not in text


def test_card_fields_link_to_the_wie_is_wie(built_site: Path) -> None:
    page = (built_site / "gemeenten/groningen/index.html").read_text(encoding="utf-8")
    tabel = kaart_tabel(page)
    # the link says where it goes, also read out of context ("Contact: Casusregisseur WIJ-team")
    ankers = re.findall(r'<a class="cel__wie" data-pagefind-ignore href="#(wie-[a-z0-9-]+)">Contact: ([^<]+)</a>', tabel)
    assert len(ankers) >= 4
    for anker, rol in ankers:
        card = re.search(rf'<li class="wie__kaart" id="{anker}">\s*<h3 class="wie__rol">([^<]+)', page)
        assert card and rol.startswith(card.group(1).strip())
    # a role in the default build: organisation and general route, no direct line
    assert "Namen en directe nummers staan alleen in de versie op het besloten intranet." in page


# --- borging -----------------------------------------------------------------------------


def test_review_dates_and_example_fills_are_warnings(cli, project: Path) -> None:
    result = cli("check", "--project", project, "--peildatum", "2027-11-02", "--alle-meldingen")  # each, not folded
    assert result.exit_code == 0, result.output  # warnings, not errors
    lines = result.output.splitlines()
    groningen = (project / "gemeenten/groningen.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(groningen, 1) if text.startswith("herzien_voor:"))
    assert f"gemeenten/groningen.yaml:{line}:15: waarschuwing: de kaart van Groningen had herzien moeten zijn vóór 2027-11-01; plan een terugkombijeenkomst" in result.output
    assert any(l.startswith("content/regios/groningen.yaml:") and "de regio Groningen had herzien moeten zijn" in l for l in lines)
    # the day before, nothing is overdue
    earlier = cli("check", "--project", project, "--peildatum", "2027-10-31", "--alle-meldingen").output
    assert "had herzien moeten zijn" not in earlier
    assert earlier.count("is nog een voorbeeldinvulling") == 20
    # an adopted card without a review date
    breda = project / "gemeenten/breda.yaml"
    text = breda.read_text(encoding="utf-8").replace("status: voorbeeld", "status: vastgesteld\nvastgesteld: 2026-10-01")
    breda.write_text(re.sub(r"^herzien_voor: .*\n", "", text, flags=re.M), encoding="utf-8")
    assert "gemeenten/breda.yaml:5:14: waarschuwing: de kaart van Breda is vastgesteld, maar heeft geen herzieningsdatum" in cli("check", "--project", project).output
    wrong = cli("check", "--project", project, "--peildatum", "1 maart")
    assert wrong.exit_code == 2 and "'1 maart' is geen datum; schrijf de datum als JJJJ-MM-DD" in wrong.output


def test_status_overview_and_change_log(project: Path, cli) -> None:
    bevestig(project)
    oldambt = project / "gemeenten/oldambt.yaml"
    oldambt.write_text(re.sub(r"^herzien_voor: .*$", "herzien_voor: 2026-06-01", oldambt.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = cli("build", "--project", project, "--no-pdf", "--peildatum", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert "gemeenten/oldambt.yaml:" in result.output and "had herzien moeten zijn vóór 2026-06-01" in result.output
    regio = (project / "build/site/regios/groningen/index.html").read_text(encoding="utf-8")
    stand = regio[regio.index('id="stand"'):]
    stand = stand[: stand.index("</table>")]
    rows = dict(re.findall(r'<th scope="row"><a href="../../gemeenten/([a-z-]+)/index.html">[^<]+</a></th>(.*?)</tr>', stand, re.S))
    assert set(rows) == {"groningen", "oldambt", "pekela", "stadskanaal"}
    assert "Herziening verlopen" in rows["oldambt"] and "1 juni 2026" in rows["oldambt"]
    assert all("Herziening verlopen" not in rows[s] and "Actueel" in rows[s] for s in ("groningen", "pekela", "stadskanaal"))
    assert "waarvan <strong>1 over de herzieningsdatum</strong>" in regio
    # the change log, newest first, on the gemeente's page
    page = (project / "build/site/gemeenten/groningen/index.html").read_text(encoding="utf-8")
    log = page[page.index('id="wijzigingen"'):]
    versies = re.findall(r"<strong>Versie ([0-9.]+)</strong>", log[: log.index("</section>")])
    assert len(versies) >= 2 and versies == sorted(versies, key=lambda v: [int(x) for x in v.split(".")], reverse=True)
    # another date is another build: the no-op shortcut does not hide the warning
    again = cli("build", "--project", project, "--no-pdf", "--peildatum", "2026-05-01")
    assert "had herzien moeten zijn" not in again.output
    regio = (project / "build/site/regios/groningen/index.html").read_text(encoding="utf-8")
    assert "Herziening verlopen" not in regio and "Herzien binnen 31 dagen" in regio


# --- opschaalwijzer (the browser tests click it) ------------------------------------------


def test_opschaalwijzer_reads_without_javascript(built_site: Path, shipped) -> None:  # noqa: ANN001
    page = (built_site / "gemeenten/groningen/opschaalwijzer.html").read_text(encoding="utf-8")
    project = shipped.project
    g = next(g for g in project.gemeenten if g.slug == "groningen")
    for fase in g.kaart.fasen:
        section = page[page.index(f'id="fase-{fase.nummer}"'):]
        section = section[: section.index("</section>")]
        # the criteria that point here: the opschalen of the fase below
        if fase.nummer > 1:
            vorige = g.kaart.fase(fase.nummer - 1)
            for c in vorige.opschalen:
                assert c.tekst.replace("'", "&#39;") in section, (fase.nummer, c.tekst)
        for veld in ("casusregie", "procesregie"):
            assert fase.cel(veld).tekst.replace("'", "&#39;") in section
        for t in g.tafels_in_fase(fase.nummer):
            assert f'href="index.html#{t.anker}"' in section
    assert '<script src="../../assets/js/opschaalwijzer.js" defer></script>' in page
    assert 'type="checkbox"' not in page  # the script adds the boxes; without it the page is a plain list
    assert (built_site / "assets/js/opschaalwijzer.js").is_file()
    assert 'href="opschaalwijzer.html"' in (built_site / "gemeenten/groningen/index.html").read_text(encoding="utf-8")


def test_status_command_lists_every_card_by_region(cli, project: Path) -> None:
    oldambt = project / "gemeenten/oldambt.yaml"
    oldambt.write_text(re.sub(r"^herzien_voor: .*$", "herzien_voor: 2026-06-01", oldambt.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = cli("status", "--project", project, "--peildatum", "2026-11-23")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Stand van de kaarten op 23 november 2026"
    rows = {line.split()[0]: line for line in lines if line.startswith("  ") and not line.strip().startswith("gemeente")}
    assert len(rows) == 20
    assert rows["Oldambt"].rstrip().endswith("2026-06-01    herziening verlopen")
    assert rows["Groningen"].rstrip().endswith("2027-11-01    actueel")
    assert rows["Zundert"].rstrip().endswith("–             geen herzieningsdatum")
    assert lines.index(next(l for l in lines if l.startswith("Regio Groningen"))) < lines.index(rows["Oldambt"]) < lines.index(next(l for l in lines if l.startswith("Regio West-Brabant")))
    assert lines[-1] == "20 kaarten: 1 over de herzieningsdatum, 5 actueel, 14 zonder herzieningsdatum; 20 nog een voorbeeldinvulling."
    only = cli("status", "--project", project, "--regio", "groningen", "--peildatum", "2026-11-23").output
    assert "Zundert" not in only and only.splitlines()[-1].startswith("4 kaarten: 1 over de herzieningsdatum")
    wrong = cli("status", "--project", project, "--regio", "groninge")
    assert wrong.exit_code == 2 and "Bedoelde u 'groningen'?" in wrong.output
    assert "Toon per regio de stand van de kaarten" in cli("status", "--help").output
