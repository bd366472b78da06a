"""The checks, run through the whole load pipeline on a copy of the real project."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_project

from .conftest import MINIMAL_GEMEENTE, VOORBEELD, write


def problems_in(project: Path, path: str):
    loaded = load_project(project)
    return [p for p in loaded.problems if p.pos.path == path]


def test_shipped_content_is_clean(shipped) -> None:  # noqa: ANN001
    """No errors; the only warnings are that each shipped card is still an example fill."""
    loaded = shipped
    assert loaded.ok
    voorbeelden = [g for g in loaded.project.gemeenten if g.status == "voorbeeld"]
    assert sorted(p.pos.path for p in loaded.problems) == sorted(g.path for g in voorbeelden)
    assert all(not p.is_error and VOORBEELD in p.message for p in loaded.problems)
    assert len(loaded.project.gemeenten) == 20
    assert {r.slug: len(loaded.project.gemeenten_van(r)) for r in loaded.project.regios} == {"groningen": 4, "west-brabant": 16}
    assert len(loaded.project.hoofdstukken) >= 9


def test_minimal_gemeente_is_complete(project: Path) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE)
    assert problems_in(project, "gemeenten/proefstad.yaml") == []


@pytest.mark.parametrize(
    ("old", "new", "line", "text"),
    [
        ("    casusregie: Sociaal team Proefstad\n    procesregie: Casusoverleg", "    procesregie: Casusoverleg", 6, "'casusregie' (Casusregie) ontbreekt"),
        ("    procesregie: Casusoverleg Proefstad", '    procesregie: ""', 8, "is leeg"),
        ("    procesregie: Casusoverleg Proefstad", '    procesregie: "   "', 8, "is leeg"),
        ("    procesregie: Casusoverleg Proefstad", "    procesregie:", 8, "is leeg"),
        ("    procesregie: Casusoverleg Proefstad", "    procesregie: TODO", 8, "plaatshouder 'TODO'"),
        ("    procesregie: Casusoverleg Proefstad", "    procesregie: '?'", 8, "plaatshouder '?'"),
        ("    procesregie: Casusoverleg Proefstad", "    procesregie: ...", 8, "plaatshouder '...'"),
        ("    procesregie: Casusoverleg Proefstad", "    procesregie: n.t.b.", 8, "plaatshouder 'n.t.b.'"),
        ("    procesregie: Casusoverleg Proefstad", "    procesregie: Wijkteam (TODO navragen)", 8, "plaatshouder"),
    ],
)
def test_completeness(project: Path, old: str, new: str, line: int, text: str) -> None:
    assert old in MINIMAL_GEMEENTE
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace(old, new))
    found = problems_in(project, "gemeenten/proefstad.yaml")
    assert len(found) == 1, [p.format() for p in found]
    assert found[0].pos.line == line and text in found[0].message and found[0].is_error
    assert "niet van toepassing" in found[0].message  # the message names the fix


def test_whole_fase_missing_points_at_fasen(project: Path) -> None:
    text = MINIMAL_GEMEENTE.split("  4:\n")[0]
    write(project / "gemeenten/proefstad.yaml", text)
    found = problems_in(project, "gemeenten/proefstad.yaml")
    assert {p.pos.line for p in found} == {3} and len(found) == 4  # the `fasen:` line, 4 open fields of fase 4


def test_niet_van_toepassing_counts_as_filled(project: Path) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("Crisisdienst ggz", "niet van toepassing"))
    assert problems_in(project, "gemeenten/proefstad.yaml") == []


def test_value_equal_to_base_is_a_warning(project: Path) -> None:
    text = MINIMAL_GEMEENTE + "    bestuurlijk_verantwoordelijk: Burgemeester (openbare orde en veiligheid)\n"
    write(project / "gemeenten/proefstad.yaml", text)
    (p,) = problems_in(project, "gemeenten/proefstad.yaml")
    assert not p.is_error and "gelijk aan wat de universele regiekaart zegt" in p.message


def test_two_files_for_one_gemeente(project: Path) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE)
    write(project / "gemeenten/proefstad-oud.yaml", MINIMAL_GEMEENTE)
    write(project / "gemeenten/Proefstad.yml", MINIMAL_GEMEENTE)
    loaded = load_project(project)
    messages = [p.format() for p in loaded.problems]
    assert any(m.startswith("gemeenten/proefstad.yaml:1:7: fout: gemeente 'Proefstad' staat ook in") for m in messages), messages
    assert any(m.startswith("gemeenten/proefstad.yaml:1:1: fout: gemeente 'proefstad' heeft ook het bestand gemeenten/Proefstad.yml") for m in messages), messages
    assert any("hernoem het bestand naar 'proefstad.yml'" in m for m in messages)


def test_criterion_in_impossible_direction(project: Path) -> None:
    text = MINIMAL_GEMEENTE + "    opschalen:\n      toevoegen:\n        - Nog hoger.\n"
    write(project / "gemeenten/proefstad.yaml", text)
    (p,) = problems_in(project, "gemeenten/proefstad.yaml")
    assert p.pos.line == 22 and "hoogste fase" in p.message


def test_vastgesteld_needs_a_date(project: Path) -> None:
    write(project / "gemeenten/proefstad.yaml", MINIMAL_GEMEENTE.replace("status: concept", "status: vastgesteld"))
    found = problems_in(project, "gemeenten/proefstad.yaml")
    (error,) = [p for p in found if p.is_error]
    (warning,) = [p for p in found if not p.is_error]
    assert error.is_error and error.pos.line == 2 and "vastgesteld: JJJJ-MM-DD" in error.message
    assert not warning.is_error and "geen herzieningsdatum" in warning.message


def test_handreiking_checks(project: Path) -> None:
    write(project / "content/handreiking/extra.md", "---\ntitle: Extra\norder: 1\n---\n\nZie [dit](soorten-regi.md) en [dat](javascript:alert) en [die](data:text/html,x).\n\n<script>x</script>\n")
    found = problems_in(project, "content/handreiking/extra.md")
    messages = sorted(p.format() for p in found)
    assert any(":3:8: fout: 'volgorde: 1' komt ook voor in" in m for m in messages), messages  # at the value of 'order'
    assert any(":6:1: fout: link naar 'soorten-regi.md'" in m and "Bedoelde u 'soorten-regie.md'?" in m for m in messages), messages
    assert any(":6:1: fout: link 'javascript:alert' is niet toegestaan" in m for m in messages), messages
    assert any(":6:1: fout: link 'data:text/html,x' is niet toegestaan" in m for m in messages), messages
    assert any(":8:1: waarschuwing: HTML wordt niet uitgevoerd" in m for m in messages), messages


# --- one name rule for new, import and check ------------------------------------------------

# Names that `new` refuses, and so check and import too: invisible characters (bidi controls
# that show the name reversed, a newline that makes a second line, a line separator, ESC),
# names that Windows cannot give a file or folder, and a Cyrillic 'е' among Latin letters.
ONGESCHIKTE_NAMEN = ["Bre\u202eda", "Breda\u2066", "Bre\u200eda", "Breda\nstatus: vastgesteld", "Bre\u2028da", "Bre\x1bda", "CON", "Aux", "lpt1", "Br\u0435da"]


def test_check_refuses_the_names_that_new_refuses(tmp_path: Path) -> None:
    import json

    from generator import codes
    from generator.check import naam_probleem

    from .conftest import small_project

    project = small_project(tmp_path / "project")
    breda = (project / "gemeenten/breda.yaml").read_text(encoding="utf-8")
    for i, naam in enumerate(ONGESCHIKTE_NAMEN):
        write(project / f"gemeenten/naam-{i}.yaml", breda.replace("naam: Breda\n", f"naam: {json.dumps(naam)}\n", 1))
    regel = breda.splitlines().index("naam: Breda") + 1
    loaded = load_project(project)
    for i, naam in enumerate(ONGESCHIKTE_NAMEN):
        found = [p for p in loaded.problems if p.pos.path == f"gemeenten/naam-{i}.yaml" and p.is_error]
        assert [(p.code, p.message, p.pos.line) for p in found] == [(codes.NAAM_ONGESCHIKT, naam_probleem(naam), regel)], naam
    assert not [p for p in loaded.problems if p.pos.path == "gemeenten/breda.yaml" and p.is_error]
    assert naam_probleem("'s-Hertogenbosch") == naam_probleem("Súdwest-Fryslân") == naam_probleem("Bergen (NH) 2 😀") == ""


def test_file_names_that_windows_refuses(tmp_path: Path) -> None:
    from .conftest import small_project

    project = small_project(tmp_path / "project")
    breda = (project / "gemeenten/breda.yaml").read_text(encoding="utf-8")
    write(project / "gemeenten/con.yaml", breda.replace("naam: Breda", "naam: Conberg"))
    write(project / "gemeenten/lpt9.yml", breda.replace("naam: Breda", "naam: Lptstad"))
    write(project / "content/handreiking/nul.md", "---\ntitel: Nul\nvolgorde: 70\n---\n\nTekst.\n")
    loaded = load_project(project)
    for path in ("gemeenten/con.yaml", "gemeenten/lpt9.yml", "content/handreiking/nul.md"):
        assert [p.code for p in loaded.problems if p.pos.path == path and p.is_error] == ["RK213"], path
        assert "kan Windows niet gebruiken" in next(p.message for p in loaded.problems if p.pos.path == path)
