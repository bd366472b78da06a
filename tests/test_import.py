"""`regiekaart import`: a file from the invulformulier is checked at its own lines, shown as
a diff, and put in place only when it passes and the coordinator says yes; on any
problem, nothing in the project changes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.build import load_project

from .conftest import small_project, write

BREDA = "gemeenten/breda.yaml"


@pytest.fixture
def kopie(tmp_path: Path) -> Path:
    """A small project (Breda and Zundert) and a folder for downloads beside it."""
    (tmp_path / "Downloads").mkdir()
    return small_project(tmp_path / "project", gemeenten=("breda", "zundert"))


def gedownload(kopie: Path, name: str, text: str | bytes) -> Path:
    return write(kopie.parent / "Downloads" / name, text)


def gewijzigd(kopie: Path) -> str:
    """Breda's file with its fase-2 casusregie changed, as the form would write it."""
    text = (kopie / BREDA).read_text(encoding="utf-8")
    old = "    casusregie: Casusregisseur van het Sociaal wijkteam in de wijk\n"
    assert old in text
    return text.replace(old, '    casusregie: "Wijkteam Noord: \\"de Hoek\\" # niet \'s nachts <script>"\n')


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "gemeenten").iterdir())}


def test_a_changed_file_is_shown_as_a_diff_and_put_in_place_after_yes(cli, kopie: Path) -> None:
    file = gedownload(kopie, "breda.yaml", gewijzigd(kopie))
    result = cli("import", "--project", kopie, file, input="j\n")
    assert result.exit_code == 0, result.output
    assert "-    casusregie: Casusregisseur van het Sociaal wijkteam in de wijk" in result.output
    assert "+    casusregie: \"Wijkteam Noord" in result.output
    assert "gemeenten/breda.yaml vervangen? [j/N]" in result.output
    assert (kopie / BREDA).read_bytes() == file.read_bytes()  # byte for byte what she downloaded
    breda = next(g for g in load_project(kopie).project.gemeenten if g.slug == "breda")
    cel = next(c for c in breda.kaart.fasen[1].cellen if c.veld == "casusregie")
    assert cel.waarde.value == "Wijkteam Noord: \"de Hoek\" # niet 's nachts <script>"


def test_no_answer_or_no_changes_nothing(cli, kopie: Path) -> None:
    before = snapshot(kopie)
    file = gedownload(kopie, "breda.yaml", gewijzigd(kopie))
    for answer in ("n\n", "\n", ""):  # no, just Enter, no terminal at all
        result = cli("import", "--project", kopie, file, input=answer)
        assert result.exit_code == 0, result.output
        assert "Niet ingelezen: gemeenten/breda.yaml is ongewijzigd." in result.output
    assert snapshot(kopie) == before


def test_ja_replaces_without_asking_and_an_unchanged_file_is_left_alone(cli, kopie: Path) -> None:
    file = gedownload(kopie, "breda (1).yaml", gewijzigd(kopie))  # the browser's name for a second download
    result = cli("import", "--project", kopie, "--ja", file)
    assert result.exit_code == 0, result.output
    assert "vervangen?" not in result.output and "1 bestand ingelezen" in result.output
    assert (kopie / BREDA).read_bytes() == file.read_bytes()
    again = cli("import", "--project", kopie, "--ja", file)
    assert again.exit_code == 0 and "gelijk aan gemeenten/breda.yaml; er is niets te doen" in again.output


@pytest.mark.parametrize(
    ("name", "inhoud", "melding"),
    [
        ("breda.yaml", lambda t: t.replace("casusregie: Casusregisseur van het Sociaal wijkteam in de wijk", 'casusregie: "Casusregisseur'), "breda.yaml:16:17: fout: het aanhalingsteken"),
        ("breda.yaml", lambda t: t.replace("    procesregie: Sociaal wijkteam, via", "    procesregi: Sociaal wijkteam, via"), "breda.yaml:17:5: fout: onbekende sleutel 'procesregi'"),
        ("bredaa.yaml", lambda t: t, "bredaa.yaml:1:1: fout: gemeente 'bredaa' bestaat niet in dit project. Bedoelde u 'breda'?"),
        ("breda.yaml", lambda t: "<!DOCTYPE html>\n<html lang=\"nl\"><title>Invullen</title></html>\n", "breda.yaml:1:1: fout: dit is een webpagina (HTML), geen kaartbestand."),
        ("breda.yaml", lambda t: "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi")), "breda.yaml:1:4: fout: een tekst mag niet met '&' beginnen"),
        ("breda.docx", lambda t: t, "breda.docx:1:1: fout: alleen .yaml-bestanden"),
    ],
    ids=["bad-yaml", "wrong-key", "unknown-gemeente", "markup", "alias-bomb", "not-yaml"],
)
def test_refusals_say_what_and_where_and_change_nothing(cli, kopie: Path, name: str, inhoud, melding: str) -> None:
    before = snapshot(kopie)
    file = gedownload(kopie, name, inhoud((kopie / BREDA).read_text(encoding="utf-8")))
    result = cli("import", "--project", kopie, "--ja", file)
    assert result.exit_code == 1, result.output
    assert melding in result.output.replace(str(file.parent) + "/", "")
    assert "Traceback" not in result.output and "Ingelezen" not in result.output
    assert "1 bestand is niet ingelezen door een fout; daaraan is niets veranderd." in result.output
    assert snapshot(kopie) == before


def test_a_new_gemeente_only_with_nieuw(cli, kopie: Path) -> None:
    text = (kopie / BREDA).read_text(encoding="utf-8").replace("naam: Breda", "naam: Nieuwstad")
    file = gedownload(kopie, "nieuwstad.yaml", text)
    refused = cli("import", "--project", kopie, "--ja", file)
    assert refused.exit_code == 1 and "Is het een nieuwe gemeente, voeg dan --nieuw toe." in refused.output
    assert not (kopie / "gemeenten/nieuwstad.yaml").exists()
    result = cli("import", "--project", kopie, "--ja", "--nieuw", file)
    assert result.exit_code == 0, result.output
    assert "(nieuwe gemeente)" in result.output
    assert (kopie / "gemeenten/nieuwstad.yaml").read_bytes() == file.read_bytes()
    assert cli("check", "--project", kopie, "-g", "nieuwstad").exit_code == 0


def test_a_zip_takes_what_passes_and_names_its_files_at_their_lines(cli, kopie: Path) -> None:
    zundert = (kopie / "gemeenten/zundert.yaml").read_bytes()
    archive = kopie.parent / "Downloads" / "kaarten.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("breda.yaml", gewijzigd(kopie))
        z.writestr("zundert.yaml", zundert.decode("utf-8").replace("naam: Zundert", "naam: [Zundert"))
        z.writestr("lees mij.txt", "uitleg")
        z.writestr("__MACOSX/._breda.yaml", b"\x00\x05")
    result = cli("import", "--project", kopie, "--ja", archive)
    assert result.exit_code == 1, result.output
    assert f"{archive}/zundert.yaml:3:7: fout:" in result.output
    assert "  3 | naam: [Zundert" in result.output  # its own line, from inside the zip
    assert f"{archive}/lees mij.txt:1:1: waarschuwing: overgeslagen" in result.output
    assert (kopie / "gemeenten/zundert.yaml").read_bytes() == zundert
    assert "casusregie: \"Wijkteam Noord" in (kopie / BREDA).read_text(encoding="utf-8")


def test_the_same_gemeente_twice_and_a_missing_file(cli, kopie: Path) -> None:
    before = snapshot(kopie)
    eerste = gedownload(kopie, "breda.yaml", gewijzigd(kopie))
    tweede = gedownload(kopie, "breda (1).yaml", gewijzigd(kopie))
    result = cli("import", "--project", kopie, "--ja", eerste, tweede, kopie.parent / "Downloads" / "zundert.yaml")
    assert result.exit_code == 1
    assert f"{tweede}:1:1: fout: gemeente 'breda' staat ook in {eerste}" in result.output
    assert "zundert.yaml:1:1: fout: dit bestand bestaat niet" in result.output
    assert snapshot(kopie) != before  # the first breda passed: it is in
    assert (kopie / BREDA).read_bytes() == eerste.read_bytes()


def test_names_and_numbers_of_persons_are_never_lost(cli, kopie: Path) -> None:
    """The public form never holds personal data: a file from it must not take away the
    names and numbers that the project's file has (they are only read for --intern)."""
    persoon = "    naam: Voorbeeldnaam\n    telefoon: \"0000\"\n"
    rol = "wie_is_wie:\n  - rol: Wijkagent\n    organisatie: Politie\n"
    assert "wie_is_wie:\n" in gewijzigd(kopie)
    write(kopie / BREDA, (kopie / BREDA).read_text(encoding="utf-8").replace("wie_is_wie:\n", rol + persoon, 1))
    before = snapshot(kopie)
    file = gedownload(kopie, "breda.yaml", gewijzigd(kopie).replace("    naam: Voorbeeldnaam\n    telefoon: \"0000\"\n", ""))
    result = cli("import", "--project", kopie, "--ja", file)
    assert result.exit_code == 1, result.output
    assert "gemeenten/breda.yaml heeft namen of contactgegevens van personen bij 'Wijkagent' (wie_is_wie), en dit bestand niet" in result.output
    assert "[RK706]" in result.output and snapshot(kopie) == before
    # with them (the form of the intranet build), it is taken in
    met = gedownload(kopie, "breda (1).yaml", gewijzigd(kopie))
    assert cli("import", "--project", kopie, "--ja", met).exit_code == 0


# --- the project as it will be ----------------------------------------------------------------


def test_a_name_that_another_gemeente_has_is_refused_and_nothing_changes(cli, kopie: Path) -> None:
    """Defect 6 of issue 34: a file whose naam is another gemeente's was taken in, and then
    every check and build failed on both files (RK214)."""
    before = snapshot(kopie)
    file = gedownload(kopie, "breda.yaml", gewijzigd(kopie).replace("naam: Breda\n", "naam: Zundert\n", 1))
    result = cli("import", "--project", kopie, "--ja", file)
    assert result.exit_code == 1, result.output
    assert f"{file}:3:7: fout: gemeente 'Zundert' staat ook in gemeenten/zundert.yaml" in result.output
    assert f"gemeenten/zundert.yaml:3:7: fout: gemeente 'Zundert' staat ook in {file}" in result.output  # what it would do there
    assert "[RK214]" in result.output and "Ingelezen" not in result.output
    assert snapshot(kopie) == before and cli("check", "--project", kopie).exit_code == 0


def test_new_gemeenten_with_one_name_in_one_zip_are_refused(cli, kopie: Path) -> None:
    """Each passes alone; together they would be one gemeente twice: both are refused, and
    what has nothing to do with them is still taken in."""
    before = snapshot(kopie)
    breda = (kopie / BREDA).read_text(encoding="utf-8")
    archive = kopie.parent / "Downloads" / "kaarten.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("nieuwstad.yaml", breda.replace("naam: Breda", "naam: Nieuwstad"))
        z.writestr("nieuw-stad.yaml", breda.replace("naam: Breda", "naam: NIEUWSTAD"))
        z.writestr("anderstad.yaml", breda.replace("naam: Breda", "naam: Anderstad"))
    result = cli("import", "--project", kopie, "--ja", "--nieuw", archive)
    assert result.exit_code == 1, result.output
    assert f"{archive}/nieuw-stad.yaml:3:7: fout: gemeente 'NIEUWSTAD' staat ook in {archive}/nieuwstad.yaml" in result.output
    assert f"{archive}/nieuwstad.yaml:3:7: fout: gemeente 'Nieuwstad' staat ook in {archive}/nieuw-stad.yaml" in result.output
    assert "2 bestanden zijn niet ingelezen door een fout" in result.output
    assert set(snapshot(kopie)) - set(before) == {"gemeenten/anderstad.yaml"}
    assert cli("check", "--project", kopie).exit_code == 0


def test_a_file_name_or_a_name_that_check_refuses_is_refused(cli, kopie: Path) -> None:
    """The one name rule, and file names that Windows cannot have (defect 12)."""
    from generator.check import naam_probleem
    from generator.rapport import zichtbaar

    before = snapshot(kopie)
    breda = (kopie / BREDA).read_text(encoding="utf-8")
    rlo = gedownload(kopie, "breda.yaml", breda.replace("naam: Breda", 'naam: "Bre\\u202eda"'))
    cyrillisch = gedownload(kopie, "zundert.yaml", (kopie / "gemeenten/zundert.yaml").read_text(encoding="utf-8").replace("naam: Zundert", "naam: Zund\u0435rt"))
    con = gedownload(kopie, "con.yaml", breda.replace("naam: Breda", "naam: Conberg"))
    result = cli("import", "--project", kopie, "--ja", "--nieuw", rlo, cyrillisch, con)
    assert result.exit_code == 1, result.output
    for naam in ("Bre\u202eda", "Zund\u0435rt"):
        assert zichtbaar(naam_probleem(naam)) in result.output
    assert f"{con}:1:1: fout: bestandsnaam 'con.yaml' kan Windows niet gebruiken" in result.output
    assert "3 bestanden zijn niet ingelezen" in result.output and snapshot(kopie) == before


# --- an edit made while import waits ---------------------------------------------------------------


def test_an_edit_made_while_import_waits_for_yes_is_never_overwritten(cli, kopie: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 8: the file was read for the diff and replaced after the 'j', over an edit
    made in between."""
    from generator import cli as cli_module

    file = gedownload(kopie, "breda.yaml", gewijzigd(kopie))
    collega = (kopie / BREDA).read_text(encoding="utf-8").replace("status: voorbeeld", "status: concept")

    def ja_na_een_wijziging(vraag: str) -> bool:
        write(kopie / BREDA, collega)  # a colleague saves the file while the question waits
        return True

    monkeypatch.setattr(cli_module, "_ja", ja_na_een_wijziging)
    result = cli("import", "--project", kopie, file)
    assert result.exit_code == 1, result.output
    assert "gemeenten/breda.yaml:1:1: fout: het bestand is intussen gewijzigd, nadat regiekaart het las; er is niets geschreven" in result.output
    assert "[RK707]" in result.output and "Ingelezen" not in result.output
    assert (kopie / BREDA).read_text(encoding="utf-8") == collega
    assert sorted(p.name for p in (kopie / "gemeenten").iterdir()) == ["breda.yaml", "zundert.yaml"]  # nothing left beside it


def test_a_new_gemeente_made_while_import_waits_is_never_overwritten(kopie: Path) -> None:
    from generator import importeren

    text = (kopie / BREDA).read_text(encoding="utf-8").replace("naam: Breda", "naam: Nieuwstad")
    k = importeren.Kandidaat("nieuwstad.yaml", "nieuwstad", text.encode())
    write(kopie / "gemeenten/nieuwstad.yaml", "naam: Nieuwstad\n")  # `regiekaart new` in another window
    wrong = importeren.schrijf(kopie, k)
    assert wrong is not None and "het bestand is intussen aangemaakt" in wrong.message
    assert (kopie / "gemeenten/nieuwstad.yaml").read_text(encoding="utf-8") == "naam: Nieuwstad\n"
    (kopie / "gemeenten/nieuwstad.yaml").unlink()
    assert importeren.schrijf(kopie, k) is None and (kopie / "gemeenten/nieuwstad.yaml").read_bytes() == k.data
    assert (kopie / "gemeenten/nieuwstad.yaml").stat().st_mode & 0o044 == (kopie / BREDA).stat().st_mode & 0o044  # readable as any file


# --- a zip that unpacks to much ----------------------------------------------------------------------


def test_a_zip_whose_files_together_are_too_big_is_refused_before_unpacking(cli, kopie: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 9: the limits were per file and on the number of files: 1,999 files of 990 kB
    in a zip of 2.2 MB took 2 GB of memory. The sizes in the zip's directory are added up
    before anything is unpacked."""
    from generator import importeren

    monkeypatch.setattr(importeren, "MAX_ZIP_BYTES", 30_000)
    archive = kopie.parent / "Downloads" / "groot.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(20):
            z.writestr(f"gemeente-{i}.yaml", "# " + "x" * 1997 + "\n")  # 2 kB each, 40 kB together
    opened: list[str] = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, info, *a, **kw: opened.append(str(info)) or (_ for _ in ()).throw(AssertionError("unpacked")))
    result = cli("import", "--project", kopie, "--ja", "--nieuw", archive)
    assert result.exit_code == 1, result.output
    assert f"{archive}:1:1: fout: de .yaml-bestanden in de zip zijn uitgepakt samen 40000 bytes, hoogstens 30000;" in result.output
    assert "[RK704]" in result.output and not opened
    assert snapshot(kopie) == {"gemeenten/breda.yaml": (kopie / BREDA).read_bytes(), "gemeenten/zundert.yaml": (kopie / "gemeenten/zundert.yaml").read_bytes()}


# --- the scratch copy in the temp folder ------------------------------------------------------------


def test_scratch_copies_of_a_killed_import_are_removed_and_nothing_else(cli, kopie: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 13: kill -9 during import left its copy of the project in the temp folder,
    about 1 MB each, never removed. The next import removes what is provably an import's
    own (the prefix and a marker) and no longer in use (its process is gone)."""
    import json
    import os
    import socket
    import subprocess
    import sys

    from generator import importeren

    temp = tmp_path / "temp"
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    dood = int(gone.stdout)

    def scratch(name: str, marker: dict | None) -> Path:
        folder = temp / name
        write(folder / "content/regiekaart.yaml", "fasen: {}\n")
        if marker is not None:
            write(folder / importeren.MARKER, json.dumps(marker))
        return folder

    host = socket.gethostname()
    killed = scratch(f"{importeren.PREFIX}killed", {"pid": dood, "start": "1", "host": host})
    reused = scratch(f"{importeren.PREFIX}reused", {"pid": os.getpid(), "start": "1", "host": host})  # the pid is someone else's now
    running = scratch(f"{importeren.PREFIX}running", {"pid": os.getpid(), "start": importeren._starttijd(os.getpid()), "host": host})
    unmarked = scratch(f"{importeren.PREFIX}unmarked", None)
    elsewhere = scratch(f"{importeren.PREFIX}elsewhere", {"pid": dood, "start": "1", "host": host + "-ander"})
    other = scratch("iets-anders", {"pid": dood, "start": "1", "host": host})
    file = gedownload(kopie, "breda.yaml", gewijzigd(kopie))
    assert cli("import", "--project", kopie, "--ja", file).exit_code == 0
    left = sorted(p.name for p in temp.iterdir())
    assert not killed.exists() and (not reused.exists() or not importeren._starttijd(os.getpid()))
    assert running.exists() and unmarked.exists() and elsewhere.exists() and other.exists()
    assert not [name for name in left if name.startswith(importeren.PREFIX) and name not in (running.name, unmarked.name, elsewhere.name)]  # its own is gone too


# --- what reaches the terminal ------------------------------------------------------------------


def test_names_in_a_zip_and_lines_of_the_diff_reach_the_terminal_escaped(cli, kopie: Path) -> None:
    """Defect 7: zip member names and the lines of a file went to the terminal raw."""
    archive = kopie.parent / "Downloads" / "kaarten.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("\x1b]0;titel\x07breda.yaml", "naam: x\n")
        z.writestr("breda.yaml", gewijzigd(kopie).replace("toelichting: ", "toelichting: \u202e", 1) if "toelichting: " in gewijzigd(kopie) else gewijzigd(kopie) + "toelichting: \u202eomgekeerd\n")
    result = cli("import", "--project", kopie, "--ja", archive)
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output, result.output
    assert f"{archive}/\\x1b]0;titel\\x07breda.yaml:1:1: fout:" in result.output
    assert "\\u202e" in result.output and "Ingelezen" in result.output  # the line of the diff
