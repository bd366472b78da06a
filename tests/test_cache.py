"""Incremental builds: the PDF cache and files left untouched when nothing changed."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from generator import cache as cache_module
from generator.build import cache_dir
from generator.cache import PdfCache, Keys

from .conftest import ROOT, StandIns, seed_pdf_cache, small_project, write

# The tests build Breda in a small copy of the shipped project (conftest.small_project: every
# region, Breda alone, one short chapter in each part of the content), so that the PDFs they
# render and count are few and small.
# The booklets of the handreiking: the one at the site's root and one per region. With the
# universal card (and the PDFs for trainers) they are the PDFs of the site as a whole, made by
# every build besides the chosen gemeenten's three.
BOOKLETS = 1 + len(list((ROOT / "content/regios").glob("*.yaml")))
# For trainers: the blank card, and one trainer's guide per region.
GIDSEN = len(list((ROOT / "content/regios").glob("*.yaml")))
TRAINERS = 1 + GIDSEN
SITE_PDFS = BOOKLETS + 1 + TRAINERS
# The booklet at the root is the default region's, word for word: a build renders it once,
# and counts the second file as one from the cache. So a build from scratch makes one
# PDF fewer than it writes, and the cache holds one file fewer.
KOPIE = 1
ALLES = SITE_PDFS + 3  # the PDFs of a build of Breda: the site's and her three
BREDA = ["gemeenten/breda/criteriakaart.pdf", "gemeenten/breda/index.html", "gemeenten/breda/regiekaart.pdf", "gemeenten/breda/training.pdf"]


SUMMARY = re.compile(r"(\d+) pagina's \((\d+) gemaakt, (\d+) uit de cache\) en (\d+) PDF's \((\d+) gemaakt, (\d+) uit de cache\)")
_pages: dict[Path, tuple[int, int]] = {}
_index: dict[Path, list[str]] = {}


def build(cli, project: Path, *extra: str) -> tuple[int, int, list[str]]:
    """(PDFs rendered, PDFs from the cache, files written) of one build of Breda;
    ``pages_rendered(project)`` tells the pages it rendered, ``index_written(project)``
    the files of the search index it wrote (not in the list of files written)."""
    result = cli("build", "--project", project, "-g", "breda", *extra)
    assert result.exit_code == 0, result.output
    return record(project, result.output)


def record(project: Path, output: str) -> tuple[int, int, list[str]]:
    """What ``build`` returns, from the output of a build of Breda that just ran."""
    pages, pages_made, pages_cached, pdfs, made, cached = map(int, SUMMARY.search(output).groups())
    assert pages == pages_made + pages_cached and pdfs == made + cached
    _pages[project] = (pages_made, pages_cached)
    written = sorted(changed_files(project))
    _index[project] = [w for w in written if w.startswith("pagefind/")]
    return made, cached, [w for w in written if not w.startswith("pagefind/")]


def pages_rendered(project: Path) -> int:
    return _pages[project][0]


def index_written(project: Path) -> list[str]:
    return _index[project]


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


_before: dict[Path, dict[str, int]] = {}


def changed_files(project: Path) -> list[str]:
    """Files whose inode changed since the previous call: those the build wrote."""
    site = project / "build/site"
    now = inodes(site)
    before = _before.get(project, {})
    _before[project] = now
    return [rel for rel, ino in now.items() if before.get(rel) != ino and rel != ".regiekaart-site"]


def command(project: Path) -> list[str]:
    """The real command, in a new process: a build of Breda."""
    return [sys.executable, "-m", "generator", "build", "--project", str(project), "-g", "breda"]


def on_a_terminal(cmd: list[str]) -> tuple[str, str]:
    """Run ``cmd`` with stderr on a terminal and stdout in a pipe: (terminal, stdout)."""
    leader, follower = pty.openpty()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=follower, check=True)
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    return terminal.decode("utf-8"), proc.stdout.decode("utf-8")


class FirstBuild(NamedTuple):
    project: Path  # every test's project, always at this path (a build's input key holds it)
    snapshot: Path  # the project as its first build left it
    terminal: str  # what that build showed on the terminal
    stdout: str


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> FirstBuild:
    """Breda built once from scratch (an empty PDF cache) for the whole module, by the
    real command on a terminal, in a small copy of the project (every region, Breda alone,
    short chapters); each test starts from a fresh copy of what it left."""
    base = tmp_path_factory.mktemp("cache")
    project = small_project(base / "project", regios=True)
    terminal, stdout = on_a_terminal(command(project))
    made, cached, _ = record(project, stdout)
    assert (made, cached) == (ALLES - KOPIE, KOPIE)  # the booklets, the universal card, Breda's three
    shutil.copytree(project, base / "snapshot", symlinks=True)
    return FirstBuild(project, base / "snapshot", terminal, stdout)


@pytest.fixture
def first(first_build: FirstBuild, stand_in_renders: StandIns) -> Path:
    """The project right after its first build of Breda: restored from the snapshot, at
    the same path, so that an unchanged rebuild is truly a no-op. The first build rendered
    its PDFs with WeasyPrint; what a test's builds render from here on, the pool makes as
    stand-ins (conftest.stand_in_renders): these tests count PDFs, they do not read them."""
    shutil.rmtree(first_build.project)
    shutil.copytree(first_build.snapshot, first_build.project, symlinks=True)
    changed_files(first_build.project)  # a build's writes are what changed since now
    return first_build.project


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_noop_rebuild_renders_and_writes_nothing(first: Path, cli) -> None:
    made, cached, written = build(cli, first)
    assert (made, cached) == (0, ALLES)
    assert pages_rendered(first) == 0
    assert written == [] and index_written(first) == []


def test_changing_one_gemeente_rerenders_exactly_its_outputs(first: Path, cli) -> None:
    edit(first / "gemeenten/breda.yaml", "Crisisdienst GGZ Breburg", "Crisisdienst van GGZ Breburg")
    made, cached, written = build(cli, first)
    # the card and the training handout show the value; the criteriakaart does not
    assert (made, cached) == (2, SITE_PDFS + 1)
    # its own page, opschaalwijzer and invulformulier, the home page and the region's page,
    # which list it (the wijzer and the region's overview show other fields, so their bytes
    # stay the same and they are not written); nothing else
    assert pages_rendered(first) == 5
    assert written == ["gemeenten/breda/index.html", "gemeenten/breda/invullen.html", "gemeenten/breda/regiekaart.pdf", "gemeenten/breda/training.pdf"]
    # only the bundle of the search index with Breda is made anew, not the one with the handreiking
    assert "pagefind/gemeenten-1/pagefind-entry.json" in index_written(first)
    assert any(f.startswith("pagefind/gemeenten-1/fragment/") for f in index_written(first))
    assert all(f.startswith("pagefind/gemeenten-1/") for f in index_written(first))
    assert len(list((first / "build/site/pagefind/gemeenten-1/fragment").iterdir())) == 1
    chapters = list((first / "content/handreiking").glob("*.md")) + list((first / "content/regios").glob("*/handreiking/*.md"))
    regios = list((first / "content/regios").glob("*.yaml"))
    training = list((first / "content/training").glob("*.md"))
    # the universal card, the chapters, the regions' pages and the training's parts
    assert len(list((first / "build/site/pagefind/algemeen/fragment").iterdir())) == 1 + len(chapters) + len(regios) + len(training)


def test_changing_a_criterion_of_one_gemeente(first: Path, cli) -> None:
    text = (first / "gemeenten/breda.yaml").read_text(encoding="utf-8")
    criterion = re.search(r"toevoegen:\n\s+- (.+)\n", text).group(1)
    edit(first / "gemeenten/breda.yaml", criterion, criterion + " Extra")
    made, _, written = build(cli, first)
    assert made == 2  # criteriakaart and training, not the card
    assert written == ["gemeenten/breda/criteriakaart.pdf", "gemeenten/breda/index.html", "gemeenten/breda/invullen.html", "gemeenten/breda/opschaalwijzer.html", "gemeenten/breda/training.pdf"]


def test_changing_the_base_rerenders_what_shows_it(first: Path, cli) -> None:
    edit(first / "content/regiekaart.yaml", "Eigen kracht. De betrokkenen", "Eigen kracht: de betrokkenen")
    made, cached, written = build(cli, first)
    # every card (the blank card too), the booklets and the training; not the criteriakaart, nor
    # the trainer's guides, which look at the base but do not show this text (the PDF cache has them)
    assert (made, cached) == (BOOKLETS - KOPIE + 4, KOPIE + 1 + GIDSEN)
    assert "index.html" not in written and "gemeenten/breda/criteriakaart.pdf" not in written
    assert "regiekaart/index.html" in written and "handreiking.pdf" in written


def test_changing_a_template_rerenders_its_outputs(first: Path, cli) -> None:
    edit(first / "templates/pdf/criteriakaart.html", "Criteria voor op- en afschalen</p>", "Criteria voor op- en afschalen per fase</p>")
    made, _, written = build(cli, first)
    assert made == 1
    # the page is rewritten only if the PDF's size in kB changed
    assert "gemeenten/breda/criteriakaart.pdf" in written and set(written) <= {"gemeenten/breda/criteriakaart.pdf", "gemeenten/breda/index.html"}


def test_changing_a_chapter_rerenders_the_booklets_only(first: Path, cli) -> None:
    edit(first / "content/handreiking/kort.md", "Een kort hoofdstuk.", "Een kort hoofdstuk, herschreven.")
    made, _, written = build(cli, first)
    assert made == BOOKLETS - KOPIE  # a common chapter is in every region's booklet
    assert "handreiking.pdf" in written and "regios/groningen/handreiking.pdf" in written and "handreiking/kort/index.html" in written
    assert not [w for w in written if w.startswith("gemeenten/")]


def test_changing_a_training_text_rerenders_the_handouts_only(first: Path, cli) -> None:
    edit(first / "content/training/kort.md", "Een kort hoofdstuk.", "Een kort hoofdstuk, herschreven.")
    made, _, written = build(cli, first)
    assert made == 1
    # the handout, and the part's own page (the handout's size on the gemeente's page is not indexed)
    assert "gemeenten/breda/training.pdf" in written and "training/kort/index.html" in written
    assert set(written) <= {"gemeenten/breda/training.pdf", "gemeenten/breda/index.html", "training/kort/index.html"}
    assert index_written(first) and all(f.startswith("pagefind/algemeen/") for f in index_written(first))


def test_changing_the_stylesheet_rerenders_every_pdf(first: Path, cli) -> None:
    with (first / "assets/css/pdf.css").open("a", encoding="utf-8") as css:
        css.write("\n/* test */\n")
    made, cached, written = build(cli, first)
    assert (made, cached) == (ALLES - KOPIE, KOPIE)
    assert "assets/css/pdf.css" in written
    assert index_written(first) == []  # no indexed text changed: Pagefind did not run


def test_draft_is_part_of_the_key(first: Path, cli) -> None:
    made, _, _ = build(cli, first, "--draft")
    assert made == ALLES - KOPIE  # every PDF carries the concept marker


def test_clean_renders_everything(first: Path, cli) -> None:
    made, cached, _ = build(cli, first, "--clean")
    assert (made, cached) == (ALLES - KOPIE, KOPIE)


def test_input_keys_cover_versions_templates_assets_and_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates, assets = tmp_path / "templates", tmp_path / "assets"
    write(templates / "index.html", "{{ site.titel }}")
    write(assets / "css/pdf.css", "p { color: red }")

    def salts(draft: bool = False, chapters: tuple[str, ...] = ("a",)) -> tuple[str, str]:
        s = Keys([templates], assets, draft, list(chapters))
        assert s.pdfs not in (s.pages, s.html_to_pdf)  # a PDF's key covers both
        return s.pages, s.html_to_pdf

    base = salts()
    assert salts() == base  # the same input, the same keys
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert salts()[0] != base[0]
    monkeypatch.undo()
    assert salts(draft=True)[0] != base[0]
    assert salts(chapters=("a", "b"))[0] != base[0]
    write(assets / "fonts/Extra.ttf", b"\0\1")
    assert salts() == (base[0], salts()[1]) and salts()[1] != base[1]  # assets: the PDFs only
    pdf_salt = salts()[1]
    write(templates / "index.html", "{{ site.titel }}!")
    assert salts() != base and salts()[1] == pdf_salt  # a template: what it renders, which the HTML key covers
    keys = Keys([templates], assets, False, [])
    assert keys.key(False, "a.html", "t", {"x": [1, 2]}) == keys.key(False, "a.html", "t", {"x": [1, 2]})
    assert keys.key(False, "a.html", "t", {"x": [1, 2]}) != keys.key(False, "a.html", "t", {"x": [1, 3]})
    assert keys.key(False, "a.html", "t", {"x": 1}) != keys.key(True, "a.html", "t", {"x": 1})
    cache = PdfCache(tmp_path / "cache", keys.html_to_pdf)
    assert cache.key("<p>a</p>", 1.0) != cache.key("<p>b</p>", 1.0) != cache.key("<p>a</p>", 1.4)


def test_full_build_forgets_unused_pdfs(first: Path, cli, built_site: Path, pdf_cache: Path) -> None:
    cache = first / "build/.cache/pdf"
    assert len(list(cache.glob("*.pdf"))) == ALLES - KOPIE
    edit(first / "gemeenten/breda.yaml", "Crisisdienst GGZ Breburg", "Crisisdienst van GGZ Breburg")
    build(cli, first)  # with -g: the old versions stay
    assert len(list(cache.glob("*.pdf"))) == ALLES - KOPIE + 2
    # add every PDF of the session (built_site put the shipped project's there), so the
    # complete build need not render them all; unused ones are forgotten just the same
    seed_pdf_cache(first, pdf_cache)
    result = cli("build", "--project", first)  # complete: only what this build used remains
    assert result.exit_code == 0, result.output
    assert len(list(cache.glob("*.pdf"))) == SITE_PDFS - KOPIE + 3 * len(list((first / "gemeenten").glob("*.yaml")))



def test_a_change_that_shows_nowhere_renders_nothing(first: Path, cli) -> None:
    # the input changed (so the build reads everything), but no output's input did
    with (first / "gemeenten/breda.yaml").open("a", encoding="utf-8") as f:
        f.write("# een opmerking voor de beheerder\n")
    made, cached, written = build(cli, first)
    assert (made, cached) == (0, ALLES)
    assert written == []


def test_a_site_file_that_went_missing_comes_back(first: Path, cli) -> None:
    (first / "build/site/gemeenten/breda/criteriakaart.pdf").unlink()
    (first / "build/site/handreiking/index.html").unlink()
    made, cached, written = build(cli, first)
    assert made == 0  # the PDF cache still has it (and links the very same file back)
    assert "handreiking/index.html" in written
    assert (first / "build/site/gemeenten/breda/criteriakaart.pdf").stat().st_size > 10_000


def test_an_unchanged_build_repeats_its_warnings(project: Path, cli) -> None:
    text = (project / "gemeenten/breda.yaml").read_text(encoding="utf-8")
    write(project / "gemeenten/breda.yaml", re.sub(r"^status: .*$", "status: concept\nvastgesteld: 2026-01-05", text, count=1, flags=re.M))
    outputs = [cli("build", "--project", project, "-g", "breda", "--no-pdf").output for _ in range(2)]
    warnings = [[line for line in out.splitlines() if ": waarschuwing: " in line] for out in outputs]
    assert warnings[0] and warnings[0] == warnings[1]
    assert "(0 gemaakt, " in outputs[1].splitlines()[-1]


def test_progress_bar_on_a_terminal_and_quiet_for_scripts(first_build: FirstBuild, first: Path) -> None:
    # the module's first build ran on a terminal
    assert "PDF's maken" in first_build.terminal and f"{ALLES - KOPIE}/{ALLES - KOPIE}" in first_build.terminal
    assert f"PDF's ({ALLES - KOPIE} gemaakt, {KOPIE} uit de cache)" in first_build.stdout
    edit(first / "gemeenten/breda.yaml", "Crisisdienst GGZ Breburg", "Crisisdienst van GGZ Breburg")
    quiet = subprocess.run([*command(first), "--quiet"], capture_output=True, check=True)
    assert quiet.stdout == b"" and quiet.stderr == b""


def test_loaded_gemeenten_are_cached_but_never_stale(project: Path, cli) -> None:
    breda = project / "gemeenten/breda.yaml"
    text = breda.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("bestuurlijk_verantwoordelijk:"))
    breda.write_text(text.replace(line + "\n", "", 1), encoding="utf-8")
    first = cli("check", "--project", project)
    assert first.exit_code == 1 and "gemeenten/breda.yaml:" in first.output
    assert (project / "build/.cache/gemeenten.pickle").is_file()
    again = cli("check", "--project", project)
    assert again.output == first.output  # the same problems, from the cache
    breda.write_text(text, encoding="utf-8")  # the gemeente's own file is in its key
    assert cli("check", "--project", project).exit_code == 0
    # the base is part of every gemeente's check: when the base says what Breda says,
    # Breda's line is superfluous, and check must say so although Breda's file is unchanged
    base = project / "content/regiekaart.yaml"
    value = re.search(r"^  1:\n    operationeel_verantwoordelijk: (.+)$", text, re.M).group(1)
    base.write_text(base.read_text(encoding="utf-8").replace('operationeel_verantwoordelijk: ""', f"operationeel_verantwoordelijk: {value}", 1), encoding="utf-8")
    result = cli("check", "--project", project)
    line = text.splitlines().index(f"    operationeel_verantwoordelijk: {value}") + 1
    assert re.search(rf"gemeenten/breda\.yaml:{line}:\d+: waarschuwing: fase 1: 'operationeel_verantwoordelijk' is gelijk aan wat de universele regiekaart zegt", result.output), result.output


def test_search_bundles_follow_the_gemeente_and_stay_put() -> None:
    from generator.render import zoekbundel

    slugs = [f"gemeente-{i}" for i in range(342)]
    bundles = {zoekbundel(f"gemeenten/{s}/index.html", 342) for s in slugs}
    assert bundles == {f"gemeenten-{i}" for i in range(1, 5)}  # about a hundred each
    assert zoekbundel("handreiking/borging/index.html", 342) == zoekbundel("regiekaart/index.html", 342) == "algemeen"
    # one more gemeente moves nobody else
    assert all(zoekbundel(f"gemeenten/{s}/index.html", 343) == zoekbundel(f"gemeenten/{s}/index.html", 342) for s in slugs)
    assert {zoekbundel(f"gemeenten/{s}/index.html", 16) for s in slugs[:16]} == {"gemeenten-1"}


def test_a_change_to_one_gemeente_reindexes_only_its_bundle(project: Path, cli) -> None:
    files = sorted((project / "gemeenten").glob("*.yaml"))
    for i in range(130):  # 146 gemeenten: two bundles of gemeenten
        source = files[i % len(files)].read_text(encoding="utf-8")
        naam = re.search(r"^naam: (.+)$", source, re.M).group(1)
        write(project / "gemeenten" / f"kopie-{i}.yaml", source.replace(f"naam: {naam}", f"naam: {naam} kopie {i}", 1))
    assert cli("build", "--project", project, "--no-pdf", "--quiet").exit_code == 0
    site = project / "build/site"
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["algemeen", "gemeenten-1", "gemeenten-2"]
    assert 'data-bundels="algemeen gemeenten-1 gemeenten-2"' in (site / "zoeken/index.html").read_text(encoding="utf-8")
    changed_files(project)
    edit(project / "gemeenten/breda.yaml", "Crisisdienst GGZ Breburg", "Crisisdienst van GGZ Breburg")
    assert cli("build", "--project", project, "--no-pdf", "--quiet").exit_code == 0
    index = [f for f in changed_files(project) if f.startswith("pagefind/")]
    from generator.render import zoekbundel

    own = zoekbundel("gemeenten/breda/index.html", 146)
    assert index and all(f.startswith(f"pagefind/{own}/") for f in index)


# --- the site and the caches are checked, not trusted (issue 34) ------------------------------------------


def test_an_edited_truncated_or_deleted_file_of_the_site_is_made_again_and_said(first: Path, cli, first_build: FirstBuild) -> None:
    site, snapshot = first / "build/site", first_build.snapshot / "build/site"
    write(site / "index.html", "<p>overschreven</p>")
    pdf = site / "gemeenten/breda/regiekaart.pdf"
    pdf.write_bytes(pdf.read_bytes()[:1000])
    (site / "gemeenten/breda/index.html").unlink()
    result = cli("build", "--project", first, "-g", "breda")
    assert result.exit_code == 0, result.output
    assert "Opnieuw gemaakt: 3 bestanden van de vorige site waren na de bouw gewijzigd of weggehaald: gemeenten/breda/index.html, gemeenten/breda/regiekaart.pdf en index.html." in result.output, result.output[-400:]
    for rel in ("index.html", "gemeenten/breda/regiekaart.pdf", "gemeenten/breda/index.html"):
        assert (site / rel).read_bytes() == (snapshot / rel).read_bytes(), rel
    # the PDF came from the cache by copy: the site and the cache share no file
    cached = {p.stat().st_ino for p in cache_dir(first).glob("*.pdf")}
    assert not cached & {p.stat().st_ino for p in site.rglob("*.pdf")}
    # and a build after it has nothing to do again
    again = cli("build", "--project", first, "-g", "breda")
    assert "Opnieuw gemaakt" not in again.output and " 0 bestanden nieuw of gewijzigd" in again.output


def test_an_edit_through_the_site_never_reaches_the_cache(first: Path, cli) -> None:
    pdf = first / "build/site/gemeenten/breda/criteriakaart.pdf"
    original = pdf.read_bytes()
    (first / "build/site/gemeenten/breda/criteriakaart.pdf").unlink()
    build(cli, first)
    with pdf.open("r+b") as f:  # edited in place, as a program that opens the PDF would
        f.seek(600)
        f.write(b"GEWIJZIGD")
    assert [p for p in cache_dir(first).glob("*.pdf") if p.read_bytes() == original]  # the cache still has the original


def test_a_damaged_pdf_in_the_cache_is_never_used(first: Path, cli) -> None:
    site_pdf = first / "build/site/gemeenten/breda/regiekaart.pdf"
    (cached,) = [p for p in cache_dir(first).glob("*.pdf") if p.read_bytes() == site_pdf.read_bytes()]
    cached.write_bytes(cached.read_bytes()[:1000])
    site_pdf.unlink()
    made, _, written = build(cli, first)
    assert made == 1 and "gemeenten/breda/regiekaart.pdf" in written  # rendered again (here: a stand-in), not the damaged bytes
    assert len(site_pdf.read_bytes()) != 1000


def test_the_no_change_build_reports_what_the_build_reported(first: Path, cli) -> None:
    edit(first / "gemeenten/breda.yaml", 'versie: "0.2"', 'versie: "0.3"')
    full = cli("build", "--project", first, "-g", "breda").output
    again = cli("build", "--project", first, "-g", "breda").output
    count = re.compile(r"(\d+) pagina's")
    assert count.search(full).group(1) == count.search(again).group(1)


@pytest.mark.parametrize("damage", ["garbled", "empty", "not ours"])
def test_damaged_caches_and_manifest_are_made_anew(first: Path, cli, damage: str) -> None:
    """Whatever is in build/.cache or the manifest: the build goes on (never a traceback,
    never a crash of the interpreter on bytes that marshal or pickle did not write)."""
    cache = first / "build/.cache"
    files = [*cache.glob("jinja/*"), cache / "gemeenten.pickle"]
    assert len(files) > 5
    for i, file in enumerate(files):
        data = bytearray(file.read_bytes())
        if damage == "garbled":
            for j in range(20):
                data[(j * 7919 + i) % len(data)] ^= 0xFF
        file.write_bytes(b"" if damage == "empty" else bytes(data) if damage == "garbled" else b"\x80\x04K\x01." + bytes(data))
    marker = first / "build/site/.regiekaart-site"
    manifest = json.loads(marker.read_text(encoding="utf-8"))
    manifest["warnings"] = [{"x": 1}]
    marker.write_text(json.dumps(manifest), encoding="utf-8")
    edit(first / "gemeenten/breda.yaml", 'versie: "0.2"', 'versie: "0.4"')
    result = cli("build", "--project", first, "-g", "breda")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    # damage is said once (a file cut to nothing, or a plain pickle as an older regiekaart wrote, is only old)
    assert ("gecompileerde sjablonen waren beschadigd" in result.output) == (damage != "empty")
    assert ("build/.cache/gemeenten.pickle:1:1: waarschuwing: de cache van ingelezen gemeenten was beschadigd" in result.output) == (damage == "garbled")
    again = cli("build", "--project", first, "-g", "breda")
    assert again.exit_code == 0 and "[RK611]" not in again.output


def test_serve_keeps_the_pdfs_of_a_gemeente_that_is_away_for_a_moment(first: Path) -> None:
    """`serve` builds with prune=False: a gemeente file moved away and back costs no PDF."""
    from generator.build import BuildSettings, run_build
    from generator.pdf import Pool

    before = sorted(p.name for p in cache_dir(first).glob("*.pdf"))
    away = first.parent / "breda.yaml"
    (first / "gemeenten/breda.yaml").rename(away)
    try:
        with Pool(first / "assets" if (first / "assets").is_dir() else ROOT / "assets", 1, start=False) as pool:
            outcome = run_build(BuildSettings(first, first / "build/site", overflow=True, prune=False), pool)
            assert outcome.result is not None, [p.message for p in outcome.problems]
            assert set(before) <= {p.name for p in cache_dir(first).glob("*.pdf")}  # what Breda needs is all still there
            run_build(BuildSettings(first, first / "build/site", overflow=True, draft=True), pool)  # another input: a build, which prunes
    finally:
        away.rename(first / "gemeenten/breda.yaml")
    assert not set(before) <= {p.name for p in cache_dir(first).glob("*.pdf")}  # a build prunes what it did not use
