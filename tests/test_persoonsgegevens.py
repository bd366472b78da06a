"""Personal data in free text (generator/persoonsgegevens.py): one corpus of realistic
cases, half personal data and half look-alikes, classified by the detector, by `check` in
every kind of file and field, by `import`, and (tests/test_browser.py) by the form in
Chromium; a build that meets one writes nothing, and leaves no trace of it in build/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.assemble import load_project
from generator.persoonsgegevens import Detector, Uitzonderingen, detector

from .conftest import small_project, write

NAAM, TELEFOON, EMAIL = "een naam", "een telefoonnummer", "een e-mailadres"
BSN, IBAN, ADRES = "een burgerservicenummer (BSN)", "een rekeningnummer (IBAN)", "een adres (postcode met huisnummer)"

# Personal data in the written forms the issue lists, and what the detector calls each piece.
PERSOONSGEGEVENS = [
    ("Jan de Vries, tel. 06-12345678 of j.devries@breda.nl", [NAAM, TELEFOON, EMAIL]),
    ("Bel 06 1234 5678 bij spoed", [TELEFOON]),
    ("Bereikbaar op +31 6 12345678", [TELEFOON]),
    ("0031 6 87654321 (alleen overdag)", [TELEFOON]),
    ("Secretariaat: 076-5 29 39 39", [TELEFOON]),
    ("(076) 529 39 39", [TELEFOON]),
    ("+31 (0)76 529 39 39", [TELEFOON]),
    ("Bel Sanne op 0612345678", [TELEFOON]),
    ("Mail naar m.jansen@sociaalteam-altena.nl", [EMAIL]),
    ("BSN 111222333 van de cliënt", [BSN]),
    ("BSN 1112.22.333", [BSN]),
    ("Rekening NL91 ABNA 0417 1643 00", [IBAN]),
    ("Woont op Stationsstraat 12, 4811 AB Breda", [ADRES]),
    ("Adres: 4811 AB 12", [ADRES]),
    ("Overleg met dhr. Jansen", [NAAM]),
    ("Vraag het mevrouw De Vries", [NAAM]),
    ("de heer J. van Dijk coördineert", [NAAM]),
    ("Casusregie: A.B. Jansen", [NAAM]),
    ("J. de Vries (teamleider)", [NAAM]),
    ("Contact: Fatima Bakker, wijkteam Noord", [NAAM]),
    ("Mw. Pietersen belt terug", [NAAM]),
    ("Peter van den Berg neemt het over", [NAAM]),
]
# Look-alikes that are not personal data: organisations, service numbers, dates, laws.
GEEN_PERSOONSGEGEVENS = [
    "Veilig Thuis",
    "Zorg- en Veiligheidshuis De Baronie",
    "Sociaal team Altena",
    "Crisisdienst GGZ Breburg",
    "0800-2000 Veilig Thuis (gratis, dag en nacht)",
    "Bij acuut gevaar: 112",
    "Politie 0900-8844",
    "Gemeente Breda: 14 076",
    "Vastgesteld op 01-03-2026 om 12:00",
    "versie 1.2.3",
    "artikel 1:3 BW en artikel 7:2 Wet verplichte ggz",
    "fase 4: (dreigende) maatschappelijke onrust",
    "Meldcode huiselijk geweld en kindermishandeling, stap 5",
    "Postbus 90155, 5000 LH Tilburg",
    "Mail naar info@veiligthuis.nl",
    "zorgenveiligheid@debaronie.nl",
    "Het MDO in de wijk, met de GGD West-Brabant",
    "Bijlage A. Regiekaart",
    "De Markiezaten en De Baronie werken samen",
    "Wet verplichte GGZ (Wvggz) en Wet zorg en dwang (Wzd)",
    "Team Jeugd en Gezin Roosendaal",
    "Reclassering Nederland en Leger des Heils",
    "Het werkgebied 4811 tot 4817",
    "Overleg in het Albert Schweitzer Ziekenhuis",  # a hospital named after a person (deduce's list)
    "Doorverwezen naar het P.W. Janssen Ziekenhuis",
]
CORPUS = [(t, k) for t, k in PERSOONSGEGEVENS] + [(t, []) for t in GEEN_PERSOONSGEGEVENS]
# The general addresses that the shipped content/site.yaml allows.
SITE = Uitzonderingen(adressen=("info", "zorgenveiligheid"))


def test_the_corpus_is_large_enough_and_balanced() -> None:
    assert len(PERSOONSGEGEVENS) >= 20 and len(GEEN_PERSOONSGEGEVENS) >= 20 and len(CORPUS) >= 40


@pytest.mark.parametrize(("text", "soorten"), CORPUS, ids=[t for t, _ in CORPUS])
def test_the_detector_classifies_the_corpus(text: str, soorten: list[str]) -> None:
    assert [v.soort for v in detector(SITE).vind(text)] == soorten


def vondsten(d: Detector, text: str) -> list[list[object]]:
    """What the detector finds, in the form the browser test compares with the script's."""
    return [[v.start, v.eind, v.tekst, v.soort] for v in d.vind(text)]


def test_what_the_site_allows_is_allowed_and_nothing_else() -> None:
    plain = detector()
    assert [v.soort for v in plain.vind("Mail naar info@veiligthuis.nl")] == [EMAIL]  # only what site.yaml lists
    site = detector(Uitzonderingen(adressen=("secretariaat@debaronie.nl",), nummers=("076 - 529 39 39",), teksten=("Anne Frank Huis",)))
    assert site.vind("secretariaat@debaronie.nl of (076) 529 39 39") == []
    assert [v.soort for v in site.vind("secretariaat@breda.nl of 076 529 39 40")] == [EMAIL, TELEFOON]
    assert [v.soort for v in plain.vind("het Anne Frank Huis")] == [NAAM] and site.vind("het Anne Frank Huis") == []
    assert [v.soort for v in site.vind("Anne Frank belt")] == [NAAM]  # the whole text must be there


# --- check, in every kind of file and field ------------------------------------------------


def _proefstad(cases: list[str]) -> tuple[str, dict[str, int]]:
    """A gemeente file with one case in each of its text fields; the line of each case."""
    it = iter(cases)
    lines = ["naam: Proefstad", "status: concept", 'versie: "0.1"']
    at: dict[str, int] = {}

    def put(prefix: str) -> None:
        case = next(it, None)
        value = json.dumps(case if case is not None else "Sociaal wijkteam Proefstad", ensure_ascii=False)
        lines.append(f"{prefix}{value}")
        if case is not None:
            at[case] = len(lines)

    put("toelichting: ")
    lines.append("fasen:")
    for fase in (1, 2, 3, 4):
        lines.append(f"  {fase}:")
        put("    omschrijving: ")
        for veld in ("casusregie", "behandelregie", "procesregie", "operationeel_verantwoordelijk", "bestuurlijk_verantwoordelijk"):
            put(f"    {veld}: ")
        if fase < 4:
            lines.append("    opschalen:")
            put("      - ")
    lines.append("werkafspraken:")
    put("  - ")
    put("  - ")
    lines += ["opschaaltafels:", "  proeftafel:"]
    for key in ("naam", "organisatie", "omschrijving", "aanmelden"):
        put(f"    {key}: ")
    lines.append("    criteria:")
    put("      - ")
    lines.append("wie_is_wie:")
    put("  - rol: ")
    for key in ("organisatie", "wijk", "expertise", "bereikbaar", "vervanging"):
        put(f"    {key}: ")
    # where personal data belongs: the names and contacts of the wie-is-wie (only --intern shows them)
    lines += ["  - rol: Teamleider", "    organisatie: Sociaal wijkteam", '    naam: "Jan de Vries"', '    telefoon: "06-12345678"', '    email: "j.devries@breda.nl"']
    lines += ["wijzigingen:", '  - versie: "0.1"', "    datum: 2026-12-01"]
    put("    wijziging: ")
    assert next(it, None) is None, "more cases than fields"
    return "\n".join(lines) + "\n", at


def _json(output: str) -> list[dict[str, object]]:
    """The problems of `check --format json` (one JSON object a line; then the summary)."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _replace_line(file: Path, pattern: str, case: str) -> int:
    """Put ``case`` as the value of the line that matches ``pattern``; its line number."""
    lines = file.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if re.match(pattern, line))
    key = lines[number].split(":")[0]
    lines[number] = f"{key}: {json.dumps(case, ensure_ascii=False)}"
    file.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def _append_line(file: Path, case: str) -> int:
    text = file.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + case + "\n"
    file.write_text(text, encoding="utf-8")
    return text.count("\n")


@pytest.fixture(scope="module")
def placed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, int]]]:
    """A small project with every case of the corpus in a field of its own: the site
    settings, the universal card, the region, a gemeente (each kind of text field) and
    the Markdown and front matter of the chapters; where each case is."""
    project = small_project(tmp_path_factory.mktemp("persoonsgegevens") / "project")
    cases = [t for t, _ in CORPUS]
    where: dict[str, tuple[str, int]] = {}
    # a case of personal data and a look-alike in each kind of file
    elders = [
        ("content/site.yaml", lambda f, c: _replace_line(f, r"^beheer:", c)),
        ("content/site.yaml", lambda f, c: _replace_line(f, r"^titel:", c)),
        ("content/regiekaart.yaml", lambda f, c: _replace_line(f, r"^ondertitel:", c)),
        ("content/regiekaart.yaml", lambda f, c: _replace_line(f, r"^titel:", c)),
        ("content/regios/west-brabant.yaml", lambda f, c: _replace_line(f, r"^beheer:", c)),
        ("content/regios/west-brabant.yaml", lambda f, c: _replace_line(f, r"^naam:", c)),
        ("content/handreiking/kort.md", _append_line),
        ("content/handreiking/kort.md", _append_line),
        ("content/training/kort.md", _append_line),
        ("content/training/kort.md", _append_line),
        ("content/trainershandleiding/kort.md", lambda f, c: _replace_line(f, r"^titel:", c)),
        ("content/trainershandleiding/kort.md", _append_line),
    ]
    positives, negatives = cases[: len(PERSOONSGEGEVENS)], cases[len(PERSOONSGEGEVENS):]
    for i, (rel, put) in enumerate(elders):
        case = positives[i // 2] if i % 2 == 0 else negatives[i // 2]
        where[case] = (rel, put(project / rel, case))
    rest = [c for c in cases if c not in where]
    text, at = _proefstad(rest)
    write(project / "gemeenten/proefstad.yaml", text)
    where.update({case: ("gemeenten/proefstad.yaml", line) for case, line in at.items()})
    assert len(where) == len(CORPUS)
    return project, where


def test_check_finds_each_case_at_its_line_in_every_kind_of_file(placed: tuple[Path, dict[str, tuple[str, int]]], cli) -> None:  # noqa: ANN001
    project, where = placed
    result = cli("check", "--project", project, "--format", "json")
    assert result.exit_code == 1
    found = {(p["path"], p["line"]) for p in _json(result.output) if p["code"] == "RK314"}
    expected = {where[t] for t, soorten in CORPUS if soorten}
    assert found == expected
    # each kind of file has both a case of personal data and a look-alike
    assert {w[0] for t, w in where.items() if dict(CORPUS)[t]} >= {"content/site.yaml", "content/regiekaart.yaml", "content/regios/west-brabant.yaml", "content/handreiking/kort.md", "content/training/kort.md", "content/trainershandleiding/kort.md", "gemeenten/proefstad.yaml"}


def test_the_message_points_at_the_piece_and_says_what_to_do(placed: tuple[Path, dict[str, tuple[str, int]]], cli) -> None:  # noqa: ANN001
    project, where = placed
    result = cli("check", "--project", project, "--gemeente", "proefstad")
    rel, line = where["Peter van den Berg neemt het over"]
    text = result.output
    head = next(t for t in text.split("\n\n") if t.lstrip().startswith(f"{rel}:{line}:"))
    assert "hier staat een naam ('Peter van den Berg')" in head and "[RK314]" in head
    assert "Zet er een rol" in head and "wie_is_wie" in head and "# geen persoonsgegevens" in head
    source, carets = head.splitlines()[-2:]
    start = source.index("Peter")
    assert carets.index("^") == start and carets.count("^") == len("Peter van den Berg")


def test_the_intranet_reads_the_names_of_the_wie_is_wie_without_a_finding(placed: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    project, _ = placed
    loaded = load_project(project, only=["proefstad"], intern=True)
    (g,) = loaded.project.gemeenten
    assert g.wie_is_wie[1].persoon == {"naam": "Jan de Vries", "telefoon": "06-12345678", "email": "j.devries@breda.nl"}
    lines = (project / "gemeenten/proefstad.yaml").read_text(encoding="utf-8").split("\n")
    theirs = {i + 1 for i, line in enumerate(lines) if line.strip().startswith(("naam:", "telefoon:", "email:"))}
    assert not [p for p in loaded.problems if p.code == "RK314" and p.pos.line in theirs]


def test_a_marker_or_the_site_settings_let_a_false_positive_through(tmp_path: Path, cli) -> None:  # noqa: ANN001
    project = small_project(tmp_path / "project")
    breda = project / "gemeenten/breda.yaml"
    text = breda.read_text(encoding="utf-8")
    text = text.replace("    behandelregie: Crisisdienst GGZ Breburg\n", "    behandelregie: Crisisdienst GGZ Breburg, Anne Frank Huis\n")
    text = text.replace("    procesregie: Sociaal wijkteam, via", '    procesregie: "Jan de Vries, via"  # geen persoonsgegevens\n    # procesregie: Sociaal wijkteam, via')
    breda.write_text(text, encoding="utf-8")
    result = cli("check", "--project", project, "--format", "json")
    found = _json(result.output)
    assert [p["message"].startswith("hier staat een naam ('Anne Frank'):") for p in found if p["code"] == "RK314"] == [True]
    site = project / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("  geen_persoon: []", "  geen_persoon:\n    - Anne Frank Huis"), encoding="utf-8")
    result = cli("check", "--project", project, "--format", "json")
    assert [p for p in _json(result.output) if p["code"] == "RK314"] == []
    # a '#' inside quotes is text, not a marker
    breda.write_text(text.replace('"Jan de Vries, via"  # geen persoonsgegevens', '"Jan de Vries # geen persoonsgegevens"'), encoding="utf-8")
    result = cli("check", "--project", project, "--format", "json")
    assert [p["line"] for p in _json(result.output) if p["code"] == "RK314"] == [text.split("\n").index('    procesregie: "Jan de Vries, via"  # geen persoonsgegevens') + 1]


def test_the_shipped_content_has_no_personal_data_and_no_markers(shipped) -> None:  # noqa: ANN001
    assert [p.format() for p in shipped.problems if p.code == "RK314"] == []
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("content/**/*.yaml"), *root.glob("content/**/*.md"), *root.glob("gemeenten/*.yaml")]
    assert files and not [f for f in files if "geen persoonsgegevens" in f.read_text(encoding="utf-8").split("persoonsgegevens:\n")[0].lower() and f.name != "site.yaml"]
    assert "  geen_persoon: []" in (root / "content/site.yaml").read_text(encoding="utf-8")


# --- import and build --------------------------------------------------------------------------


def test_import_refuses_personal_data_and_takes_the_look_alikes(tmp_path: Path, cli) -> None:  # noqa: ANN001
    project = small_project(tmp_path / "project")
    breda = project / "gemeenten/breda.yaml"
    before = breda.read_bytes()
    text = breda.read_text(encoding="utf-8")
    for positives, expected in ((True, 1), (False, 0)):
        cases = [t for t, soorten in CORPUS if bool(soorten) == positives]
        extra = "\n".join(f"    - {json.dumps(c, ensure_ascii=False)}" for c in cases)
        offered = write(tmp_path / "Downloads" / "breda.yaml", text.replace("werkafspraken:\n  toevoegen:\n", f"werkafspraken:\n  toevoegen:\n{extra}\n"))
        result = cli("import", "--project", project, "--ja", offered)
        assert result.exit_code == expected, result.output
        found = re.findall(r"breda\.yaml:(\d+):\d+: fout: .*\[RK314\]", result.output)
        first = offered.read_text(encoding="utf-8").split("\n").index(f"    - {json.dumps(cases[0], ensure_ascii=False)}") + 1
        if positives:
            assert [int(n) for n in found] == list(range(first, first + len(cases)))
            assert breda.read_bytes() == before  # refused: the gemeente stays as it was
        else:
            assert found == [] and breda.read_bytes() == offered.read_bytes()


def test_a_build_with_personal_data_writes_nothing_and_leaves_no_trace(tmp_path: Path, cli) -> None:  # noqa: ANN001
    project = small_project(tmp_path / "project")
    assert cli("build", "--project", project, "--no-pdf", "-q").exit_code == 0
    site = project / "build"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    breda = project / "gemeenten/breda.yaml"
    typed = "Jan de Vries, tel. 06-12345678 of j.devries@breda.nl"
    old = "    operationeel_verantwoordelijk: Gemeentelijk crisisteam, gecoördineerd door de calamiteitencoördinator\n"
    breda.write_text(breda.read_text(encoding="utf-8").replace(old, f"    operationeel_verantwoordelijk: {typed}\n"), encoding="utf-8")
    for args in (("build",), ("build", "--draft"), ("publish",)):
        result = cli(*args, "--project", project, "-q")
        assert result.exit_code == 1 and "[RK314]" in result.output and "Traceback" not in result.output, result.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert {p: b for p, b in after.items() if not p.is_relative_to(site / ".cache")} == {p: b for p, b in before.items() if not p.is_relative_to(site / ".cache")}
    for data in after.values():  # as grep -r would: the site, the caches and the zips
        assert b"06-12345678" not in data and b"j.devries" not in data and "Jan de Vries".encode() not in data
