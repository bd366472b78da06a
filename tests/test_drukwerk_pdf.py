"""The print of the PDFs, read back with pypdf: how full every page is, a header for every
table cell (PDF/UA-1, Matterhorn 15-003), page numbers, the cover title, the marking of a
card that is not vastgesteld (also on its web pages), the region and its managers on
covers, footers and in the metadata, and the contents of the booklets."""

from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from generator.build import load_project
from generator.pdf import Pool, render_html
from generator.problems import Severity
from generator.products import plan as plan_all
from generator.render import Renderer, regio_handreiking_pdf

from .conftest import copy_project

MM = 72 / 25.4
DERDE = 1 / 3  # no page holds less than this of a page, unless it ends a part

# What a page's content may fill, as pdf.css sets the margins: a portrait page and the
# landscape pages (the criteria; the card's own page has smaller margins, but is full).
MARGE_STAAND = (20 * MM, 20 * MM)  # top, bottom
MARGE_LIGGEND = (12 * MM, 14 * MM)


# --- reading a page's content ------------------------------------------------------------

# The tokens of a content stream: strings (one level of nested brackets), dictionaries,
# arrays, names, numbers, operators. Faster than pypdf's parser by far, which matters for
# a few hundred pages.
TOKEN = re.compile(
    rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>{}%]+"
    rb"|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*][A-Za-z0-9'\"*]*"
)
NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)$")


def _maal(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    return (
        m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
    )


def hoogtes(page) -> list[float]:  # noqa: ANN001
    """The heights (PDF points from the bottom) of what the page itself draws: every line
    of text and every rule and box, such as the writing lines under a question. What a
    form or image draws (Do) is left out: the diagonal marking of an example card is one."""
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    stack, numbers, ys = [], [], []
    for token in TOKEN.findall(page.get_contents().get_data()):
        if NUMBER.match(token):
            numbers.append(float(token))
            continue
        if token[:1] in b"(<[]/":
            continue
        if token == b"q":
            stack.append(ctm)
        elif token == b"Q" and stack:
            ctm = stack.pop()
        elif token == b"cm" and len(numbers) >= 6:
            ctm = _maal(tuple(numbers[-6:]), ctm)
        elif token == b"Tm" and len(numbers) >= 6:
            ys.append(_maal(tuple(numbers[-6:]), ctm)[5])
        elif token == b"re" and len(numbers) >= 4:
            x, y, _, h = numbers[-4:]
            ys += [x * ctm[1] + y * ctm[3] + ctm[5], x * ctm[1] + (y + h) * ctm[3] + ctm[5]]
        elif token in (b"m", b"l") and len(numbers) >= 2:
            x, y = numbers[-2:]
            ys.append(x * ctm[1] + y * ctm[3] + ctm[5])
        numbers = []
    return ys


def vlak(page) -> tuple[float, float]:  # noqa: ANN001
    """The top and bottom of the page's content area, in PDF points from the bottom."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    top, bottom = MARGE_STAAND if height > width else MARGE_LIGGEND
    return height - top, bottom


def vulling(page) -> float:  # noqa: ANN001
    """How far down the page its content reaches, as a part of the content area: 0 for an
    empty page, 1 for a full one. Headers and footers (in the margins) do not count."""
    top, bottom = vlak(page)
    inside = [y for y in hoogtes(page) if bottom - 1 <= y <= top + 1]
    return (top - min(inside)) / (top - bottom) if inside else 0.0


def maat(page) -> tuple[int, int]:  # noqa: ANN001
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def delen_bovenaan(reader: PdfReader) -> set[int]:
    """The pages (from 0) on which a part begins at the top: a chapter, a part of the
    handout, an appendix (the bookmarks of the first level)."""
    pages = set()
    for item in reader.outline:
        if isinstance(item, list):
            continue
        number = reader.get_destination_page_number(item)
        top, bottom = vlak(reader.pages[number])
        if item.get("/Top") is not None and float(item["/Top"]) >= top - (top - bottom) / 5:
            pages.add(number)
    return pages


@lru_cache(maxsize=None)
def lezer(file: Path) -> PdfReader:
    """One reader of ``file`` for the whole module: a reader keeps the objects it parsed,
    and parsing the compressed objects of a PDF is the slow part of reading it."""
    return PdfReader(file)


@lru_cache(maxsize=None)
def tekst(file: Path, i: int) -> str:
    """The text of page ``i`` (from 0), read once for the whole module: reading text is
    the slow part of these tests."""
    return lezer(file).pages[i].extract_text()


def teksten(file: Path, pages: range | None = None) -> list[str]:
    return [tekst(file, i) for i in (pages if pages is not None else range(len(lezer(file).pages)))]


def boekjes(site: Path) -> list[Path]:
    """The PDFs of more than one part: the booklets, the trainer's guides and (one per
    region) the training handout; a handout's text pages are the same for every gemeente."""
    return sorted(site.glob("regios/*/*.pdf")) + [site / "handreiking.pdf", site / "gemeenten/breda/training.pdf", site / "gemeenten/groningen/training.pdf"]


# --- how full every page is -------------------------------------------------------------

def test_no_page_is_emptier_than_a_third_unless_it_ends_a_part(built_site: Path) -> None:
    files = boekjes(built_site)
    assert len(files) >= 5, files
    for file in files:
        reader = lezer(file)
        pages = reader.pages
        starts = delen_bovenaan(reader)
        training = file.name == "training.pdf"
        for i, page in enumerate(pages):
            last = i == len(pages) - 1
            before_other_size = not last and maat(pages[i + 1]) != maat(page)
            # The training's parts run on: only a page of another size (the card, the
            # criteria) or the end makes one begin on a new page. In a booklet every
            # chapter begins on a new page, and may end its last page early.
            ends_part = last or before_other_size or (not training and i + 1 in starts)
            if not ends_part:
                assert vulling(page) >= DERDE, f"{file.relative_to(built_site)}, pagina {i + 1}: {vulling(page):.0%} gevuld"


def test_a_part_of_the_training_starts_a_new_page_only_after_a_full_one(built_site: Path) -> None:
    """A part of the handout begins on a new page only where it would otherwise start low
    on the page: the page before it is then at least half full. And a question is never
    parted from its writing lines: the same number of questions and groups of lines."""
    for slug in ("breda", "groningen"):
        reader = lezer(built_site / f"gemeenten/{slug}/training.pdf")
        pages = reader.pages
        starts = delen_bovenaan(reader)
        assert starts, slug
        mid_page = [reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list) and reader.get_destination_page_number(item) not in starts]
        assert mid_page, "geen enkel deel begint halverwege een pagina"
        for i in sorted(starts):
            if i > 1 and maat(pages[i - 1]) == maat(pages[i]):
                assert vulling(pages[i - 1]) >= 0.5, (slug, i + 1, vulling(pages[i - 1]))


def test_the_measure_counts_writing_lines_and_not_the_marking(built_site: Path) -> None:
    """The measure itself: on a page that ends with a question, its writing lines reach
    lower than any text; the diagonal marking behind an example's page is not content."""
    file = built_site / "gemeenten/breda/training.pdf"
    reader = lezer(file)
    i = next(i for i in range(3, len(reader.pages)) if "Verkenning eigen rol" in tekst(file, i))
    page = reader.pages[i]
    text_ys: list[float] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: text.strip() and "pagina" not in text and text_ys.append(_maal(tuple(tm), tuple(cm))[5]))
    top, bottom = vlak(page)
    lowest_text = min(y for y in text_ys if bottom <= y <= top)
    lowest = min(y for y in hoogtes(page) if bottom - 1 <= y <= top + 1)
    assert lowest < lowest_text - 5 * MM  # the lines under the last question
    assert 0 < vulling(page) <= 1
    # the last page holds a few paragraphs at its top; the marking behind it reaches far below
    # the middle of the page, and does not count
    last = reader.pages[-1]
    assert b" Do" in last.get_contents().get_data()  # the picture behind the page is there
    assert vulling(last) < 0.5, vulling(last)


# --- tables: every data cell reaches a header cell ----------------------------------------

def _kinderen(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = element.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]


# Elements that can hold a table; text, lists, headings and links hold none, so the walk
# through the structure tree need not visit their thousands of spans.
HOUDERS = {"/Document", "/Part", "/Art", "/Sect", "/Div", "/NonStruct", "/BlockQuote", "/TD", "/TH", "/TR", "/THead", "/TBody", "/TFoot"}


def _tabellen(element: pikepdf.Dictionary, found: list[pikepdf.Dictionary]) -> list[pikepdf.Dictionary]:
    for kid in _kinderen(element):
        if kid.S == "/Table":
            found.append(kid)
        if str(kid.S) in HOUDERS:
            _tabellen(kid, found)
    return found


def _cellen(element: pikepdf.Dictionary, found: list[pikepdf.Dictionary]) -> list[pikepdf.Dictionary]:
    for kid in _kinderen(element):
        if kid.S in ("/TD", "/TH"):
            found.append(kid)
        elif kid.S != "/Table":
            _cellen(kid, found)
    return found


def _kopverwijzingen(cell: pikepdf.Dictionary) -> list[str]:
    attributes = cell.get("/A")
    if attributes is None:
        return []
    dicts = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    return [str(h) for d in dicts if isinstance(d, pikepdf.Dictionary) for h in d.get("/Headers", [])]


def test_every_data_cell_of_every_pdf_reaches_a_header_cell(built_site: Path) -> None:
    """Matterhorn 15-003: in a tagged table every TD has a TH, here through the Headers
    attribute that WeasyPrint writes from scope="col" and scope="row". The structure trees
    are read with pikepdf (qpdf): pypdf takes ten times as long to parse their thousands of
    elements."""
    files = sorted(built_site.rglob("*.pdf"))
    assert len(files) >= 60
    tables = 0
    for file in files:
        with pikepdf.open(file) as pdf:
            for table in _tabellen(pdf.Root.StructTreeRoot, []):
                tables += 1
                cells = _cellen(table, [])
                headers = {str(c.ID) for c in cells if c.S == "/TH" and "/ID" in c}
                for cell in cells:
                    if cell.S == "/TD":
                        refs = _kopverwijzingen(cell)
                        assert refs and set(refs) <= headers, f"{file.relative_to(built_site)}: een cel zonder kopcel ({refs})"
    assert tables >= 60  # every card and criteria table, and the tables of the chapters


# --- page numbers, covers, contents --------------------------------------------------------

def soorten(site: Path) -> list[Path]:
    """One PDF of every kind."""
    return list(dict.fromkeys([
        site / "handreiking.pdf", site / regio_handreiking_pdf("groningen"), site / "regiekaart/regiekaart.pdf",
        *sorted(site.glob("regiekaart/*.pdf")), *sorted(site.glob("regios/west-brabant/*.pdf")),
        *(site / f"gemeenten/breda/{soort}.pdf" for soort in ("regiekaart", "criteriakaart", "training")),
    ]))


def test_page_numbers_on_every_page_but_the_cover(built_site: Path) -> None:
    for file in soorten(built_site):
        n = len(lezer(file).pages)
        booklet = n > 2  # a booklet has a cover; the cards and the criteria have none
        # of a booklet: the cover, the contents, the first pages and the last (an appendix, a
        # card); the training handout is read whole for its marking, so all its pages
        pages = range(n) if n <= 7 or file.name == "training.pdf" else [0, 1, 2, 3, n - 3, n - 2, n - 1]
        for i in pages:
            numbered = f"pagina {i + 1} van {n}" in tekst(file, i)
            assert numbered == (not (booklet and i == 0)), (file.relative_to(built_site), i + 1)


def test_the_cover_title_keeps_de_escaleren_whole(built_site: Path) -> None:
    for file in [f for f in soorten(built_site) if len(lezer(f).pages) > 2]:
        cover = tekst(file, 0)
        assert "de-escaleren" in cover, file
        assert not re.search(r"de-\s*\n\s*escaleren", cover), (file.relative_to(built_site), cover)


def test_appendix_headings_are_written_alike(built_site: Path) -> None:
    for file in (built_site / "handreiking.pdf", built_site / regio_handreiking_pdf("groningen")):
        reader = lezer(file)
        titles = [item.title for item in reader.outline if not isinstance(item, list)]
        bijlagen = [t for t in titles if t.startswith("Bijlage")]
        assert len(bijlagen) == 3, titles
        for title in bijlagen:
            assert re.fullmatch(r"Bijlage [A-Z]: [A-Z].*", title), title
        # the contents list them as the bookmarks do
        contents = re.sub(r"\s+", " ", tekst(file, 1))
        for title in bijlagen:
            assert title in contents, (title, contents)
        assert "Bijlage:" not in contents


# --- the marking of a card that is not vastgesteld ----------------------------------------

GEMEENTE_PDFS = ("regiekaart", "criteriakaart", "training")


def test_every_page_of_an_example_card_is_marked(built_site: Path, shipped) -> None:  # noqa: ANN001
    breda = next(g for g in shipped.project.gemeenten if g.slug == "breda")
    assert breda.status == "voorbeeld" and breda.markering == "Voorbeeld"
    for soort in GEMEENTE_PDFS:
        reader = lezer(built_site / f"gemeenten/breda/{soort}.pdf")
        for i, (page, text) in enumerate(zip(reader.pages, teksten(built_site / f"gemeenten/breda/{soort}.pdf"))):
            # the line at the top of the page, in the page's own content
            assert "VOORBEELD · niet vastgesteld door de gemeente Breda" in text, (soort, i + 1)
            # the diagonal word behind the page: a picture, drawn as the page's background
            assert "/XObject" in page["/Resources"] and b" Do" in page.get_contents().get_data(), (soort, i + 1)
    for page in ("index.html", "opschaalwijzer.html"):
        html = (built_site / f"gemeenten/breda/{page}").read_text(encoding="utf-8")
        assert '<p class="markering__woord">Voorbeeld</p>' in html, page
        assert '<div class="gemarkeerd gemarkeerd--voorbeeld">' in html, page
    css = (built_site / "assets/css/site.css").read_text(encoding="utf-8")
    assert 'url("../img/markering-voorbeeld.svg")' in css and (built_site / "assets/img/markering-voorbeeld.svg").is_file()
    # the universal card belongs to no gemeente: no marking
    assert "VOORBEELD" not in tekst(built_site / "regiekaart/regiekaart.pdf", 0)


def test_a_vastgesteld_card_is_not_marked_and_a_concept_is(tmp_path: Path) -> None:
    """Pekela vastgesteld (with its dates), Oldambt a concept: their pages and PDFs made
    as the build makes them (the same plan, templates and renderer), without the rest of
    the site. Pekela's PDFs are rendered; of Oldambt's the HTML they are made from."""
    project_dir = copy_project(tmp_path / "project")
    pekela, oldambt = project_dir / "gemeenten/pekela.yaml", project_dir / "gemeenten/oldambt.yaml"
    pekela.write_text(pekela.read_text(encoding="utf-8").replace("status: voorbeeld\n", "status: vastgesteld\nvastgesteld: 2026-11-30\n"), encoding="utf-8")
    oldambt.write_text(oldambt.read_text(encoding="utf-8").replace("status: voorbeeld\n", "status: concept\n"), encoding="utf-8")
    assert "herzien_voor: 2027-11-01" in pekela.read_text(encoding="utf-8")
    loaded = load_project(project_dir, only=["pekela", "oldambt"])
    assert not [p for p in loaded.problems if p.severity is Severity.FOUT], loaded.problems
    project = loaded.project
    assert {g.slug: g.markering for g in project.gemeenten} == {"pekela": "", "oldambt": "Concept"}
    renderer = Renderer(project, [project_dir / "templates"], draft=False)
    plan = plan_all(project)
    jobs = {j.info.path: j for j in plan.pdfs if j.info.path.startswith(("gemeenten/pekela/", "gemeenten/oldambt/"))}
    html = {path: render_html(renderer, job) for path, job in jobs.items()}
    with Pool(project_dir / "assets", 1, start=False) as pool:
        made = {r.path: PdfReader(BytesIO(r.data)) for r in pool.run([(p, html[p], jobs[p].zoom) for p in jobs if p.startswith("gemeenten/pekela/")])}
    for soort in GEMEENTE_PDFS:
        reader = made[f"gemeenten/pekela/{soort}.pdf"]
        for i, page in enumerate(reader.pages):
            text = page.extract_text()
            assert "VOORBEELD" not in text and "CONCEPT" not in text and "niet vastgesteld" not in text, (soort, i + 1)
            assert b" Do" not in page.get_contents().get_data(), (soort, i + 1)  # no picture behind the page
        concept = html[f"gemeenten/oldambt/{soort}.pdf"]
        assert '@top-left { content: "CONCEPT · niet vastgesteld door de gemeente Oldambt"; }' in concept, soort
        assert 'url("../img/markering-concept.svg")' in concept, soort
    # the card's footer says when it was adopted
    assert "vastgesteld 30 november 2026" in made["gemeenten/pekela/regiekaart.pdf"].pages[0].extract_text()
    pages = {p.path: renderer.render(p).decode("utf-8") for p in plan.pages if p.path.startswith(("gemeenten/pekela/", "gemeenten/oldambt/"))}
    for page in ("index.html", "opschaalwijzer.html"):
        vast = pages[f"gemeenten/pekela/{page}"]
        assert "markering" not in vast and "gemarkeerd" not in vast, page
        concept = pages[f"gemeenten/oldambt/{page}"]
        assert '<p class="markering__woord">Concept</p>' in concept and '<div class="gemarkeerd gemarkeerd--concept">' in concept, page


# --- the region and its managers --------------------------------------------------------

def test_covers_footers_and_authors_name_the_region_and_its_managers(built_site: Path, shipped) -> None:  # noqa: ANN001
    project = shipped.project
    for slug in ("breda", "groningen"):
        gemeente = next(g for g in project.gemeenten if g.slug == slug)
        regio = gemeente.regio
        assert regio.beheer and regio.slug in ("west-brabant", "groningen")
        andere = next(r for r in project.regios if r is not regio)
        regel = re.sub(r"\s+", "", f"regio {regio.naam} · beheer: {regio.beheer}")
        for soort in GEMEENTE_PDFS:
            file = built_site / f"gemeenten/{slug}/{soort}.pdf"
            reader = lezer(file)
            assert reader.metadata.author == regio.beheer, (slug, soort)
            for i, text in enumerate(teksten(file)):
                squashed = re.sub(r"\s+", "", text)
                if soort == "training" and i == 0:
                    assert regel in squashed, "de omslag noemt de regio en haar beheerders"
                    assert project.site.beheer not in text
                else:
                    assert regel in squashed, (slug, soort, i + 1)  # the footer
                assert re.sub(r"\s+", "", andere.beheer) not in squashed, (slug, soort, i + 1)
        # and the footer of the gemeente's web pages
        html = (built_site / f"gemeenten/{slug}/index.html").read_text(encoding="utf-8")
        voet = html[html.index('<footer class="voet">'):]
        assert f"Regio {regio.naam} · beheer: {regio.beheer}" in voet
    # a page of no region keeps the site's line
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f"Beheer: {project.site.beheer}" in home[home.index('<footer class="voet">'):]
    # the universal card is no region's: its author is the site
    assert lezer(built_site / "regiekaart/regiekaart.pdf").metadata.author == project.site.titel


# --- texts of the templates ---------------------------------------------------------------

def test_the_site_says_u(built_site: Path) -> None:
    groningen = (built_site / "gemeenten/groningen/index.html").read_text(encoding="utf-8")
    assert "Wanneer brengt u een casus hier in?" in groningen
    assert not [f for f in built_site.rglob("*.html") if "breng je" in f.read_text(encoding="utf-8")]
    kaart = (built_site / "regiekaart/index.html").read_text(encoding="utf-8")
    assert "De gezamenlijke basis van de regio" not in kaart
    assert "Een vak met een suggestie is een voorstel, geen afspraak." in kaart
