"""The command line: every bad-input category gives path:line:col, exit 1, no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import MINIMAL_GEMEENTE, VOORBEELD, bevestig, write

DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (fout|waarschuwing): .+$")


def test_check_clean_on_shipped_content(cli, project: Path) -> None:
    result = cli("check", "--project", project)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("20 waarschuwingen in ")  # one per example card, nothing else
    assert lines[0].startswith("waarschuwing: 20 kaarten zijn nog een voorbeeldinvulling: ")  # folded into one line
    every = cli("check", "--project", project, "--alle-meldingen").output.splitlines()
    assert sum(bool(DIAGNOSTIC.match(line)) and VOORBEELD in line for line in every) == 20 and every[-1] == lines[-1]
    result = cli("check", "--project", bevestig(project))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("Geen problemen gevonden in ")


def test_help_is_dutch(cli) -> None:
    for args in ([], ["check"], ["build"]):
        result = cli(*args, "--help")
        assert result.exit_code == 0
        assert "Gebruik:" in result.output and "Opties:" in result.output and "Toon deze hulp en stop." in result.output
        assert "Usage" not in result.output and "Show this" not in result.output
    assert "Controleer de universele kaart" in cli("check", "--help").output
    assert "--draft" in cli("build", "--help").output


BAD_INPUT = [
    # (category, file, content, expected "line:col", words in the message)
    ("yaml-syntax", "gemeenten/proefstad.yaml", "naam: Proefstad\nfasen:\n  2:\n    casusregie: A\n   procesregie: B\n", "5:4", "springt verkeerd in"),
    ("colon-in-value", "gemeenten/proefstad.yaml", "naam: Proefstad\ntoelichting: let op: dit\n", "2:20", "aanhalingstekens"),
    ("tab", "gemeenten/proefstad.yaml", "naam: Proefstad\nfasen:\n\t2:\n", "3:1", "tab"),
    ("duplicate-key", "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE + "naam: Andere\n", "20:1", "tweede keer"),
    ("unknown-key", "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("    behandelregie:", "    behandelrege:"), "17:5", "Bedoelde u 'behandelregie'?"),
    ("wrong-type", "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("casusregie: Gemeentelijk crisisteam", "casusregie:\n      - Crisisteam"), "17:7", "hoort een tekst"),
    ("fase-key", "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("  4:\n", "  5:\n"), "15:3", "de fasen heten 1, 2, 3 en 4"),
    ("missing-field", "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("    behandelregie: Crisisdienst ggz\n", ""), "15:3", "'behandelregie' (Behandelregie) ontbreekt"),
    ("placeholder", "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("Crisisdienst ggz", "TODO"), "17:20", "plaatshouder 'TODO'"),
    ("not-utf8", "gemeenten/proefstad.yaml", "naam: Proefstad\ntoelichting: Caf\xe9\n".encode("latin-1"), "2:17", "UTF-8"),
    ("empty", "gemeenten/proefstad.yaml", "", "1:1", "leeg"),
    ("not-a-mapping", "gemeenten/proefstad.yaml", "- Proefstad\n", "1:1", "sleutels met waarden"),
    ("alias-bomb", "gemeenten/proefstad.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "2:8", "aliassen"),
    ("two-files", "gemeenten/breda-2.yaml", "naam: Breda\n", "1:7", "staat ook in gemeenten/breda.yaml"),
    ("bad-file-name", "gemeenten/Nieuw Dorp.yaml", MINIMAL_GEMEENTE, "1:1", "hernoem het bestand naar 'nieuw-dorp.yaml'"),
    ("base-broken", "content/regiekaart.yaml", "titel: X\nfasen: [1, 2]\n", "2:8", "blok met de fasen"),
    ("front-matter", "content/handreiking/extra.md", "---\ntitle: Extra\nordr: 12\n---\nTekst.\n", "3:1", "Bedoelde u 'volgorde'?"),
]


@pytest.mark.small_project  # each mistake is in one file: the other gemeenten and chapters are not the point
@pytest.mark.parametrize(("category", "rel", "content", "where", "words"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input(cli, project: Path, category: str, rel: str, content, where: str, words: str) -> None:
    write(project / rel, content)
    for command in ("check", "build"):
        result = cli(command, "--project", project)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        lines = [line for line in result.output.splitlines() if DIAGNOSTIC.match(line)]
        hit = [line for line in lines if line.startswith(f"{rel}:{where}: fout: ") and words in line]
        assert hit, f"{category}: no '{rel}:{where}' with '{words}' in:\n{result.output}"
    assert not (project / "build" / "site").exists()


def test_all_problems_reported_at_once(cli, project: Path) -> None:
    write(project / "gemeenten/een.yaml", "naam: Een\nstatuss: concept\n")
    write(project / "gemeenten/twee.yaml", "naam: Twee\nfasen:\n  9: {}\n")
    result = cli("check", "--project", project)
    assert result.exit_code == 1
    paths = {line.split(":")[0] for line in result.output.splitlines() if DIAGNOSTIC.match(line) and VOORBEELD not in line}
    assert paths == {"gemeenten/een.yaml", "gemeenten/twee.yaml"}
    assert re.search(r"^\d+ fouten en 20 waarschuwingen in \d+ bestanden\.$", result.output.splitlines()[-1])


def test_warnings_do_not_fail_unless_strict(cli, project: Path) -> None:
    bevestig(project)
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE + "    bestuurlijk_verantwoordelijk: Burgemeester (openbare orde en veiligheid)\n")
    result = cli("check", "--project", project)
    assert result.exit_code == 0 and "1 waarschuwing in" in result.output
    assert cli("check", "--strict", "--project", project).exit_code == 1


def test_check_single_gemeente_and_unknown_one(cli, project: Path) -> None:
    assert cli("check", "--project", project, "--gemeente", "breda").exit_code == 0
    result = cli("check", "--project", project, "--gemeente", "bredaa")
    assert result.exit_code == 1 and "Bedoelde u 'breda'?" in result.output


def test_missing_project(cli, tmp_path: Path) -> None:
    result = cli("check", "--project", tmp_path / "bestaat-niet")
    assert result.exit_code == 2 and "bestaat niet" in result.output
    result = cli("check", "--project", tmp_path)
    assert result.exit_code == 1 and "content/regiekaart.yaml:1:1: fout: de universele regiekaart ontbreekt" in result.output
