"""A handreiking per region: a region's own chapters (content/regios/<regio>/handreiking/),
their pages under the region, the region's booklet, and the root booklet as the default
region's. Read back from the session's built site (HTML, PDFs with pypdf, the search index)
and from `regiekaart check` on a copy."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from pypdf import PdfReader

from generator.render import HANDREIKING, HANDREIKING_PDF, Renderer, hoofdstuk_url, regio_handreiking_pdf, regio_url

from .conftest import ROOT, write


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def outline(reader: PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_the_shipped_regions_have_chapters_of_their_own(shipped) -> None:  # noqa: ANN001
    project = shipped.project
    eigen = {r.slug: [h.slug for h in r.hoofdstukken] for r in project.regios}
    assert eigen == {"groningen": ["zorg-en-veiligheidsteam"], "west-brabant": ["het-proces-in-west-brabant"]}
    assert "het-proces-in-west-brabant" not in {h.slug for h in project.hoofdstukken}  # West-Brabant's, no longer common
    for r in project.regios:
        assert all(h.regio == r.slug and h.path.startswith(f"content/regios/{r.slug}/handreiking/") for h in r.hoofdstukken)
        assert project.boekje(r) == [*project.hoofdstukken, *r.hoofdstukken]


def test_each_regions_booklet_holds_its_own_chapters_and_not_the_others(built_site: Path, shipped) -> None:  # noqa: ANN001
    project = shipped.project
    assert len(project.regios) == 2
    for r in project.regios:
        reader = PdfReader(built_site / regio_handreiking_pdf(r.slug))
        titles = outline(reader)
        boekje = [h.titel for h in project.boekje(r)]
        assert titles[: len(boekje)] == boekje  # the common chapters, then the region's own
        assert [t.split(":")[0] for t in titles[len(boekje):]] == ["Bijlage A", "Bijlage B", "Bijlage C"]  # the card, the criteria, the gemeenten's cards
        anderen = [h for o in project.regios if o is not r for h in o.hoofdstukken]
        assert anderen and not {h.titel for h in anderen} & set(titles)
        start = {item.title: reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)}
        # the region's own chapter: its text, marked as the region's
        for h in r.hoofdstukken:
            page = reader.pages[start[h.titel]].extract_text()
            assert f"regio {r.naam}".lower() in page.lower() and squash(re.sub(r"[*_`\[\]]", "", h.markdown.strip().split("\n\n")[0])[:60]) in squash(page)
        # the cover and the footer name the region
        assert r.naam in reader.pages[0].extract_text()
        assert f"Handreiking de-escaleren {r.naam}" in reader.pages[2].extract_text()
        # the appendix of the cards: this region's gemeenten, no other
        bijlage = squash("\n".join(p.extract_text() for p in reader.pages[next(n for t, n in start.items() if t.startswith("Bijlage C")):]))
        for g in project.gemeenten:
            assert (squash(g.naam) in bijlage) == (g.regio_slug == r.slug), (r.slug, g.naam)


def test_the_root_booklet_is_the_default_regions(built_site: Path, shipped) -> None:  # noqa: ANN001
    standaard = shipped.project.standaard
    assert standaard is not None and standaard.slug == "west-brabant"
    root = PdfReader(built_site / HANDREIKING_PDF)
    own = PdfReader(built_site / regio_handreiking_pdf(standaard.slug))
    assert outline(root) == outline(own) and "Het proces in West-Brabant" in outline(root)
    # page by page the same drawing: the same text in the same places
    assert [p.get_contents().get_data() for p in root.pages] == [p.get_contents().get_data() for p in own.pages]
    assert root.metadata.title == own.metadata.title == "Handreiking de-escaleren West-Brabant"


def test_a_region_chapter_has_a_page_under_its_region_linked_from_the_region(built_site: Path, shipped) -> None:  # noqa: ANN001
    project = shipped.project
    for r in project.regios:
        regio_pagina = (built_site / regio_url(r.slug)).read_text(encoding="utf-8")
        assert f'href="handreiking.pdf"' in regio_pagina  # the region's booklet, beside its page
        for h in r.hoofdstukken:
            pagina = built_site / hoofdstuk_url(h.slug, r.slug)
            assert pagina.is_file() and not (built_site / hoofdstuk_url(h.slug)).exists()
            assert f'href="handreiking/{h.slug}/index.html">{h.titel}</a>' in regio_pagina
            html = pagina.read_text(encoding="utf-8")
            # whose chapter it is: the breadcrumb goes through the region, the title area names it
            kruimelpad = html[html.index('class="kruimelpad"') : html.index("</nav>", html.index('class="kruimelpad"'))]
            assert f'<a href="../../index.html">Regio {r.naam}</a>' in kruimelpad and f">{h.titel}</span>" in kruimelpad
            nummer = len(project.hoofdstukken) + r.hoofdstukken.index(h) + 1
            assert f'<p class="paginakop__boven">Hoofdstuk {nummer} · regio {r.naam}</p>' in html
            assert f'href="../../../../{HANDREIKING}"' in html  # back to the common chapters
            assert 'href="../../handreiking.pdf"' in html  # the booklet it is in


def test_links_in_a_region_chapter_reach_the_common_chapters(built_site: Path) -> None:
    html = (built_site / hoofdstuk_url("het-proces-in-west-brabant", "west-brabant")).read_text(encoding="utf-8")
    assert 'href="../../../../handreiking/borging/index.html">Borging</a>' in html
    assert ".md" not in "".join(re.findall(r'href="([^"]*)"', html))


def test_the_handreiking_says_which_regions_have_chapters_of_their_own(built_site: Path, shipped) -> None:  # noqa: ANN001
    html = (built_site / HANDREIKING).read_text(encoding="utf-8")
    assert "Hoofdstukken van de regio's" in html
    for r in shipped.project.regios:
        assert f'<a href="../{regio_url(r.slug)}">Regio {r.naam}</a>' in html
        for h in r.hoofdstukken:
            assert f'<a href="../{hoofdstuk_url(h.slug, r.slug)}">{h.titel}</a>' in html
        if r is not shipped.project.standaard:  # the default region's booklet is the one at the root
            assert f'href="../{regio_handreiking_pdf(r.slug)}"' in html
    assert f'href="../{HANDREIKING_PDF}"' in html


def test_search_indexes_the_region_chapters(built_site: Path, shipped) -> None:  # noqa: ANN001
    fragments = {}
    for file in (built_site / "pagefind/algemeen/fragment").iterdir():
        data = gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd")
        fragment = json.loads(data)
        fragments[fragment["url"]] = fragment
    for r in shipped.project.regios:
        for h in r.hoofdstukken:
            fragment = fragments["/" + hoofdstuk_url(h.slug, r.slug)]
            assert fragment["meta"]["soort"] == f"Handreiking regio {r.naam}"
            assert squash(h.titel) in squash(fragment["content"])


def test_links_between_chapters_in_a_region_chapter(shipped) -> None:  # noqa: ANN001
    renderer = Renderer(shipped.project, [ROOT / "templates"], draft=False)
    text = "[a](het-proces-in-west-brabant.md#ontwikkeling) [b](borging.md) [c](zorg-en-veiligheidsteam.md)"

    def hrefs(**kwargs: str) -> list[str]:
        return re.findall(r'href="([^"]*)"', renderer.markdown(text, lambda target: target, **kwargs))

    # on the page of West-Brabant's chapter: its own chapter under the region, a common one, and
    # Groningen's left alone (check reports it)
    assert hrefs(regio="west-brabant") == ["regios/west-brabant/handreiking/het-proces-in-west-brabant/index.html#ontwikkeling", "handreiking/borging/index.html", "zorg-en-veiligheidsteam.md"]
    # in West-Brabant's booklet: links within the booklet
    assert hrefs(regio="west-brabant", boekje="het-proces-in-west-brabant") == ["#het-proces-in-west-brabant-ontwikkeling", "#borging", "zorg-en-veiligheidsteam.md"]
    # a common chapter reaches no region's chapter
    assert hrefs() == ["het-proces-in-west-brabant.md#ontwikkeling", "handreiking/borging/index.html", "zorg-en-veiligheidsteam.md"]


def test_check_reports_what_is_wrong_with_region_chapters(project: Path, cli) -> None:  # noqa: ANN001
    eigen = project / "content/regios/groningen/handreiking"
    # a file named as a common chapter
    write(eigen / "borging.md", "---\ntitel: Borging in Groningen\nvolgorde: 20\n---\n\nTekst.\n")
    # the number of a common chapter, and a link to another region's chapter
    write(eigen / "extra.md", "---\ntitel: Extra\nvolgorde: 11\n---\n\nTekst.\n\nZie [het proces](het-proces-in-west-brabant.md).\n")
    # a common chapter that links to one region's chapter
    common = project / "content/handreiking/borging.md"
    common.write_text(common.read_text(encoding="utf-8") + "\nZie [het team](zorg-en-veiligheidsteam.md).\n", encoding="utf-8")
    common_line = len(common.read_text(encoding="utf-8").splitlines())
    # a folder of a region that does not exist
    write(project / "content/regios/groningn/handreiking/team.md", "---\ntitel: Team\nvolgorde: 30\n---\n\nTekst.\n")
    result = cli("check", "--project", project)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": fout: " in line]
    assert any(
        line.startswith("content/regios/groningen/handreiking/borging.md:1:1: fout: het hoofdstuk 'borging' van regio Groningen heeft dezelfde bestandsnaam als het gemeenschappelijke hoofdstuk content/handreiking/borging.md")
        and "'borging-groningen.md'" in line and line.endswith("[RK410]")
        for line in lines
    ), result.output
    assert any(line.startswith("content/regios/groningen/handreiking/extra.md:3:11: fout: 'volgorde: 11' komt ook voor in content/handreiking/") and "boekje van regio Groningen" in line for line in lines), result.output
    assert any(line.startswith("content/regios/groningen/handreiking/extra.md:8:1: fout: link naar 'het-proces-in-west-brabant.md', een hoofdstuk van alleen regio West-Brabant") and line.endswith("[RK411]") for line in lines), result.output
    assert any(line.startswith(f"content/handreiking/borging.md:{common_line}:1: fout: link naar 'zorg-en-veiligheidsteam.md', een hoofdstuk van alleen regio Groningen; een gemeenschappelijk hoofdstuk") and line.endswith("[RK411]") for line in lines), result.output
    assert any(line.startswith("content/regios/groningn/handreiking/team.md:1:1: fout: de map content/regios/groningn/ hoort bij geen regio") and "Bedoelde u 'groningen'?" in line and line.endswith("[RK412]") for line in lines), result.output
    assert len(lines) == 5, result.output


def test_a_region_chapter_is_checked_like_a_common_one(project: Path, cli) -> None:  # noqa: ANN001
    write(project / "content/regios/groningen/handreiking/plaatje.md", "---\ntitel: Plaatje\nvolgorde: 21\n---\n\n![Schema](assets/afbeeldingen/bestaat-niet.png)\n")
    write(project / "content/regios/groningen/handreiking/zonder.md", "Geen front matter.\n")
    result = cli("check", "--project", project)
    assert result.exit_code == 1
    assert "content/regios/groningen/handreiking/plaatje.md:6:1: fout: afbeelding 'assets/afbeeldingen/bestaat-niet.png' bestaat niet" in result.output
    assert "content/regios/groningen/handreiking/zonder.md:1:1: fout:" in result.output
