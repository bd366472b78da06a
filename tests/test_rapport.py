"""How problems reach a person and a tool (generator/rapport.py, and check, build and
publish in the CLI): errors first, like warnings about many files folded into one line,
the source line with a caret, colour only on a terminal, -g limited to the gemeente's
own layers, JSON Lines and GitHub Actions annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import codes
from generator.cli import main
from generator.codes import CODES, Code
from generator.problems import Pos, error, warning
from generator.rapport import Folded, Snippet, fold, github_lines, json_lines, namen, ordered, tekst, venster

from .conftest import VOORBEELD, write

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEADER = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>fout|waarschuwing): (?P<message>.+?)(  \[(?P<code>RK\d{3})\])?$")
ANNOTATION = re.compile(r"^::(?P<kind>error|warning) file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+)(,title=(?P<title>RK\d{3}))?::(?P<message>[^\r\n]*)$")
JSON_KEYS = {"code", "severity", "path", "line", "column", "message"}


@pytest.fixture
def samen_code(monkeypatch: pytest.MonkeyPatch) -> str:
    """A catalogue entry of the test's own with a ``samen`` template."""
    monkeypatch.setitem(CODES, "RK999", Code("RK999", "Proef", "proef: ja", "Zet proef op nee.", samen="{n} kaarten staan op proef: {namen}"))
    return "RK999"


def _proef(naam: str, code: str = "RK999"):  # noqa: ANN202
    slug = naam.lower()
    return warning(Pos(f"gemeenten/{slug}.yaml", 3, 8), f"de kaart van {naam} staat op proef.", code, naam)


# --- order and folding --------------------------------------------------------------------


def test_errors_come_before_warnings() -> None:
    problems = [warning(Pos("a.yaml", 1), "let op in a"), error(Pos("z.yaml", 9), "fout in z"), warning(Pos("b.yaml", 2), "let op in b"), error(Pos("a.yaml", 5), "fout in a")]
    assert [(p.is_error, p.pos.path) for p in ordered(problems)] == [(True, "a.yaml"), (True, "z.yaml"), (False, "a.yaml"), (False, "b.yaml")]


def test_warnings_of_one_code_about_many_files_are_one_line(samen_code: str) -> None:
    problems = [_proef("Breda"), _proef("Altena"), _proef("Zundert"), warning(Pos("gemeenten/breda.yaml", 9, 1), "iets anders"), error(Pos("gemeenten/zundert.yaml", 4, 2), "een fout")]
    items = fold(problems)
    assert [type(i).__name__ for i in items] == ["Problem", "Problem", "Folded"]  # the error, the other warning, then the fold
    assert items[0].is_error and items[1].message == "iets anders"
    folded = items[2]
    assert isinstance(folded, Folded) and folded.code == samen_code and len(folded.problems) == 3
    assert folded.text == "3 kaarten staan op proef: Altena, Breda en Zundert"
    assert len(fold(problems, alle=True)) == 5  # --alle-meldingen


def test_one_file_or_errors_or_codes_without_a_template_are_not_folded(samen_code: str) -> None:
    one_file = [_proef("Breda"), warning(Pos("gemeenten/breda.yaml", 7, 3), "nog een", samen_code, "Breda")]
    assert not any(isinstance(i, Folded) for i in fold(one_file))
    errors = [error(Pos(f"gemeenten/{n}.yaml", 2), "fout", samen_code, n) for n in ("a", "b", "c")]
    assert len(fold(errors)) == 3
    no_template = [warning(Pos(f"gemeenten/{n}.yaml", 2), "anders", codes.ONBEKENDE_SLEUTEL, n) for n in ("a", "b")]
    assert CODES[codes.ONBEKENDE_SLEUTEL].samen == "" and len(fold(no_template)) == 2


def test_many_names_end_in_how_many_others() -> None:
    assert namen(["A"]) == "A"
    assert namen(["A", "B", "C", "D"]) == "A, B, C en D"
    assert namen([f"G{i}" for i in range(20)]) == "G0, G1, G2 en 17 andere"


# --- the line itself --------------------------------------------------------------------


def test_the_source_line_with_a_caret_under_the_column(tmp_path: Path) -> None:
    write(tmp_path / "gemeenten/breda.yaml", "naam: Breda\nfasen:\n  2:\n    casusregie: \"\"\n")
    problem = error(Pos("gemeenten/breda.yaml", 4, 17), "fase 2: 'casusregie' is leeg.", "RK301")
    lines = tekst([problem], tmp_path)
    assert lines == [
        "gemeenten/breda.yaml:4:17: fout: fase 2: 'casusregie' is leeg.  [RK301]",
        "  4 |     casusregie: \"\"",
        "    |                 ^",
        "",
    ]
    assert lines[2].index("^") == lines[1].index('""')  # the caret stands under the column


def test_no_line_for_a_folder_or_a_file_that_is_not_there(tmp_path: Path) -> None:
    (tmp_path / "gemeenten").mkdir()
    lines = tekst([error(Pos("gemeenten"), "gemeente 'x' bestaat niet."), error(Pos("content/regiekaart.yaml"), "ontbreekt")], tmp_path)
    assert lines == ["gemeenten:1:1: fout: gemeente 'x' bestaat niet.", "content/regiekaart.yaml:1:1: fout: ontbreekt"]


def test_a_long_line_is_cut_around_the_column() -> None:
    text = "x" * 300 + "HIER" + "y" * 300
    cut = venster(Snippet(1, text, 301), 40)
    line, caret = cut.lines()
    assert len(cut.text) == 42 and cut.text.startswith("…") and cut.text.endswith("…")
    assert line[caret.index("^") : caret.index("^") + 4] == "HIER"
    assert venster(Snippet(1, "kort", 2)) == Snippet(1, "kort", 2)


def test_colour_only_when_asked(tmp_path: Path, samen_code: str) -> None:
    write(tmp_path / "a.yaml", "naam: A\n")
    items = fold([error(Pos("a.yaml", 1, 7), "fout", "RK301"), _proef("Breda"), _proef("Altena")])
    plain = tekst(items, tmp_path, kleur=False, hint="Elke melding apart.")
    coloured = tekst(items, tmp_path, kleur=True, hint="Elke melding apart.")
    assert not any(ANSI.search(line) for line in plain)
    assert [ANSI.sub("", line) for line in coloured] == plain
    assert "\x1b[31m" in coloured[0] and "\x1b[33m" in coloured[-3]  # red error, yellow warning
    assert coloured[1].startswith("  \x1b[2m")  # the gutter is dim


# --- for tools ----------------------------------------------------------------------------


def test_json_lines_one_object_per_problem() -> None:
    problems = [warning(Pos("b.yaml", 2, 3), "let op", "RK503", "B"), error(Pos("a.yaml", 4, 5), 'een "fout"\nmet een nieuwe regel', "RK301")]
    objects = [json.loads(line) for line in json_lines(problems)]
    assert objects == [
        {"code": "RK301", "severity": "fout", "path": "a.yaml", "line": 4, "column": 5, "message": 'een "fout"\nmet een nieuwe regel'},
        {"code": "RK503", "severity": "waarschuwing", "path": "b.yaml", "line": 2, "column": 3, "message": "let op"},
    ]


def test_github_annotations_escape_what_github_requires(tmp_path: Path) -> None:
    problems = [error(Pos("gemeenten/a,b.yaml", 4, 5), "100% kapot\r\nregel twee", "RK301"), warning(Pos("b.yaml", 2, 3), "let op: dit")]
    lines = github_lines(problems, tmp_path / "project", cwd=tmp_path)
    assert lines == [
        "::error file=project/gemeenten/a%2Cb.yaml,line=4,col=5,title=RK301::100%25 kapot%0D%0Aregel twee",
        "::warning file=project/b.yaml,line=2,col=3::let op: dit",
    ]
    assert all(ANNOTATION.match(line) for line in lines)


# --- on the command line ------------------------------------------------------------------


def _break_breda(project: Path) -> dict[str, int]:
    """Three mistakes a policy officer makes in her card: an empty field, a typo in a key,
    a placeholder. The line of each."""
    breda = project / "gemeenten/breda.yaml"
    text = breda.read_text(encoding="utf-8")
    text = text.replace("    casusregie: Casusregisseur van het Sociaal wijkteam in de wijk", '    casusregie: ""', 1)
    text = text.replace("    procesregie: Zorg- en Veiligheidshuis De Baronie of de MDA++-tafel", "    procesregei: Zorg- en Veiligheidshuis De Baronie of de MDA++-tafel", 1)
    text = text.replace("    behandelregie: Crisisdienst GGZ Breburg", "    behandelregie: TODO", 1)
    breda.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    return {what: next(i for i, line in enumerate(lines, 1) if line.startswith(what)) for what in ('    casusregie: ""', "    procesregei:", "    behandelregie: TODO")}


def _headers(output: str) -> list[re.Match[str]]:
    return [m for line in output.splitlines() if (m := HEADER.match(line))]


def test_check_folds_the_example_cards_and_lists_them_on_request(cli, project: Path) -> None:
    result = cli("check", "--project", project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "waarschuwing: 20 kaarten zijn nog een voorbeeldinvulling: Alphen-Chaam, Altena, Baarle-Nassau en 17 andere (`regiekaart status` toont ze)  [RK503]"
    assert lines[1] == "  Elke melding apart: voeg --alle-meldingen toe."
    assert re.fullmatch(r"20 waarschuwingen in \d+ bestanden\.", lines[-1])
    every = cli("check", "--project", project, "--alle-meldingen")
    headers = _headers(every.output)
    assert len(headers) == 20 and all(VOORBEELD in m["message"] and m["code"] == "RK503" for m in headers)
    assert len({m["path"] for m in headers}) == 20 and every.output.splitlines()[-1] == lines[-1]


def test_three_mistakes_errors_first_each_with_its_line(cli, project: Path) -> None:
    where = _break_breda(project)
    result = cli("check", "--project", project)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    headers = _headers(result.output)
    severities = [m["severity"] for m in headers]
    assert severities == sorted(severities, key=lambda s: s != "fout") and "waarschuwing" in severities  # errors first
    fouten = {int(m["line"]): m for m in headers if m["severity"] == "fout"}
    assert set(where.values()) <= set(fouten)
    for line in where.values():
        m = fouten[line]
        i = lines.index(m.group(0))
        source = (project / m["path"]).read_text(encoding="utf-8").splitlines()[line - 1]
        assert lines[i + 1] == f"  {line} | {source}"
        assert lines[i + 2].index("^") - lines[i + 1].index("|") - 2 == int(m["col"]) - 1  # the caret under the column
    assert fouten[where["    procesregei:"]]["code"] == "RK201" and "Bedoelde u 'procesregie'?" in fouten[where["    procesregei:"]]["message"]
    assert "20 kaarten zijn nog een voorbeeldinvulling" in result.output  # folded, after her own warnings
    assert lines[-1].startswith(f"{len(fouten)} fouten en ")


def test_gemeente_option_reports_and_counts_only_her_layers(cli, project: Path) -> None:
    where = _break_breda(project)
    write(project / "gemeenten/zundert.yaml", (project / "gemeenten/zundert.yaml").read_text(encoding="utf-8") + "onbekend_veld: x\n")  # someone else's error
    write(project / "content/handreiking/99-extra.md", "---\ntitel: Extra\nvolgorde: 99\n---\n<b>HTML</b>\n")  # a warning outside her layers

    result = cli("check", "--project", project, "-g", "breda")
    assert result.exit_code == 1
    headers = _headers(result.output)
    assert {m["path"] for m in headers} == {"gemeenten/breda.yaml"}
    assert {int(m["line"]) for m in headers if m["severity"] == "fout"} >= set(where.values())
    n_fouten = sum(m["severity"] == "fout" for m in headers)
    n_waarschuwingen = len(headers) - n_fouten
    # her file, her region's, the universal card and the site settings
    assert result.output.splitlines()[-1] == f"{n_fouten} fouten en {n_waarschuwingen} waarschuwingen in 4 bestanden."

    whole = cli("check", "--project", project)
    assert "gemeenten/zundert.yaml" in whole.output and "content/handreiking/99-extra.md" in whole.output

    built = cli("build", "--project", project, "-g", "breda", "--no-pdf")
    assert built.exit_code == 1
    assert {m["path"] for m in _headers(built.output)} == {"gemeenten/breda.yaml"}
    assert f"{n_fouten} fouten en {n_waarschuwingen} waarschuwingen in 4 bestanden." in built.output.splitlines()
    assert built.output.splitlines()[-1] == "Niet gebouwd; de vorige site is ongewijzigd."


def test_gemeente_option_counts_a_warning_in_her_region(cli, project: Path) -> None:
    regio = project / "content/regios/west-brabant.yaml"
    text = regio.read_text(encoding="utf-8")
    write(regio, re.sub(r"^herzien_voor: .*$", "herzien_voor: 2020-01-01", text, count=1, flags=re.M) if "herzien_voor:" in text else text + "herzien_voor: 2020-01-01\n")
    result = cli("check", "--project", project, "-g", "breda")
    assert result.exit_code == 0, result.output
    paths = {m["path"] for m in _headers(result.output)}
    assert paths == {"gemeenten/breda.yaml", "content/regios/west-brabant.yaml"}
    assert result.output.splitlines()[-1] == "2 waarschuwingen in 4 bestanden."
    assert "content/regios/west-brabant.yaml" not in cli("check", "--project", project, "-g", "groningen").output  # not Groningen's region


def test_an_unknown_gemeente_is_still_reported(cli, project: Path) -> None:
    result = cli("check", "--project", project, "-g", "bredaa")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("gemeenten:1:1: fout: gemeente 'bredaa' bestaat niet. Bedoelde u 'breda'?")
    assert result.output.splitlines()[-1] == "1 fout in 2 bestanden."  # the universal card and the site settings


def test_colour_on_a_terminal_never_with_no_color(project: Path) -> None:
    _break_breda(project)
    runner = CliRunner()
    plain = runner.invoke(main, ["check", "--project", str(project)])  # not a terminal
    terminal = runner.invoke(main, ["check", "--project", str(project)], color=True)
    no_color = runner.invoke(main, ["check", "--project", str(project)], color=True, env={"NO_COLOR": "1"})
    assert not ANSI.search(plain.output) and not ANSI.search(no_color.output)
    assert "\x1b[31m" in terminal.output and "\x1b[33m" in terminal.output and "\x1b[2m" in terminal.output
    assert ANSI.sub("", terminal.output) == plain.output == no_color.output
    assert plain.exit_code == terminal.exit_code == no_color.exit_code == 1


def test_check_format_json(project: Path) -> None:
    where = _break_breda(project)
    result = CliRunner().invoke(main, ["check", "--project", str(project), "--format", "json"])
    assert result.exit_code == 1
    objects = [json.loads(line) for line in result.stdout.splitlines()]  # every line of standard output is JSON
    assert objects and all(set(o) == JSON_KEYS for o in objects)
    assert [o["severity"] for o in objects] == sorted((o["severity"] for o in objects), key=lambda s: s != "fout")
    assert {o["line"] for o in objects if o["path"] == "gemeenten/breda.yaml" and o["severity"] == "fout"} >= set(where.values())
    assert sum(o["code"] == "RK503" for o in objects) == 20  # never folded
    assert all(isinstance(o["line"], int) and isinstance(o["column"], int) and re.fullmatch(r"RK\d{3}", o["code"]) for o in objects)
    n_fouten = sum(o["severity"] == "fout" for o in objects)
    assert result.stderr.splitlines()[-1].startswith(f"{n_fouten} fouten en {len(objects) - n_fouten} waarschuwingen in ")


def test_check_format_github(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    where = _break_breda(project)
    monkeypatch.chdir(project.parent)  # as in a workflow: the job runs at the repository's root
    result = CliRunner().invoke(main, ["check", "--project", project.name, "--format", "github"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    annotations = [ANNOTATION.match(line) for line in lines[:-1]]
    assert all(annotations), lines
    assert {int(a["line"]) for a in annotations if a["kind"] == "error" and a["file"] == "project/gemeenten/breda.yaml"} >= set(where.values())
    assert sum(a["kind"] == "warning" and a["title"] == "RK503" for a in annotations) == 20
    kinds = [a["kind"] for a in annotations]
    assert kinds == sorted(kinds, key=lambda k: k != "error")
    assert all((project.parent / a["file"]).is_file() for a in annotations)
    n_fouten = kinds.count("error")
    assert re.fullmatch(rf"{n_fouten} fouten en {len(kinds) - n_fouten} waarschuwingen in \d+ bestanden\.", lines[-1])  # the summary stays last


def test_check_format_gitlab(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitLab's code quality report: a JSON array alone on standard output, each problem
    at its file (from the repository's root) and line, with a fingerprint of its own."""
    where = _break_breda(project)
    monkeypatch.chdir(project.parent)
    result = CliRunner().invoke(main, ["check", "--project", project.name, "--format", "gitlab"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert {r["location"]["lines"]["begin"] for r in report if r["severity"] == "major" and r["location"]["path"] == "project/gemeenten/breda.yaml"} >= set(where.values())
    assert sum(r["check_name"] == "RK503" and r["severity"] == "minor" for r in report) == 20
    assert len({r["fingerprint"] for r in report}) == len(report)
    assert all((project.parent / r["location"]["path"]).is_file() and r["description"].startswith(r["check_name"]) for r in report)
    assert "fouten en" in result.stderr


def test_strict_and_exit_codes_in_every_format(cli, project: Path) -> None:
    for formaat in ("tekst", "json", "github", "gitlab"):
        assert cli("check", "--project", project, "--format", formaat).exit_code == 0
        assert cli("check", "--project", project, "--format", formaat, "--strict").exit_code == 1
    assert cli("check", "--project", project, "--format", "xml").exit_code == 2


def test_build_reports_like_check(cli, project: Path) -> None:
    where = _break_breda(project)
    result = cli("build", "--project", project, "--no-pdf")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    headers = _headers(result.output)
    assert [m["severity"] for m in headers if m["severity"] == "fout"] and headers[0]["severity"] == "fout"
    line = where["    behandelregie: TODO"]
    i = next(i for i, text in enumerate(lines) if text.startswith(f"gemeenten/breda.yaml:{line}:"))
    assert lines[i + 1] == f"  {line} |     behandelregie: TODO" and lines[i + 2].endswith("^")
    assert "20 kaarten zijn nog een voorbeeldinvulling" in result.output
    assert lines[-1] == "Niet gebouwd; de vorige site is ongewijzigd."
    every = cli("build", "--project", project, "--no-pdf", "--alle-meldingen")
    assert sum(VOORBEELD in m["message"] for m in _headers(every.output)) == 20
    assert not (project / "build" / "site").exists()


def test_no_line_for_a_problem_about_the_whole_file(tmp_path: Path) -> None:
    write(tmp_path / "gemeenten/Nieuw Dorp.yaml", "naam: Nieuw Dorp\n")
    name = error(Pos("gemeenten/Nieuw Dorp.yaml"), "bestandsnaam 'Nieuw Dorp.yaml' is ongeschikt", codes.BESTANDSNAAM)
    key = error(Pos("gemeenten/Nieuw Dorp.yaml", 1, 1), "onbekende sleutel 'nam'", codes.ONBEKENDE_SLEUTEL)
    assert len(tekst([name], tmp_path)) == 1
    assert tekst([key], tmp_path)[1:3] == ["  1 | naam: Nieuw Dorp", "    | ^"]


def test_problems_at_one_place_share_its_line(tmp_path: Path) -> None:
    write(tmp_path / "gemeenten/x.yaml", "naam: X\n")
    here = Pos("gemeenten/x.yaml", 1, 7)
    lines = tekst(ordered([error(here, "fase 2: 'casusregie' ontbreekt", "RK301"), error(here, "fase 3: 'casusregie' ontbreekt", "RK301")]), tmp_path)
    assert lines == [
        "gemeenten/x.yaml:1:7: fout: fase 2: 'casusregie' ontbreekt  [RK301]",
        "gemeenten/x.yaml:1:7: fout: fase 3: 'casusregie' ontbreekt  [RK301]",
        "  1 | naam: X",
        "    |       ^",
        "",
    ]


# --- control characters from files never reach the terminal raw ----------------------------

# What a file sent by someone can hold to act on the terminal of whoever checks it: erase the
# screen and move the cursor (CSI), set the window title and write the clipboard (OSC, OSC 52),
# the same with C1's one-byte CSI, a DEL, and a bidi override that shows a line reversed.
VIJANDIG = "\x1b[2J\x1b[H\x1b]0;titel\x07\x1b]52;c;ZWNobyBrd2FhZA==\x07\x9b2J\x7f\u202e\u2066\u200e\u2028"
RAUW = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_every_control_character_is_shown_as_an_escape() -> None:
    from generator.rapport import zichtbaar

    shown = zichtbaar(f"naam: Breda{VIJANDIG}\tcafé 😀 {chr(0xE0041)}")
    assert not RAUW.search(shown.replace("\t", ""))
    assert shown.startswith("naam: Breda\\x1b[2J\\x1b[H\\x1b]0;titel\\x07\\x1b]52;c;")
    assert "\\x9b2J\\x7f\\u202e\\u2066\\u200e\\u2028\tcafé 😀 \\U000e0041" in shown  # tab, accents and emoji stay
    assert zichtbaar(shown) == shown and zichtbaar("Breda\n") == "Breda\\x0a"
    as_json = zichtbaar(json.dumps({"m": VIJANDIG + chr(0xE0041)}, ensure_ascii=False), in_json=True)
    assert not RAUW.search(as_json) and json.loads(as_json) == {"m": VIJANDIG + chr(0xE0041)}  # valid JSON, same value


def test_a_line_with_control_characters_is_shown_escaped_with_the_caret_under_its_column(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", f"naam: \x1b[2J\u202eBreda: x\n")
    problem = error(Pos("a.yaml\x1b]0;x\x07", 1, 17), "onbekende sleutel '\x1b]52;c;eA==\x07'", "RK201")
    lines = tekst([problem], tmp_path, teksten={"a.yaml\x1b]0;x\x07": (tmp_path / "a.yaml").read_bytes()})
    assert lines[0] == "a.yaml\\x1b]0;x\\x07:1:17: fout: onbekende sleutel '\\x1b]52;c;eA==\\x07'  [RK201]"
    assert lines[1] == "  1 | naam: \\x1b[2J\\u202eBreda: x"
    assert lines[2].rstrip().endswith("^") and lines[1][lines[2].index("^")] == ":"  # the caret still under the ':' after Breda


def test_check_shows_control_characters_of_a_file_visibly_in_every_format(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A gemeente file with terminal sequences in a value, a key and a comment: `check` in
    every format prints them as escapes, and its JSON stays JSON with the same texts."""
    from .conftest import small_project

    project = small_project(tmp_path / "project")
    breda = project / "gemeenten/breda.yaml"
    text = breda.read_text(encoding="utf-8").replace("naam: Breda\n", f"naam: Breda\nvreemd\u202e\u2066\u200e: ja\n# {VIJANDIG.replace(chr(0x2028), '')}\n", 1)
    write(breda, text)
    monkeypatch.chdir(tmp_path)
    outputs = {formaat: cli("check", "--project", "project", "--format", formaat) for formaat in ("tekst", "json", "github", "gitlab")}
    for formaat, result in outputs.items():
        assert result.exit_code == 1, result.output
        assert not RAUW.search(result.output.replace("\n", "")), (formaat, result.output)
    assert "\\x1b]52;c;ZWNobyBrd2FhZA==\\x07" in outputs["tekst"].output  # the line under the message
    assert "\\u202e\\u2066\\u200e" in outputs["tekst"].output  # the key the message quotes
    report = json.loads(outputs["gitlab"].stdout)
    objects = [json.loads(line) for line in outputs["json"].stdout.splitlines()]
    assert any("\u202e\u2066" in o["message"] for o in objects) and any("\u202e\u2066" in r["description"] for r in report)  # the same texts, decoded
    assert "\\u202e\\u2066" in outputs["github"].output
