"""What a trainer needs: the blank card to fill in by hand (regiekaart/invulkaart.pdf) and
each region's trainer's guide (regios/<regio>/trainershandleiding.pdf), read back from the
built site; the questions of the handout (vragen.py) and the check that the guide
discusses every one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import codes
from generator.check import check_trainershandleiding
from generator.markdown import parser
from generator.model import Hoofdstuk
from generator.render import INVULKAART_PDF, trainershandleiding_pdf
from generator.velden import VELDEN
from generator.vragen import BLOK, blokken, per_sleutel, vragen

A4_LANDSCAPE = (841.89, 595.28)
MM = 72 / 25.4


def squash(text: str) -> str:
    """Text without whitespace (values wrap over lines) and with one kind of quote."""
    return re.sub(r"\s+", "", text).replace("’", "'").replace("“", '"').replace("”", '"')


def plain(markdown: str) -> str:
    """The text of inline Markdown as the PDF shows it: without * and _ of emphasis."""
    return re.sub(r"[*_]", "", markdown)


def text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


# --- the blank card --------------------------------------------------------------------------


def test_invulkaart_is_one_landscape_page_with_the_grid_and_no_values(built_site: Path, shipped) -> None:  # noqa: ANN001
    reader = PdfReader(built_site / INVULKAART_PDF)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE
    inhoud = squash(text(reader)).casefold()  # the fase numbers are in capitals
    project = shipped.project
    for fase in project.basis.kaart.fasen:
        assert squash(f"fase {fase.nummer}") in inhoud and squash(fase.naam).casefold() in inhoud, fase.naam
    for veld in VELDEN.values():
        assert squash(veld.label).casefold() in inhoud, veld.label
    assert "gemeente" in inhoud and "datum" in inhoud
    # no value of any card: not the universal card's, a region's or a gemeente's
    kaarten = [project.basis.kaart, *(r.kaart for r in project.regios), *(g.kaart for g in project.gemeenten)]
    waarden = {cel.kaart_tekst for kaart in kaarten for fase in kaart.fasen for cel in fase.cellen if cel.tekst or cel.kaart_tekst}
    assert waarden and not [w for w in waarden if squash(w).casefold() in inhoud]


def _cellen(node, out: list) -> list:  # noqa: ANN001
    """Every TR under a structure element, as its list of cells (TH or TD elements)."""
    node = node.get_object()
    kids = node.get("/K")
    kids = [k.get_object() for k in (kids if isinstance(kids, list) else [kids] if kids is not None else [])]
    kids = [k for k in kids if isinstance(k, dict) and "/S" in k]
    if node.get("/S") == "/TR":
        out.append([k for k in kids if k["/S"] in ("/TH", "/TD")])
        return out
    for kid in kids:
        _cellen(kid, out)
    return out


def _attribuut(cell, naam: str):  # noqa: ANN001, ANN202
    attributes = cell.get("/A")
    for a in attributes if isinstance(attributes, list) else [attributes] if attributes is not None else []:
        a = a.get_object()
        if isinstance(a, dict) and naam in a:
            return a[naam]
    return None


def test_invulkaart_every_data_cell_reaches_a_header(built_site: Path) -> None:
    """PDF/UA-1 (Matterhorn 15-003): every TD reaches its headers, here through Headers and
    IDs: the fase above it and the field before it, both TH."""
    root = PdfReader(built_site / INVULKAART_PDF).trailer["/Root"]
    rows = _cellen(root["/StructTreeRoot"], [])
    assert len(rows) == 1 + 1 + len(VELDEN)  # the fasen, the kenmerk of each fase, the fields
    assert all(len(row) == 5 for row in rows)
    assert all(cell["/S"] == "/TH" for cell in rows[0])  # the corner as well
    for r, row in enumerate(rows[1:], start=1):
        assert row[0]["/S"] == "/TH" and [cell["/S"] for cell in row[1:]] == ["/TD"] * 4
        for c, cell in enumerate(row[1:], start=1):
            headers = {str(h) for h in _attribuut(cell, "/Headers") or []}
            # a header by its ID, or by its scope (a TH with Scope reaches its row or column)
            assert str(row[0].get("/ID")) in headers or _attribuut(row[0], "/Scope") == "/Row", (r, c)
            assert str(rows[0][c].get("/ID")) in headers or _attribuut(rows[0][c], "/Scope") == "/Column", (r, c)


# --- the trainer's guide -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def gidsen(built_site: Path, shipped) -> dict[str, list[str]]:  # noqa: ANN001
    """The text of each page of each region's guide, by the region's slug."""
    return {r.slug: [page.extract_text() for page in PdfReader(built_site / trainershandleiding_pdf(r.slug)).pages] for r in shipped.project.regios}


def test_each_region_has_its_guide_tagged_and_titled(built_site: Path, shipped) -> None:  # noqa: ANN001
    for regio in shipped.project.regios:
        reader = PdfReader(built_site / trainershandleiding_pdf(regio.slug))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "nl" and "/StructTreeRoot" in root
        assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
        assert reader.metadata.title == f"Trainershandleiding casusregie en de regiekaart {regio.naam}"
        assert all(round(float(p.mediabox.width), 2) == 595.28 for p in reader.pages)  # A4, portrait
        # a bookmark for every chapter of the guide
        assert [item.title for item in reader.outline if not isinstance(item, list)] == [h.titel for h in shipped.project.trainershandleiding]


def test_every_question_of_the_handout_has_discussion_points(shipped) -> None:  # noqa: ANN001
    project = shipped.project
    alle = per_sleutel(project.training)
    assert len(alle) >= 20 and {v.deel for v in alle.values()} >= {"casus", "oefening", "verkenning-eigen-rol", "reflectie"}
    besproken = [b.sleutel for h in project.trainershandleiding for b in blokken(h) if b.soort == "vraag"]
    assert sorted(besproken) == sorted(alle)  # each exactly once
    assert check_trainershandleiding(project.trainershandleiding, project.training) == []
    # under each question: a list of discussion points
    for h in project.trainershandleiding:
        tokens = [t for t in parser().parse(h.markdown) if t.level == 0]
        for i, token in enumerate(tokens):
            if token.type == "inline" and (m := BLOK.match(token.content.strip())) and m.group(1) == "vraag":
                volgende = tokens[i + 2]  # after the paragraph's close
                assert volgende.type in ("bullet_list_open", "ordered_list_open"), (h.path, token.content)


def test_the_guide_shows_every_question_as_the_participants_read_it(gidsen: dict[str, list[str]], shipped) -> None:  # noqa: ANN001
    vragen_ = [squash(plain(v.tekst)) for v in per_sleutel(shipped.project.training).values()]
    koppen = {squash(h.titel) for h in shipped.project.trainershandleiding}  # the running header
    for slug, paginas in gidsen.items():
        inhoud = squash("".join(paginas))
        for vraag in vragen_:
            assert vraag in inhoud, (slug, vraag)
        assert "{vraag" not in inhoud and "{regio" not in inhoud  # no marker left unreplaced
        # a question stays on the page of its discussion points: on its page, text follows it
        # (besides the bullets, drawn last, the running header and the footer)
        for i, pagina in enumerate(paginas):
            body = squash(pagina).replace("•", "")
            body = body[: body.rfind("Trainershandleiding·")]  # the footer
            for vraag in (v for v in vragen_ if v in body):
                rest = body[body.index(vraag) + len(vraag):]
                assert rest and rest not in koppen, (slug, f"pagina {i + 1}", vraag)


def test_each_guide_names_its_own_regions_things(gidsen: dict[str, list[str]], shipped) -> None:  # noqa: ANN001
    regios = shipped.project.regios
    assert len(regios) >= 2
    teksten = {slug: squash("".join(paginas)) for slug, paginas in gidsen.items()}
    for regio in regios:
        inhoud = teksten[regio.slug]
        eigen = [f"Regio {regio.naam}", regio.beheer, *(v.naam for v in regio.veiligheidshuizen), *(t.naam for t in regio.opschaaltafels)]
        assert regio.veiligheidshuizen and regio.beheer
        for naam in eigen:
            assert squash(naam) in inhoud, (regio.slug, naam)
        for ander in regios:
            if ander is regio:
                continue
            for naam in [ander.beheer, *(v.naam for v in ander.veiligheidshuizen)]:
                if naam not in eigen:
                    assert squash(naam) not in inhoud, (regio.slug, naam)


def _vulling(page) -> float:  # noqa: ANN001
    """How far down the page's text reaches, as a part of the room between the margins
    (20 mm top and bottom: the running header and the footer are left out)."""
    height = float(page.mediabox.height)
    top, bottom = height - 20 * MM, 20 * MM
    ys: list[float] = []
    page.extract_text(visitor_text=lambda t, cm, tm, font, size: ys.append(cm[5] + tm[5] * cm[3]) if t.strip() else None)
    body = [y for y in ys if bottom < y < top]
    return (top - min(body)) / (top - bottom) if body else 0.0


def test_no_page_of_a_guide_is_nearly_empty(built_site: Path, shipped) -> None:  # noqa: ANN001
    """No page is emptier than a third, unless it ends a part: the cover, the contents and
    the last page of a chapter (the page before a chapter's first, or the last page)."""
    for regio in shipped.project.regios:
        reader = PdfReader(built_site / trainershandleiding_pdf(regio.slug))
        begin = {reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)}
        for i, page in enumerate(reader.pages):
            ends_a_part = i == 0 or i + 1 in begin or i + 1 == len(reader.pages)
            if not ends_a_part:
                assert _vulling(page) > 1 / 3, (regio.slug, f"pagina {i + 1}", round(_vulling(page), 2))


# --- the pages that link them --------------------------------------------------------------


def test_the_pages_link_the_guide_and_the_blank_card(built_site: Path, shipped) -> None:  # noqa: ANN001
    kaart = (built_site / "regiekaart/index.html").read_text(encoding="utf-8")
    assert 'href="invulkaart.pdf"' in kaart and "Invulkaart regiekaart de-escaleren" in kaart
    handreiking = (built_site / "handreiking/index.html").read_text(encoding="utf-8")
    for regio in shipped.project.regios:
        page = (built_site / f"regios/{regio.slug}/index.html").read_text(encoding="utf-8")
        assert 'href="trainershandleiding.pdf"' in page, regio.slug
        assert 'href="../../regiekaart/invulkaart.pdf"' in page, regio.slug
        assert f'href="../{trainershandleiding_pdf(regio.slug)}"' in handreiking, regio.slug


# --- the questions and the check ------------------------------------------------------------


def _hoofdstuk(slug: str, markdown: str, folder: str = "training") -> Hoofdstuk:
    return Hoofdstuk(slug, f"content/{folder}/{slug}.md", slug.capitalize(), 1, markdown, 5)


HANDOUT = """\
"Wie heeft de regie?" lijkt een eenvoudige vraag, maar niet iedereen bedoelt hetzelfde.

## Waarom een model?

**Bespreek:**

- Welke signalen zie je?
- Wat doe je dan?

1. Vul in wie de casusregie heeft.

{schrijfruimte 3}

2. Wat ga je anders doen? Wees concreet.

{schrijfruimte}

Bekijk de kaart: welke namen ken je?
"""


def test_questions_are_found_by_their_form() -> None:
    found = vragen(_hoofdstuk("oefening", HANDOUT))
    assert [(v.nummer, v.tekst, v.label) for v in found] == [
        (1, "Welke signalen zie je?", "Bespreekvraag"),
        (2, "Wat doe je dan?", "Bespreekvraag"),
        (3, "Vul in wie de casusregie heeft.", "Vraag 1"),  # followed by room to write
        (4, "Wat ga je anders doen? Wees concreet.", "Vraag 2"),
        (5, "Bekijk de kaart: welke namen ken je?", "Bespreekvraag"),
    ]  # not the heading, nor the paragraph with a quoted question inside
    assert [v.regel for v in found] == [11, 12, 14, 18, 22]  # lines in the file (the body starts at line 5)


def test_the_check_names_each_question_without_points_and_each_wrong_reference() -> None:
    training = [_hoofdstuk("oefening", HANDOUT)]
    gids = _hoofdstuk("oefening", "Intro.\n\n{vraag oefening 1}\n\n- punt\n\n{vraag oefening 9}\n\n{vraag oefenen 2}\n\n{regio tafels}\n\n{regio beheer}\n", "trainershandleiding")
    problems = check_trainershandleiding([gids], training)
    fouten = sorted((p.pos.line, p.code) for p in problems if p.is_error)
    assert fouten == [(11, codes.BLOK_ONBEKEND), (13, codes.BLOK_ONBEKEND), (15, codes.BLOK_ONBEKEND)]
    assert "oefening.md heeft 5 vragen" in next(p.message for p in problems if p.pos.line == 11)
    assert "Bedoelde u 'oefening'?" in next(p.message for p in problems if p.pos.line == 13)
    assert "Bedoelde u 'opschaaltafels'?" in next(p.message for p in problems if p.pos.line == 15)
    missend = [p for p in problems if not p.is_error]
    assert [(p.pos.path, p.pos.line, p.code) for p in missend] == [("content/training/oefening.md", line, codes.VRAAG_ZONDER_BESPREKING) for line in (12, 14, 18, 22)]
    assert "{vraag oefening 2}" in missend[0].message
    assert check_trainershandleiding([], training) == []  # no guide: nothing asked
