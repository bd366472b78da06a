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
