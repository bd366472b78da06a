"""The field registry: every stage reads the fields of the card from generator/velden.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator import model, velden
from generator.authoring import gemeente_schema, new_gemeente
from generator.build import load_project
from generator.drukwerk import meet_kaart
from generator.products import plan_pages
from generator.render import Renderer
from generator.schema import BASIS, CONTACT, FASE, OpDeKaart
from generator.velden import REGIE, VELDEN, VERANTWOORDELIJKHEID, legenda, opsomming

from .conftest import ROOT, copy_project, write

FONTS = ROOT / "assets/fonts"


@pytest.fixture(scope="module")
def project_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("velden") / "project")


@pytest.fixture(scope="module")
def project(project_dir: Path) -> model.Project:
    loaded = load_project(project_dir)
    assert loaded.project is not None
    return loaded.project


def render(project: model.Project, project_dir: Path, path: str) -> str:
    """One page, with a renderer made now (it reads the registry when it is made)."""
    page = next(p for p in plan_pages(project) if p.path == path)
    return Renderer(project, [project_dir / "templates"], draft=True).render(page).decode("utf-8")


# --- the registry itself ---------------------------------------------------------------


def test_registry_is_complete_and_consistent() -> None:
    assert list(VELDEN) == ["casusregie", "behandelregie", "procesregie", "operationeel_verantwoordelijk", "bestuurlijk_verantwoordelijk"]
    for sleutel, veld in VELDEN.items():
        assert veld.sleutel == sleutel and re.fullmatch(r"[a-z_]+", sleutel)
        assert veld.label[0].isupper() and veld.hulp.startswith("Wie ") and veld.hulp.endswith(".")
        assert veld.uitleg[0].islower() and not veld.uitleg.endswith(".")  # it completes "Vul in ..."
        assert veld.groep in (REGIE, VERANTWOORDELIJKHEID)
    assert len({v.kort for v in VELDEN.values()}) == len(VELDEN)
    assert len({v.label for v in VELDEN.values()}) == len(VELDEN)


def test_opsomming_and_legend() -> None:
    assert opsomming(["a"]) == "a"
    assert opsomming(["casusregie", "procesregie"]) == "casusregie en procesregie"
    assert opsomming(["operationeel verantwoordelijk", "bestuurlijk verantwoordelijk"]) == "operationeel en bestuurlijk verantwoordelijk"
    assert legenda() == [
        ("Cr, Br, Pr", "casusregie, behandelregie en procesregie"),
        ("Ov, Bv", "operationeel en bestuurlijk verantwoordelijk"),
    ]


# --- who reads it --------------------------------------------------------------------------


def test_schema_reads_the_registry() -> None:
    for sleutel in VELDEN:
        assert sleutel in FASE.fields
    op_de_kaart = json.loads(gemeente_schema())["properties"]["wie_is_wie"]["items"]["properties"]["op_de_kaart"]
    assert op_de_kaart["patternProperties"]["^[1-4]$"]["items"]["enum"] == list(VELDEN)
    assert isinstance(CONTACT.fields["op_de_kaart"], OpDeKaart)
    # the kinds of regie that the base explains are the fields of the group 'regie'
    assert list(BASIS.fields["regiesoorten"].fields) == [v.sleutel for v in velden.in_groep(REGIE)]


def test_json_schema_explains_every_field_with_its_help() -> None:
    schema = json.loads(gemeente_schema())
    fase = schema["properties"]["fasen"]["patternProperties"]["^[1-4]$"]["anyOf"][0]["properties"]
    for sleutel, veld in VELDEN.items():
        assert fase[sleutel]["description"] == veld.hulp
    # the shipped file is what `regiekaart schema` writes
    assert (ROOT / "schema/gemeente.schema.json").read_text(encoding="utf-8") == gemeente_schema()


def test_new_writes_every_field_with_its_help(project: model.Project) -> None:
    text = new_gemeente("Proefdorp", project.basis, dt.date(2026, 3, 1), project.standaard)
    comments = " ".join(line.strip().removeprefix("# ") for line in text.splitlines() if line.strip().startswith("#"))
    for sleutel, veld in VELDEN.items():
        assert len(re.findall(rf"^    (# )?{sleutel}:", text, re.M)) == 4, sleutel  # once per fase
        assert veld.hulp in comments, sleutel


def test_check_names_a_missing_field_by_label_and_explanation(project_dir: Path, tmp_path: Path, project: model.Project) -> None:
    # a gemeente that fills in nothing: every field the base leaves open is reported
    text = new_gemeente("Leegdorp", project.basis, dt.date(2026, 3, 1), project.standaard)
    dest = copy_project(tmp_path / "leeg")
    write(dest / "gemeenten/leegdorp.yaml", text)
    messages = "\n".join(p.message for p in load_project(dest).problems if p.pos.path == "gemeenten/leegdorp.yaml")
    open_fields = {c.veld for f in project.standaard.kaart.fasen for c in f.cellen if c.status == "open"}
    assert open_fields
    for sleutel in open_fields:
        veld = VELDEN[sleutel]
        assert f"'{sleutel}' ({veld.label}) is leeg" in messages
        assert f"Vul in {veld.uitleg}, of schrijf 'niet van toepassing'." in messages


def test_a_changed_label_shows_on_the_card_and_in_the_regions_overview(monkeypatch: pytest.MonkeyPatch, project: model.Project, project_dir: Path) -> None:
    veld = VELDEN["operationeel_verantwoordelijk"]
    monkeypatch.setitem(VELDEN, veld.sleutel, dataclasses.replace(veld, label="Uitvoerend eindverantwoordelijk", kort="Ue"))
    gemeente = project.gemeenten[0]
    html = render(project, project_dir, f"gemeenten/{gemeente.slug}/index.html")
    assert '<th scope="row">Uitvoerend eindverantwoordelijk</th>' in html
    assert '<th scope="row">Operationeel verantwoordelijk</th>' not in html
    regio = render(project, project_dir, f"regios/{gemeente.regio.slug}/index.html")
    # the overview names every field in full, with what the cell holds for screen readers
    assert '">Uitvoerend eindverantwoordelijk<span class="visueel-verborgen">: ' in regio
    assert "Operationeel verantwoordelijk" not in regio


# --- the words of the card: the template shows what the estimate measures ------------------


def test_the_card_and_its_estimate_read_the_same_words(monkeypatch: pytest.MonkeyPatch, project: model.Project, project_dir: Path) -> None:
    kaart = project.basis.kaart
    open_cellen = [c for f in kaart.fasen for c in f.cellen if c.status == "open"]
    assert open_cellen
    voor = meet_kaart(kaart, FONTS)
    lang = "Door de gemeente zelf in te vullen, na overleg met alle partners in de wijk en de regio " * 2
    monkeypatch.setitem(model.CEL_TEKST, "open", lang.strip())
    na = meet_kaart(kaart, FONTS)
    assert na.hoogte > voor.hoogte and na.hoogste_regels > 1
    html = render(project, project_dir, "regiekaart/index.html")
    assert f'<span class="open">{lang.strip()}</span>' in html
    assert "In te vullen door de gemeente" not in html


def test_a_wider_label_makes_the_estimate_longer(monkeypatch: pytest.MonkeyPatch, project: model.Project, project_dir: Path) -> None:
    gemeente = next(g for g in project.gemeenten if any(c.merk for f in g.kaart.fasen for c in f.cellen))
    voor = meet_kaart(gemeente.kaart, FONTS)
    monkeypatch.setitem(model.MERKEN, "lokaal", model.Merk("◆", "Lokaal afgesproken en vastgesteld door de gemeente"))
    assert meet_kaart(gemeente.kaart, FONTS).hoogte > voor.hoogte
    html = render(project, project_dir, f"gemeenten/{gemeente.slug}/index.html")
    assert '<span aria-hidden="true">◆</span> Lokaal afgesproken en vastgesteld door de gemeente</span>' in html
    assert model.KENMERK_RIJ in html
