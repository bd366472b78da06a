"""The YAML mistakes that people really make (issue 15): each reported at the line and
column where it was made, with a Dutch hint that says what to do; after a syntax error
the rest of the file is still read; no text lost after '#' without a word.

Every entry of the corpus is a shipped gemeente file with one line changed, as a policy
officer would change it. Most are read with load_yaml (the load stage alone); a few go
through `regiekaart check`, as the person would run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import codes, load
from generator.load import Mapping, load_yaml, parse_yaml
from generator.problems import Severity
from generator.schema import GEMEENTE, validate

from .conftest import ROOT, write

# The corpus names lines of these two gemeente files, frozen here as they were shipped when
# it was written, so that editing the shipped cards does not move its mistakes.
BRONNEN = Path(__file__).resolve().parent / "yamlfouten"


@dataclass(frozen=True)
class Fout:
    naam: str
    bestand: str  # a gemeente as once shipped, tests/yamlfouten/<bestand>.yaml
    regels: dict[int, str]  # 1-based line -> the line as the person wrote it
    line: int
    column: int
    code: str
    hint: str  # a part of the message that says what to do
    severity: Severity = Severity.FOUT


CORPUS = [
    # quotes
    Fout("dubbel aanhalingsteken niet gesloten", "zundert", {16: '    casusregie: "Casusregisseur van het Sociaal team Zundert'},
         16, 17, codes.AANHALINGSTEKEN_OPEN, 'Sluit de tekst af met hetzelfde teken: casusregie: "Casusregisseur van het Sociaal team Zundert"'),
    Fout("enkel aanhalingsteken niet gesloten", "zundert", {16: "    casusregie: 'Casusregisseur van het Sociaal team Zundert"},
         16, 17, codes.AANHALINGSTEKEN_OPEN, "casusregie: 'Casusregisseur van het Sociaal team Zundert'"),
    Fout("niet gesloten, en twee regels verder wel een aanhalingsteken", "zundert",
         {16: '    casusregie: "Casusregisseur', 18: '    operationeel_verantwoordelijk: "Teamleider Sociaal team Zundert"'},
         16, 17, codes.AANHALINGSTEKEN_OPEN, 'casusregie: "Casusregisseur"'),
    Fout("niet gesloten op de laatste regel", "zundert", {28: '    operationeel_verantwoordelijk: "Calamiteitencoördinator'},
         28, 36, codes.AANHALINGSTEKEN_OPEN, 'operationeel_verantwoordelijk: "Calamiteitencoördinator"'),
    Fout("apostrof binnen enkele aanhalingstekens", "zundert", {16: "    casusregie: 'Jan's team'"},
         16, 21, codes.AANHALINGSTEKEN_BINNENIN, "Zet de tekst tussen dubbele aanhalingstekens: casusregie: \"Jan's team\""),
    Fout("aanhalingsteken binnen dubbele aanhalingstekens", "zundert", {16: '    casusregie: "Het "Wijkteam" Noord"'},
         16, 22, codes.AANHALINGSTEKEN_BINNENIN, "casusregie: 'Het \"Wijkteam\" Noord'"),
    Fout("tekst begint met 's", "zundert", {16: "    casusregie: 's Avonds het crisisteam"},
         16, 17, codes.APOSTROF_BEGIN, "Zet de hele tekst tussen dubbele aanhalingstekens: casusregie: \"'s Avonds het crisisteam\""),
    Fout("'s-Hertogenbosch in de wie-is-wie", "breda", {43: "    organisatie: 's-Hertogenbosch, Sociaal wijkteam"},
         43, 18, codes.APOSTROF_BEGIN, "organisatie: \"'s-Hertogenbosch, Sociaal wijkteam\""),
    Fout("'s tussen enkele aanhalingstekens: de apostrof valt weg", "zundert", {16: "    casusregie: 's Avonds het crisisteam'"},
         16, 17, codes.APOSTROF_BEGIN, "casusregie: \"'s Avonds het crisisteam\"", Severity.WAARSCHUWING),
    # a value that starts with a character YAML reads otherwise
    Fout("tekst begint met '- '", "zundert", {16: "    casusregie: - Wijkteam"},
         16, 17, codes.TEKEN_AAN_BEGIN, 'lijst. Zet de tekst tussen dubbele aanhalingstekens: casusregie: "- Wijkteam"'),
    Fout("tekst begint met '*'", "zundert", {16: "    casusregie: *Wijkteam"}, 16, 17, codes.TEKEN_AAN_BEGIN, 'casusregie: "*Wijkteam"'),
    Fout("tekst begint met '&'", "zundert", {16: "    casusregie: &Wijkteam Noord"}, 16, 17, codes.TEKEN_AAN_BEGIN, 'casusregie: "&Wijkteam Noord"'),
    Fout("tekst begint met '!'", "zundert", {16: "    casusregie: !Wijkteam"}, 16, 17, codes.TEKEN_AAN_BEGIN, 'casusregie: "!Wijkteam"'),
    Fout("tekst begint met '%'", "zundert", {16: "    casusregie: %Wijkteam"}, 16, 17, codes.TEKEN_AAN_BEGIN, 'casusregie: "%Wijkteam"'),
    Fout("tekst begint met '@'", "zundert", {16: "    casusregie: @Wijkteam"}, 16, 17, codes.TEKEN_AAN_BEGIN, 'casusregie: "@Wijkteam"'),
    Fout("tekst begint met een backtick", "zundert", {16: "    casusregie: `Wijkteam`"}, 16, 17, codes.TEKEN_AAN_BEGIN, 'casusregie: "`Wijkteam`"'),
    Fout("tekst begint met '>'", "zundert", {16: "    casusregie: > 18 jaar: Wijkteam"}, 16, 17, codes.TEKEN_AAN_BEGIN, 'casusregie: "> 18 jaar: Wijkteam"'),
    Fout("lijst tussen haakjes niet gesloten", "breda", {48: "      2: [casusregie"}, 48, 10, codes.TEKEN_AAN_BEGIN, "sluit die dan af met ']'"),
    # colons
    Fout("dubbele punt met spatie in een tekst", "zundert", {16: "    casusregie: Wijkteam: Noord"},
         16, 25, codes.DUBBELE_PUNT, 'Zet de hele tekst tussen dubbele aanhalingstekens: casusregie: "Wijkteam: Noord"'),
    Fout("dubbele punt in een regel van een lijst", "breda", {34: "    - Persoonsgerichte aanpak: voor inwoners met risicovol gedrag"},
         34, 30, codes.DUBBELE_PUNT, '- "Persoonsgerichte aanpak: voor inwoners met risicovol gedrag"'),
    Fout("spatie na de dubbele punt ontbreekt", "zundert", {16: "    casusregie:Wijkteam"},
         16, 15, codes.SPATIE_NA_DUBBELE_PUNT, "na de dubbele punt van 'casusregie' hoort een spatie"),
    Fout("spatie ontbreekt bij de eerste sleutel", "zundert", {3: "naam:Zundert"}, 3, 5, codes.SPATIE_NA_DUBBELE_PUNT, "Schrijf: naam: Zundert"),
    Fout("spatie ontbreekt bij het enige veld van een fase (geldige YAML)", "zundert", {14: "    operationeel_verantwoordelijk:Teamleider"},
         14, 34, codes.SPATIE_NA_DUBBELE_PUNT, "Schrijf: operationeel_verantwoordelijk: Teamleider"),
    Fout("dubbele punt na de sleutel ontbreekt", "zundert", {16: "    casusregie Casusregisseur van het Sociaal team Zundert"},
         16, 15, codes.DUBBELE_PUNT_ONTBREEKT, "Schrijf: casusregie: Casusregisseur van het Sociaal team Zundert"),
    Fout("dubbele punt na een fase ontbreekt", "zundert", {15: "  2"}, 15, 4, codes.DUBBELE_PUNT_ONTBREEKT, "na de sleutel '2' ontbreekt de dubbele punt"),
    Fout("een regel tekst zonder sleutel", "zundert", {17: "    Bel eerst het wijkteam"}, 17, 5, codes.DUBBELE_PUNT_ONTBREEKT, "begin de regel dan met '# '"),
    # tabs, hard spaces and indentation
    Fout("tab in het inspringen", "zundert", {16: "\tcasusregie: Casusregisseur van het Sociaal team Zundert"},
         16, 1, codes.TAB, "Vervang de tab door spaties, net zoveel als de regels van hetzelfde niveau (hier 4 spaties)"),
    Fout("tab voor een fase", "zundert", {15: "\t2:"}, 15, 1, codes.TAB, "hier 2 spaties"),
    Fout("harde spatie in het inspringen", "zundert", {16: "\u00a0   casusregie: Casusregisseur van het Sociaal team Zundert"},
         16, 1, codes.HARDE_SPATIE, "Vervang hem door een gewone spatie"),
    Fout("harde spatie na de dubbele punt", "zundert", {16: "    casusregie:\u00a0Casusregisseur"}, 16, 16, codes.HARDE_SPATIE, "harde spatie (U+00A0)"),
    Fout("veld in een fase springt te weinig in", "zundert", {17: "   procesregie: Casusoverleg van het Sociaal team"},
         17, 4, codes.INSPRINGEN, "springt verkeerd in (3 spaties)"),
    Fout("veld in een fase springt te ver in", "zundert", {17: "     procesregie: Casusoverleg van het Sociaal team"},
         17, 6, codes.INSPRINGEN, "Regel 16 ('casusregie: Casusregisseur van het Socia') staat op 4 spaties"),
    Fout("fase springt verkeerd in", "zundert", {19: "   3:"}, 19, 4, codes.INSPRINGEN, "Regel 15 ('2:') staat op 2 spaties"),
    Fout("eerste veld van een fase op de hoogte van de fase", "zundert", {16: "  casusregie: Casusregisseur van het Sociaal team Zundert"},
         16, 3, codes.INSPRINGEN, "springt verkeerd in (2 spaties)"),
    Fout("eerste fase springt anders in dan de andere", "breda", {13: " 1:"}, 13, 2, codes.INSPRINGEN, "springt verkeerd in (1 spatie)"),
    Fout("regel van de lijst springt verkeerd in", "breda", {50: " - rol: Teamleider Sociaal wijkteam"}, 50, 2, codes.INSPRINGEN, "staat op 2 spaties"),
    Fout("sleutel in een regel van de lijst springt te ver in", "breda", {43: "     organisatie: Sociaal wijkteam Breda"},
         43, 6, codes.INSPRINGEN, "springt verkeerd in (5 spaties)"),
    Fout("eerste regel van de toelichting springt verder in", "zundert", {8: "    Zundert werkt met het Sociaal team Zundert, waarin ook Surplus Welzijn"},
         8, 5, codes.INSPRINGEN, "Zet alle regels van de tekst even ver in"),
    Fout("sleutel in commentaar, de regels eronder niet", "zundert", {13: "  # 1:"}, 13, 3, codes.INSPRINGEN, "Haal de '#' weg"),
    Fout("streepje voor een sleutel tussen sleutels", "breda", {37: "- wijzigingen:"}, 37, 1, codes.TEKEN_AAN_BEGIN, "Haal de '-' weg"),
    # a key twice, Word's curly quotes, other characters
    Fout("sleutel twee keer", "zundert", {17: "    casusregie: Casusoverleg"}, 17, 5, codes.SLEUTEL_DUBBEL, "(eerst op regel 16)"),
    Fout("gekrulde aanhalingstekens met een dubbele punt", "zundert", {16: "    casusregie: “Wijkteam: Noord”"},
         16, 17, codes.GEKRULDE_AANHALINGSTEKENS, 'Gebruik rechte aanhalingstekens: casusregie: "Wijkteam: Noord"'),
    Fout("gekrulde aanhalingstekens komen op de kaart", "zundert", {16: "    casusregie: “Wijkteam”"},
         16, 17, codes.GEKRULDE_AANHALINGSTEKENS, 'Gebruik rechte aanhalingstekens (")', Severity.WAARSCHUWING),
    Fout("enkele gekrulde aanhalingstekens", "zundert", {16: "    casusregie: ‘Wijkteam: Noord’"}, 16, 17, codes.GEKRULDE_AANHALINGSTEKENS, 'casusregie: "Wijkteam: Noord"'),
    Fout("backslash tussen dubbele aanhalingstekens", "breda", {45: '    bereikbaar: "Via map G:\\wijkteam"'},
         45, 28, codes.BACKSLASH, "Zet de tekst tussen enkele aanhalingstekens: bereikbaar: 'Via map G:\\wijkteam'"),
    Fout("een tweede document", "breda", {35: "---"}, 35, 1, codes.MEER_DOCUMENTEN, "Haal de regel weg"),
    # text after '#' in a text that goes on the card
    Fout("tekst na # in een cel van een fase", "zundert", {16: "    casusregie: Wijkteam # Noord"},
         16, 26, codes.COMMENTAAR_IN_TEKST, 'komt niet op de kaart', Severity.WAARSCHUWING),
]


def _text(fout: Fout) -> str:
    lines = (BRONNEN / f"{fout.bestand}.yaml").read_text(encoding="utf-8").split("\n")
    for number, line in fout.regels.items():
        lines[number - 1] = line
    return "\n".join(lines)


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 15 and len({f.naam for f in CORPUS}) == len(CORPUS)
    assert {f.code for f in CORPUS} >= {
        codes.AANHALINGSTEKEN_OPEN, codes.AANHALINGSTEKEN_BINNENIN, codes.APOSTROF_BEGIN, codes.TEKEN_AAN_BEGIN, codes.DUBBELE_PUNT,
        codes.TAB, codes.INSPRINGEN, codes.SPATIE_NA_DUBBELE_PUNT, codes.SLEUTEL_DUBBEL, codes.GEKRULDE_AANHALINGSTEKENS, codes.HARDE_SPATIE,
    }


@pytest.mark.parametrize("fout", CORPUS, ids=lambda f: f.naam)
def test_each_mistake_at_its_line_with_a_hint(fout: Fout, tmp_path: Path) -> None:
    rel = f"gemeenten/{fout.bestand}.yaml"
    doc = load_yaml(write(tmp_path / rel, _text(fout)), rel)
    found = [p for p in doc.problems if p.code == fout.code]
    assert len(found) == 1, [p.format() for p in doc.problems]
    p = found[0]
    assert (p.pos.path, p.pos.line, p.pos.column, p.severity) == (rel, fout.line, fout.column, fout.severity), p.format()
    assert fout.hint in p.message, p.message
    # one mistake, one message: no follow-up about lines the person did not touch
    assert doc.problems == [p], [q.format() for q in doc.problems]
    # the rest of the file is still read (the mistake was repaired in a copy of the text)
    assert isinstance(doc.root, Mapping) and {"naam", "fasen"} <= set(doc.root.entries)
    assert "niet gelezen" not in p.message


def test_the_shipped_files_have_none_of_these_mistakes() -> None:
    for file in sorted((ROOT / "gemeenten").glob("*.yaml")) + sorted((ROOT / "content").rglob("*.yaml")):
        rel = file.relative_to(ROOT).as_posix()
        assert load_yaml(file, rel).problems == [], rel


# --- through `regiekaart check`, as the person runs it --------------------------------------

CLI = ["tekst begint met 's", "dubbel aanhalingsteken niet gesloten", "tekst begint met '- '", "tab in het inspringen",
       "veld in een fase springt te ver in", "gekrulde aanhalingstekens met een dubbele punt"]


@pytest.mark.parametrize("naam", CLI)
def test_check_points_at_the_line(naam: str, project: Path, cli) -> None:  # noqa: ANN001
    fout = next(f for f in CORPUS if f.naam == naam)
    write(project / "gemeenten" / f"{fout.bestand}.yaml", _text(fout))
    result = cli("check", "--project", project)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]  # errors come first
    assert first.startswith(f"gemeenten/{fout.bestand}.yaml:{fout.line}:{fout.column}: fout: "), result.output
    assert fout.hint in first and first.endswith(f"[{fout.code}]")
    assert result.output.count(": fout: ") == 1


def test_warnings_leave_the_exit_code_alone(project: Path, cli) -> None:  # noqa: ANN001
    fout = next(f for f in CORPUS if f.naam == "gekrulde aanhalingstekens komen op de kaart")
    write(project / "gemeenten/zundert.yaml", _text(fout))
    result = cli("check", "--project", project, "--alle-meldingen")
    assert result.exit_code == 0, result.output
    assert "gemeenten/zundert.yaml:16:17: waarschuwing: de gekrulde aanhalingstekens" in result.output


def test_three_mistakes_in_one_file_in_one_run(project: Path, cli) -> None:  # noqa: ANN001
    """A syntax error no longer hides the rest: the typo in a key and the empty field
    below it are found in the same run, and another file's mistake too."""
    zundert = project / "gemeenten/zundert.yaml"
    lines = (BRONNEN / "zundert.yaml").read_text(encoding="utf-8").split("\n")
    lines[15] = "    casusregie: 's Avonds het crisisteam"  # line 16: a syntax error
    lines[16] = "    procesregi: Casusoverleg van het Sociaal team"  # line 17: an unknown key
    lines[17] = "    operationeel_verantwoordelijk:"  # line 18: an empty field
    write(zundert, "\n".join(lines))
    breda = project / "gemeenten/breda.yaml"
    write(breda, breda.read_text(encoding="utf-8").replace("status: voorbeeld", "status: definitief"))

    result = cli("check", "--project", project)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line.split(": fout: ")[0] + " " + line.rsplit(" ", 1)[-1] for line in result.output.splitlines() if ": fout: " in line]
    assert "gemeenten/zundert.yaml:16:17 [RK110]" in errors
    assert "gemeenten/zundert.yaml:17:5 [RK201]" in errors  # 'procesregi': did you mean procesregie?
    assert any(e.startswith("gemeenten/zundert.yaml:18:") and e.endswith("[RK301]") for e in errors)  # empty
    assert "gemeenten/breda.yaml:4:9 [RK209]" in errors  # the other file is checked too
    assert "niet gelezen" not in result.output
    # the syntax error still stops a build
    assert cli("build", "--project", project).exit_code == 1


def test_repaired_lines_make_no_follow_up_errors(project: Path, cli) -> None:  # noqa: ANN001
    """A required key on a line with a syntax error is not then also reported missing,
    and a line of text blanked out (it holds no key) makes no follow-up error."""
    breda = project / "gemeenten/breda.yaml"
    lines = (BRONNEN / "breda.yaml").read_text(encoding="utf-8").split("\n")
    lines[42] = "    organisatie: Sociaal wijkteam: Breda"  # line 43: organisatie is required
    lines[34] = "  Bel eerst het algemene nummer"  # line 35, empty before: a line of text without a key
    write(breda, "\n".join(lines))
    result = cli("check", "--project", project, "--alle-meldingen")
    mine = [line for line in result.output.splitlines() if line.startswith("gemeenten/breda.yaml:")]
    assert [line.split(": ")[0] for line in mine if ": fout: " in line] == ["gemeenten/breda.yaml:35:3", "gemeenten/breda.yaml:43:34"], result.output
    assert "ontbreekt" not in "\n".join(mine)


def test_the_rest_is_not_read_when_the_repairs_run_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """When a file cannot be repaired (here: more mistakes than repairs allowed), the
    message says that the rest of the file was not read."""
    monkeypatch.setattr(load, "MAX_HERSTEL", 2)
    text = _text(Fout("", "zundert", {16: "    casusregie: 's Avonds", 20: "    casusregie: - Wijkteam", 25: "    casusregie: @Wijkteam"}, 0, 0, "", ""))
    tree, problems = parse_yaml(text, "gemeenten/zundert.yaml")
    assert tree is None
    assert [(p.pos.line, p.code) for p in problems] == [(16, codes.APOSTROF_BEGIN), (20, codes.TEKEN_AAN_BEGIN), (25, codes.TEKEN_AAN_BEGIN)]
    assert "de rest van dit bestand is niet gelezen" in problems[2].message.lower()
    assert all("niet gelezen" not in p.message for p in problems[:2])


# --- text after '#' -------------------------------------------------------------------------


@pytest.mark.parametrize("regel, line, column", [
    ("    casusregie: Wijkteam # Noord", 16, 26),  # a cell of a fase
    ("    casusregie: # Wijkteam Noord", 16, 17),  # the whole text: the field is empty
])
def test_text_after_a_hash_in_a_cell(regel: str, line: int, column: int) -> None:
    text = _text(Fout("", "zundert", {16: regel}, 0, 0, "", ""))
    _, problems = parse_yaml(text, "g.yaml")
    p, = problems
    assert (p.pos.line, p.pos.column, p.code, p.severity) == (line, column, codes.COMMENTAAR_IN_TEKST, Severity.WAARSCHUWING)
    assert "komt niet op de kaart" in p.message and 'casusregie: "' in p.message


def test_text_after_a_hash_in_every_prose_field() -> None:
    text = (BRONNEN / "breda.yaml").read_text(encoding="utf-8")
    start, end = text.index("toelichting: >-"), text.index("fasen:")
    text = text[:start] + "toelichting: Breda werkt met sociale wijkteams # in alle wijken\n" + text[end:]
    text = text.replace("extremistisch gedrag.", "extremistisch gedrag. # criterium")
    text = text.replace("risicovol gedrag\n", "risicovol gedrag # werkafspraak\n")
    text = text.replace("vervanging: De casusregisseur van dienst in hetzelfde wijkteam", "vervanging: De casusregisseur # wie-is-wie")
    # not prose: a comment after these is only a comment
    text = text.replace("status: voorbeeld", "status: voorbeeld  # of concept").replace("herzien_voor: 2027-11-01", "herzien_voor: 2027-11-01 # elk jaar")
    text = text.replace("      2: [casusregie]", "      2: [casusregie]  # op de kaart")
    tree, problems = parse_yaml(text, "gemeenten/breda.yaml")
    assert isinstance(tree, Mapping)
    assert all(p.code == codes.COMMENTAAR_IN_TEKST and p.severity is Severity.WAARSCHUWING for p in problems)
    assert [p.message.split("'")[3] for p in sorted(problems, key=lambda p: p.pos)] == ["# in alle wijken", "# criterium", "# werkafspraak", "# wie-is-wie"]


def test_a_quoted_hash_is_text() -> None:
    tree, problems = parse_yaml(_text(Fout("", "zundert", {16: '    casusregie: "Wijkteam # Noord"'}, 0, 0, "", "")), "g.yaml")
    assert problems == []
    assert tree.entries["fasen"].value.entries[2].value.entries["casusregie"].value.value == "Wijkteam # Noord"


# --- a list where a text belongs, a text where a list belongs (the schema) ------------------


def test_list_where_text_belongs_and_text_where_list_belongs() -> None:
    text = (BRONNEN / "breda.yaml").read_text(encoding="utf-8")
    text = text.replace("    casusregie: Casusregisseur van het Sociaal wijkteam in de wijk\n", "    casusregie:\n      - Casusregisseur van het Sociaal wijkteam in de wijk\n")
    text = text.replace("werkafspraken:\n  toevoegen:\n    - Persoonsgerichte", "werkafspraken: Persoonsgerichte")
    tree, problems = parse_yaml(text, "gemeenten/breda.yaml")
    assert problems == []  # both are valid YAML: the schema says what is wrong
    rec, problems = validate(tree, GEMEENTE, "gemeente")
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {codes.GEEN_TEKST, codes.GEEN_LIJST}, [p.format() for p in problems]
    lijst, tekst = by_code[codes.GEEN_TEKST], by_code[codes.GEEN_LIJST]
    assert (lijst.pos.line, lijst.pos.column) == (17, 7) and "Haal de '- ' weg" in lijst.message
    assert rec.get("fasen").get(2).get("casusregie").value == "Casusregisseur van het Sociaal wijkteam in de wijk"  # kept: not also 'ontbreekt'
    assert tekst.pos.line == 33 and "met '- '" in tekst.message and "- Persoonsgerichte aanpak" in tekst.message


# --- every line of a file, with one character typed in ----------------------------------------


def test_one_character_typed_anywhere_is_found_at_its_line() -> None:
    """Each line of a shipped file with one character typed at the start of its value (or
    of the line): never an exception; when YAML cannot read the result, an error at that
    very line, and the rest of the file still read."""
    import yaml

    from generator.yamlfout import regel

    lines = (BRONNEN / "zundert.yaml").read_text(encoding="utf-8").split("\n")
    tried = missed = 0
    for i, line in enumerate(lines):
        r = regel(line)
        if r.blank:
            continue
        typed = [(r.value_col, ch) for ch in ['"', "'", "- ", "*", "&", "!", "%", "@", "`", "“", ": ", "#"]]
        typed += [(len(r.indent), ch) for ch in ["\t", "\u00a0", "- ", "#", "'"]]
        for at, ch in typed:
            text = "\n".join([*lines[:i], line[:at] + ch + line[at:], *lines[i + 1:]])
            tree, problems = parse_yaml(text, "g.yaml")  # never raises
            tried += 1
            try:
                yaml.compose(text, Loader=yaml.SafeLoader)
                continue  # valid YAML: what it means is the schema's business
            except yaml.YAMLError:
                pass
            if tree is None or not any(p.is_error and p.pos.line == i + 1 for p in problems):
                missed += 1
                print(repr(line[:at] + ch + line[at:]), [p.format() for p in problems])
    assert tried > 400 and missed == 0


def test_several_lines_that_begin_with_s_one_under_the_other() -> None:
    """Each quote closes the text that the line above opened: still three mistakes, each
    at its own line, not one at the wrong line."""
    regels = {16: "    casusregie: 's Avonds het crisisteam", 17: "    procesregie: 's Morgens het casusoverleg", 18: "    operationeel_verantwoordelijk: 's-Hertogenbosch"}
    tree, problems = parse_yaml(_text(Fout("", "zundert", regels, 0, 0, "", "")), "g.yaml")
    assert [(p.pos.line, p.pos.column, p.code) for p in problems] == [(16, 17, codes.APOSTROF_BEGIN), (17, 18, codes.APOSTROF_BEGIN), (18, 36, codes.APOSTROF_BEGIN)]
    fase = tree.entries["fasen"].value.entries[2].value.entries
    assert fase["procesregie"].value.value == "'s Morgens het casusoverleg"  # read as meant
