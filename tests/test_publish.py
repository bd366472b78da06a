"""`regiekaart publish`: one zip, named after the content's date, ready to upload."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.publish import LEESMIJ

# One worker runs these (pytest-xdist): they share one publication of the site.
pytestmark = pytest.mark.xdist_group("publiceren")



def published_zip(project: Path) -> Path:
    (archive,) = (project / "build").glob("*.zip")
    return archive


@pytest.fixture
def publication(published_project) -> tuple[Path, str]:  # noqa: ANN001
    """The session's publication (conftest), which the browser tests open too."""
    return published_project.project, published_project.output


def test_zip_is_named_after_the_content_date(publication: tuple[Path, str]) -> None:
    project, output = publication
    archive = published_zip(project)
    # the newest 'bijgewerkt' or 'vastgesteld' in the shipped content, not today's date
    dates = re.findall(r"^(?:bijgewerkt|vastgesteld): (\d{4}-\d\d-\d\d)", "\n".join(p.read_text(encoding="utf-8") for p in [project / "content/regiekaart.yaml", *(project / "content/regios").glob("*.yaml"), *(project / "gemeenten").glob("*.yaml")]), re.M)
    assert archive.name == f"regiekaarten-de-escaleren-{max(dates)}.zip"
    assert "Gepubliceerd: " in output and archive.name in output
    with zipfile.ZipFile(archive) as zf:
        assert {info.date_time[:3] for info in zf.infolist()} == {tuple(int(x) for x in max(dates).split("-"))}


def test_zip_holds_the_whole_site_and_a_readme(publication: tuple[Path, str]) -> None:
    project, _ = publication
    with zipfile.ZipFile(published_zip(project)) as zf:
        names = set(zf.namelist())
        readme = zf.read(LEESMIJ).decode("utf-8")
    site = project / "build" / "publiceren"
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {".regiekaart-site"}
    only_for_pdfs = {"assets/css/pdf-letters.css", *(f"assets/fonts/SourceSans3-{s}.ttf" for s in ("Regular", "It", "Semibold", "Bold"))}
    assert only_for_pdfs <= on_disk
    assert names == (on_disk - only_for_pdfs) | {LEESMIJ, "web.config"}
    assert {"index.html", "zoeken/index.html", "pagefind/algemeen/pagefind.js", "pagefind/gemeenten-1/pagefind-entry.json", "handreiking.pdf", "gemeenten/breda/regiekaart.pdf", "assets/js/zoeken.js"} <= names
    assert "sitemap.xml" not in names
    assert "index.html" in readme and "submap" in readme and "zoek" in readme.lower()


def test_without_base_url_everything_stays_relative(publication: tuple[Path, str]) -> None:
    project, _ = publication
    with zipfile.ZipFile(published_zip(project)) as zf:
        for name in zf.namelist():
            if name.endswith(".html"):
                html = zf.read(name).decode("utf-8")
                assert 'rel="canonical"' not in html, name
                assert not re.search(r"""(href|src|action)=["'](/|https?:)""", html), name


def test_publishing_twice_gives_the_same_bytes(publication: tuple[Path, str], cli, tmp_path: Path) -> None:
    project, _ = publication
    first = published_zip(project).read_bytes()
    again = tmp_path / "nog-eens.zip"  # not in the shared project
    result = cli("publish", "--project", project, "--zip", again, "--quiet")
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == first


def test_base_url_adds_sitemap_and_canonical_links(project: Path, cli, tmp_path: Path) -> None:
    target = tmp_path / "intranet.zip"
    result = cli("publish", "--project", project, "--base-url", "https://intranet.example.nl/sociaal/regiekaart", "--zip", target)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as zf:
        sitemap = zf.read("sitemap.xml").decode("utf-8")
        breda = zf.read("gemeenten/breda/index.html").decode("utf-8")
        readme = zf.read(LEESMIJ).decode("utf-8")
    assert "<loc>https://intranet.example.nl/sociaal/regiekaart/gemeenten/breda/index.html</loc>" in sitemap
    assert '<link rel="canonical" href="https://intranet.example.nl/sociaal/regiekaart/gemeenten/breda/index.html">' in breda
    assert 'href="../../regiekaart/index.html"' in breda  # the links themselves stay relative
    assert "https://intranet.example.nl/sociaal/regiekaart/" in readme


@pytest.mark.parametrize("url", ["intranet/regiekaart", "ftp://example.nl/x/", "https://example.nl/x/?a=1"])
def test_a_bad_base_url_is_refused(project: Path, cli, url: str) -> None:
    result = cli("publish", "--project", project, "--base-url", url)
    assert result.exit_code == 2
    assert "--base-url" in result.output and "https://" in result.output
    assert list(project.rglob("*.zip")) == []


def test_a_failing_build_writes_no_zip(project: Path, cli) -> None:
    (project / "gemeenten/breda.yaml").write_text("naam: Breda\nfasen: [kapot\n", encoding="utf-8")
    result = cli("publish", "--project", project)
    assert result.exit_code == 1
    assert "gemeenten/breda.yaml:" in result.output
    assert "Niet gepubliceerd" in result.output
    assert list(project.rglob("*.zip")) == []


def test_publish_help_is_dutch(cli) -> None:
    result = cli("publish", "--help")
    assert result.exit_code == 0
    assert "Gebruik: " in result.output and "publish [OPTIES]" in result.output and "zip-bestand" in result.output and "--base-url" in result.output


# --- what the site's zip holds, read back -------------------------------------------------

def _zip_texts(archive: Path) -> tuple[list[str], dict[str, str]]:
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        texts = {n: zf.read(n).decode("utf-8", "replace") for n in names if n.endswith((".html", ".css", ".config", ".txt"))}
    return names, texts


def test_web_config_gives_every_extension_of_the_site_a_mime_type(publication: tuple[Path, str]) -> None:
    import xml.etree.ElementTree as ET

    project, _ = publication
    names, texts = _zip_texts(published_zip(project))
    static = ET.fromstring(texts["web.config"]).find("system.webServer/staticContent")
    children = list(static)
    mapped = {m.get("fileExtension"): m.get("mimeType") for m in children if m.tag == "mimeMap"}
    extensions = {Path(n).suffix.lower() for n in names if Path(n).suffix} - {".config"}  # IIS never serves web.config
    assert extensions <= set(mapped), extensions - set(mapped)
    assert {".pagefind", ".pf_fragment", ".pf_index", ".pf_meta", ".woff2", ".pdf", ".html", ".js"} <= set(mapped)
    assert mapped[".woff2"] == "font/woff2" and mapped[".pf_index"] == "application/octet-stream" and mapped[".js"] == "text/javascript"
    # each type is removed before it is added, so that one IIS knows already gives no 500.19
    for i, child in enumerate(children):
        if child.tag == "mimeMap":
            assert children[i - 1].tag == "remove" and children[i - 1].get("fileExtension") == child.get("fileExtension")
    assert "web.config" in texts[LEESMIJ] and "SharePoint Online" in texts[LEESMIJ] and "AddType application/octet-stream .pagefind" in texts[LEESMIJ]


def test_zip_holds_only_what_the_site_refers_to(publication: tuple[Path, str]) -> None:
    """Read back independently of publish.py: every file is a page, or referred to by a
    page or a stylesheet in the zip (the search index by the search page), the readme,
    web.config or the font's licence. The PDF renderer's fonts (and their stylesheet) are out."""
    from bs4 import BeautifulSoup

    project, output = publication
    archive = published_zip(project)
    names, texts = _zip_texts(archive)
    referred: set[str] = set()
    for name, text in texts.items():
        if name.endswith(".html"):
            soup = BeautifulSoup(text, "html.parser")
            refs = [tag.get(attr) for tag in soup.find_all(True) for attr in ("href", "src") if tag.get(attr)]
            for form in soup.select("[data-bundels]"):  # the search index's bundles, which the search script loads
                refs += [posixpath.join(posixpath.dirname(form["data-zoekindex"]), b) + "*" for b in form["data-bundels"].split()]
        elif name.endswith(".css"):
            refs = [a or b for a, b in re.findall(r"url\(\"?([^\")]+)\"?\)|@import url\(\"([^\"]+)\"\)", text)]
        else:
            continue
        for ref in refs:
            if not re.match(r"^[a-z]+:|^#", ref):
                referred.add(posixpath.normpath(posixpath.join(posixpath.dirname(name), ref.split("#")[0])).rstrip("*"))
    loose = [n for n in names if n not in referred and not any(n.startswith(r + "/") for r in referred) and not n.endswith(".html") and n not in {LEESMIJ, "web.config", "assets/fonts/OFL.md"}]
    assert loose == []
    assert not [n for n in names if n.endswith(".ttf") or n == "assets/css/pdf-letters.css"]
    assert "assets/css/pdf.css" in names  # the invulformulier prints its preview with it
    assert {"assets/fonts/SourceSans3-Regular.woff2", "assets/css/site.css", "assets/css/fonts.css", "assets/favicon.svg"} <= set(names)
    # the summary line says how many files and how big
    found = re.search(r"\(site: (\d+) bestanden, ([\d,]+) MB;", output)
    assert found and int(found.group(1)) == len(names)
    assert found.group(2) == f"{archive.stat().st_size / 1_000_000:.1f}".replace(".", ",")


def test_mime_types_come_from_one_table() -> None:
    from generator.publish import mime_type, web_config

    assert mime_type(".PF_META") == "application/octet-stream" and mime_type(".css") == "text/css" and mime_type(".onbekend") == "application/octet-stream"
    assert web_config(["a.css", "b/c.css", "d.pdf"]).count("<mimeMap") == 2


@pytest.mark.small_project
def test_alleen_pdf_zips_every_pdf_with_an_overview(project: Path, cli, tmp_path: Path) -> None:
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    result = cli("publish", "--project", project, "--alleen-pdf")
    assert result.exit_code == 0, result.output
    (archive,) = (project / "build").glob("*-pdfs-*.zip")
    assert re.fullmatch(r"regiekaarten-de-escaleren-pdfs-\d{4}-\d\d-\d\d\.zip", archive.name)
    assert f"Gepubliceerd: {project / 'build' / archive.name}"[:12] in result.output and "PDF's en overzicht" in result.output
    site = project / "build" / "publiceren"
    built = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.pdf")}
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        pdfs = {n: zf.read(n) for n in names if n.endswith(".pdf") and n != "Overzicht.pdf"}
        html = zf.read("Overzicht.html").decode("utf-8")
        overzicht = zf.read("Overzicht.pdf")
    assert names[:2] == ["Overzicht.pdf", "Overzicht.html"]
    # every PDF of the site, once (the root booklet is the default region's own)
    assert sorted(pdfs.values()) == sorted(data for path, data in built.items() if path != "handreiking.pdf")
    assert {"Algemeen/Universele regiekaart de-escaleren.pdf", "Gemeenten/Breda/Regiekaart de-escaleren Breda.pdf", "Gemeenten/Breda/Criteriakaart Breda.pdf"} <= set(pdfs)
    assert all(not re.search(r'[\\:*?"<>|#%]', n) for n in names)  # names SharePoint and Windows take
    # the HTML overview links each PDF; the PDF overview names each, with what it is
    links = {unquote(a["href"]) for a in BeautifulSoup(html, "html.parser").find_all("a")}
    assert links == set(pdfs)
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(overzicht)).pages))
    for name in pdfs:
        assert re.sub(r"\s+", "", name.split("/", 1)[1] if name.startswith("Gemeenten/") else name.split("/")[-1]) in text, name
    assert re.sub(r"\s+", "", "Criteria voor op- en afschalen per fase") in text


def test_safe_names_for_a_document_library() -> None:
    from generator.documenten import safe_name

    assert safe_name('Kaart: "Breda" / 2027?') == "Kaart- -Breda- - 2027-"
    assert safe_name("  . ") == "document"


def test_the_zip_holds_only_what_the_build_recorded(tmp_path: Path) -> None:
    """publish checks the very bytes it zips against the build's record (the manifest's
    sha256): a file changed after the build, or one the build did not write, stops it,
    and no zip is written."""
    import datetime as dt
    import hashlib

    from generator.publish import ChangedAfterBuild, write_zip

    site = tmp_path / "site"
    page = site / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"<p>zoals gebouwd</p>")
    recorded = {page: hashlib.sha256(b"<p>zoals gebouwd</p>").hexdigest()}
    target = tmp_path / "site.zip"
    write_zip(target, dt.date(2026, 12, 1), [("index.html", page)], recorded)
    assert zipfile.ZipFile(target).read("index.html") == b"<p>zoals gebouwd</p>"
    target.unlink()
    for damage in (b"<p>zoals gebouwd", b"<p>zoals gewijzigd</p>"):  # cut short, edited
        page.write_bytes(damage)
        with pytest.raises(ChangedAfterBuild):
            write_zip(target, dt.date(2026, 12, 1), [("index.html", page)], recorded)
        assert not target.exists() and list(tmp_path.glob(".site.zip.*")) == []
    extra = site / "extra.html"
    extra.write_bytes(b"niet door de bouw")
    with pytest.raises(ChangedAfterBuild):
        write_zip(target, dt.date(2026, 12, 1), [("extra.html", extra)], recorded)


def test_write_site_on_a_full_disk_is_rk603_and_keeps_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from generator import write as write_module

    out = tmp_path / "build/site"
    assert write_module.write_site(out, {"index.html": b"oud"}, None).problems == []

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    written = write_module.write_site(out, {"index.html": b"nieuw"}, None)
    assert [p.code for p in written.problems] == ["RK603"] and "No space left on device" in written.problems[0].message
    monkeypatch.undo()
    assert (out / "index.html").read_bytes() == b"oud" and sorted(p.name for p in out.parent.iterdir()) == ["site"]
