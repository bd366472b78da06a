"""Defects of issue 13 found by trying to break the tool, each with the test that failed
before its fix; and a corpus of hostile files that must never give a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import load_project
from generator.cli import main
from generator import publish

from .conftest import MINIMAL_GEMEENTE, write


def run(*args: object):
    """The CLI in this process, with exceptions caught: a traceback is a failure here."""
    return CliRunner().invoke(main, [str(a) for a in args])


def no_traceback(result) -> None:  # noqa: ANN001
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


# --- 5: deep nesting -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "naam: Diep\nwerkafspraken: " + "[" * 500 + "]" * 500 + "\n",  # libyaml composes this; the tree walk would not
        "naam: Diep\nwerkafspraken: " + "[" * 5000 + "]" * 5000 + "\n",  # beyond libyaml: the pure-Python parser
        "naam: Diep\nx:\n" + "".join(" " * i + "a:\n" for i in range(1, 1300)),  # by indentation
        "naam: Diep\nx: " + "{a: " * 800 + "b" + "}" * 800 + "\n",
    ],
)
def test_deep_nesting_is_a_message_with_its_line(project: Path, text: str) -> None:
    """Defect 5: 500 levels of [[[...]]] (a 1 kB file) raised RecursionError in check and build."""
    write(project / "gemeenten/diep.yaml", text)
    for args in (("check", "-g", "diep"), ("build", "--no-pdf", "-g", "diep")):
        result = run(*args, "--project", project)
        no_traceback(result)
        assert result.exit_code == 1
        assert "gemeenten/diep.yaml:" in result.output and "te diep in elkaar genest" in result.output


def test_nesting_within_the_limit_is_fine(project: Path) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE + "werkafspraken: [[[[a]]]]\n")
    problems = [p for p in load_project(project, ["proefstad"]).problems if "genest" in p.message]
    assert problems == []


# --- 6: images from other hosts ----------------------------------------------------------


def test_images_must_be_files_of_the_assets(project: Path) -> None:
    """Defect 6 (and the check side of 2): images from other hosts, or files that do not exist,
    passed `check` and reached the published pages (or crashed the PDF build)."""
    chapter = project / "content/handreiking/borging.md"
    start = chapter.read_text(encoding="utf-8").count("\n") + 1
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\n![kaart](https://example.com/x.png)\n\n![kaart](//host/x.png)\n\n![kaart](ontbreekt.png)\n\n![kaart](assets/favicn.svg)\n\n![](assets/favicon.svg)\n\n![logo](assets/favicon.svg)\n",
        encoding="utf-8",
    )
    regio = project / "content/regios/groningen.yaml"
    regio.write_text(regio.read_text(encoding="utf-8").replace("toelichting: >-\n", "toelichting: >-\n  Zie ![a](http://x.example/a.png)\n", 1), encoding="utf-8")
    loaded = load_project(project)
    found = {(p.pos.path, p.pos.line, p.severity.value): p.message for p in loaded.problems if "afbeelding" in p.message}
    path = "content/handreiking/borging.md"
    assert "andere website" in found[(path, start + 1, "fout")] and "assets/afbeeldingen/x.png" in found[(path, start + 1, "fout")]
    assert "andere website" in found[(path, start + 3, "fout")]
    assert "staat niet in de map assets" in found[(path, start + 5, "fout")]
    assert "bestaat niet" in found[(path, start + 7, "fout")] and "Bedoelde u 'assets/favicon.svg'?" in found[(path, start + 7, "fout")]
    assert "geen omschrijving" in found[(path, start + 9, "waarschuwing")]
    assert not any(line == start + 11 for (_, line, _) in found)  # an image of the assets, with a text: fine
    assert any(p == "content/regios/groningen.yaml" and "andere website" in m for (p, _, _), m in found.items())
    assert not loaded.ok


def test_an_image_of_the_assets_is_shown_on_the_page(project: Path) -> None:
    chapter = project / "content/handreiking/borging.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![Het logo](assets/favicon.svg)\n", encoding="utf-8")
    result = run("build", "--no-pdf", "--project", project)
    assert result.exit_code == 0, result.output
    page = (project / "build/site/handreiking/borging/index.html").read_text(encoding="utf-8")
    assert '<img src="../../assets/favicon.svg" alt="Het logo"' in page
    assert (project / "build/site/assets/favicon.svg").is_file()


# --- 7: output inside the input ------------------------------------------------------------


@pytest.mark.parametrize("out", ["assets/voorbeeld", "gemeenten/x", "content/x", "templates/x", "schema/x", ".", ".."])
def test_output_never_inside_the_input_nor_holding_it(project: Path, out: str) -> None:
    """Defect 7: --out assets/voorbeeld nested the site in itself on every build; gemeenten/x
    and content/x were accepted."""
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    result = run("build", "--no-pdf", "--project", project, "--out", project / out)
    assert result.exit_code == 1 and "--out" in result.output and "bronbestanden" in result.output, result.output
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_publish_zip_never_replaces_another_file(project: Path, tmp_path: Path) -> None:
    """Defect 7: `publish --zip content/regiekaart.yaml` replaced the base card with a zip;
    --zip replaced whatever was at its path."""
    base = (project / "content/regiekaart.yaml").read_bytes()
    for target in ("content/regiekaart.yaml", "content/nieuw.zip"):
        result = run("publish", "--project", project, "--zip", project / target)
        assert result.exit_code == 1 and "--zip" in result.output, result.output
    assert (project / "content/regiekaart.yaml").read_bytes() == base and not (project / "content/nieuw.zip").exists()
    assert not (project / "build/publiceren").exists()  # refused before the build, not after
    anders = write(tmp_path / "anders.zip", b"iemands eigen bestand")
    assert "overschrijft het niet" in publish.zip_target_problem(anders)
    (tmp_path / "map.zip").mkdir()
    assert "overschrijft het niet" in publish.zip_target_problem(tmp_path / "map.zip")  # a folder
    assert publish.zip_target_problem(Path("/dev/null")) != ""
    with zipfile.ZipFile(tmp_path / "vreemd.zip", "w") as zf:  # a zip, but not one of ours
        zf.writestr("a", "b")
    assert "overschrijft het niet" in publish.zip_target_problem(tmp_path / "vreemd.zip")
    link = tmp_path / "link.zip"
    link.symlink_to(tmp_path / "vreemd.zip")
    assert "overschrijft het niet" in publish.zip_target_problem(link)
    # one of its own zips it does replace, and the new one is marked again
    page = write(tmp_path / "site/index.html", "<p>x</p>")
    import datetime as dt

    publish.write_zip(tmp_path / "eigen.zip", dt.date(2026, 1, 1), [("index.html", page)])
    assert publish.zip_target_problem(tmp_path / "eigen.zip") == ""
    publish.write_zip(tmp_path / "eigen.zip", dt.date(2026, 1, 2), [("index.html", page)])
    with zipfile.ZipFile(tmp_path / "eigen.zip") as zf:
        assert zf.comment == publish.ZIP_MARK and "index.html" in zf.namelist()
    assert (tmp_path / "eigen.zip").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_scratch_folders_beside_the_site_are_removed_only_when_ours(project: Path) -> None:
    """Defect 7: an existing .<out>.oud or .<out>.nieuw folder was deleted without a check
    that it was the tool's own."""
    out = project / "uit" / "site"
    vreemd = write(project / "uit" / ".site.nieuw" / "belangrijk.docx", b"werk van iemand")
    result = run("build", "--no-pdf", "--project", project, "--out", out)
    assert result.exit_code == 1 and ".site.nieuw" in result.output
    assert vreemd.read_bytes() == b"werk van iemand" and not out.exists()
    vreemd.unlink()
    write(project / "uit" / ".site.oud" / ".regiekaart-site", "x")  # left by a stopped build: ours
    result = run("build", "--no-pdf", "--project", project, "--out", out)
    assert result.exit_code == 0, result.output
    assert not (project / "uit" / ".site.oud").exists() and not (project / "uit" / ".site.nieuw").exists()
    assert (out / "index.html").is_file()


# --- 8: new with unusual names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("naam", "tekst"),
    [
        ("a" * 300, "hoogstens 80 tekens"),
        ("Evil\nstatus: vastgesteld", "op één regel"),
        ("Tab\there", "op één regel"),
        ("con", "Windows"),
        ("NUL", "Windows"),
        ("Com1", "Windows"),
        ("lpt9", "Windows"),
    ],
)
def test_new_refuses_names_that_do_not_fit(project: Path, naam: str, tekst: str) -> None:
    """Defect 8: a 300-character name gave a traceback; a newline in the name injected keys;
    names reserved on Windows made files that cannot exist there."""
    before = sorted(p.name for p in (project / "gemeenten").iterdir())
    result = run("new", "--project", project, naam)
    no_traceback(result)
    assert result.exit_code == 2 and tekst in result.output, result.output
    assert sorted(p.name for p in (project / "gemeenten").iterdir()) == before


def test_new_quotes_the_name_in_value_and_comment(project: Path) -> None:
    naam = "'s-Gravenstad #Noord: \"oud\""
    result = run("new", "--project", project, naam)
    assert result.exit_code == 0, result.output
    file = next((project / "gemeenten").glob("s-gravenstad*.yaml"))
    text = file.read_text(encoding="utf-8")
    assert 'naam: "\'s-Gravenstad #Noord: \\"oud\\""' in text
    assert '# Lokale regiekaart de-escaleren — "\'s-Gravenstad #Noord: \\"oud\\""' in text
    loaded = load_project(project, [file.stem])
    assert loaded.project.gemeenten[0].naam == naam
    assert not any("sleutel" in p.message for p in loaded.problems if p.pos.path.endswith(file.name))
    assert run("new", "--project", project, "x" * 80).exit_code == 0  # 80 is allowed


# --- 9: personal data in the cache ----------------------------------------------------------

PERSOON = ("Persoonsnaam Qwxyzv", "TELEFOON-QWXYZV", "qwxyzv@voorbeeld.invalid")


def test_a_default_build_holds_no_personal_data_anywhere(project: Path) -> None:
    """Defect 9: build/.cache/gemeenten.pickle held the names, phone numbers and e-mail of a
    default build, which promises not even to read them."""
    file = project / "gemeenten/breda.yaml"
    text = file.read_text(encoding="utf-8")
    anchor = "    organisatie: Sociaal wijkteam Breda\n"
    assert anchor in text
    file.write_text(text.replace(anchor, anchor + f"    naam: {PERSOON[0]}\n    telefoon: {PERSOON[1]}\n    email: {PERSOON[2]}\n", 1), encoding="utf-8")
    result = run("build", "--no-pdf", "--project", project)
    assert result.exit_code == 0, result.output
    files = [p for p in (project / "build").rglob("*") if p.is_file()]
    assert any(p.name == "gemeenten.pickle" for p in files) and len(files) > 100
    for p in files:
        data = p.read_bytes()
        assert not any(x.encode() in data for x in PERSOON), p
    # the closed intranet's build does read them (and keeps them in build/intern and its own cache)
    assert run("build", "--no-pdf", "--intern", "--project", project).exit_code == 0
    assert PERSOON[1] in (project / "build/intern/gemeenten/breda/index.html").read_text(encoding="utf-8")
    assert not any(PERSOON[1].encode() in p.read_bytes() for p in (project / "build/site").rglob("*") if p.is_file())


# --- 10: symlinks outside the project -------------------------------------------------------


def test_symlinks_out_of_the_project_are_errors_and_never_read(project: Path, tmp_path: Path) -> None:
    """Defect 10: symlinked gemeente files, chapters or assets pointing outside the project
    were followed and published; assets/x -> /etc/passwd copied that file into the site."""
    geheim = write(tmp_path / "buiten" / "geheim.txt", "GEHEIM-BUITEN-HET-PROJECT")
    gemeente = write(tmp_path / "buiten" / "buiten.yaml", MINIMAL_GEMEENTE.replace("Proefstad", "Buitenstad"))
    hoofdstuk = write(tmp_path / "buiten" / "extra.md", "---\ntitle: Extra\norder: 99\n---\nGEHEIM-HOOFDSTUK\n")
    (project / "assets/x").symlink_to(geheim)
    (project / "gemeenten/buiten.yaml").symlink_to(gemeente)
    (project / "content/handreiking/extra.md").symlink_to(hoofdstuk)
    (project / "templates/buiten").symlink_to(tmp_path / "buiten", target_is_directory=True)
    (project / "assets/binnen.svg").symlink_to(project / "assets/favicon.svg")  # inside: fine
    loaded = load_project(project)
    links = {p.pos.path for p in loaded.problems if "symbolische link" in p.message and p.is_error}
    assert links == {"assets/x", "gemeenten/buiten.yaml", "content/handreiking/extra.md", "templates/buiten"}
    assert "Buitenstad" not in {g.naam for g in loaded.project.gemeenten}
    assert "extra" not in {h.slug for h in loaded.project.hoofdstukken}
    result = run("build", "--no-pdf", "--project", project)
    assert result.exit_code == 1 and not (project / "build/site").exists()
    (project / "assets/x").unlink()
    (project / "gemeenten/buiten.yaml").unlink()
    (project / "content/handreiking/extra.md").unlink()
    (project / "templates/buiten").unlink()
    assert run("build", "--no-pdf", "--project", project).exit_code == 0
    assert (project / "build/site/assets/binnen.svg").is_file()


# --- every content error a message: a corpus of hostile files ----------------------------------

HOSTILE_GEMEENTEN: dict[str, bytes] = {
    "utf16": "naam: Utf\n".encode("utf-16"),
    "nul": b"naam: N\x00ul\n",
    "bom-only": b"\xef\xbb\xbf",
    "binary": bytes(range(256)) * 8,
    "too-big": b"naam: Groot\ntoelichting: " + b"x" * 1_100_000 + b"\n",
    "alias": b"a: &a [x, x]\nb: &b [*a, *a]\nnaam: *b\n",
    "python-tag": b"naam: !!python/object:os.system echo\n",
    "list-top": b"- naam: Lijst\n",
    "scalar-top": b"gewoon tekst\n",
    "key-list": b"? [a, b]\n: c\nnaam: K\n",
    "fasen-getal": b"naam: F\nfasen: 7\n",
    "fase-5": b"naam: F\nfasen:\n  5:\n    casusregie: x\n  nul: {}\n",
    "cel-lijst": b"naam: C\nfasen:\n  2:\n    casusregie: [a, b]\n    procesregie: {a: b}\n",
    "naam-lijst": b"naam: [a]\n",
    "naam-leeg": b"naam:\n",
    "datums": b"naam: D\nbijgewerkt: 2026-02-30\nvastgesteld: gisteren\nherzien_voor: 99999-01-01\n",
    "groot-getal": b"naam: G\nversie: 99999999999999999999999999999999\n",
    "wie": b"naam: W\nwie_is_wie:\n  - op_de_kaart: {5: [x], 2: casusregie}\n  - 7\n  - rol: [x]\n",
    "tafels": b"naam: T\nopschaaltafels:\n  '': {}\n  X Y: 3\n  ok: {fasen: [9]}\n",
    "criteria": b"naam: C\nfasen:\n  2:\n    opschalen: {toevoegen: 5, weg: [a]}\n    afschalen: [[a]]\n",
    "regio": b"naam: R\nregio: ../../etc\n",
    "papier": b"naam: P\npapierformaat: A0\n",
    "wijzigingen": b"naam: W\nwijzigingen: [{versie: 1}, x, {datum: nee}]\n",
    "unicode": "naam: \u202eRTL \U0001f600 \u0000\n".encode("utf-8", "surrogatepass"),
    "jinja": b"naam: '{{ 7*7 }} {% raw %}'\ntoelichting: \"</script><script>alert(1)</script> {{ site }}\"\n",
    "diep-markdown": b"naam: M\ntoelichting: '" + b"> " * 3000 + b"x'\n",
    "crlf": b"naam: Crlf\r\nfasen:\r\n\t1: {}\r\n",
}

HOSTILE_CHAPTERS: dict[str, bytes] = {
    "geen-front": b"Alleen tekst\n",
    "front-lijst": b"---\n- a\n---\nx\n",
    "front-diep": b"---\ntitle: " + b"[" * 3000 + b"]" * 3000 + b"\norder: 50\n---\nx\n",
    "order-tekst": b"---\ntitle: T\norder: tien\n---\nx\n",
    "order-groot": b"---\ntitle: T\norder: 99999999999999999999999\n---\nx\n",
    "title-null": b"---\ntitle:\norder: 51\n---\nx\n",
    "diepe-lijst": b"---\ntitle: Lijst\norder: 52\n---\n" + b"".join(b"  " * i + b"- x\n" for i in range(2000)),
    "diepe-quote": b"---\ntitle: Quote\norder: 53\n---\n" + b">" * 20000 + b" x\n",
    "links": b"---\ntitle: Links\norder: 54\n---\n[a](javascript:alert(1)) [b](<java\nscript:x>) ![c](data:image/png;base64,AAAA) [d](niet-er.md#x)\n",
}


def test_hostile_files_never_give_a_traceback(project: Path) -> None:
    """Every content error is a message with file and line, never a traceback: check and
    build over a corpus of hostile gemeente files and chapters at once."""
    for name, data in HOSTILE_GEMEENTEN.items():
        write(project / "gemeenten" / f"{name}.yaml", data)
    for name, data in HOSTILE_CHAPTERS.items():
        write(project / "content/handreiking" / f"{name}.md", data)
    write(project / "gemeenten" / "Rare Naam!.yaml", b"naam: Raar\n")
    for args in (("check",), ("build", "--no-pdf"), ("check", "--strict", "-g", "diep-markdown")):
        result = run(*args, "--project", project)
        no_traceback(result)
        assert result.exit_code == 1, result.output
    output = run("check", "--project", project).output
    for name in [*HOSTILE_GEMEENTEN, *(n for n in HOSTILE_CHAPTERS if n not in ("diepe-lijst", "diepe-quote"))]:
        assert name in output, f"{name} not reported"
    assert not (project / "build/site").exists()


def test_hostile_but_valid_content_builds(project: Path) -> None:
    """Valid content that is odd (deep Markdown, script-like text, emoji, right-to-left marks)
    builds, and shows up as text."""
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("naam: Proefstad", "naam: \"Proefstad \U0001f600\"") + 'toelichting: "\u202erechts naar links </script><script>alert(1)</script> {{ site }} ' + "> " * 50 + 'x"\n')
    write(project / "content/handreiking/diep.md", b"---\ntitle: Diep\norder: 60\n---\n" + b">" * 5000 + b" x\n\n" + b"".join(b"  " * i + b"- x\n" for i in range(300)))
    result = run("build", "--no-pdf", "-g", "proefstad", "--project", project)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    page = (project / "build/site/gemeenten/proefstad/index.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page and "<script>alert" not in page
    assert (project / "build/site/handreiking/diep/index.html").is_file()


def test_a_build_stopped_during_the_swap_keeps_the_previous_site(project: Path) -> None:
    """Found while fixing defect 4: a signal between renaming the site away (.site.oud) and
    putting the new one in place left no site, and the next build deleted the old one."""
    out = project / "build" / "site"
    assert run("build", "--no-pdf", "-g", "zundert", "--project", project).exit_code == 0
    index = (out / "index.html").read_bytes()
    out.rename(out.parent / ".site.oud")  # as a build stopped right after the first rename
    result = run("build", "--no-pdf", "-g", "zundert", "--project", project)
    assert result.exit_code == 0, result.output
    assert "0 gemaakt" in result.output or "(0 gemaakt" in result.output  # the site was back: nothing to make
    assert (out / "index.html").read_bytes() == index and not (out.parent / ".site.oud").exists()
