"""The link check: generator/links.py and `regiekaart check --links`."""

from __future__ import annotations

from pathlib import Path

from generator.links import check_links, read_site

from .conftest import bevestig, write

PAGE = """<!DOCTYPE html>
<html lang="nl"><head><link rel="stylesheet" href="../assets/site.css"></head>
<body>
<h1 id="top">Kop</h1>
<a href="#top">omhoog</a>
<a href="#nergens">kapot anker</a>
<a href="../b/index.html#deel">ander anker</a>
<a href="../b/index.html#weg">ander kapot anker</a>
<a href="../b/">map</a>
<a href="../c/index.html">ontbreekt</a>
<a href="../b/kaart.pdf">pdf</a>
<a href="../b/weg.pdf">pdf ontbreekt</a>
<a href="/a/index.html">absoluut</a>
<a href="../../buiten.html">buiten de site</a>
<a href="https://www.example.org/">extern</a>
<a href="mailto:info@example.org">mail</a>
<a href="javascript:alert(1)">script</a>
<a href="">leeg</a>
<img src="../b/plaatje%20een.svg" alt="">
</body></html>
"""


def test_each_kind_of_broken_link_with_its_line_and_column() -> None:
    pages = {"a/index.html": PAGE, "b/index.html": '<p id="deel">x</p>'}
    files = set(pages) | {"assets/site.css", "b/kaart.pdf", "b/plaatje een.svg"}
    problems = check_links(pages, files, "build/site")
    found = {(p.pos.line, p.message.split(";")[0]) for p in problems}
    assert found == {
        (6, "anker '#nergens' van link '#nergens' bestaat niet op deze pagina"),
        (8, "anker '#weg' van link '../b/index.html#weg' bestaat niet op b/index.html"),
        (10, "link '../c/index.html' wijst naar c/index.html, maar dat bestand staat niet in de site"),
        (12, "link '../b/weg.pdf' wijst naar b/weg.pdf, maar dat bestand staat niet in de site"),
        (13, "link '/a/index.html' begint bij de wortel van de webserver en werkt niet als de site in een submap staat"),
        (14, "link '../../buiten.html' wijst buiten de site"),
        (17, "link 'javascript:alert(1)' gebruikt een adressoort die op het intranet niet werkt"),
        (18, "een lege link in <a> wijst nergens heen"),
    }
    assert all(p.is_error and p.pos.path == "build/site/a/index.html" for p in problems)
    assert {p.pos.column for p in problems} == {1}
    assert str(problems[0].pos).startswith("build/site/a/index.html:")


def test_the_built_site_has_no_broken_link(built_site: Path) -> None:
    pages, files = read_site(built_site)
    assert len(pages) >= 29 and any(f.endswith(".pdf") for f in files)
    assert check_links(pages, files) == []


def test_check_links_on_the_cli(project: Path, cli) -> None:
    bevestig(project)
    assert cli("build", "--project", project, "--no-pdf", "--quiet").exit_code == 0
    result = cli("check", "--links", "--project", project)
    assert result.exit_code == 0, result.output
    assert "Geen problemen gevonden" in result.output

    # a chapter that links to a chapter that does not exist, and to a missing anchor
    chapter = project / "content/handreiking/borging.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nZie [de bijlage](../bijlage/index.html) en [dit stuk](#bestaat-niet).\n", encoding="utf-8")
    assert cli("build", "--project", project, "--no-pdf", "--quiet").exit_code == 0
    result = cli("check", "--links", "--project", project)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "handreiking/borging/index.html:" in line]
    assert len(lines) == 2, result.output
    assert any("handreiking/bijlage/index.html" in line for line in lines)
    assert any("anker '#bestaat-niet'" in line for line in lines)
    assert all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines)
    assert "2 fouten" in result.output


def test_check_links_without_a_built_site(project: Path, cli) -> None:
    result = cli("check", "--links", "--project", project)
    assert result.exit_code == 1
    assert "geen gebouwde site" in result.output and "regiekaart build" in result.output


def test_check_links_of_another_folder(project: Path, cli, tmp_path: Path) -> None:
    site = tmp_path / "elders"
    assert cli("build", "--project", project, "--no-pdf", "--quiet", "--out", site).exit_code == 0
    write(site / "index.html", (site / "index.html").read_text(encoding="utf-8").replace('href="regiekaart/index.html"', 'href="regiekaart/weg.html"', 1))
    result = cli("check", "--links", "--project", project, "--site", site)
    assert result.exit_code == 1
    assert f"{site}/index.html:" in result.output and "regiekaart/weg.html" in result.output
