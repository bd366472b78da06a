"""Full builds of the shipped content, read back as HTML."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import load_project
from generator.products import plan_pages
from generator.render import Renderer, render_site

from .conftest import MINIMAL_GEMEENTE, ROOT, write

SLUGS = [
    "alphen-chaam", "altena", "baarle-nassau", "bergen-op-zoom", "breda", "drimmelen", "etten-leur", "geertruidenberg",
    "halderberge", "moerdijk", "oosterhout", "roosendaal", "rucphen", "steenbergen", "woensdrecht", "zundert",
]
GRONINGEN = ["groningen", "oldambt", "pekela", "stadskanaal"]


class Page(HTMLParser):
    """Collects what the tests look at: links, sources, ids, table headers, text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.ids: set[str] = set()
        self.th: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.lang = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("link", "script", "img", "iframe", "source") and (a.get("href") or a.get("src")):
            self.sources.append(a.get("href") or a.get("src"))
        if tag == "th":
            self.th.append(a)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


@pytest.fixture
def site(built_site: Path) -> Path:
    return built_site


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_fixed_output_paths(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "handreiking/index.html").is_file()
    assert (site / "regiekaart/index.html").is_file()
    chapters = sorted(p.parent.name for p in (site / "handreiking").glob("*/index.html"))
    # one page per chapter of the handreiking's common folder
    assert chapters == sorted(p.stem for p in (ROOT / "content/handreiking").glob("*.md")) and "soorten-regie" in chapters
    assert sorted(p.parent.name for p in (site / "gemeenten").glob("*/index.html")) == sorted(SLUGS + GRONINGEN)
    assert sorted(p.parent.name for p in (site / "gemeenten").glob("*/opschaalwijzer.html")) == sorted(SLUGS + GRONINGEN)
    assert sorted(p.parent.name for p in (site / "regios").glob("*/index.html")) == ["groningen", "west-brabant"]


def test_gemeente_page_shows_the_card(site: Path) -> None:
    page = Page((site / "gemeenten/roosendaal/index.html").read_text(encoding="utf-8"))
    text = page.plain
    assert "Roosendaal" in text and "ingevuld als voorbeeld" in text
    assert "Voorbeeldinvulling" not in text  # the example status is said once, in the band
    for label in ("Casusregie", "Behandelregie", "Procesregie", "Operationeel verantwoordelijk", "Bestuurlijk verantwoordelijk"):
        assert label in text
    for n, naam in enumerate(("Gewone leven", "Meervoudige problematiek", "Er is (ook) onveiligheid", "Er is of dreigt maatschappelijke onrust"), 1):
        assert f"Fase {n}" in text and naam in text
    # real table headers: 4 fasen as columns, 6 rows (kenmerk + five fields) in the card
    card_cols = [a for a in page.th if a.get("scope") == "col" and "kaart__fase" in (a.get("class") or "")]
    assert len(card_cols) == 4
    assert "Zorg- en Veiligheidshuis De Markiezaten" in text
    assert "Lokaal" in text  # local values are labelled in words, not colour alone
    assert "Opschalen naar fase 2" in text and "Afschalen naar fase 3" in text
    assert "Meldcode" in text and "Kindcheck" in text and "Raad voor de Kinderbescherming" in text
    assert "PSHi" in text and "GRIP" in text and "media-aandacht" in text
    assert "Afwijkingen van regio en universele kaart" in text and "gemeenten/roosendaal.yaml, regel" in text


def test_local_and_base_values_are_told_apart(site: Path) -> None:
    html = (site / "gemeenten/breda/index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td class="cel cel--(\w+)"( data-pagefind-ignore)?>(.*?)</td>', html, re.S)
    assert len(cells) == 20
    statuses = {s for s, _, _ in cells}
    assert statuses == {"lokaal", "basis", "suggestie"}  # suggestie: a suggestion of the universal card Breda leaves as it is
    for status, ignored, body in cells:
        assert ("Lokaal" in body) == (status == "lokaal")
        assert ("Suggestie" in body) == (status == "suggestie")
        # the search index reads what Breda says itself; the rest once, on the universal card
        assert bool(ignored) == (status != "lokaal")


def afwijkingen(site: Path, slug: str) -> tuple[str, str]:
    """A gemeente page's section "Afwijkingen": what it shows, and its part for maintainers."""
    html = (site / f"gemeenten/{slug}/index.html").read_text(encoding="utf-8")
    section = html[html.index('<h2 id="afwijkingen">') :]
    section = section[: section.index("</section>")]
    shown, _, beheer = section.partition('<details class="beheer">')
    return shown, beheer


def test_afwijkingen_are_only_real_deviations(site: Path) -> None:
    """Issue 18: 12 of Breda's 13 'deviations' were cells she filled in where the lower
    layers left them open. Those are summed up; only an overridden value is listed."""
    shown, beheer = afwijkingen(site, "breda")
    assert "<table" not in shown and "Breda wijkt nergens af" in shown
    assert re.search(r"Zelf ingevuld: 12 onderdelen die de regio en de universele kaart open laten, en 1 eigen criterium\.", shown)
    assert "gemeenten/breda.yaml, regel" not in shown  # the files are for maintainers
    assert "<summary>Voor beheerders" in beheer and beheer.count("gemeenten/breda.yaml, regel") == 13
    # Oosterhout has her own behandelregie in fase 2, where the universal card has one
    shown, _ = afwijkingen(site, "oosterhout")
    assert "Wat Oosterhout anders regelt (1)" in shown and "<td>Behandelregie</td>" in shown
    # Bergen op Zoom's mayor replaces a suggestion of the universal card: that is filling it in
    shown, _ = afwijkingen(site, "bergen-op-zoom")
    assert "<table" not in shown


def test_home_groups_gemeenten_by_region_and_each_region_has_its_matrix(site: Path) -> None:
    page = Page((site / "index.html").read_text(encoding="utf-8"))
    for slug in SLUGS + GRONINGEN:
        assert f"gemeenten/{slug}/index.html" in page.links
    assert "regios/groningen/index.html" in page.links and "regios/west-brabant/index.html" in page.links
    html = (site / "index.html").read_text(encoding="utf-8")
    groningen, west_brabant = html.index('id="regio-groningen"'), html.index('id="regio-west-brabant"')
    assert all(groningen < html.index(f"gemeenten/{s}/") < west_brabant for s in GRONINGEN)
    assert all(html.index(f"gemeenten/{s}/") > west_brabant for s in SLUGS)
    for regio, leden in (("west-brabant", SLUGS), ("groningen", GRONINGEN)):
        regio_html = (site / f"regios/{regio}/index.html").read_text(encoding="utf-8")
        assert regio_html.count('<li class="merk merk--') == len(leden) * 4 * 5  # only its own gemeenten
        matrix = Page(regio_html)
        assert {l.split("/")[-2] for l in matrix.links if l.startswith("../../gemeenten/")} == set(leden)
    # Groningen's own values are marked as the region's in its matrix; West-Brabant has none
    assert "merk--regio" in (site / "regios/groningen/index.html").read_text(encoding="utf-8")
    assert '<li class="merk merk--regio"' not in (site / "regios/west-brabant/index.html").read_text(encoding="utf-8")


def test_handreiking_navigation(site: Path) -> None:
    index = Page((site / "handreiking/index.html").read_text(encoding="utf-8"))
    chapter_links = [l for l in index.links if l.endswith("/index.html") and not l.startswith("..")]
    assert len(chapter_links) == len(list((ROOT / "content/handreiking").glob("*.md")))
    chapter = Page((site / "handreiking/soorten-regie/index.html").read_text(encoding="utf-8"))
    assert "Volgende" in chapter.plain and "Vorige" in chapter.plain
    assert len(chapter.plain.split()) > 400


def test_accessibility_basics_on_every_page(site: Path) -> None:
    for file in pages(site):
        html = file.read_text(encoding="utf-8")
        page = Page(html)
        assert page.lang == "nl", file
        assert page.tags.count("main") == 1 and "header" in page.tags and "footer" in page.tags and "nav" in page.tags
        assert page.links[0] == "#inhoud" and "inhoud" in page.ids, file
        assert all(a.get("scope") in ("col", "row") for a in page.th), file
        if "/handreiking/" not in file.as_posix():  # Markdown tables in chapters have no caption
            assert html.count("<table") == html.count("<caption"), file
        assert page.tags.count("h1") == 1, file


def test_links_are_relative_and_resolve(site: Path) -> None:
    ids: dict[Path, set[str]] = {}  # of each page, parsed once however many links point into it
    for file in pages(site):
        page = Page(file.read_text(encoding="utf-8"))
        for ref in page.links + page.sources:
            assert not re.match(r"^[a-z]+:", ref) and not ref.startswith("/"), f"{file}: {ref}"
            target, _, anchor = ref.partition("#")
            dest = (file.parent / target).resolve() if target else file
            assert dest.is_file(), f"{file}: {ref}"
            if anchor:
                if dest not in ids:
                    ids[dest] = Page(dest.read_text(encoding="utf-8")).ids
                assert anchor in ids[dest], f"{file}: {ref}"


def test_every_page_allows_only_the_site_itself(site: Path) -> None:
    """A Content-Security-Policy in every page: nothing from another host, no inline script."""
    for file in pages(site):
        html = file.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy, file
        rules = dict((part.split()[0], part.split()[1:]) for part in policy.group(1).replace("&#39;", "'").split("; "))
        assert rules["default-src"] == ["'self'"] and rules["object-src"] == ["'none'"]
        assert all(source.startswith("'") or source == "data:" for sources in rules.values() for source in sources), rules
        assert "'unsafe-inline'" not in rules["script-src"] and "'unsafe-eval'" not in rules["script-src"]
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), f"inline script in {file}"
        assert " style=" not in html, f"inline style in {file}"


def test_no_external_resources(site: Path) -> None:
    for file in list(site.rglob("*.html")) + list(site.rglob("*.css")) + list(site.rglob("*.js")):
        text = file.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), file
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), file
        assert "@import url(\"http" not in text


def test_byte_identical_rebuilds(project: Path, cli, tmp_path: Path) -> None:
    def digest(folder: Path) -> dict[str, str]:  # the marker is the build's record, with the times of the files it wrote
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".regiekaart-site"}

    assert cli("build", "--project", project, "--out", tmp_path / "a").exit_code == 0
    assert cli("build", "--project", project, "--out", tmp_path / "b").exit_code == 0
    first = digest(tmp_path / "a")
    assert first == digest(tmp_path / "b") and len(first) > 25


def test_failed_build_leaves_previous_site_untouched(project: Path, cli) -> None:
    assert cli("build", "--project", project).exit_code == 0
    site = project / "build" / "site"
    assert (site / "gemeenten/breda/regiekaart.pdf").exists()
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write(project / "gemeenten/breda.yaml", (project / "gemeenten/breda.yaml").read_text(encoding="utf-8") + "onbekend: x\n")
    result = cli("build", "--project", project)
    assert result.exit_code == 1 and "Niet gebouwd; de vorige site is ongewijzigd." in result.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in site.parent.iterdir()) == [".cache", ".regiekaart.lock", "site"]  # no half-written leftovers (the lock file stays)


def test_draft_builds_with_gaps(project: Path, cli) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("    behandelregie: Crisisdienst ggz\n", ""))
    assert cli("build", "--project", project).exit_code == 1
    result = cli("build", "--project", project, "--draft", "--no-pdf")
    assert result.exit_code == 0, result.output
    site = project / "build/site"
    page = (site / "gemeenten/proefstad/index.html").read_text(encoding="utf-8")
    assert page.count("ONTBREEKT") == 2  # the table and the phone layout
    assert "1 veld ontbreekt" in page
    for file in pages(site):
        assert 'class="concept-band"' in file.read_text(encoding="utf-8"), file
    assert "merk--ontbreekt" in (site / "regios/west-brabant/index.html").read_text(encoding="utf-8")


def test_draft_does_not_excuse_broken_files(project: Path, cli) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE + "onbekend: x\n")
    assert cli("build", "--project", project, "--draft").exit_code == 1


def test_build_only_some_gemeenten(project: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "deel"
    result = cli("build", "--project", project, "--out", out, "-g", "breda", "-g", "zundert", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "gemeenten").iterdir()) == ["breda", "zundert"]


def test_out_refuses_a_folder_that_is_not_a_site(project: Path, cli, tmp_path: Path) -> None:
    precious = write(tmp_path / "documenten/belangrijk.txt", "niet weggooien")
    result = cli("build", "--project", project, "--out", tmp_path / "documenten")
    assert result.exit_code == 1 and "geen eerder gebouwde regiekaart-site" in result.output
    assert precious.read_text() == "niet weggooien"


def test_content_cannot_inject_markup(project: Path, cli) -> None:
    evil = MINIMAL_GEMEENTE.replace("naam: Proefstad", 'naam: "Proefstad <script>alert(1)</script>"').replace(
        "Crisisdienst ggz", '"<img src=x onerror=alert(1)>"'
    ) + "toelichting: \"[klik](javascript:alert(1)) <b>vet</b>\"\n"
    write(project / "gemeenten/proefstad.yaml", evil)
    write(project / "content/handreiking/extra.md", "---\ntitle: Extra <i>x</i>\norder: 99\n---\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
    # check refuses the script links, with their lines ...
    result = cli("check", "--project", project)
    assert result.exit_code == 1
    assert "gemeenten/proefstad.yaml:20:14: fout: link 'javascript:alert(1)' is niet toegestaan" in result.output
    assert "content/handreiking/extra.md:8:1: fout: link 'javascript:alert(1)' is niet toegestaan" in result.output
    # ... and even past the checks, the renderer escapes everything.
    loaded = load_project(project)
    files = render_site(Renderer(loaded.project, [project / "templates"], draft=True), plan_pages(loaded.project))
    for path in ("gemeenten/proefstad/index.html", "handreiking/extra/index.html", "index.html"):
        html = files[path].decode("utf-8")
        assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html, path
        assert 'href="javascript:' not in html, path
    assert "&lt;script&gt;" in files["gemeenten/proefstad/index.html"].decode("utf-8")
