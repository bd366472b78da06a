"""`new`, `diff` and `schema`: help for the people who write the cards."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.build import load_project
from generator.schema import VELDEN

from .conftest import ROOT, VOORBEELD


def as_json(file: Path) -> object:
    """A YAML file as an editor's language server sees it: keys and dates as text."""
    return json.loads(json.dumps(yaml.safe_load(file.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads((ROOT / "schema/gemeente.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_new_writes_every_field_with_help(cli, project: Path) -> None:
    result = cli("new", "--project", project, "Den Haag")
    assert result.exit_code == 0, result.output
    file = project / "gemeenten/den-haag.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/gemeente.schema.json"
    assert 'naam: "Den Haag"' in text and "status: concept" in text
    assert f"bijgewerkt: {dt.date.today().isoformat()}" in text
    data = yaml.safe_load(text)
    assert sorted(data["fasen"]) == [1, 2, 3, 4]
    # every field of every fase is there: as an empty value to fill in, or as a
    # commented line with the region's value
    for nummer in range(1, 5):
        block = re.search(rf"^  {nummer}:\n(.*?)(?=^  \d:|\Z)", text, re.M | re.S).group(1)
        for veld in VELDEN:
            empty = re.search(rf"^    {veld}:$", block, re.M)
            regional = re.search(rf'^    # {veld}: ".+"$', block, re.M)
            assert bool(empty) != bool(regional), (nummer, veld)
    assert "Wie de procesregie heeft" in text


def test_new_then_check_lists_exactly_what_is_missing(cli, project: Path) -> None:
    assert cli("new", "--project", project, "Den Haag").exit_code == 0
    file = project / "gemeenten/den-haag.yaml"
    lines = file.read_text(encoding="utf-8").splitlines()
    empty = {i + 1: line.strip()[:-1] for i, line in enumerate(lines) if re.fullmatch(r"    [a-z_]+:", line)}
    assert len(empty) == 12  # what the shipped base leaves to the gemeente

    result = cli("check", "--project", project)
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if (": fout: " in line or ": waarschuwing: " in line) and VOORBEELD not in line]
    assert all(p.startswith("gemeenten/den-haag.yaml:") for p in problems), problems  # nothing about the others
    reported = {int(re.match(r"gemeenten/den-haag\.yaml:(\d+):", p).group(1)): p for p in problems}
    assert sorted(reported) == sorted(empty)  # one line per empty field, at that field
    for line, veld in empty.items():
        assert f"'{veld}'" in reported[line] and "is leeg" in reported[line]

    filled = [f"{line} Team Den Haag" if i + 1 in empty else line for i, line in enumerate(lines)]
    file.write_text("\n".join(filled) + "\n", encoding="utf-8")
    result = cli("check", "--project", project)
    assert result.exit_code == 0, result.output


def test_new_never_overwrites(cli, project: Path) -> None:
    file = project / "gemeenten/breda.yaml"
    before = file.read_bytes()
    result = cli("new", "--project", project, "Breda")
    assert result.exit_code == 1
    assert "gemeenten/breda.yaml: fout: de gemeente 'Breda' heeft al een bestand" in result.output
    assert file.read_bytes() == before
    # the same name under another file name is refused too
    (project / "gemeenten/breda.yaml").rename(project / "gemeenten/breda-stad.yaml")
    assert cli("new", "--project", project, "breda").exit_code == 1
    assert not (project / "gemeenten/breda.yaml").exists()


def test_new_file_and_every_shipped_file_match_the_schema(cli, project: Path, validator: jsonschema.Draft7Validator) -> None:
    assert cli("new", "--project", project, "Den Haag").exit_code == 0
    files = sorted((project / "gemeenten").glob("*.yaml"))
    assert len(files) == 21
    for file in files:
        errors = list(validator.iter_errors(as_json(file)))
        assert not errors, (file.name, [e.message for e in errors])


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(behandelrege="x"), "Additional properties"),
        (lambda d: d.update(status="klaar"), "is not one of"),
        (lambda d: d["fasen"].update({"5": {"casusregie": "x"}}), "does not match any of the regexes"),
        (lambda d: d["fasen"]["2"].update(casusregi="x"), "is not valid under any of the given schemas"),
        (lambda d: d.update(vastgesteld="1 maart"), "does not match"),
        (lambda d: d["fasen"]["2"].update(opschalen={"erbij": ["x"]}), "is not valid under any of the given schemas"),
    ],
)
def test_schema_flags_mistakes(validator: jsonschema.Draft7Validator, change, expected: str) -> None:  # noqa: ANN001
    data = as_json(ROOT / "gemeenten/breda.yaml")
    assert not list(validator.iter_errors(data))
    change(data)
    messages = [e.message for e in validator.iter_errors(data)]
    assert any(expected in m for m in messages), messages


def test_committed_schema_is_current(cli, tmp_path: Path) -> None:
    result = cli("schema", "--out", tmp_path / "s.json")
    assert result.exit_code == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == (ROOT / "schema/gemeente.schema.json").read_text(encoding="utf-8")
    assert cli("schema", "--out", "-").output == (ROOT / "schema/gemeente.schema.json").read_text(encoding="utf-8")
    schema = json.loads((ROOT / "schema/gemeente.schema.json").read_text(encoding="utf-8"))
    fase = schema["properties"]["fasen"]["patternProperties"]["^[1-4]$"]["anyOf"][0]
    assert set(VELDEN) <= set(fase["properties"]) and "Wie de casusregie heeft" in fase["properties"]["casusregie"]["description"]


def test_diff_shows_each_deviation_at_its_line(cli, project: Path) -> None:
    result = cli("diff", "--project", project, "etten-leur")
    assert result.exit_code == 0, result.output
    lines = (project / "gemeenten/etten-leur.yaml").read_text(encoding="utf-8").splitlines()
    places = re.findall(r"— (gemeenten/etten-leur\.yaml):(\d+):(\d+)$", result.output, re.M)
    assert len(places) >= 10
    for _, line, column in places:
        value = lines[int(line) - 1][int(column) - 1:].strip().strip('"')
        assert value and value in result.output  # the local value shown is the one at that place
    assert "basis:  (leeg in de basis" in result.output
    n = len(places)
    assert result.output.strip().splitlines()[-1] == f"{n} lokale afwijkingen ({n} ingevuld)."
    everything = cli("diff", "--project", project, "etten-leur", "--alle").output
    assert "volgt de basis" in everything and everything.count("\n") > result.output.count("\n")


def test_diff_of_an_unknown_gemeente(cli, project: Path) -> None:
    result = cli("diff", "--project", project, "etten-leurr")
    assert result.exit_code == 1
    assert "gemeente 'etten-leurr' bestaat niet. Bedoelde u 'etten-leur'?" in result.output


def test_help_is_dutch(cli) -> None:
    for command, words in (("new", "nieuwe gemeente"), ("diff", "afwijkt van de universele"), ("schema", "JSON-schema")):
        result = cli(command, "--help")
        assert result.exit_code == 0 and words in result.output and "Gebruik:" in result.output and "Usage" not in result.output


def test_diff_knows_three_layers(cli, project: Path) -> None:
    """Groningen: values from its own file, from the region file and from the base, each
    with the layer it comes from and the place it was written."""
    result = cli("diff", "--project", project, "groningen")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Groningen (gemeenten/groningen.yaml) tegenover de regio Groningen (content/regios/groningen.yaml)")
    regio = (project / "content/regios/groningen.yaml").read_text(encoding="utf-8").splitlines()
    places = re.findall(r"— van de regio(?:, [a-z]+)? — (content/regios/groningen\.yaml):(\d+):(\d+)$", out, re.M)
    assert len(places) >= 4  # three fields and a criterion
    for _, line, column in places:
        value = regio[int(line) - 1][int(column) - 1:].strip().lstrip("- ").strip('"')
        assert value[:40] in " ".join(out.split())
    assert "    regio:  Veiligheidshuis Groningen, in opdracht van de burgemeester" in out
    assert re.search(r"^  Procesregie — van de regio — content/regios/groningen\.yaml:\d+:\d+\n    basis:  \(leeg in de basis\)\n    regio:  ", out, re.M)
    assert "lokaal:" in out and "de regio Groningen wijkt op" in out.splitlines()[-1]


def test_new_for_another_region(cli, project: Path) -> None:
    result = cli("new", "--project", project, "Veendam", "--regio", "groningen")
    assert result.exit_code == 0, result.output
    text = (project / "gemeenten/veendam.yaml").read_text(encoding="utf-8")
    assert "\nregio: groningen\n" in text
    # the region's own values are offered as comments, not as fields to fill in
    assert '    # procesregie: "Veiligheidshuis Groningen, in opdracht van de burgemeester"' in text
    assert "(9 velden in te vullen)" in result.output
    assert cli("new", "--project", project, "Delfzijl", "--regio", "groninge").exit_code == 2
    assert "Bedoelde u 'groningen'?" in cli("new", "--project", project, "Delfzijl", "--regio", "groninge").output


def _labelled_values(text: str) -> list[tuple[str, str, str]]:
    """(label, field, value) of every value that a new file offers as a comment."""
    return [
        (label, veld, json.loads(value))
        for label, veld, value in re.findall(r"^    # (Waarde van .+?) \(blijft gelden zolang deze regel commentaar is\):\n    # ([a-z_]+): (\".*\")$", text, re.M)
    ]


@pytest.mark.parametrize(("naam", "regio", "regionaal"), [("Den Haag", None, 0), ("Veendam", "groningen", 3)])
def test_new_labels_each_value_with_the_layer_it_comes_from(cli, project: Path, naam: str, regio: str | None, regionaal: int) -> None:
    """A value of the universal card is labelled as such; one of the region names the region.
    The default region (West-Brabant) fills in nothing of its own; Groningen fills three fields."""
    args = ["--regio", regio] if regio else []
    assert cli("new", "--project", project, naam, *args).exit_code == 0
    slug = naam.lower().replace(" ", "-")
    text = (project / f"gemeenten/{slug}.yaml").read_text(encoding="utf-8")
    assert "Regionale waarde" not in text
    values = _labelled_values(text)
    assert len(values) == text.count("# Waarde van ")  # every label is followed by its value
    base = (project / "content/regiekaart.yaml").read_text(encoding="utf-8")
    region = (project / f"content/regios/{regio}.yaml").read_text(encoding="utf-8") if regio else ""
    by_label = {label for label, _, _ in values}
    assert by_label == ({"Waarde van de universele regiekaart", "Waarde van de regio Groningen"} if regio else {"Waarde van de universele regiekaart"})
    for label, veld, value in values:
        source = region if label == "Waarde van de regio Groningen" else base
        assert " ".join(value.split()) in " ".join(source.split()), (label, veld, value)
    assert sum(label.startswith("Waarde van de regio") for label, _, _ in values) == regionaal
    assert '    # Waarde van de universele regiekaart (blijft gelden zolang deze regel commentaar is):\n    # bestuurlijk_verantwoordelijk: "Wethouder sociaal domein"' in text


STUBS = ("werkafspraken", "wie_is_wie", "wijzigingen")


def uncomment_stubs(text: str) -> str:
    """Remove '# ' from each commented stub: its key line and the indented lines under it."""
    out, inside = [], False
    for line in text.splitlines():
        if re.fullmatch(rf"# ({'|'.join(STUBS)}):", line):
            inside = True
        elif not line.startswith("#   "):
            inside = False
        out.append(line[2:] if inside else line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(("naam", "regio"), [("Den Haag", None), ("Veendam", "groningen")])
def test_new_offers_stubs_that_give_a_valid_file(cli, project: Path, naam: str, regio: str | None) -> None:
    args = ["--regio", regio] if regio else []
    assert cli("new", "--project", project, naam, *args).exit_code == 0
    slug = naam.lower().replace(" ", "-")
    file = project / f"gemeenten/{slug}.yaml"
    text = file.read_text(encoding="utf-8")
    for key in STUBS:
        at = text.index(f"\n# {key}:\n")
        explanation = text[: at].splitlines()[-1]
        assert explanation.startswith("# ") and len(explanation) <= 88, explanation  # one line of Dutch above each stub
    # the wie-is-wie is about roles: no names, phone numbers or e-mail addresses
    stub = text[text.index("\n# wie_is_wie:\n"):].split("\n\n")[0]
    assert "rol:" in stub and "organisatie:" in stub and "bereikbaar:" in stub
    assert not re.search(r"^#\s+(- )?(naam|telefoon|email):", stub, re.M) and not re.search(r"\d{6}", stub)

    uncommented = uncomment_stubs(text)
    data = yaml.safe_load(uncommented)
    assert set(STUBS) <= set(data)
    file.write_text(uncommented, encoding="utf-8")
    empty = [i + 1 for i, line in enumerate(text.splitlines()) if re.fullmatch(r"    [a-z_]+:", line)]  # before: the same lines
    result = cli("check", "--project", project, "-g", slug)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": fout: " in line]
    assert sorted(int(re.match(rf"gemeenten/{slug}\.yaml:(\d+):", e).group(1)) for e in errors) == empty, result.output
    assert all("is leeg" in e for e in errors)

    # filled in, the file is valid, and the stubs are on the card's page
    filled = [f"{line} Team {naam}" if i + 1 in empty else line for i, line in enumerate(uncommented.splitlines())]
    file.write_text("\n".join(filled) + "\n", encoding="utf-8")
    result = cli("check", "--project", project, "-g", slug)
    assert result.exit_code == 0, result.output
    assert ": fout: " not in result.output and ": waarschuwing: " not in result.output, result.output
    gemeente = next(g for g in load_project(project, [slug]).project.gemeenten if g.slug == slug)
    assert [c.rol for c in gemeente.wie_is_wie] == ["Casusregisseur sociaal wijkteam"]
    assert gemeente.wie_is_wie[0].op_de_kaart == {2: ["casusregie"]}
    assert [w.versie for w in gemeente.wijzigingen] == ["0.1"]
    assert "Een werkafspraak die alleen in deze gemeente geldt" in [w.value for w in gemeente.kaart.werkafspraken]


@pytest.mark.parametrize("naam", ["Bre\u202eda", "Breda\nstatus: vastgesteld", "Bre\u2028da", "Bre\x1bda", "CON", "Aux", "Br\u0435da"])
def test_new_refuses_a_name_with_the_message_of_check(cli, tmp_path: Path, naam: str) -> None:
    """The one name rule (check.naam_probleem): what check and import refuse in a file, new
    refuses as its argument, with the same message, and its control characters shown."""
    from generator.check import naam_probleem
    from generator.rapport import zichtbaar

    result = cli("new", "--project", tmp_path, naam)
    assert result.exit_code == 2 and zichtbaar(naam_probleem(naam)) in " ".join(result.output.split()), result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output and not (tmp_path / "gemeenten").exists()
