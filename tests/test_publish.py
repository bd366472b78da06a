"""`regiekaart publish`: one zip, named after the content's date, ready to upload."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

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
    assert names == on_disk | {LEESMIJ}
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
