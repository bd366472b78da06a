"""The invulformulier's data (generator/formulier.py): read from the one place that holds
each fact, and no personal data in any file of a default build's forms. The form itself,
in a browser, is tested in test_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.drukwerk import FONT_BOLD, FONT_REGULAR, MATEN, metriek
from generator.formulier import GEGEVENS, PACKAGE_FONTS, _js_pattern, gegevens
from generator.meldingen import MELDINGEN
from generator.model import _PLACEHOLDER, is_placeholder
from generator.velden import VELDEN

from .conftest import small_project

# Stand-ins for personal data: no real person's name, number or address.
PERSOON = {"naam": "PERSOONSNAAM-Q7", "telefoon": "TELEFOON-Q7", "email": "adres-q7@voorbeeld.invalid"}


def test_the_data_file_reads_every_fact_from_its_one_place(shipped) -> None:  # noqa: ANN001
    data = gegevens(shipped.project)
    assert [v["sleutel"] for v in data["velden"]] == list(VELDEN)
    assert [v["hulp"] for v in data["velden"]] == [v.hulp for v in VELDEN.values()]
    assert data["meldingen"] == MELDINGEN
    for papier, maat in MATEN.items():
        assert data["maten"][papier]["tabelhoogte"] == round(maat.tabelhoogte, 2)
        assert data["maten"][papier]["kolom_fase"] == maat.kolom_fase
    regular = metriek(PACKAGE_FONTS / FONT_REGULAR)
    assert data["metriek"]["regular"]["breedtes"][str(ord("W"))] == regular.widths[ord("W")]
    assert data["metriek"]["bold"]["upm"] == metriek(PACKAGE_FONTS / FONT_BOLD).upm
    # each region's values, with where they come from
    groningen = data["regios"]["groningen"]
    cel = groningen["fasen"][3]["cellen"]["procesregie"]
    assert cel["status"] == "regio" and cel["herkomst"] == "Waarde van de regio Groningen"
    assert data["standaardregio"] == "west-brabant"


def test_the_placeholder_pattern_reads_the_same_in_javascript() -> None:
    compact = re.compile(_js_pattern(_PLACEHOLDER.pattern), re.IGNORECASE)
    for tekst in ("TODO", "n.t.b.", "nog in te vullen", "?", "...", "Wijkteam", "niet van toepassing", "Nader te bepalen", "x"):
        assert bool(compact.match(tekst)) == bool(_PLACEHOLDER.match(tekst)), tekst
    assert is_placeholder("nog in te vullen")


def test_no_personal_data_in_a_default_builds_forms(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project", gemeenten=("breda",))
    file = project / "gemeenten/breda.yaml"
    text = file.read_text(encoding="utf-8")
    lines = "".join(f"    {k}: {v}\n" for k, v in PERSOON.items())
    text = text.replace("  - rol: Casusregisseur Sociaal wijkteam\n", "  - rol: Casusregisseur Sociaal wijkteam\n" + lines, 1)
    file.write_text(text, encoding="utf-8")
    runner = CliRunner()
    for extra in ([], ["--intern"]):
        result = runner.invoke(main, ["build", "--project", str(project), "--no-pdf", "--quiet", *extra], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    site, intern = project / "build/site", project / "build/intern"
    forms = [site / GEGEVENS, site / "invullen/index.html", *sorted(site.glob("gemeenten/*/invullen.html"))]
    assert len(forms) == 3
    for form in forms:
        found = [v for v in PERSOON.values() if v in form.read_text(encoding="utf-8")]
        assert found == [], form
    # the intranet's form has them, for her to keep up to date
    html = (intern / "gemeenten/breda/invullen.html").read_text(encoding="utf-8")
    assert all(v in html for v in PERSOON.values())
    for key, value in PERSOON.items():  # each in its own field of the first role
        assert re.search(rf'<textarea [^>]*id="rol-1-{key}"[^>]*>\n{re.escape(value)}</textarea>', html), key


def test_the_forms_questions_are_the_schemas_keys() -> None:
    """A role's and a table's questions (velden.py) ask for the keys the schema knows, the
    required ones as required, personal data only among the intranet's questions."""
    from generator.schema import CONTACT, OPSCHAALTAFEL, PERSOONSGEGEVENS
    from generator.velden import CONTACT_VRAGEN, PERSOON_VRAGEN, TAFEL_VRAGEN

    assert [v.sleutel for v in CONTACT_VRAGEN + PERSOON_VRAGEN] == [k for k in CONTACT.fields if k != "op_de_kaart"]
    assert [v.sleutel for v in CONTACT_VRAGEN if v.verplicht] == list(CONTACT.required)
    assert [v.sleutel for v in PERSOON_VRAGEN] == list(PERSOONSGEGEVENS)
    assert [v.sleutel for v in TAFEL_VRAGEN] == [k for k in OPSCHAALTAFEL.fields if k not in ("criteria", "fasen")]
